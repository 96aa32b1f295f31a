import Foundation
import GRDB
import NQ57Core

/// What `initialize` did, for the command line to print.
public struct InitSummary: Hashable, Sendable {
    /// Migrations applied by this call, oldest first (empty when the schema was already current).
    public var migrationsApplied: [String]
    public var centralUnits: Int
    public var provinces: Int
    public var communes: Int
    public var techGroups: Int
    public var metrics: Int
    /// Where the catalogue of technology groups came from (`strategic-tech-groups-1131.csv` by default).
    public var catalogueSource: String
}

extension SQLiteStore {
    /// Creates or migrates the schema, then loads the reference data idempotently: the Steering
    /// Committee and 17 central bodies, 34 provinces, 3,321 communes, the six highlight areas, the
    /// dated ecosystem figures and, on a new database, the 11 technology groups of Decision 1131.
    ///
    /// With `techGroupsFile`, the catalogue of technology groups is replaced by that CSV (header
    /// `id,name_vi,name_en,product_groups,verified`). The file is validated before anything is written
    /// (every bad line is listed, `.badData`), and the replacement is refused (`.badData`, catalogue
    /// unchanged) when existing tasks use group ids the new catalogue lacks. Figures already present,
    /// and a catalogue replaced earlier, are kept.
    @discardableResult
    public func initialize(techGroupsFile: String? = nil) throws -> InitSummary {
        guard access == .readWrite else { throw NQ57Error(.io, "\(path): opened read-only") }
        let newCatalogue = try techGroupsFile.map { file in
            try Catalogue.parse(try FileSystem.readAll(file), name: file)
        }
        let files = try ReferenceData.read()
        let fingerprint = ReferenceData.fingerprint(files)
        let migrator = Schema.migrator
        let before = try appliedMigrations()
        try run { try migrator.migrate(queue) }
        let applied = migrator.migrations.filter { !before.contains($0) }
        return try write { db in
            // Every writing command may start here: when nothing changed, this is a few reads.
            let stored = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'reference'")
            if stored != fingerprint {
                try ReferenceData.load(files).store(db)
                try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('reference', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                               arguments: [fingerprint])
            }
            if let newCatalogue, let techGroupsFile {
                try Catalogue.replace(db, with: newCatalogue, source: (techGroupsFile as NSString).lastPathComponent, name: techGroupsFile)
            } else if try Int.fetchOne(db, sql: "SELECT count(*) FROM tech_groups") == 0 {
                let groups = try Catalogue.parse(files[ReferenceData.techGroupsFile] ?? [], name: ReferenceData.techGroupsFile)
                try Catalogue.replace(db, with: groups, source: ReferenceData.techGroupsFile, name: ReferenceData.techGroupsFile)
            }
            func count(_ sql: String) throws -> Int { try Int.fetchOne(db, sql: sql) ?? 0 }
            return InitSummary(
                migrationsApplied: applied,
                centralUnits: try count("SELECT count(*) FROM units WHERE level = 'central'"),
                provinces: try count("SELECT count(*) FROM units WHERE level = 'province'"),
                communes: try count("SELECT count(*) FROM units WHERE level = 'commune'"),
                techGroups: try count("SELECT count(*) FROM tech_groups"),
                metrics: try count("SELECT count(*) FROM metrics"),
                catalogueSource: try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'catalogue_source'") ?? "")
        }
    }
}

/// The reference data shipped in the `Reference` resource directory.
struct ReferenceData {
    static let resourceBundleName = "nq57_NQ57Store.resources"
    static let techGroupsFile = "strategic-tech-groups-1131.csv"

    var units: [(unit: AdminUnit, kindVI: String)]
    var metrics: [Metric]

