import Foundation
import GRDB
import NQ57Core

/// The tasks of the database in id order, and each id's position in that order. Reports are checked
/// against them; the bulk path sorts rows by position, which is the order of the reports index.
final class KnownTasks: @unchecked Sendable {
    let ids: [String]
    let position: [String: Int32]

    init(_ db: Database) throws {
        var ids: [String] = []
        var position: [String: Int32] = [:]
        let cursor = try String.fetchCursor(db, sql: "SELECT id FROM tasks ORDER BY id")
        while let id = try cursor.next() {
            position[id] = Int32(ids.count)
            ids.append(id)
        }
        self.ids = ids
        self.position = position
    }
}

/// The rows of a report file, each validated by core's `ReportValidator`; bad rows are collected.
/// Used from one thread at a time (the bulk path hands it to a reading thread).
final class ReportRows: @unchecked Sendable {
    enum Source {
        /// A CSV reader positioned after the header.
        case csv(CSVReader)
        /// Chunks of a JSON Lines file.
        case jsonLines(() throws -> [UInt8]?)
    }

    let name: String
    let known: KnownTasks
    private var source: Source
    private let validator: ReportValidator
    private(set) var problems: ProblemList
    /// Rows that passed validation.
    private(set) var valid = 0

    init(_ db: Database, name: String, now: Timestamp, source: Source) throws {
        self.name = name
        self.source = source
        let known = try KnownTasks(db)
        self.known = known
        validator = ReportValidator(now: now, isKnownTask: { known.position[$0] != nil })
        problems = ProblemList(name: name)
    }

    func problem(_ line: Int, _ message: String) { problems.add(line: line, message) }

    /// Reads every row, handing each valid one to `row`; stops early only when `row` throws.
    func run(_ row: (Int, ReportInput) throws -> Void) throws {
        func check(_ line: Int, _ fields: ReportFields) throws {
            switch validator.validate(fields) {
            case .failure(let p):
                problems.add(line: line, p.description)
            case .success(let r):
                valid += 1
                try row(line, r)
            }
        }
        switch source {
        case .csv(var reader):
            try CSVRows.read(&reader, columns: ReportFileFormat.csvHeader.count, problem: problem) { r in
                try check(r.line, ReportFields(taskID: r.fields[0], status: r.fields[1], progress: r.fields[2],
                                               reportedAt: r.fields[3], note: r.fields[4], reportedBy: r.fields[5]))
            }
            source = .csv(reader)
        case .jsonLines(let next):
            try JSONLines.read(next: next) { line, bytes in
                switch JSONLines.fields(bytes) {
                case nil: break
                case .failure(let p)?: problems.add(line: line, p.description)
                case .success(let f)?: try check(line, f)
                }
            }
        }
    }
}

/// The bulk path of a report import, inside the import's transaction.
///
/// A reading thread parses and validates while this one writes (two cores: the throughput is the
/// slower of the two, not their sum). Rows come in batches of 64 Ki, each inserted sorted by (task,
/// time, line): inserting into the reports index in its own order is twice as fast as in file order.
/// So within one import, ids (arrival order) follow task and time rather than file lines: the rows
/// arrive together, in one commit. The `reports_state` trigger is dropped meanwhile; afterwards each
/// touched task's new reports are folded into its state in Swift (the triggers' rule), or, for a task
/// with a report older than its latest, recomputed from its history in SQL. Then the trigger is
/// recreated. The tasks' counts triggers stay, so the counts follow.
struct BulkReports {
    static let batchSize = 1 << 16
    static let rowsPerStatement = 16

    static func insertSQL(rows: Int) -> String {
        "INSERT INTO reports (task_id, reported_at, status, progress, note, reported_by) VALUES "
            + Array(repeating: "(?, ?, ?, ?, ?, ?)", count: rows).joined(separator: ", ")
    }

    struct Row {
        var task: Int32
        var line: Int32
        var at: Int64
        var status: ReportStatus
        var progress: UInt8
        var note: String
        var by: String
    }

