import Foundation
import GRDB
import NQ57Core

/// The reference data shipped in the `Reference` resource directory.
struct ReferenceData {
    static let resourceBundleName = "nq57_NQ57Store.resources"
    static let techGroupsFile = "strategic-tech-groups-1131.csv"
    /// The figures' catalogue (issue 11 §8): the keys `nq57 metric set` accepts, with their names and
    /// short names in both languages (the short names are nq57's own abbreviations).
    static let figuresFile = "figure-catalogue.csv"

    var units: [(unit: AdminUnit, kindVI: String)]
    var metrics: [Metric]
    var figures: [FigureName] = []
    /// The shipped catalogue of technology groups.
    var techGroups: [TechGroup] = []

    static func load(_ files: [String: [UInt8]]) throws -> ReferenceData {
        func rows(_ file: String, header: [String]) throws -> [CSVReader.Record] {
            let path = file
            var reader = CSVReader(bytes: files[file] ?? [])
            guard let first = try reader.read(), first.fields == header else {
                throw StoreError.referenceFile("\(path):1: not the expected header \(header.joined(separator: ","))").error
            }
            var out: [CSVReader.Record] = []
            while let r = try reader.read() {
                if r.fields == [""] { continue }
                guard r.problem == nil, r.fields.count == header.count else {
                    throw StoreError.referenceFile("\(path):\(r.line): \(r.problem?.message ?? "expected \(header.count) fields, found \(r.fields.count)")").error
                }
                out.append(r)
            }
            return out
        }
        var units: [(AdminUnit, String)] = []
        // The statistics office's files, with nq57's own short names (issue 11 §6) where a name is long.
        for r in try rows("central-units-2025.csv", header: ["level", "code", "name", "kind", "short_vi", "short_en"]) {
            var unit = AdminUnit(code: r.fields[1], level: .central, name: r.fields[2], kind: r.fields[3])
            unit.short = ShortName(vi: r.fields[4], en: r.fields[5])
            units.append((unit, ""))
        }
        for r in try rows("admin-units-2025.csv", header: ["level", "code", "name", "kind_vi", "kind", "parent_code"]) {
            guard let level = Level(rawValue: r.fields[0]) else {
                throw StoreError.referenceFile("admin-units-2025.csv:\(r.line): unknown level \(r.fields[0])").error
            }
            units.append((AdminUnit(code: r.fields[1], level: level, name: r.fields[2], kind: r.fields[4],
                                    parentCode: r.fields[5].isEmpty ? nil : r.fields[5]), r.fields[3]))
        }
        var metrics: [Metric] = []
        for r in try rows("ecosystem-metrics.csv", header: ["metric", "value", "as_of", "qualifier", "source", "source_vi"]) {
            guard let value = Double(r.fields[1]), let asOf = CivilDate(r.fields[2]) else {
                throw StoreError.referenceFile("ecosystem-metrics.csv:\(r.line): bad value or date").error
            }
            metrics.append(Metric(key: r.fields[0], value: value, asOf: asOf,
                                  qualifier: r.fields[3].isEmpty ? nil : r.fields[3], source: r.fields[4], sourceVI: r.fields[5]))
        }
        var figures: [FigureName] = []
        for r in try rows(figuresFile, header: ["key", "name_vi", "name_en", "short_vi", "short_en"]) {
            guard MetricValidator.key(r.fields[0]) == r.fields[0], !r.fields[1].isEmpty, !r.fields[2].isEmpty else {
                throw StoreError.referenceFile("\(figuresFile):\(r.line): bad key or empty name").error
            }
            figures.append(FigureName(key: r.fields[0], nameVI: r.fields[1], nameEN: r.fields[2],
                                      short: ShortName(vi: r.fields[3], en: r.fields[4])))
        }
        let techGroups = try Catalogue.parse(files[techGroupsFile] ?? [], name: techGroupsFile)
        return ReferenceData(units: units, metrics: metrics, figures: figures, techGroups: techGroups)
    }