    /// The `Reference` directory, found without SwiftPM's generated `Bundle.module` (which calls
    /// `fatalError` when the bundle is missing): beside the executable (symlinks resolved), beside
    /// `Bundle.main`, then in the source tree this file was built from.
    static func directory() throws -> String {
        var candidates: [String] = []
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            candidates.append((exe as NSString).deletingLastPathComponent + "/" + resourceBundleName + "/Reference")
        }
        if let arg0 = CommandLine.arguments.first, arg0.contains("/") {
            let resolved = (arg0 as NSString).resolvingSymlinksInPath
            candidates.append((resolved as NSString).deletingLastPathComponent + "/" + resourceBundleName + "/Reference")
        }
        candidates.append(Bundle.main.bundlePath + "/" + resourceBundleName + "/Reference")
        candidates.append((#filePath as NSString).deletingLastPathComponent + "/Reference")
        for dir in candidates where FileSystem.exists(dir + "/" + techGroupsFile) {
            return dir
        }
        throw NQ57Error(.io, "reference data not found: no \(resourceBundleName) beside the executable; reinstall nq57 with its resources")
    }

    static let files = ["central-units-2025.csv", "admin-units-2025.csv", techGroupsFile, "ecosystem-metrics.csv"]

    /// The reference files' bytes, by name.
    static func read() throws -> [String: [UInt8]] {
        let dir = try directory()
        var out: [String: [UInt8]] = [:]
        for file in files { out[file] = try FileSystem.readAll(dir + "/" + file) }
        return out
    }

    /// A checksum of the reference files (FNV-1a, 64 bits): unchanged files need no reloading.
    static func fingerprint(_ files: [String: [UInt8]]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for name in files.keys.sorted() {
            for b in Array(name.utf8) + [0] + files[name]! {
                hash = (hash ^ UInt64(b)) &* 0x100_0000_01b3
            }
        }
        return String(hash, radix: 16)
    }

    static func load(_ files: [String: [UInt8]]) throws -> ReferenceData {
        func rows(_ file: String, header: [String]) throws -> [CSVReader.Record] {
            let path = file
            var reader = CSVReader(bytes: files[file] ?? [])
            guard let first = try reader.read(), first.fields == header else {
                throw NQ57Error(.io, "\(path):1: not the expected header \(header.joined(separator: ","))")
            }
            var out: [CSVReader.Record] = []
            while let r = try reader.read() {
                if r.fields == [""] { continue }
                guard r.problem == nil, r.fields.count == header.count else {
                    throw NQ57Error(.io, "\(path):\(r.line): \(r.problem?.message ?? "expected \(header.count) fields, found \(r.fields.count)")")
                }
                out.append(r)
            }
            return out
        }
        var units: [(AdminUnit, String)] = []
        for r in try rows("central-units-2025.csv", header: ["level", "code", "name", "kind"]) {
            units.append((AdminUnit(code: r.fields[1], level: .central, name: r.fields[2], kind: r.fields[3]), ""))
        }
        for r in try rows("admin-units-2025.csv", header: ["level", "code", "name", "kind_vi", "kind", "parent_code"]) {
            guard let level = Level(rawValue: r.fields[0]) else {
                throw NQ57Error(.io, "admin-units-2025.csv:\(r.line): unknown level \(r.fields[0])")
            }
            units.append((AdminUnit(code: r.fields[1], level: level, name: r.fields[2], kind: r.fields[4],
                                    parentCode: r.fields[5].isEmpty ? nil : r.fields[5]), r.fields[3]))
        }
        var metrics: [Metric] = []
        for r in try rows("ecosystem-metrics.csv", header: ["metric", "value", "as_of", "qualifier", "source"]) {
            guard let value = Double(r.fields[1]), let asOf = CivilDate(r.fields[2]) else {
                throw NQ57Error(.io, "ecosystem-metrics.csv:\(r.line): bad value or date")
            }
            metrics.append(Metric(key: r.fields[0], value: value, asOf: asOf,
                                  qualifier: r.fields[3].isEmpty ? nil : r.fields[3], source: r.fields[4]))
        }
        return ReferenceData(units: units, metrics: metrics)
    }

    /// Inserts or refreshes units and areas, and adds the figures not yet present.
    func store(_ db: Database) throws {
        let unit = try db.makeStatement(sql: """
            INSERT INTO units (code, level, name, kind, kind_vi, parent_code, province_code, position)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (code) DO UPDATE SET level = excluded.level, name = excluded.name, kind = excluded.kind,
                kind_vi = excluded.kind_vi, parent_code = excluded.parent_code,
                province_code = excluded.province_code, position = excluded.position
            """)
        // Provinces before their communes: the parent key must exist.
        let ordered = units.enumerated().sorted { ($0.element.unit.level.rank, $0.offset) < ($1.element.unit.level.rank, $1.offset) }
        for (position, entry) in ordered {
            let u = entry.unit
            try unit.execute(arguments: [u.code, u.level.rawValue, u.name, u.kind, entry.kindVI, u.parentCode,
                                         u.provinceCode, position])
        }
        let area = try db.makeStatement(sql: """
            INSERT INTO areas (id, name_vi, name_en) VALUES (?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET name_vi = excluded.name_vi, name_en = excluded.name_en
            """)
        for a in Area.highlightAreas {
            try area.execute(arguments: [a.id, a.nameVI, a.nameEN])
        }
        let metric = try db.makeStatement(sql: """
            INSERT INTO metrics (key, value, as_of, qualifier, source) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (key, as_of, source) DO NOTHING
            """)
        for m in metrics {
            try metric.execute(arguments: [m.key, m.value, m.asOf.description, m.qualifier, m.source])
        }
    }
}

/// The catalogue of strategic technology groups: data the user can replace.
enum Catalogue {
    static let header = ["id", "name_vi", "name_en", "product_groups", "verified"]

