import Foundation
import GRDB
import NQ57Core

/// The fold of the bulk path: each touched task's new reports into its state, the counts by deltas.
extension BulkReports {
    /// A touched task whose state or standing verdict changes.
    struct Change {
        var task: Int32
        var old: TaskState
        var new: TaskState
        /// A new report makes its standing verdict stale (`report_log_check`): it is cleared.
        var clearsVerdict: Bool
    }

    /// Folds each touched task's new reports into its state, clears the verdicts they make stale,
    /// writes the tasks that change, and moves the counts by the difference.
    ///
    /// The counts triggers on `tasks` are dropped while the tasks are written (they would run sixteen
    /// upserts for every task that changes bucket, eight more for every verdict cleared); the counts
    /// move by deltas summed here instead. Only the touched tasks are read and written.
    func fold(_ inserted: inout [Inserted], into tasks: inout TaskTable) throws {
        inserted.sort { ($0.task, $0.at, $0.sequence) < ($1.task, $1.at, $1.sequence) }
        let keys = rows.known.keys
        var changes: [Change] = []
        /// Tasks given a report older than their latest, with the time of their oldest new report.
        var backdated: [(task: Int32, oldest: Int64, clears: Bool)] = []
        Self.eachTask(inserted) { task, j, k in
            let old = tasks.state(task)
            let clears = Self.clearsVerdict(tasks.verdicts[task], inserted[j..<k])
            // A report older than the task's latest one lands inside its history: fold it all.
            if let latest = old.reportedAt, inserted[j].at < latest.seconds {
                // Unless every new report is older than the latest and the task is not done: the fold
                // still ends with that latest report, and only a done state (its completion day,
                // the first day of its last run of done reports) depends on the reports before it.
                // Most of a monthly file from a province is this case: no history to read back.
                let unchanged = (old.status != .done && inserted[k - 1].at < latest.seconds)
                    // A done task keeps its state too when every new report is not done and older than
                    // the first moment of its completion day: its trailing run of done reports starts
                    // that day or later, after them, so it neither splits nor moves.
                    || (old.status == .done
                        && old.completedOn.map { inserted[k - 1].at < Int64($0.daysSinceEpoch) * 86_400 - Timestamp.vietnamOffset } == true
                        && !inserted[j..<k].contains(where: { $0.status == .done }))
                if unchanged {
                    if clears { changes.append(Change(task: task, old: old, new: old, clearsVerdict: true)) }
                } else {
                    backdated.append((task, inserted[j].at, clears))
                }
                return
            }
            var state = old
            for r in inserted[j..<k] {
                state = state.adding(at: Timestamp(seconds: r.at), status: r.status, progress: Int(r.progress))
            }
            if state != old || clears { changes.append(Change(task: task, old: old, new: state, clearsVerdict: clears)) }
        }
        ImportPhases.shared.mark("fold-forward")
        if !backdated.isEmpty {
            // The task's state just before its oldest new report (the fold of the history before it,
            // with the completion day as the triggers compute it), then every report from there on.
            let prior = try RawStatement(db, sql: """
                SELECT p.status, p.progress, p.reported_at,
                       CASE WHEN p.status = 'done' THEN \(Schema.completedOnExpression(task: "?1", cut: "?2 - 1")) END
                FROM report_log p WHERE p.task_key = ?1 AND p.reported_at < ?2 ORDER BY p.reported_at DESC, p.id DESC LIMIT 1
                """)
            let after = try RawStatement(db, sql: """
                SELECT reported_at, status, progress FROM report_log WHERE task_key = ? AND reported_at >= ?
                ORDER BY reported_at, id
                """)
            for (task, oldest, clears) in backdated {
                var state = TaskState.unreported
                prior.bind(1, keys[Int(task)])
                prior.bind(2, oldest)
                if try prior.next() {
                    state = TaskState(status: ReportStatus(rawValue: prior.text(0)) ?? .notStarted, progress: Int(prior.int64(1)),
                                      reportedAt: Timestamp(seconds: prior.int64(2)),
                                      completedOn: prior.isNull(3) ? nil : CivilDate(prior.text(3)))
                    prior.reset()
                }
                after.bind(1, keys[Int(task)])
                after.bind(2, oldest)
                while try after.next() {
                    state = state.adding(at: Timestamp(seconds: after.int64(0)), status: ReportStatus(rawValue: after.text(1)) ?? .notStarted,
                                         progress: Int(after.int64(2)))
                }
                let old = tasks.state(task)
                if state != old || clears { changes.append(Change(task: task, old: old, new: state, clearsVerdict: clears)) }
            }
        }

        ImportPhases.shared.mark("fold-computed")
        try write(changes, tasks)
    }

