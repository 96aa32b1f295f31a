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
                try FindTitles.check(db, into: &out)
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
                try FindTitles.rebuild(db)
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
        var pending = try reports.next().map(Self.report)
        while let t = try tasks.next() {
            let id = t.text(0)
            let key = t.int64(10)
            var all: [(at: Timestamp, status: ReportStatus, progress: Int)] = []
            // Reports of keys before this task's have no task: skip them.
            while let p = pending, p.task < key {
                pending = try reports.next().map(Self.report)
            }
            while let p = pending, p.task == key {
                all.append((Timestamp(seconds: p.at), ReportStatus(rawValue: p.status) ?? .notStarted, p.progress))
                pending = try reports.next().map(Self.report)
            }
            let full = TaskState.folding(all)
            let maintained = Reading.taskState(t, from: 6)
            if maintained != full {
                states.add("task \(id): maintained \(describe(maintained)); history says \(describe(full))")
            }
            let deadline = CivilDate(t.text(5)) ?? asOf
            let derived = TaskState.folding(all.filter { $0.at.seconds <= ctx.cut }).derived(deadline: deadline, asOf: asOf)
            let keys: [(String, String?)] = [("level", t.text(1)), ("unit", t.text(2)), ("province", t.optionalText(3)),
                                             ("group", t.optionalInt64(4).map { String($0) })]
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

    /// A report row of the check's cursor, read totally.
    static func report(_ r: Row) -> (task: Int64, at: Int64, status: String, progress: Int) {
        (r.int64(0), r.int64(1), r.text(2), r.int(3, in: 0 ... 100))
    }

    /// A stored value as the check prints it: numbers as numbers, text in quotes only when it is not
    /// a plain word, so a tampered value is shown as it is stored, never decoded into a trap.
    static func shown(_ r: Row, _ i: Int) -> String {
        switch r.stored(i).storage {
        case .int64(let n): String(n)
        case .string(let s): s.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" } && !s.isEmpty ? s : Quoting.quoted(s)
        default: r.stored(i).description
        }
    }

    /// Both counts tables against a recount of the tasks' maintained state.
    static func tables(_ db: Database, into out: inout [String]) throws {
        var lines = Lines(kind: "counts rows that differ from a recount of the tasks")
        let stateRows = "SELECT scope, key, total, done_on_time, done_late, open FROM state_counts WHERE total <> 0 OR done_on_time <> 0 OR done_late <> 0 OR open <> 0"
        for r in try Row.fetchAll(db, sql: "\(stateRows) EXCEPT \(Maintenance.recountStateSQL)") {
            lines.add("state_counts \(shown(r, 0)) \(shown(r, 1)): total \(shown(r, 2)), \(shown(r, 3))/\(shown(r, 4))/\(shown(r, 5)) done on time/done late/open is not what the tasks say")
        }
        for r in try Row.fetchAll(db, sql: "\(Maintenance.recountStateSQL) EXCEPT \(stateRows)") {
            lines.add("state_counts \(shown(r, 0)) \(shown(r, 1)): the tasks say total \(shown(r, 2)), \(shown(r, 3))/\(shown(r, 4))/\(shown(r, 5)) done on time/done late/open")
        }
        let openRows = "SELECT scope, deadline, key, open FROM open_by_deadline WHERE open <> 0"
        for r in try Row.fetchAll(db, sql: "\(openRows) EXCEPT \(Maintenance.recountOpenSQL)") {
            lines.add("open_by_deadline \(shown(r, 0)) \(shown(r, 2)) deadline \(shown(r, 1)): \(shown(r, 3)) open is not what the tasks say")
        }
        for r in try Row.fetchAll(db, sql: "\(Maintenance.recountOpenSQL) EXCEPT \(openRows)") {
            lines.add("open_by_deadline \(shown(r, 0)) \(shown(r, 2)) deadline \(shown(r, 1)): the tasks say \(shown(r, 3)) open")
        }
        lines.append(to: &out)
    }
}
