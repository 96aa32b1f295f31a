import Foundation
import GRDB
import NQ57Core

/// Single writes: a report, a task, a figure.
extension SQLiteStore {
    /// Appends one validated report and returns its id. The triggers fold it into its task's state
    /// and the counts. Throws `.badData` when the task does not exist.
    @discardableResult
    public func append(_ input: ReportInput) throws -> Int64 {
        try write { db in
            guard try Writing.taskExists(db, input.taskID) else {
                throw NQ57Error(.badData, "task_id: no task \(ReportValidator.quoted(input.taskID))")
            }
            try Writing.insertReport(db, input)
            return db.lastInsertedRowID
        }
    }

    /// Validates a report as typed (`nq57 report`) against the vocabulary, ranges and known tasks, then
    /// appends it. Returns the stored report. Errors are one line naming the field
    /// (`progress: 140 is outside 0–100`).
    @discardableResult
    public func report(_ fields: ReportFields, now: Timestamp) throws -> Report {
        try write { db in
            let validator = ReportValidator(now: now, isKnownTask: { id in
                (try? Writing.taskExists(db, id)) ?? false
            })
            switch validator.validate(fields) {
            case .failure(let problem):
                throw NQ57Error(.badData, problem.description)
            case .success(let input):
                try Writing.insertReport(db, input)
                return Report(id: db.lastInsertedRowID, taskID: input.taskID, reportedAt: input.reportedAt, status: input.status,
                              progress: input.progress, note: input.note, reportedBy: input.reportedBy)
            }
        }
    }

    /// Adds a real task (no reports yet). Throws `.badData` naming the field when the task is invalid
    /// or exists, and when the database holds demo data (real tasks never mix with demo ones).
    public func addTask(_ task: TaskRecord) throws {
        try write { db in
            let context = try TaskValidation(db)
            if let problem = context.problem(task) { throw NQ57Error(.badData, problem) }
            if try Writing.taskExists(db, task.id) {
                throw NQ57Error(.badData, "task_id: task \(ReportValidator.quoted(task.id)) already exists")
            }
            try context.refuseDemo(db)
            try Writing.insertTask(db, task, demo: false)
        }
    }

    /// Records an ecosystem figure; a figure with the same key, date and source is replaced.
    public func setMetric(_ metric: Metric) throws {
        let key = metric.key.trimmingCharacters(in: .whitespaces)
        guard !key.isEmpty, key.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || $0.properties.numericType != nil || $0 == "_" || $0 == "-" || $0 == "." }) else {
            throw NQ57Error(.badData, "key: \(ReportValidator.quoted(metric.key)) must be letters, digits, _ - or .")
        }
        guard metric.value.isFinite else { throw NQ57Error(.badData, "value: \(metric.value) is not a finite number") }
        try write { db in
            try db.execute(sql: """
                INSERT INTO metrics (key, value, as_of, qualifier, source) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (key, as_of, source) DO UPDATE SET value = excluded.value, qualifier = excluded.qualifier
                """, arguments: [key, metric.value, metric.asOf.description,
                                 metric.qualifier.flatMap { $0.isEmpty ? nil : $0 }, metric.source])
        }
    }
}

enum Writing {
    static func taskExists(_ db: Database, _ id: String) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM tasks WHERE id = ?)"), arguments: [id]) ?? false
    }

    /// One report, its task named by id (a task that does not exist fails the NOT NULL on `task_key`).
    static let insertReportSQL = """
        INSERT INTO report_log (task_key, reported_at, status, progress, note, reported_by)
        VALUES ((SELECT key FROM tasks WHERE id = ?), ?, ?, ?, ?, ?)
        """

    static func insertReport(_ db: Database, _ r: ReportInput) throws {
        try db.cachedStatement(sql: insertReportSQL).execute(arguments: [
            r.taskID, r.reportedAt.seconds, r.status.rawValue, r.progress, r.note, r.reportedBy,
        ])
    }

    static func insertTask(_ db: Database, _ t: TaskRecord, demo: Bool) throws {
        try db.cachedStatement(sql: """
            INSERT INTO tasks (id, title, plan, area, tech_group, level, unit_code, deadline, demo)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [t.id, t.title, t.plan, t.area, t.techGroup, t.level.rawValue, t.unitCode,
                                     t.deadline.description, demo ? 1 : 0])
    }
}

/// What a task must satisfy, against the units and the catalogue.
struct TaskValidation {
    static let maxIDLength = 64
    static let maxTitleLength = 500
    static let maxPlanLength = 64

    var unitLevels: [String: Level] = [:]
    var groups: Set<Int> = []

    init(_ db: Database) throws {
        for r in try Row.fetchAll(db, sql: "SELECT code, level FROM units") {
            unitLevels[r[0]] = Level(rawValue: r[1])
        }
        groups = Set(try Int.fetchAll(db, sql: "SELECT id FROM tech_groups"))
    }

    /// The first thing wrong with a task, as `field: message`, or nil.
    func problem(_ t: TaskRecord) -> String? {
        if t.id.isEmpty { return "task_id: is empty" }
        if t.id.count > Self.maxIDLength { return "task_id: is longer than \(Self.maxIDLength) characters" }
        if t.id.unicodeScalars.contains(where: { $0.value < 0x21 || (0x7F..<0xA0).contains($0.value) }) {
            return "task_id: \(ReportValidator.quoted(t.id)) holds spaces or control characters"
        }
        if t.title.trimmingCharacters(in: .whitespaces).isEmpty { return "title: is empty" }
        if t.title.count > Self.maxTitleLength { return "title: is longer than \(Self.maxTitleLength) characters" }
        if t.plan.trimmingCharacters(in: .whitespaces).isEmpty { return "plan: is empty" }
        if t.plan.count > Self.maxPlanLength { return "plan: is longer than \(Self.maxPlanLength) characters" }
        if !(1...6).contains(t.area) { return "area: \(t.area) is not one of the six areas 1–6" }
        if let g = t.techGroup, !groups.contains(g) { return "tech_group: \(g) is not in the catalogue of technology groups" }
        guard let level = unitLevels[t.unitCode] else { return "unit_code: no unit \(ReportValidator.quoted(t.unitCode))" }
        if level != t.level { return "level: unit \(t.unitCode) is a \(level.rawValue) unit, not \(t.level.rawValue)" }
        return nil
    }

    func refuseDemo(_ db: Database) throws {
        if try Reading.isDemo(db) {
            throw NQ57Error(.badData, "this database holds demo data (nq57 demo); put real tasks in another database (--db)")
        }
    }
}