    /// What `report_log_check` does for each new row: a report dated after the task's standing verdict
    /// clears a return, and a confirmation when it is not done. `verdict`: what `TaskTable` read.
    static func clearsVerdict(_ verdict: (verdict: String?, at: Int64)?, _ rows: ArraySlice<Inserted>) -> Bool {
        guard let v = verdict else { return false }
        return rows.contains(where: { $0.at > v.at && (v.verdict == "returned" || $0.status != .done) })
    }

    /// Writes the changed tasks, then the counts. The counts triggers and the state guard of `tasks`
    /// are dropped meanwhile (the states are the fold's; the counts move by deltas summed here,
    /// inspection counts too). A task whose status and completion day stay (a new progress, a later
    /// report) is written by a statement that sets neither, so SQLite moves only its entry of
    /// `tasks_reported_at`, not those of the indexes on its bucket or deadline.
    private func write(_ changes: [Change], _ tasks: TaskTable) throws {
        let keys = rows.known.keys
        let taskTriggers = [Schema.tasksCountsUpdate, Schema.tasksCheckCounts("update"), Schema.tasksStateGuard]
        try Schema.dropTriggers(db, taskTriggers)
        let rebuild = rebuildTaskIndexes ?? Self.rebuildTaskIndexes(changes: changes.count, tasks: keys.count)
        let taskIndexes = Schema.indexes.filter { $0.name.hasPrefix("tasks_") }
        if rebuild {
            for index in taskIndexes { try db.execute(sql: "DROP INDEX \(index.name)") }
        }
        var deltas = CountDeltas(tasks)
        let update = try RawStatement(db, sql: "UPDATE tasks SET status = ?, progress = ?, reported_at = ?, completed_on = ? WHERE key = ?")
        let progressed = try RawStatement(db, sql: "UPDATE tasks SET progress = ?, reported_at = ? WHERE key = ?")
        let clear = try RawStatement(db, sql: "UPDATE tasks SET verdict = NULL, verified_at = NULL WHERE key = ?")
        for c in changes {
            let (s, key) = (c.new, keys[Int(c.task)])
            if s == c.old {
                // Only the verdict changes.
            } else if s.status == c.old.status && s.completedOn == c.old.completedOn {
                progressed.bind(1, s.progress)
                if let at = s.reportedAt { progressed.bind(2, at.seconds) } else { progressed.bindNull(2) }
                progressed.bind(3, key)
                try progressed.run()
            } else {
                update.bind(1, s.status.rawValue)
                update.bind(2, s.progress)
                if let at = s.reportedAt { update.bind(3, at.seconds) } else { update.bindNull(3) }
                if let d = s.completedOn { update.bind(4, d.description) } else { update.bindNull(4) }
                update.bind(5, key)
                try update.run()
            }
            let verdict = tasks.verdicts[c.task]?.verdict
            if c.clearsVerdict {
                clear.bind(1, key)
                try clear.run()
            }
            deltas.move(c.task, from: c.old, verdict, to: c.new, c.clearsVerdict ? nil : verdict, in: tasks)
        }
        ImportPhases.shared.mark("task-states-updated")
        if rebuild {
            try PageCache.sortingInSmallRuns(db) {
                for index in taskIndexes { try db.execute(sql: index.sql) }
            }
            ImportPhases.shared.mark("task-indexes-rebuilt")
        }
        try deltas.write(db, tasks)
        ImportPhases.shared.mark("counts-written")
        try Schema.createTriggers(db, taskTriggers)
    }

    /// Whether the tasks' indexes are dropped and rebuilt rather than updated in place: when more than
    /// one task in eight changes. At stress scale (995,804 tasks) the bench's file changes about 550,000:
    /// in place 9.8 s CPU against 2.4 s for the states and 3.8 s for the rebuild; a file of a province
    /// changes a few thousand, which in place costs a few index entries each.
    static func rebuildTaskIndexes(changes: Int, tasks: Int) -> Bool {
        changes > tasks / 8
    }
}