    /// What was inserted, for the fold.
    struct Inserted {
        var task: Int32
        var at: Int64
        /// Insertion order, which is the order of the ids SQLite gives.
        var id: Int64
        var done: Bool
        var status: ReportStatus
        var progress: UInt8
    }

    let db: Database
    let rows: ReportRows

    init(_ db: Database, _ rows: ReportRows) {
        self.db = db
        self.rows = rows
    }

    func load() throws {
        // A large page cache for this transaction: the reports index is touched all over.
        try db.execute(sql: "PRAGMA cache_size = -1048576")
        defer { try? db.execute(sql: "PRAGMA cache_size = -4096") }
        try Schema.dropTriggers(db, [Schema.reportsState])

        let channel = Channel<[Row]>(capacity: 2)
        let rows = self.rows
        let reader = Thread {
            var batch: [Row] = []
            batch.reserveCapacity(BulkReports.batchSize)
            var failure: (any Error)?
            do {
                try rows.run { line, r in
                    // After a bad row nothing will be written: stop sending, keep validating.
                    guard rows.problems.isEmpty, let task = rows.known.position[r.taskID] else { return }
                    batch.append(Row(task: task, line: Int32(truncatingIfNeeded: line), at: r.reportedAt.seconds, status: r.status,
                                     progress: UInt8(r.progress), note: r.note, by: r.reportedBy))
                    if batch.count == BulkReports.batchSize {
                        guard channel.put(batch) else { throw CancellationError() }
                        batch.removeAll(keepingCapacity: true)
                    }
                }
                if !batch.isEmpty && rows.problems.isEmpty { _ = channel.put(batch) }
            } catch {
                failure = error
            }
            channel.close(failure)
        }
        reader.stackSize = 8 << 20
        reader.start()

        var inserted: [Inserted] = []
        do {
            let ids = rows.known.ids
            let wide = try RawStatement(db, sql: Self.insertSQL(rows: Self.rowsPerStatement))
            let one = try RawStatement(db, sql: Writing.insertReportSQL)
            while var batch = channel.take() {
                batch.sort { ($0.task, $0.at, $0.line) < ($1.task, $1.at, $1.line) }
                var i = 0
                while i < batch.count {
                    // Several rows a statement: the per-statement overhead is a third of a row's cost.
                    let n = batch.count - i >= Self.rowsPerStatement ? Self.rowsPerStatement : 1
                    let statement = n == 1 ? one : wide
                    for (k, r) in batch[i..<(i + n)].enumerated() {
                        let base = Int32(k * 6)
                        statement.bind(base + 1, ids[Int(r.task)])
                        statement.bind(base + 2, r.at)
                        statement.bind(base + 3, r.status.rawValue)
                        statement.bind(base + 4, Int(r.progress))
                        statement.bind(base + 5, r.note)
                        statement.bind(base + 6, r.by)
                        // Ids follow insertion order, so the sequence number orders as the id does.
                        inserted.append(Inserted(task: r.task, at: r.at, id: Int64(inserted.count), done: r.status == .done,
                                                 status: r.status, progress: r.progress))
                    }
                    try statement.run()
                    i += n
                }
            }
        } catch {
            channel.cancel()
            while channel.take() != nil {}
            throw error
        }
        if let failure = channel.failure { throw failure }
        guard rows.problems.isEmpty else { return }
        try fold(&inserted)
        try Schema.createTriggers(db, [Schema.reportsState])
    }

    /// A touched task whose state changes, with what its counts are keyed by.
    struct Change {
        var task: Int32
        var old: TaskState
        var new: TaskState
        var deadline: CivilDate
        /// (scope, key) pairs, as in `Schema.scopeKeys`.
        var keys: [(String, String)]
    }

