import Foundation
import NQ57Core
import NQ57Store

extension PostgresStore {
    // MARK: - Check

    /// Recounts every task's state from the report history and every count from the tasks, and
    /// compares with the maintained ones: one line per difference (empty when they agree).
    public func verifyCounts() throws -> [String] {
        try read { c in
            try requireSchema(c)
            var problems: [String] = []
            let states = try c.exec("""
                SELECT t.id, t.status, t.progress, t.reported_at, t.completed_on,
                       coalesce(s.status, 'not_started'), coalesce(s.progress, 0), s.reported_at, s.completed_on
                FROM tasks t LEFT JOIN nq57_states_at(9223372036854775807, false) s ON s.key = t.key
                WHERE (t.status, t.progress, t.reported_at, t.completed_on)
                      IS DISTINCT FROM (coalesce(s.status, 'not_started'), coalesce(s.progress, 0), s.reported_at, s.completed_on)
                ORDER BY t.id LIMIT 1000
                """)
            for i in 0..<states.rows {
                problems.append("task \(states.text(i, 0)): maintained \(states.text(i, 1)) \(states.text(i, 2))% at \(states.text(i, 3)) "
                    + "completed \(states.text(i, 4)); history says \(states.text(i, 5)) \(states.text(i, 6))% at \(states.text(i, 7)) "
                    + "completed \(states.text(i, 8))")
            }
            for r in PostgresSchema.recount {
                let counts = try c.exec("""
                    WITH want AS (\(r.counts)), want2 (scope, key, total, done_on_time, done_late, open) AS (SELECT * FROM want),
                    have AS (SELECT * FROM state_counts WHERE scope = '\(r.scope)' AND total <> 0)
                    SELECT coalesce(w.key, h.key), h.total, h.done_on_time, h.done_late, h.open, w.total, w.done_on_time, w.done_late, w.open
                    FROM want2 w FULL JOIN have h ON h.key = w.key
                    WHERE (w.total, w.done_on_time, w.done_late, w.open) IS DISTINCT FROM (h.total, h.done_on_time, h.done_late, h.open)
                    ORDER BY 1 LIMIT 100
                    """)
                for i in 0..<counts.rows {
                    problems.append("counts \(r.scope) \(counts.text(i, 0)): maintained \((1...4).map { counts.optionalText(i, $0) ?? "-" }.joined(separator: "/")), "
                        + "recount \((5...8).map { counts.optionalText(i, $0) ?? "-" }.joined(separator: "/")) (total/done on time/done late/open)")
                }
                let open = try c.exec("""
                    WITH want AS (\(r.open)), want2 (scope, deadline, key, open) AS (SELECT * FROM want),
                    have AS (SELECT * FROM open_by_deadline WHERE scope = '\(r.scope)')
                    SELECT coalesce(w.key, h.key), coalesce(w.deadline, h.deadline), h.open, w.open
                    FROM want2 w FULL JOIN have h ON h.key = w.key AND h.deadline = w.deadline
                    WHERE w.open IS DISTINCT FROM h.open ORDER BY 1, 2 LIMIT 100
                    """)
                for i in 0..<open.rows {
                    problems.append("open by deadline \(r.scope) \(open.text(i, 0)) \(open.text(i, 1)): maintained \(open.optionalText(i, 2) ?? "-"), "
                        + "recount \(open.optionalText(i, 3) ?? "-")")
                }
            }
            problems += try checkFindTitles(c)
            problems += try checkInspectionsAndProposals(c)
            return problems
        }
    }

    /// Recomputes every task's state and every count from the history (`check --rebuild`).
    public func rebuild() throws {
        _ = try run { c in
            try c.transaction {
                try c.exec(PostgresSchema.rebuild)
                try rebuildFindTitles(c)
            }
        }
    }

    // MARK: - Writes

