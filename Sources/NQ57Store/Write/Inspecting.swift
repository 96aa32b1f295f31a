import Foundation
import GRDB
import NQ57Core

/// How `nq57 inspect plan` divides the population into strata.
public enum InspectionStratification: String, Sendable, Hashable, CaseIterable {
    /// By province (a province's own tasks and its communes'), the central level as one more stratum.
    case province
    case unit
    case level
    /// By technology group; tasks that serve none form the stratum `none`.
    case group
}

/// Which tasks a plan draws from: every task, or a province (with its communes), a unit, a level or a
/// technology group.
public enum InspectionScope: Hashable, Sendable {
    case all
    case province(String)
    case unit(String)
    case level(Level)
    case group(Int)

    /// Parses `province:01`, `unit:BTC`, `level:commune`, `group:3` (or empty for all).
    public init?(_ text: String) {
        let t = text.trimmingASCIISpaces()
        if t.isEmpty || t == "all" { self = .all; return }
        let parts = t.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return nil }
        switch parts[0] {
        case "province": self = .province(parts[1])
        case "unit": self = .unit(parts[1])
        case "level": guard let l = Level(rawValue: parts[1]) else { return nil }; self = .level(l)
        case "group": guard let g = Int(parts[1]) else { return nil }; self = .group(g)
        default: return nil
        }
    }

    var sql: (String, StatementArguments) {
        switch self {
        case .all: ("1", [])
        case .province(let p): ("u.province_code = ?", [p])
        case .unit(let c): ("t.unit_code = ?", [c])
        case .level(let l): ("t.level = ?", [l.rawValue])
        case .group(let g): ("t.tech_group = ?", [g])
        }
    }
}

/// One row of a work list: a task drawn for inspection, with what its unit reports.
public struct WorklistRow: Hashable, Sendable {
    public var taskID: String
    public var unit: String
    public var province: String
    public var title: String
    /// The derived state and completion day as the unit reports them: `done_late 2025-07-03`.
    public var reportedState: String
    public var stratum: String

    public init(taskID: String, unit: String, province: String, title: String, reportedState: String, stratum: String) {
        (self.taskID, self.unit, self.province, self.title, self.reportedState, self.stratum) = (taskID, unit, province, title, reportedState, stratum)
    }
}

/// What an inspection import did.
public struct InspectionImportSummary: Hashable, Sendable {
    public var rows: Int
    /// Work-list rows whose verdict was left empty: not imported.
    public var blank: Int
    public var dryRun: Bool
}

extension SQLiteStore {
    /// Records one inspection as typed (`nq57 inspect`), validated by `InspectionValidator` against the
    /// task's latest report and the inspecting bodies. Errors are one line naming the field.
    @discardableResult
    public func inspect(_ fields: InspectionFields, now: Timestamp) throws -> Inspection {
        try write { db in
            switch try Inspecting.validator(db, now: now).validate(fields) {
            case .failure(let problem): throw StoreError.invalid(problem).error
            case .success(let input):
                try Inspecting.insert(db, input)
                return Inspection(id: db.lastInsertedRowID, taskID: input.taskID, inspectedAt: input.inspectedAt, verdict: input.verdict,
                                  reason: input.reason, inspectedBy: input.inspectedBy, evidence: input.evidence)
            }
        }
    }

    /// The inspecting bodies, by code: the Committee's inspection, the provinces' offices, the central bodies.
    public func inspectionBodies() throws -> [(code: String, name: String)] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT code, name FROM inspection_bodies").map { ($0[0], $0[1]) }
        }
    }

    /// A reproducible stratified random sample of done, not yet checked tasks.
    ///
    /// The population is every task of `scope` whose latest report says done and that has no standing
    /// verdict. `sample` is shared among the strata in proportion to their size (largest remainders;
    /// every stratum gets at least one while the sample allows), and each stratum's tasks are drawn
    /// without replacement by a seeded shuffle of the tasks in id order: the same data and seed give
    /// the same list. Rows come by stratum, then task id.
    public func inspectionPlan(sample: Int, seed: UInt64, by: InspectionStratification, scope: InspectionScope = .all,
                               asOf: CivilDate) throws -> [WorklistRow] {
        try read { db in
            let stratum = switch by {
            case .province: "ifnull(u.province_code, 'central')"
            case .unit: "t.unit_code"
            case .level: "t.level"
            case .group: "ifnull(CAST(t.tech_group AS TEXT), 'none')"
            }
            let (filter, arguments) = scope.sql
            let rows = try Row.fetchAll(db, sql: """
                SELECT \(stratum), t.key FROM tasks t JOIN units u ON u.code = t.unit_code
                WHERE t.status = 'done' AND t.verdict IS NULL AND \(filter)
                ORDER BY 1, t.id
                """, arguments: arguments)
            let chosen = Inspecting.draw(rows.map { ($0.text(0), $0.int64(1)) }, sample: sample, seed: seed)
            var out: [WorklistRow] = []
            // The province's code is the last column, whatever taskColumns holds.
            let statement = try db.cachedStatement(sql: """
                SELECT \(Reading.taskColumns), ifnull(u.province_code, '') FROM tasks t JOIN units u ON u.code = t.unit_code WHERE t.key = ?
                """)
            for (key, task) in chosen {
                guard let r = try Row.fetchOne(statement, arguments: [task]) else { continue }
                let row = Reading.taskRow(r, asOf: asOf)
                let state = row.derived.rawValue + (row.state.completedOn.map { " \($0)" } ?? "")
                out.append(WorklistRow(taskID: row.task.id, unit: row.task.unitCode + " " + row.unitName, province: (r[r.count - 1] as String?) ?? "",
                                       title: row.task.title, reportedState: state, stratum: key))
            }
            return out.sorted { ($0.stratum, $0.taskID) < ($1.stratum, $1.taskID) }
        }
    }

    /// The work list as CSV (`InspectionFileFormat.csvHeader`), the columns to fill left empty.
    public static func worklistCSV(_ rows: [WorklistRow], write: (String) -> Void) {
        withoutActuallyEscaping(write) { write in
            var out = ExportWriter(columns: InspectionFileFormat.csvHeader, format: .csv, write: write)
            for r in rows {
                out.row([.text(r.taskID), .text(r.unit), .text(r.province), .text(r.title), .text(r.reportedState),
                         .null, .null, .null, .null, .null])
            }
            out.flush()
        }
    }
}