extension BulkReports {
    /// Calls `body` with each task of `inserted` (sorted by task) and the range `j..<k` of its rows.
    static func eachTask(_ inserted: [Inserted], _ body: (Int32, Int, Int) throws -> Void) rethrows {
        var j = 0
        while j < inserted.count {
            let task = inserted[j].task
            var k = j
            while k < inserted.count && inserted[k].task == task { k += 1 }
            try body(task, j, k)
            j = k
        }
    }
}

/// The maintained state of the tasks an import touches, and what their counts are keyed by, by
/// position (key order), compact. Only the tasks the file names are read (`load`, batch by batch, in
/// key order): a file naming a few tasks costs a few seeks whatever the number of tasks stored.
struct TaskTable {
    static let none = Int32.min

    private var loaded: [Bool]
    private var status: [ReportStatus]
    private var progress: [UInt8]
    /// Unix seconds, or `Int64.min` when never reported.
    private var reportedAt: [Int64]
    /// Days since the epoch, or `none`.
    private var completedOn: [Int32]
    private var deadline: [Int32]
    /// Standing verdicts (`tasks.verdict`, `tasks.verified_at`) of the loaded tasks that hold one, by
    /// position: read in the same seek as the state.
    var verdicts: [Int32: (verdict: String?, at: Int64)] = [:]
    /// Index into `unitCounts`.
    private var unit: [Int32]
    /// Index into `counts` of the task's group, or `none`.
    private var group: [Int32]
    /// Every (scope, key) of the counts tables a loaded task can be in.
    private(set) var counts: [(scope: String, key: String)] = []
    private var countIndex: [String: Int32] = [:]
    private var groupIndex: [Int64: Int32] = [:]
    private var unitIndex: [String: Int32] = [:]
    /// Per unit: the indexes into `counts` of its level, itself and its province (or `none`).
    private var unitCounts: [(level: Int32, unit: Int32, province: Int32)] = []
    private let keys: [Int64]
    private let seek: RawStatement
    private let scan: RawStatement
    /// Tasks read so far.
    private(set) var loadedCount = 0

    /// Reads the units; no task yet.
    init(_ db: Database, known: KnownTasks) throws {
        keys = known.keys
        let n = keys.count
        loaded = Array(repeating: false, count: n)
        status = Array(repeating: .notStarted, count: n)
        progress = Array(repeating: 0, count: n)
        reportedAt = Array(repeating: Int64.min, count: n)
        completedOn = Array(repeating: Self.none, count: n)
        deadline = Array(repeating: Self.none, count: n)
        unit = Array(repeating: 0, count: n)
        group = Array(repeating: Self.none, count: n)
        seek = try RawStatement(db, sql: "SELECT \(Self.columns) FROM tasks WHERE key = ?")
        scan = try RawStatement(db, sql: "SELECT key, \(Self.columns) FROM tasks WHERE key BETWEEN ? AND ? ORDER BY key")
        for r in try GRDB.Row.fetchAll(db, sql: "SELECT code, level, province_code FROM units") {
            unitIndex[r.text(0)] = Int32(unitCounts.count)
            unitCounts.append((count("level", r.text(1)), count("unit", r.text(0)), r.optionalText(2).map { count("province", $0) } ?? Self.none))
        }
    }

    private mutating func count(_ scope: String, _ key: String) -> Int32 {
        let name = scope + "\u{0}" + key
        if let i = countIndex[name] { return i }
        let i = Int32(counts.count)
        counts.append((scope, key))
        countIndex[name] = i
        return i
    }

    func isLoaded(_ task: Int32) -> Bool { loaded[Int(task)] }

    /// Reads the state of each task of `tasks` (in key order) not read yet. Few of them: one seek of
    /// `tasks` by key each; many (one in eight of the rows between the first and the last, or more):
    /// one pass over that range of `tasks` in key order, each row stepped over or read, which costs
    /// less than a seek per row. Throws when a task is no longer there (the import holds the write
    /// lock, so only a bug gets there).
    mutating func load(_ tasks: some Sequence<Int32>) throws {
        var missing: [Int32] = []
        for task in tasks where !loaded[Int(task)] && missing.last != task { missing.append(task) }
        if zip(missing, missing.dropFirst()).contains(where: { $0 >= $1 }) { missing = Set(missing).sorted() }
        guard let first = missing.first, let last = missing.last else { return }
        if missing.count * 8 >= Int(last - first) + 1 {
            scan.bind(1, keys[Int(first)])
            scan.bind(2, keys[Int(last)])
            var i = 0
            while i < missing.count, try scan.next() {
                guard scan.int64(0) == keys[Int(missing[i])] else { continue }
                store(scan, at: missing[i], from: 1)
                i += 1
            }
            if i < missing.count { scan.reset(); throw StoreError.tasksChangedWhileImporting.error }
            scan.reset()
        } else {
            for task in missing {
                seek.bind(1, keys[Int(task)])
                guard try seek.next() else { throw StoreError.tasksChangedWhileImporting.error }
                store(seek, at: task, from: 0)
                seek.reset()
            }
        }
    }