    /// One report, checked by Core's `ReportValidator` (the same rules and messages as on SQLite) and
    /// again by the database's constraints.
    public func report(_ fields: ReportFields, now: Timestamp) throws -> Report {
        try run { c in
            try requireSchema(c)
            return try c.transaction {
                let validator = ReportValidator(now: now, isKnownTask: { id in
                    ((try? c.exec("SELECT 1 FROM tasks WHERE id = $1", [id]))?.rows ?? 0) == 1
                })
                switch validator.validate(fields) {
                case .failure(let problem):
                    throw StoreError.invalid(problem).error
                case .success(let input):
                    let r = try c.exec("""
                        INSERT INTO report_log (task_key, reported_at, status, progress, note, reported_by)
                        SELECT key, $2, $3, $4, $5, $6 FROM tasks WHERE id = $1 RETURNING id
                        """, [input.taskID, String(input.reportedAt.seconds), input.status.rawValue, String(input.progress), input.note,
                              input.reportedBy])
                    return Report(id: r.int64(0, 0), taskID: input.taskID, reportedAt: input.reportedAt, status: input.status,
                                  progress: input.progress, note: input.note, reportedBy: input.reportedBy)
                }
            }
        }
    }
}

extension PostgresStore {
    /// Imports a CSV file of reports (header `task_id,status,progress,reported_at,note,reported_by`):
    /// every row checked by Core's `CSVReader` and `ReportValidator`, every bad row listed (`file:line:
    /// message`, as on SQLite), the good rows streamed with one `COPY` and inserted in one statement,
    /// in one transaction: all or nothing. A row that repeats a stored report (same task, time,
    /// status, progress, note and author) is not stored again unless `allowRepeats`.
    public func importReports(_ path: String, dryRun: Bool, allowRepeats: Bool, now: Timestamp) throws -> ImportSummary {
        // Read in 1 MB chunks, as the rows stream into COPY: memory does not grow with the file.
        guard let file = FileHandle(forReadingAtPath: path) else { throw StoreError.noSuchFile(path: path).error }
        defer { try? file.close() }
        func chunk() throws -> [UInt8]? {
            let data = try file.read(upToCount: 1 << 20) ?? Data()
            return data.isEmpty ? nil : [UInt8](data)
        }
        guard var first = try chunk() else { throw StoreError.emptyFile(path: path).error }
        first.removeFirst(ByteOrderMark.length(first))
        if ReportFileFormat.looksBinary(first.prefix(8192)) { throw StoreError.binaryImport(path: path).error }
        guard let firstText = first.firstIndex(where: { !($0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D) }) else {
            if try chunk() == nil { throw StoreError.emptyFile(path: path).error }
            throw StoreError.leadingBlankSpace(path: path).error
        }
        var pending: [UInt8]? = first
        let next: () throws -> [UInt8]? = {
            if let p = pending { pending = nil; return p }
            return try chunk()
        }
        // As on SQLite: a first non-blank `{` is JSON Lines of reports, anything else CSV with a header.
        let isJSON = first[firstText] == UInt8(ascii: "{")
        var reader = CSVReader(next: next)
        let columns = ReportFileFormat.csvHeader.count
        if !isJSON {
            guard let header = try reader.read() else { throw StoreError.emptyFile(path: path).error }
            guard header.fields == ReportFileFormat.csvHeader else {
                // As SQLite says it (the other kinds were told apart by `importFile`).
                let found = header.problem.map { "a header that is not valid CSV (\($0.message))" } ?? Quoting.quoted(header.fields.joined(separator: ","))
                throw StoreError.importHeader(path: path, line: header.line, found: found).error
            }
        }
        let summary = try run { c in
            try requireSchema(c)
            return try c.transaction {
                let idsResult = try c.exec("SELECT id FROM tasks")
                var ids = Set<String>()
                ids.reserveCapacity(idsResult.rows)
                for i in 0..<idsResult.rows { ids.insert(idsResult.text(i, 0)) }
                ImportPhases.shared.mark("tasks-known")
                let validator = ReportValidator(now: now, isKnownTask: { ids.contains($0) })
                var problems = ProblemList(name: path)
                var good = 0
                // The author is the login connected, whatever the file's column says (`PostgresImportKinds`).
                let login = try c.exec("SELECT session_user").text(0, 0)
                var otherAuthors = 0
                func problem(_ line: Int, _ message: String) { problems.add(line: line, message) }
                try c.exec("CREATE TEMP TABLE import_reports (n bigint, task_id text, reported_at bigint, status text, progress integer, note text, reported_by text) ON COMMIT DROP")
                // Every row is checked; good rows go to COPY as they come. One bad row and the COPY is
                // abandoned at the end (the transaction rolls back), with every bad row listed.
                try c.copyIn("COPY import_reports FROM STDIN") { rows in
                    func take(_ line: Int, _ fields: ReportFields) {
                        switch validator.validate(fields) {
                        case .failure(let p): problem(line, p.description)
                        case .success(let r):
                            if problems.isEmpty {
                                rows.row([String(line), r.taskID, String(r.reportedAt.seconds), r.status.rawValue, String(r.progress), r.note, login])
                            }
                            if !r.reportedBy.isEmpty && r.reportedBy != login { otherAuthors += 1 }
                            good += 1
                        }
                    }
                    if isJSON {
                        do {
                            try JSONLines.read(next: next) { line, bytes in
                                switch JSONLines.fields(bytes) {
                                case nil: break
                                case .failure(let p)?: problem(line, p.description)
                                case .success(let f)?: take(line, f)
                                }
                            }
                        } catch let e as JSONLines.TooLong {
                            problem(e.line, e.message)
                        }
                    } else {
                        while true {
                            let record: CSVReader.Record
                            do {
                                guard let r = try reader.read() else { break }
                                record = r
                            } catch let p as CSVReader.Problem {
                                problem(p.line, p.message)
                                break
                            }
                            if let p = record.problem { problem(record.line, p.message); continue }
                            guard record.fields.count == columns else {
                                problem(record.line, "expected \(columns) fields, found \(record.fields.count)")
                                continue
                            }
                            let f = record.fields
                            take(record.line, ReportFields(taskID: f[0], status: f[1], progress: f[2], reportedAt: f[3], note: f[4], reportedBy: f[5]))
                        }
                    }
                    try problems.throwIfAny(outcome: dryRun ? "dry run, nothing written" : "nothing was imported")
                }
                ImportPhases.shared.mark("validated+copied")
                // The database's clock rule (`report_log_guard`), by the server's clock, for the whole
                // file at once: every such row listed by its line, nothing written.
                let future = try c.exec(PostgresSchema.futureRows)
                for i in 0..<future.rows {
                    problem(Int(future.int64(i, 0)), "reported_at is more than \(ReportValidator.futureTolerance / 60) minutes ahead of the server's clock (reported_at_window)")
                }
                try problems.throwIfAny(outcome: dryRun ? "dry run, nothing written" : "nothing was imported")
                // Statistics for the planner: without them the repeat check may read every stored
                // report of a task instead of probing (task, time).
                try c.exec("ANALYZE import_reports")
                // A repeat is probed by (task, time), one index look-up a row: as NOT EXISTS the planner
                // chose a hash anti join over every stored report (4.9 million at national, 12 s of a
                // 100,000-row import), which LIMIT in a LATERAL subquery rules out.
                let repeats = allowRepeats ? "" : """
                    LEFT JOIN LATERAL (SELECT 1 AS found FROM report_log r WHERE r.task_key = t.key AND r.reported_at = i.reported_at
                        AND r.status = i.status AND r.progress = i.progress AND r.note = i.note AND r.reported_by = i.reported_by LIMIT 1) s ON true
                    WHERE s.found IS NULL
                    """
                let inserted: Int
                if dryRun {
                    inserted = try c.exec("SELECT count(*) FROM import_reports i JOIN tasks t ON t.id = i.task_id \(repeats)").count(0, 0)
                    try c.exec("DROP TABLE import_reports")
                } else {
                    // The owner loads in bulk: nq57's row triggers disabled for this transaction
                    // (`PostgresBulk.swift`), their work done set-based after. Another account's rows
                    // go through the row triggers and its row-level security.
                    // Rows go in by task and time (file order within them, so ties keep the file's
                    // order, as SQLite's bulk import does): the (task, time) index fills in order
                    // instead of one random leaf a row; the sort stays in memory.
                    // JIT compiled the insert for 0.8 s and paid nothing back (its work is per row in C).
                    try c.exec("SET LOCAL work_mem = '64MB'; SET LOCAL jit = off")
                    let before = try c.exec("SELECT coalesce(max(id), 0) FROM report_log").text(0, 0)
                    var disabled: [(table: String, trigger: String)] = []
                    if try c.exec(PostgresSchema.bulkAllowed).bool(0, 0) {
                        let r = try c.exec(PostgresSchema.bulkEnabledTriggers)
                        disabled = (0..<r.rows).map { (r.text($0, 0), r.text($0, 1)) }
                        if !disabled.isEmpty { try c.exec(PostgresSchema.alterTriggers(disabled, enable: false)) }
                    }
                    inserted = try c.exec("""
                        WITH ins AS (INSERT INTO report_log (task_key, reported_at, status, progress, note, reported_by)
                            SELECT t.key, i.reported_at, i.status, i.progress, i.note, i.reported_by
                            FROM import_reports i JOIN tasks t ON t.id = i.task_id \(repeats) ORDER BY t.key, i.reported_at, i.n RETURNING 1)
                        SELECT count(*) FROM ins
                        """).count(0, 0)
                    ImportPhases.shared.mark("inserted")
                    if !disabled.isEmpty {
                        let names = Set(disabled.map { $0.trigger })
                        // The tasks' count triggers are off while the fold moves tasks: the counts move
                        // after by the touched tasks' differences, unless the file touches a third of the
                        // tasks or more (a 100,000-row national file touches 63%: the difference took
                        // 4.7 s there, a recount of everything 3.9 s), or a count trigger was already off.
                        let touched = try c.exec("SELECT count(DISTINCT task_key) FROM report_log WHERE id > $1", [before]).count(0, 0)
                        let byDifference = names.isSuperset(of: ["tasks_counts", "tasks_check_counts"]) && touched * 3 < ids.count
                        if byDifference { for sql in PostgresSchema.bulkTouchedBefore { try c.exec(sql, sql.contains("$1") ? [before] : []) } }
                        if names.contains("report_log_check") { try c.exec(PostgresSchema.clearVerdicts, [before]) }
                        if names.contains("reports_state") {
                            for fold in PostgresSchema.afterBulkReports { try c.exec(fold, [before]) }
                        }
                        ImportPhases.shared.mark("folded")
                        try c.exec(byDifference ? PostgresSchema.recountTouched : PostgresSchema.recountAll)
                        ImportPhases.shared.mark("recounted")
                        // A task updated twice in this transaction (verdict, then fold) queued the check of
                        // its deferred foreign key (tech_group) for the commit; ALTER TABLE refuses to run
                        // with it pending, so the checks run now.
                        try c.exec("SET CONSTRAINTS ALL IMMEDIATE")
                        try c.exec(PostgresSchema.alterTriggers(disabled, enable: true))
                    }
                }
                var summary = ImportSummary(kind: .reports, format: isJSON ? .jsonLines : .csv, rows: inserted, dryRun: dryRun, alreadyStored: good - inserted)
                summary.otherAuthors = otherAuthors
                return summary
            }
        }
        ImportPhases.shared.mark("committed")
        return summary
    }
}