    /// Inserts or refreshes units and areas, and adds the figures not yet present.
    func store(_ db: Database) throws {
        // A file before v14 (the older-file tests store reference data at an old version) has no
        // short names, Vietnamese sources or figures' catalogue yet: those are left out.
        let hasShortNames = try db.columns(in: "units").contains { $0.name == "short_vi" }
        let shortColumns = hasShortNames ? ", short_vi, short_en" : ""
        let unit = try db.makeStatement(sql: """
            INSERT INTO units (code, level, name, kind, kind_vi, parent_code, province_code, position\(shortColumns))
            VALUES (?, ?, ?, ?, ?, ?, ?, ?\(hasShortNames ? ", ?, ?" : ""))
            ON CONFLICT (code) DO UPDATE SET level = excluded.level, name = excluded.name, kind = excluded.kind,
                kind_vi = excluded.kind_vi, parent_code = excluded.parent_code,
                province_code = excluded.province_code, position = excluded.position
                \(hasShortNames ? ", short_vi = excluded.short_vi, short_en = excluded.short_en" : "")
            """)
        // Provinces before their communes: the parent key must exist.
        let ordered = units.enumerated().sorted { ($0.element.unit.level.rank, $0.offset) < ($1.element.unit.level.rank, $1.offset) }
        for (position, entry) in ordered {
            let u = entry.unit
            var arguments: StatementArguments = [u.code, u.level.rawValue, u.name, u.kind, entry.kindVI, u.parentCode,
                                                 u.provinceCode, position]
            if hasShortNames { arguments += [u.short.vi, u.short.en] }
            try unit.execute(arguments: arguments)
        }
        let area = try db.makeStatement(sql: """
            INSERT INTO areas (id, name_vi, name_en) VALUES (?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET name_vi = excluded.name_vi, name_en = excluded.name_en
            """)
        for a in Area.highlightAreas {
            try area.execute(arguments: [a.id, a.nameVI, a.nameEN])
        }
        guard hasShortNames else {
            for m in metrics {
                try db.execute(sql: "INSERT INTO metrics (key, value, as_of, qualifier, source) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                               arguments: [m.key, m.value, m.asOf.description, m.qualifier, m.source])
            }
            return
        }
        let metric = try db.makeStatement(sql: """
            INSERT INTO metrics (key, value, as_of, qualifier, source, source_vi) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (key, as_of, source) DO UPDATE SET source_vi = excluded.source_vi
            """)
        for m in metrics {
            try metric.execute(arguments: [m.key, m.value, m.asOf.description, m.qualifier, m.source, m.sourceVI])
        }
        // The shipped entries of the figures' catalogue are refreshed; entries a user added are kept.
        let figure = try db.makeStatement(sql: """
            INSERT INTO metric_catalogue (key, name_vi, name_en, short_vi, short_en, position) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (key) DO UPDATE SET name_vi = excluded.name_vi, name_en = excluded.name_en,
                short_vi = excluded.short_vi, short_en = excluded.short_en, position = excluded.position
            """)
        for (position, f) in figures.enumerated() {
            try figure.execute(arguments: [f.key, f.nameVI, f.nameEN, f.short.vi, f.short.en, position])
        }
        // The shipped catalogue of technology groups, where it is still the one in use, takes the short
        // names the shipped file carries now (a database made before v14, or with older short names); a
        // catalogue the user replaced (`init --tech-groups`) is left alone.
        if try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'catalogue_source'") == Self.techGroupsFile {
            let fill = try db.makeStatement(sql: """
                UPDATE tech_groups SET short_vi = ?, short_en = ? WHERE id = ? AND name_vi = ?
                """)
            for g in techGroups { try fill.execute(arguments: [g.short.vi, g.short.en, g.id, g.nameVI]) }
        }
    }
}