    /// Folds each touched task's new reports into its state, and moves the counts by the difference.
    ///
    /// The counts trigger on `tasks` is dropped while the states are written (it would run sixteen
    /// upserts for every task that changes bucket); the counts move by deltas summed here instead. Tasks
    /// with back-dated reports are then recomputed in SQL with the trigger back in place.
    private func fold(_ inserted: inout [Inserted]) throws {
        inserted.sort { ($0.task, $0.at, $0.id) < ($1.task, $1.at, $1.id) }
        let ids = rows.known.ids
        let (changes, fallback) = try plan(inserted)
        try Schema.dropTriggers(db, [Schema.tasksCountsUpdate])
        // When many tasks change, rebuilding the tasks' indexes beats updating them row by row.
        let taskIndexes = Schema.indexes.filter { $0.name.hasPrefix("tasks_") }
        let rebuild = changes.count > ids.count / 8
        if rebuild {
            for index in taskIndexes { try db.execute(sql: "DROP INDEX \(index.name)") }
        }
        let update = try RawStatement(db, sql: "UPDATE tasks SET status = ?, progress = ?, reported_at = ?, completed_on = ? WHERE id = ?")
        var stateDelta: [String: [String: StateCounts]] = [:]
        var openDelta: [String: [String: [CivilDate: Int]]] = [:]
        for c in changes {
            let s = c.new
            update.bind(1, s.status.rawValue)
            update.bind(2, s.progress)
            if let at = s.reportedAt { update.bind(3, at.seconds) } else { update.bindNull(3) }
            if let d = s.completedOn { update.bind(4, d.description) } else { update.bindNull(4) }
            update.bind(5, ids[Int(c.task)])
            try update.run()
            let before = Self.bucket(c.old, c.deadline), after = Self.bucket(c.new, c.deadline)
            guard before != after else { continue }
            for (scope, key) in c.keys {
                stateDelta[scope, default: [:]][key, default: .zero][before] -= 1
                stateDelta[scope, default: [:]][key, default: .zero][after] += 1
                if before == .openOnTime { openDelta[scope, default: [:]][key, default: [:]][c.deadline, default: 0] -= 1 }
                if after == .openOnTime { openDelta[scope, default: [:]][key, default: [:]][c.deadline, default: 0] += 1 }
            }
        }
        if rebuild {
            for index in taskIndexes { try db.execute(sql: index.sql) }
        }
        let state = try RawStatement(db, sql: """
            INSERT INTO state_counts (scope, key, total, done_on_time, done_late, open) VALUES (?, ?, 0, ?, ?, ?)
            ON CONFLICT (scope, key) DO UPDATE SET done_on_time = done_on_time + excluded.done_on_time,
                done_late = done_late + excluded.done_late, open = open + excluded.open
            """)
        for (scope, keys) in stateDelta {
            for (key, d) in keys where d != .zero {
                state.bind(1, scope)
                state.bind(2, key)
                state.bind(3, d.doneOnTime)
                state.bind(4, d.doneLate)
                state.bind(5, d.openOnTime)
                try state.run()
            }
        }
        let open = try RawStatement(db, sql: """
            INSERT INTO open_by_deadline (scope, deadline, key, open) VALUES (?, ?, ?, ?)
            ON CONFLICT (scope, deadline, key) DO UPDATE SET open = open + excluded.open
            """)
        for (scope, keys) in openDelta {
            for (key, deadlines) in keys {
                for (deadline, n) in deadlines where n != 0 {
                    open.bind(1, scope)
                    open.bind(2, deadline.description)
                    open.bind(3, key)
                    open.bind(4, n)
                    try open.run()
                }
            }
        }
        try Schema.createTriggers(db, [Schema.tasksCountsUpdate])
        if !fallback.isEmpty {
            try db.execute(sql: "CREATE TEMP TABLE IF NOT EXISTS touched (id TEXT PRIMARY KEY) WITHOUT ROWID; DELETE FROM temp.touched")
            let add = try RawStatement(db, sql: "INSERT OR IGNORE INTO temp.touched (id) VALUES (?)")
            for task in fallback {
                add.bind(1, ids[Int(task)])
                try add.run()
            }
            try Maintenance.recomputeTaskStates(db, where: "id IN (SELECT id FROM temp.touched)")
            try db.execute(sql: "DROP TABLE temp.touched")
        }
    }