    /// Keeps the state in the current row of `r`, whose columns from `c` on are those of `columns`.
    private mutating func store(_ r: RawStatement, at task: Int32, from c: Int32) {
        let i = Int(task)
        // verified_at NULL: the report check never clears it (`report_log_check` needs a time).
        let verdict = r.isNull(c + 7) ? nil : r.text(c + 7), at = r.isNull(c + 8) ? nil : r.int64(c + 8)
        if verdict != nil || at != nil { verdicts[task] = (verdict, at ?? Int64.max) }
        status[i] = ReportStatus(rawValue: r.text(c)) ?? .notStarted
        progress[i] = UInt8(min(max(r.int64(c + 1), 0), 100))
        reportedAt[i] = r.isNull(c + 2) ? Int64.min : r.int64(c + 2)
        completedOn[i] = r.isNull(c + 3) ? Self.none : CivilDate(r.text(c + 3)).map { Int32($0.daysSinceEpoch) } ?? Self.none
        deadline[i] = CivilDate(r.text(c + 4)).map { Int32($0.daysSinceEpoch) } ?? Self.none
        unit[i] = unitIndex[r.text(c + 5)] ?? 0
        if !r.isNull(c + 6) {
            let g = r.int64(c + 6)
            if groupIndex[g] == nil { groupIndex[g] = count("group", String(g)) }
            group[i] = groupIndex[g]!
        }
        loaded[i] = true
        loadedCount += 1
    }

    static let columns = "status, progress, reported_at, completed_on, deadline, unit_code, tech_group, verdict, verified_at"

    func state(_ task: Int32) -> TaskState {
        let i = Int(task)
        precondition(loaded[i], "a task's state used before it was loaded")
        return TaskState(status: status[i], progress: Int(progress[i]),
                         reportedAt: reportedAt[i] == Int64.min ? nil : Timestamp(seconds: reportedAt[i]),
                         completedOn: completedOn[i] == Self.none ? nil : CivilDate(daysSinceEpoch: Int(completedOn[i])))
    }

    func deadline(_ task: Int32) -> Int32 { deadline[Int(task)] }

    /// The counts the task is in (indexes into `counts`), as in `Schema.scopeKeys`.
    func counts(_ task: Int32, _ body: (Int32) -> Void) {
        let u = unitCounts[Int(unit[Int(task)])]
        body(u.level)
        body(u.unit)
        if u.province != Self.none { body(u.province) }
        let g = group[Int(task)]
        if g != Self.none { body(g) }
    }

    /// The task's bucket as the counts hold it (`Schema.bucketExpression`): 0 open, 1 done late, 2 done
    /// on time.
    func bucket(_ s: TaskState, _ task: Int32) -> Int {
        guard s.status == .done else { return 0 }
        let d = deadline[Int(task)]
        let done = s.completedOn.map { Int32($0.daysSinceEpoch) } ?? d
        return done <= d ? 2 : 1
    }
}

/// Changes to both counts tables, summed, then written in one pass.
struct CountDeltas {
    /// Per count (index into `TaskTable.counts`): open, done late, done on time (by bucket).
    var state: [(Int, Int, Int)]
    /// Per (count, deadline day), packed into one integer: open tasks.
    var open: [Int64: Int] = [:]
    /// Per count: the inspection counts (done, confirmed, returned, unchecked), as `tasks_check_counts_update`.
    var inspection: [(Int, Int, Int, Int)]

    init(_ tasks: TaskTable) {
        state = Array(repeating: (0, 0, 0), count: tasks.counts.count)
        inspection = Array(repeating: (0, 0, 0, 0), count: tasks.counts.count)
    }

    /// A task's row of the inspection counts (`Schema.checkDelta`): done, confirmed, returned, unchecked.
    static func inspection(done: Bool, verdict: String?) -> (Int, Int, Int, Int) {
        (done ? 1 : 0, done && verdict == "confirmed" ? 1 : 0, verdict == "returned" ? 1 : 0, done && verdict == nil ? 1 : 0)
    }

