import GRDB
import NQ57Core

extension SQLiteStore {
    /// Compares everything maintained with a full recount and returns the differences, one line each
    /// (empty when consistent; at most 20 lines of each kind, then a count).
    ///
    /// Three checks: every task's maintained state against `TaskState.folding` of its whole report
    /// history (Swift, independent of the SQL triggers); both counts tables against a recount of the
    /// tasks' state; and the level, province, unit and group counts this store answers for `asOf`
    /// against a fold of the history up to the end of that day. Reads every report: seconds at
    /// national scale.
    public func verifyCounts(asOf: CivilDate) throws -> [String] {
        try read { db in
            // The whole history is read in index order with a lookup per report: a large cache and
            // memory-mapped reads for this call only.
            try db.execute(sql: "PRAGMA mmap_size = 1073741824")
            defer { try? db.execute(sql: "PRAGMA mmap_size = 0") }
            return try PageCache.with(db, kib: 262_144) {
                var out: [String] = []
                try Check.taskStates(db, asOf: asOf, into: &out)
                try Check.tables(db, into: &out)
                try Check.inspections(db, into: &out)
                return out
            }
        }
    }

    /// Recomputes every task's state from its history and both counts tables from the tasks, in one
    /// transaction (`nq57 check --repair`).
    public func rebuild() throws {
        try write { db in
            try PageCache.with(db, kib: 262_144) {
                try Schema.dropTriggers(db, Schema.bulk)
                try Maintenance.recomputeAllTaskStates(db)
                try Maintenance.rebuildCounts(db)
                try Schema.createTriggers(db, Schema.bulk)
                try Maintenance.rebuildInspections(db)
            }
        }
    }
}

enum Check {
    static let listed = 20

    /// Differences, capped.
    struct Lines {
        var kind: String
        var lines: [String] = []
        var count = 0

        mutating func add(_ s: String) {
            count += 1
            if lines.count < Check.listed { lines.append(s) }
        }

        func append(to out: inout [String]) {
            out += lines
            if count > lines.count { out.append("… and \(count - lines.count) more \(kind)") }
        }
    }

    static func describe(_ c: StateCounts) -> String {
        "\(c.doneOnTime)/\(c.doneLate)/\(c.openOnTime)/\(c.overdue)"
    }

    static func describe(_ s: TaskState) -> String {
        var text = "\(s.status.rawValue) \(s.progress)%"
        if let at = s.reportedAt { text += " at \(at)" }
        if let d = s.completedOn { text += " completed \(d)" }
        return text
    }

    /// Task states against a fold of the history, and as-of counts against a recount.
    static func taskStates(_ db: Database, asOf: CivilDate, into out: inout [String]) throws {
        let ctx = try AsOf(db, asOf)
        var states = Lines(kind: "tasks whose state differs from their history")
        var recount: [String: [String: StateCounts]] = [:]
        // Both in task key order: the history of each task is read as the tasks stream by.
        let tasks = try Row.fetchCursor(db, sql: """
            SELECT t.id, t.level, t.unit_code, u.province_code, t.tech_group, t.deadline,
                   t.status, t.progress, t.reported_at, t.completed_on, t.key
            FROM tasks t JOIN units u ON u.code = t.unit_code ORDER BY t.key
            """)
        let reports = try Row.fetchCursor(db, sql: """
            SELECT task_key, reported_at, status, progress FROM report_log ORDER BY task_key, reported_at, id
            """)
        var pending = try reports.next().map { (task: $0[0] as Int64, at: $0[1] as Int64, status: $0[2] as String, progress: $0[3] as Int) }
        while let t = try tasks.next() {
            let id: String = t[0]
            let key: Int64 = t[10]
            var all: [(at: Timestamp, status: ReportStatus, progress: Int)] = []
            // Reports of keys before this task's have no task: skip them.
            while let p = pending, p.task < key {
                pending = try reports.next().map { ($0[0], $0[1], $0[2], $0[3]) }
            }
            while let p = pending, p.task == key {
                all.append((Timestamp(seconds: p.at), ReportStatus(rawValue: p.status) ?? .notStarted, p.progress))
                pending = try reports.next().map { ($0[0], $0[1], $0[2], $0[3]) }
            }
            let full = TaskState.folding(all)
            let maintained = Reading.taskState(t, from: 6)
            if maintained != full {
                states.add("task \(id): maintained \(describe(maintained)); history says \(describe(full))")
            }
            let deadline = CivilDate(t[5] as String) ?? asOf
            let derived = TaskState.folding(all.filter { $0.at.seconds <= ctx.cut }).derived(deadline: deadline, asOf: asOf)
            let keys: [(String, String?)] = [("level", t[1]), ("unit", t[2]), ("province", t[3]), ("group", (t[4] as Int?).map(String.init))]
            for (scope, key) in keys {
                guard let key else { continue }
                recount[scope, default: [:]][key, default: .zero][derived] += 1
            }
        }
        states.append(to: &out)

        var counts = Lines(kind: "counts that differ from a recount on \(asOf)")
        for scope in ["level", "province", "unit", "group"] {
            let answered = try Reading.counts(db, scope: scope, ctx)
            let expected = recount[scope] ?? [:]
            for key in Set(answered.keys).union(expected.keys).sorted() {
                let a = answered[key] ?? .zero, e = expected[key] ?? .zero
                if a != e {
                    counts.add("\(scope) \(key) on \(asOf): answered \(describe(a)), history says \(describe(e)) (done on time/done late/open on time/overdue)")
                }
            }
        }
        counts.append(to: &out)
    }

    /// Both counts tables against a recount of the tasks' maintained state.
    static func tables(_ db: Database, into out: inout [String]) throws {
        var lines = Lines(kind: "counts rows that differ from a recount of the tasks")
        let stateRows = "SELECT scope, key, total, done_on_time, done_late, open FROM state_counts WHERE total <> 0 OR done_on_time <> 0 OR done_late <> 0 OR open <> 0"
        for r in try Row.fetchAll(db, sql: "\(stateRows) EXCEPT \(Maintenance.recountStateSQL)") {
            lines.add("state_counts \(r[0] as String) \(r[1] as String): total \(r[2] as Int), \(r[3] as Int)/\(r[4] as Int)/\(r[5] as Int) done on time/done late/open is not what the tasks say")
        }
        for r in try Row.fetchAll(db, sql: "\(Maintenance.recountStateSQL) EXCEPT \(stateRows)") {
            lines.add("state_counts \(r[0] as String) \(r[1] as String): the tasks say total \(r[2] as Int), \(r[3] as Int)/\(r[4] as Int)/\(r[5] as Int) done on time/done late/open")
        }
        let openRows = "SELECT scope, deadline, key, open FROM open_by_deadline WHERE open <> 0"
        for r in try Row.fetchAll(db, sql: "\(openRows) EXCEPT \(Maintenance.recountOpenSQL)") {
            lines.add("open_by_deadline \(r[0] as String) \(r[2] as String) deadline \(r[1] as String): \(r[3] as Int) open is not what the tasks say")
        }
        for r in try Row.fetchAll(db, sql: "\(Maintenance.recountOpenSQL) EXCEPT \(openRows)") {
            lines.add("open_by_deadline \(r[0] as String) \(r[2] as String) deadline \(r[1] as String): the tasks say \(r[3] as Int) open")
        }
        lines.append(to: &out)
    }
}