    /// Parses and validates a catalogue CSV, listing every bad line (`groups.csv:4: verified: …`).
    static func parse(_ bytes: [UInt8], name: String) throws -> [TechGroup] {
        if bytes.isEmpty { throw NQ57Error(.badData, "\(name): the file is empty") }
        if ReportFileFormat.looksBinary(bytes.prefix(8192)) {
            throw NQ57Error(.badData, "\(name): looks like a binary file, not CSV")
        }
        var reader = CSVReader(bytes: bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes)
        var problems = ProblemList(name: name)
        var groups: [TechGroup] = []
        do {
            guard let first = try reader.read() else { throw NQ57Error(.badData, "\(name): the file is empty") }
            guard first.fields == header else {
                throw NQ57Error(.badData, "\(name):1: the header is \(ReportValidator.quoted(first.fields.joined(separator: ","))); expected \(header.joined(separator: ","))")
            }
            var seen = Set<Int>()
            while let r = try reader.read() {
                if r.fields == [""] { continue }
                if let p = r.problem { problems.add(line: r.line, p.message); continue }
                guard r.fields.count == header.count else {
                    problems.add(line: r.line, "expected \(header.count) fields, found \(r.fields.count)")
                    continue
                }
                let f = r.fields.map { $0.trimmingCharacters(in: .whitespaces) }
                guard let id = Int(f[0]), id > 0 else {
                    problems.add(line: r.line, "id: \(ReportValidator.quoted(f[0])) is not a positive whole number")
                    continue
                }
                guard seen.insert(id).inserted else { problems.add(line: r.line, "id: \(id) appears twice"); continue }
                if f[1].isEmpty { problems.add(line: r.line, "name_vi: is empty"); continue }
                if f[2].isEmpty { problems.add(line: r.line, "name_en: is empty"); continue }
                var productGroups: Int?
                if !f[3].isEmpty {
                    guard let n = Int(f[3]), n >= 0 else {
                        problems.add(line: r.line, "product_groups: \(ReportValidator.quoted(f[3])) is not a whole number")
                        continue
                    }
                    productGroups = n
                }
                guard let verified = Verification(rawValue: f[4]) else {
                    problems.add(line: r.line, "verified: \(ReportValidator.quoted(f[4])) is not one of yes, name-only, to-verify")
                    continue
                }
                groups.append(TechGroup(id: id, nameVI: f[1], nameEN: f[2], productGroups: productGroups, verified: verified))
            }
        } catch let p as CSVReader.Problem {
            problems.add(line: p.line, p.message)
        }
        try problems.throwIfAny(outcome: "nothing changed")
        if groups.isEmpty { throw NQ57Error(.badData, "\(name): the catalogue has no groups") }
        return groups
    }

    /// Replaces the catalogue; refuses when tasks use a group id the new catalogue lacks.
    static func replace(_ db: Database, with groups: [TechGroup], source: String, name: String) throws {
        let ids = Set(groups.map(\.id))
        let used = try Int.fetchAll(db, sql: "SELECT DISTINCT tech_group FROM tasks WHERE tech_group IS NOT NULL ORDER BY tech_group")
        let missing = used.filter { !ids.contains($0) }
        if !missing.isEmpty {
            throw NQ57Error(.badData, "\(name): tasks use technology group\(missing.count == 1 ? "" : "s") \(missing.map(String.init).joined(separator: ", ")), which the new catalogue lacks; nothing changed")
        }
        let upsert = try db.makeStatement(sql: """
            INSERT INTO tech_groups (id, name_vi, name_en, product_groups, verified, position) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET name_vi = excluded.name_vi, name_en = excluded.name_en,
                product_groups = excluded.product_groups, verified = excluded.verified, position = excluded.position
            """)
        for (position, g) in groups.enumerated() {
            try upsert.execute(arguments: [g.id, g.nameVI, g.nameEN, g.productGroups, g.verified.rawValue, position])
        }
        for id in try Int.fetchAll(db, sql: "SELECT id FROM tech_groups") where !ids.contains(id) {
            try db.execute(sql: "DELETE FROM tech_groups WHERE id = ?", arguments: [id])
        }
        try db.execute(sql: """
            DELETE FROM state_counts WHERE scope = 'group' AND key NOT IN (SELECT CAST(id AS TEXT) FROM tech_groups)
            """)
        try db.execute(sql: """
            INSERT INTO meta (key, value) VALUES ('catalogue_source', ?)
            ON CONFLICT (key) DO UPDATE SET value = excluded.value
            """, arguments: [source])
    }
}

/// Bad lines of an input file: every one is counted, the first few are listed.
struct ProblemList {
    static let listed = 20
    var name: String
    private(set) var lines: [String] = []
    private(set) var count = 0

    init(name: String) { self.name = name }

    mutating func add(line: Int, _ message: String) {
        count += 1
        if lines.count < Self.listed { lines.append("\(name):\(line): \(message)") }
    }

    var isEmpty: Bool { count == 0 }

    /// Throws one `NQ57Error(.badData)` whose message lists the bad lines one per line, then
    /// "… and N more bad rows", then a last line with the total and the `outcome`.
    func throwIfAny(outcome: String) throws {
        guard count > 0 else { return }
        var text = lines.joined(separator: "\n")
        let more = count - lines.count
        if more > 0 { text += "\n… and \(more) more bad row\(more == 1 ? "" : "s")" }
        text += "\n\(name): \(count) bad row\(count == 1 ? "" : "s"); \(outcome)"
        throw NQ57Error(.badData, text)
    }
}
