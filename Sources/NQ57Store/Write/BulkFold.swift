import Foundation
import GRDB
import NQ57Core

/// The fold of the bulk path: each touched task's new reports into its state, the counts by deltas.
extension BulkReports {
    /// A touched task whose state changes.
    struct Change {
        var task: Int32
        var old: TaskState
        var new: TaskState
    }

    /// Folds each touched task's new reports into its state, writes the states that change, and moves
    /// the counts by the difference.
    ///
    /// The counts trigger on `tasks` is dropped while the states are written (it would run sixteen
    /// upserts for every task that changes bucket); the counts move by deltas summed here instead.
    func fold(_ inserted: inout [Inserted], into tasks: inout TaskTable) throws {
        inserted.sort { ($0.task, $0.at, $0.sequence) < ($1.task, $1.at, $1.sequence) }
        let keys = rows.known.keys
        try clearStaleVerdicts(inserted, in: &tasks)
        var changes: [Change] = []
        /// Tasks given a report older than their latest, with the time of their oldest new report.
        var backdated: [(Int32, Int64)] = []
        try Self.eachTask(inserted) { task, j, k in
            let old = tasks.state(task)
            // A report older than the task's latest one lands inside its history: fold it all.
            if let latest = old.reportedAt, inserted[j].at < latest.seconds {
                // Unless every new report is older than the latest and the task is not done: the fold
                // still ends with that latest report, and only a done state (its completion day,
                // the first day of its last run of done reports) depends on the reports before it.
                // Most of a monthly file from a province is this case: no history to read back.
                if old.status != .done && inserted[k - 1].at < latest.seconds { return }
                // A done task keeps its state too when every new report is not done and older than the
                // first moment of its completion day: its trailing run of done reports starts that day
                // or later, after them, so it neither splits nor moves.
                if old.status == .done, let day = old.completedOn,
                   inserted[k - 1].at < Int64(day.daysSinceEpoch) * 86_400 - Timestamp.vietnamOffset,
                   !inserted[j..<k].contains(where: { $0.status == .done }) { return }
                backdated.append((task, inserted[j].at))
                return
            }
            var state = old
            for r in inserted[j..<k] {
                state = state.adding(at: Timestamp(seconds: r.at), status: r.status, progress: Int(r.progress))
            }
            if state != old { changes.append(Change(task: task, old: old, new: state)) }
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
            for (task, oldest) in backdated {
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
                if state != old { changes.append(Change(task: task, old: old, new: state)) }
            }
        }

        ImportPhases.shared.mark("fold-computed")
        // The counts triggers and the state guard of `tasks` fire once per changed task: the counts
        // move by deltas summed here instead (inspection counts too), and the states are the fold's.
        let taskTriggers = [Schema.tasksCountsUpdate, Schema.tasksCheckCounts("update"), Schema.tasksStateGuard]
        try Schema.dropTriggers(db, taskTriggers)
        // When many tasks change, rebuilding the tasks' indexes beats updating them row by row.
        let taskIndexes = Schema.indexes.filter { $0.name.hasPrefix("tasks_") }
        let rebuild = changes.count > keys.count / 8
        if rebuild {
            for index in taskIndexes { try db.execute(sql: "DROP INDEX \(index.name)") }
        }
        var deltas = CountDeltas(tasks)
        let update = try RawStatement(db, sql: "UPDATE tasks SET status = ?, progress = ?, reported_at = ?, completed_on = ? WHERE key = ?")
        for c in changes {
            let s = c.new
            update.bind(1, s.status.rawValue)
            update.bind(2, s.progress)
            if let at = s.reportedAt { update.bind(3, at.seconds) } else { update.bindNull(3) }
            if let d = s.completedOn { update.bind(4, d.description) } else { update.bindNull(4) }
            update.bind(5, keys[Int(c.task)])
            try update.run()
            deltas.move(c.task, from: c.old, to: c.new, in: tasks, verdict: tasks.verdicts[c.task]?.verdict)
        }
        ImportPhases.shared.mark("task-states-updated")
        if rebuild {
            for index in taskIndexes { try db.execute(sql: index.sql) }
            ImportPhases.shared.mark("task-indexes-rebuilt")
        }
        try deltas.write(db, tasks)
        ImportPhases.shared.mark("counts-written")
        try Schema.createTriggers(db, taskTriggers)
    }
}