    /// A task's move from its old state and standing verdict to its new ones.
    mutating func move(_ task: Int32, from old: TaskState, _ oldVerdict: String?, to new: TaskState, _ newVerdict: String?,
                       in tasks: TaskTable) {
        let before = tasks.bucket(old, task), after = tasks.bucket(new, task)
        let (i0, i1) = (Self.inspection(done: old.status == .done, verdict: oldVerdict),
                        Self.inspection(done: new.status == .done, verdict: newVerdict))
        let inspectionMoves = i0 != i1
        guard before != after || inspectionMoves else { return }
        let deadline = Int64(UInt32(bitPattern: tasks.deadline(task)))
        tasks.counts(task) { c in
            if inspectionMoves {
                let d = inspection[Int(c)]
                inspection[Int(c)] = (d.0 + i1.0 - i0.0, d.1 + i1.1 - i0.1, d.2 + i1.2 - i0.2, d.3 + i1.3 - i0.3)
            }
            guard before != after else { return }
            for (bucket, sign) in [(before, -1), (after, 1)] {
                switch bucket {
                case 2: state[Int(c)].2 += sign
                case 1: state[Int(c)].1 += sign
                default:
                    state[Int(c)].0 += sign
                    open[Int64(c) << 32 | deadline, default: 0] += sign
                }
            }
        }
    }

    func write(_ db: Database, _ tasks: TaskTable) throws {
        let stateUpsert = try RawStatement(db, sql: """
            INSERT INTO state_counts (scope, key, total, done_on_time, done_late, open) VALUES (?, ?, 0, ?, ?, ?)
            ON CONFLICT (scope, key) DO UPDATE SET done_on_time = done_on_time + excluded.done_on_time,
                done_late = done_late + excluded.done_late, open = open + excluded.open
            """)
        for (c, d) in state.enumerated() where d != (0, 0, 0) {
            stateUpsert.bind(1, tasks.counts[c].scope)
            stateUpsert.bind(2, tasks.counts[c].key)
            stateUpsert.bind(3, d.2)
            stateUpsert.bind(4, d.1)
            stateUpsert.bind(5, d.0)
            try stateUpsert.run()
        }
        let inspectionUpsert = try RawStatement(db, sql: """
            INSERT INTO inspection_counts (scope, key, done, confirmed, returned, unchecked) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (scope, key) DO UPDATE SET done = done + excluded.done, confirmed = confirmed + excluded.confirmed,
                returned = returned + excluded.returned, unchecked = unchecked + excluded.unchecked
            """)
        for (c, d) in inspection.enumerated() where d != (0, 0, 0, 0) {
            inspectionUpsert.bind(1, tasks.counts[c].scope)
            inspectionUpsert.bind(2, tasks.counts[c].key)
            inspectionUpsert.bind(3, d.0)
            inspectionUpsert.bind(4, d.1)
            inspectionUpsert.bind(5, d.2)
            inspectionUpsert.bind(6, d.3)
            try inspectionUpsert.run()
        }
        // Into a temporary table, then one upsert in the table's order: 50,000 single upserts (which
        // fire the prune trigger) took three times as long at national scale.
        try db.execute(sql: """
            CREATE TEMP TABLE IF NOT EXISTS open_deltas (scope TEXT, deadline TEXT, key TEXT, open INTEGER);
            DELETE FROM temp.open_deltas;
            """)
        let add = try RawStatement(db, sql: "INSERT INTO temp.open_deltas VALUES (?, ?, ?, ?)")
        for (packed, n) in open where n != 0 {
            let c = Int(packed >> 32)
            add.bind(1, tasks.counts[c].scope)
            add.bind(2, CivilDate(daysSinceEpoch: Int(Int32(bitPattern: UInt32(truncatingIfNeeded: packed)))).description)
            add.bind(3, tasks.counts[c].key)
            add.bind(4, n)
            try add.run()
        }
        // The prune trigger deletes the rows that reach zero.
        try db.execute(sql: """
            INSERT INTO open_by_deadline (scope, deadline, key, open)
            SELECT scope, deadline, key, open FROM temp.open_deltas WHERE true ORDER BY scope, deadline, key
            ON CONFLICT (scope, deadline, key) DO UPDATE SET open = open + excluded.open;
            DROP TABLE temp.open_deltas;
            """)
    }
}