extension PostgresStore {
    /// Records an ecosystem figure; one with the same key, date and source is replaced. Core's
    /// `MetricValidator` first (the same messages as on SQLite), then the table's constraints.
    public func setMetric(_ metric: Metric) throws {
        guard let key = MetricValidator.key(metric.key) else { throw StoreError.metricKey(metric.key).error }
        guard MetricValidator.isAcceptable(metric.value) else { throw StoreError.metricValue(metric.value).error }
        if let p = MetricValidator.textProblem(source: metric.source, qualifier: metric.qualifier) { throw StoreError.invalid(p).error }
        if let p = MetricValidator.textProblem(source: metric.sourceVI, qualifier: nil) { throw StoreError.invalid(p).error }
        try run { c in
            try requireSchema(c)
            try c.transaction {
                // Only keys of the figures' catalogue, as on SQLite: a typo never becomes a row on screen.
                let r = try c.exec("SELECT key FROM metric_catalogue ORDER BY position, key")
                let known = (0..<r.rows).map { r.text($0, 0) }
                guard known.contains(key) else { throw StoreError.unknownMetric(key: key, known: known).error }
                try c.exec("""
                    INSERT INTO metrics (key, value, as_of, qualifier, source, source_vi) VALUES ($1, $2::double precision, $3::date, $4, $5, $6)
                    ON CONFLICT (key, as_of, source) DO UPDATE SET value = excluded.value, qualifier = excluded.qualifier,
                        source_vi = excluded.source_vi
                    """, [key, "\(metric.value)", metric.asOf.description, metric.qualifier.flatMap { $0.isEmpty ? nil : $0 }, metric.source,
                          metric.sourceVI])
            }
        }
    }
}