extension BulkReports {
    /// What `report_log_check` does for each row, for all the new rows at once: a report dated after a
    /// task's standing verdict clears a return, and a confirmation when it is not done. `inserted` is
    /// sorted by task; the verdicts are those `TaskTable` read. The tasks' inspection-counts trigger
    /// moves the counts of the few tasks cleared.
    func clearStaleVerdicts(_ inserted: [Inserted], in tasks: inout TaskTable) throws {
        let keys = rows.known.keys
        guard !tasks.verdicts.isEmpty else { return }
        let clear = try RawStatement(db, sql: "UPDATE tasks SET verdict = NULL, verified_at = NULL WHERE key = ?")
        try Self.eachTask(inserted) { task, j, k in
            guard let v = tasks.verdicts[task] else { return }
            if inserted[j..<k].contains(where: { $0.at > v.at && (v.verdict == "returned" || $0.status != .done) }) {
                clear.bind(1, keys[Int(task)])
                try clear.run()
                tasks.verdicts[task] = nil
            }
        }
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

/// Every task's maintained state and what its counts are keyed by, by position (key order), compact.
struct TaskTable {
    static let none = Int32.min

    private var status: [ReportStatus] = []
    private var progress: [UInt8] = []
    /// Unix seconds, or `Int64.min` when never reported.
    private var reportedAt: [Int64] = []
    /// Days since the epoch, or `none`.
    private var completedOn: [Int32] = []
    private var deadline: [Int32] = []
    /// Standing verdicts (`tasks.verdict`, `tasks.verified_at`) of the tasks that hold one, by position:
    /// read in the same pass, not in a scan of their own (a million tasks at stress scale).
    var verdicts: [Int32: (verdict: String?, at: Int64)] = [:]
    /// Index into `unitCounts`.
    private var unit: [Int32] = []
    /// Index into `counts` of the task's group, or `none`.
    private var group: [Int32] = []
    /// Every (scope, key) of the counts tables a task can be in.
    private(set) var counts: [(scope: String, key: String)] = []
    /// Per unit: the indexes into `counts` of its level, itself and its province (or `none`).
    private var unitCounts: [(level: Int32, unit: Int32, province: Int32)] = []

    init(_ db: Database, known: KnownTasks) throws {
        var index: [String: Int32] = [:]
        func count(_ scope: String, _ key: String) -> Int32 {
            let name = scope + "\u{0}" + key
            if let i = index[name] { return i }
            let i = Int32(counts.count)
            counts.append((scope, key))
            index[name] = i
            return i
        }
        var unitIndex: [String: Int32] = [:]
        for r in try GRDB.Row.fetchAll(db, sql: "SELECT code, level, province_code FROM units") {
            unitIndex[r.text(0)] = Int32(unitCounts.count)
            unitCounts.append((count("level", r.text(1)), count("unit", r.text(0)), r.optionalText(2).map { count("province", $0) } ?? Self.none))
        }
        var groupIndex: [Int64: Int32] = [:]
        let n = known.keys.count
        status.reserveCapacity(n); progress.reserveCapacity(n); reportedAt.reserveCapacity(n)
        completedOn.reserveCapacity(n); deadline.reserveCapacity(n); unit.reserveCapacity(n); group.reserveCapacity(n)
        let cursor = try GRDB.Row.fetchCursor(db, sql: """
            SELECT status, progress, reported_at, completed_on, deadline, unit_code, tech_group, verdict, verified_at FROM tasks ORDER BY key
            """)
        while let r = try cursor.next() {
            // verified_at NULL: the report check never clears it (`report_log_check` needs a time).
            let verdict = r.optionalText(7), at = r.optionalInt64(8)
            if verdict != nil || at != nil { verdicts[Int32(status.count)] = (verdict, at ?? Int64.max) }
            status.append(ReportStatus(rawValue: r.text(0)) ?? .notStarted)
            progress.append(UInt8(r.int(1, in: 0 ... 100)))
            reportedAt.append(r.optionalInt64(2) ?? Int64.min)
            completedOn.append(r.optionalText(3).flatMap(CivilDate.init).map { Int32($0.daysSinceEpoch) } ?? Self.none)
            deadline.append(r.optionalText(4).flatMap(CivilDate.init).map { Int32($0.daysSinceEpoch) } ?? Self.none)
            unit.append(unitIndex[r.text(5)] ?? 0)
            if let g = r.optionalInt64(6) {
                if groupIndex[g] == nil { groupIndex[g] = count("group", String(g)) }
                group.append(groupIndex[g]!)
            } else {
                group.append(Self.none)
            }
        }
        guard status.count == n else { throw StoreError.tasksChangedWhileImporting.error }
    }

    func state(_ task: Int32) -> TaskState {
        let i = Int(task)
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

    /// `verdict`: the task's standing verdict, which the move does not change.
    mutating func move(_ task: Int32, from old: TaskState, to new: TaskState, in tasks: TaskTable, verdict: String?) {
        let before = tasks.bucket(old, task), after = tasks.bucket(new, task)
        guard before != after else { return }
        let deadline = Int64(UInt32(bitPattern: tasks.deadline(task)))
        let wasDone = old.status == .done, isDone = new.status == .done
        let (i0, i1) = (Self.inspection(done: wasDone, verdict: verdict), Self.inspection(done: isDone, verdict: verdict))
        tasks.counts(task) { c in
            if wasDone != isDone {
                let d = inspection[Int(c)]
                inspection[Int(c)] = (d.0 + i1.0 - i0.0, d.1 + i1.1 - i0.1, d.2 + i1.2 - i0.2, d.3 + i1.3 - i0.3)
            }
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