public enum Inspecting {
    /// The draw of `nq57 inspect plan`, the same on every store: `population` is (stratum, task key)
    /// ordered by stratum then task id; `sample` is shared among the strata (`allocate`) and each
    /// stratum's tasks drawn without replacement by a seeded shuffle. Returns (stratum, key) pairs.
    public static func draw(_ population: [(stratum: String, key: Int64)], sample: Int, seed: UInt64) -> [(stratum: String, key: Int64)] {
        var strata: [(key: String, tasks: [Int64])] = []
        for (key, task) in population {
            if strata.last?.key != key { strata.append((key, [])) }
            strata[strata.count - 1].tasks.append(task)
        }
        let sizes = allocate(sample, sizes: strata.map(\.tasks.count))
        var rng = SplitMix64(seed: seed)
        var chosen: [(stratum: String, key: Int64)] = []
        for (i, s) in strata.enumerated() {
            var tasks = s.tasks
            var stream = SplitMix64(seed: rng.next())
            let n = min(sizes[i], tasks.count)
            for j in 0..<n {
                tasks.swapAt(j, j + stream.below(tasks.count - j))
            }
            chosen += tasks[0..<n].sorted().map { (s.key, $0) }
        }
        return chosen
    }

    static func validator(_ db: Database, now: Timestamp) throws -> InspectionValidator {
        let target = try db.cachedStatement(sql: "SELECT status, reported_at FROM tasks WHERE id = ?")
        let body = try db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM inspection_bodies WHERE code = ?)")
        return InspectionValidator(now: now, target: { id in
            guard let r = try? Row.fetchOne(target, arguments: [id]) else { return nil }
            let at: Int64? = r[1]
            return InspectionTarget(status: at == nil ? nil : ReportStatus(rawValue: r[0]), reportedAt: at.map(Timestamp.init(seconds:)))
        }, isKnownBody: { code in (try? Bool.fetchOne(body, arguments: [code])) ?? false })
    }

    static func insert(_ db: Database, _ i: InspectionInput) throws {
        try db.cachedStatement(sql: """
            INSERT INTO inspection_log (task_key, inspected_at, verdict, reason, inspected_by, evidence, account)
            VALUES ((SELECT key FROM tasks WHERE id = ?), ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [i.taskID, i.inspectedAt.seconds, i.verdict.rawValue, i.reason, i.inspectedBy, i.evidence,
                                     String(SQLiteStore.processLogin.prefix(64))])
    }

    /// Shares `total` among strata of the given sizes in proportion (largest remainders), at least one
    /// each while `total` allows, never more than a stratum holds.
    static func allocate(_ total: Int, sizes: [Int]) -> [Int] {
        let population = sizes.reduce(0, +)
        guard total > 0, population > 0 else { return sizes.map { _ in 0 } }
        if total >= population { return sizes }
        var out = sizes.map { $0 > 0 && total >= sizes.filter { $0 > 0 }.count ? 1 : 0 }
        var left = total - out.reduce(0, +)
        let exact = sizes.map { Double($0) * Double(left) / Double(population) }
        for i in sizes.indices {
            let add = min(Int(exact[i]), sizes[i] - out[i])
            out[i] += add
            left -= add
        }
        let order = sizes.indices.sorted { (exact[$0] - exact[$0].rounded(.down), -$0) > (exact[$1] - exact[$1].rounded(.down), -$1) }
        while left > 0 {
            var moved = false
            for i in order where left > 0 && out[i] < sizes[i] {
                out[i] += 1
                left -= 1
                moved = true
            }
            if !moved { break }
        }
        return out
    }
}

/// Validates and (unless dry) inserts the rows of a filled work list, all or nothing.
final class InspectionImporter {
    let db: Database
    let write: Bool
    var problems: ProblemList
    private let validator: InspectionValidator
    private var rows = 0
    private var blank = 0

    func problem(_ line: Int, _ message: String) { problems.add(line: line, message) }

    init(_ db: Database, name: String, write: Bool, now: Timestamp) throws {
        self.db = db
        self.write = write
        problems = ProblemList(name: name)
        validator = try Inspecting.validator(db, now: now)
    }

    /// One row in `InspectionFileFormat.csvHeader` order.
    func add(line: Int, fields f: [String]) throws {
        if f[5].trimmingASCIISpaces().isEmpty && f[6].trimmingASCIISpaces().isEmpty {
            blank += 1
            return
        }
        switch validator.validate(InspectionFields(taskID: f[0], verdict: f[5], reason: f[6], by: f[7], at: f[8], evidence: f[9])) {
        case .failure(let p): problems.add(line: line, p.description)
        case .success(let input):
            rows += 1
            if write && problems.isEmpty { try Inspecting.insert(db, input) }
        }
    }

    func finish() throws -> InspectionImportSummary {
        try problems.throwIfAny(outcome: write ? "nothing was imported" : "dry run, nothing written")
        return InspectionImportSummary(rows: rows, blank: blank, dryRun: !write)
    }
}
