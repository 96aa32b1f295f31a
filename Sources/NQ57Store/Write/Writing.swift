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
                throw StoreError.noTask(id: input.taskID).error
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
                throw StoreError.invalid(problem).error
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
            if let problem = try Writing.taskValidator(db).problem(task) { throw StoreError.invalid(problem).error }
            if try Writing.taskExists(db, task.id) { throw StoreError.taskExists(id: task.id).error }
            try Writing.refuseDemo(db)
            try Writing.insertTask(db, task, demo: false)
        }
    }

    /// Records an ecosystem figure; a figure with the same key, date and source is replaced.
    public func setMetric(_ metric: Metric) throws {
        guard let key = MetricValidator.key(metric.key) else { throw StoreError.metricKey(metric.key).error }
        guard MetricValidator.isAcceptable(metric.value) else { throw StoreError.metricValue(metric.value).error }
        if let p = MetricValidator.textProblem(source: metric.source, qualifier: metric.qualifier) { throw StoreError.invalid(p).error }
        if let p = MetricValidator.textProblem(source: metric.sourceVI, qualifier: nil) { throw StoreError.invalid(p).error }
        try write { db in
            // Only keys of the figures' catalogue (issue 11 §8): a typo never becomes a row on screen.
            let known = try String.fetchAll(db, sql: "SELECT key FROM metric_catalogue ORDER BY position, key")
            guard known.contains(key) else { throw StoreError.unknownMetric(key: key, known: known).error }
            try db.execute(sql: """
                INSERT INTO metrics (key, value, as_of, qualifier, source, source_vi) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (key, as_of, source) DO UPDATE SET value = excluded.value, qualifier = excluded.qualifier,
                    source_vi = excluded.source_vi
                """, arguments: [key, metric.value, metric.asOf.description,
                                 metric.qualifier.flatMap { $0.isEmpty ? nil : $0 }, metric.source, metric.sourceVI])
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

    /// Core's task rule, against this database's units and catalogue.
    static func taskValidator(_ db: Database) throws -> TaskValidator {
        var unitLevels: [String: Level] = [:]
        for r in try Row.fetchAll(db, sql: "SELECT code, level FROM units") {
            unitLevels[r.text(0)] = Level(rawValue: r.text(1))
        }
        return TaskValidator(unitLevels: unitLevels, groups: Set(try Int.fetchAll(db, sql: "SELECT id FROM tech_groups")))
    }

    /// Real tasks never mix with demo ones.
    static func refuseDemo(_ db: Database) throws {
        if try Reading.isDemo(db) { throw StoreError.demoDatabase.error }
    }

    static func insertTask(_ db: Database, _ t: TaskRecord, demo: Bool) throws {
        try db.cachedStatement(sql: """
            INSERT INTO tasks (id, title, plan, area, tech_group, level, unit_code, deadline, demo)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [t.id, t.title, t.plan, t.area, t.techGroup, t.level.rawValue, t.unitCode,
                                     t.deadline.description, demo ? 1 : 0])
    }
}