    /// The task's bucket as the counts hold it: open (as open on time), done late, done on time.
    static func bucket(_ s: TaskState, _ deadline: CivilDate) -> DerivedState {
        guard s.status == .done else { return .openOnTime }
        return (s.completedOn ?? deadline) <= deadline ? .doneOnTime : .doneLate
    }

    /// The new state of each touched task, and the tasks to recompute from their history. The cursor
    /// over the tasks is finished when this returns (DDL follows, which a pending statement blocks).
    private func plan(_ inserted: [Inserted]) throws -> (changes: [Change], fallback: [Int32]) {
        let ids = rows.known.ids
        var changes: [Change] = []
        var fallback: [Int32] = []
        let tasks = try GRDB.Row.fetchCursor(db, sql: """
            SELECT t.id, t.status, t.progress, t.reported_at, t.completed_on, t.deadline, t.level, t.unit_code,
                   u.province_code, t.tech_group
            FROM tasks t JOIN units u ON u.code = t.unit_code ORDER BY t.id
            """)
        var position: Int32 = -1
        var current: GRDB.Row?
        var j = 0
        while j < inserted.count {
            let task = inserted[j].task
            var k = j
            while k < inserted.count && inserted[k].task == task { k += 1 }
            defer { j = k }
            while position < task, let r = try tasks.next() {
                position += 1
                current = r
            }
            guard position == task, let row = current, (row[0] as String) == ids[Int(task)],
                  let deadline = CivilDate(row[5] as String) else {
                fallback.append(task)
                continue
            }
            let old = TaskState(status: ReportStatus(rawValue: row[1]) ?? .notStarted, progress: row[2],
                                reportedAt: (row[3] as Int64?).map(Timestamp.init(seconds:)),
                                completedOn: (row[4] as String?).flatMap { CivilDate($0) })
            // A report older than the task's latest one lands inside its history: recompute in SQL.
            if let latest = old.reportedAt, inserted[j].at < latest.seconds {
                fallback.append(task)
                continue
            }
            var state = old
            for r in inserted[j..<k] {
                let at = Timestamp(seconds: r.at)
                let completed: CivilDate? = r.done ? (state.status == .done ? state.completedOn : at.vietnamDate) : nil
                state = TaskState(status: r.status, progress: Int(r.progress), reportedAt: at, completedOn: completed)
            }
            guard state != old else { continue }
            var keys: [(String, String)] = [("level", row[6]), ("unit", row[7])]
            if let province: String = row[8] { keys.append(("province", province)) }
            if let group: Int = row[9] { keys.append(("group", String(group))) }
            changes.append(Change(task: task, old: old, new: state, deadline: deadline, keys: keys))
        }
        return (changes, fallback)
    }
}

/// A bounded hand-over between two threads.
final class Channel<T>: @unchecked Sendable {
    private let condition = NSCondition()
    private var items: [T] = []
    private let capacity: Int
    private var closed = false
    private var cancelled = false
    private var error: (any Error)?

    init(capacity: Int) { self.capacity = capacity }

    /// Waits for room; false when the taker has cancelled.
    func put(_ item: T) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while items.count >= capacity && !cancelled { condition.wait() }
        if cancelled { return false }
        items.append(item)
        condition.broadcast()
        return true
    }

    /// The next item; nil once the giver has closed and everything is taken.
    func take() -> T? {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty && !closed { condition.wait() }
        if items.isEmpty { return nil }
        condition.broadcast()
        return items.removeFirst()
    }

    /// The giver is done, with the error that stopped it if any.
    func close(_ error: (any Error)?) {
        condition.lock()
        closed = true
        self.error = error
        condition.broadcast()
        condition.unlock()
    }

    /// The taker gives up: the giver's next `put` returns false.
    func cancel() {
        condition.lock()
        cancelled = true
        items.removeAll()
        condition.broadcast()
        condition.unlock()
    }

    /// What stopped the giver, once closed (a cancellation is not a failure).
    var failure: (any Error)? {
        condition.lock()
        defer { condition.unlock() }
        return error is CancellationError ? nil : error
    }
}
