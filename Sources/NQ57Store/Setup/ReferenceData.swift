import Foundation
import GRDB
import NQ57Core

/// The reference data shipped in the `Reference` resource directory.
struct ReferenceData {
    static let resourceBundleName = "nq57_NQ57Store.resources"
    static let techGroupsFile = "strategic-tech-groups-1131.csv"

    var units: [(unit: AdminUnit, kindVI: String)]
    var metrics: [Metric]

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
        for r in try rows("central-units-2025.csv", header: ["level", "code", "name", "kind"]) {
            units.append((AdminUnit(code: r.fields[1], level: .central, name: r.fields[2], kind: r.fields[3]), ""))
        }
        for r in try rows("admin-units-2025.csv", header: ["level", "code", "name", "kind_vi", "kind", "parent_code"]) {
            guard let level = Level(rawValue: r.fields[0]) else {
                throw StoreError.referenceFile("admin-units-2025.csv:\(r.line): unknown level \(r.fields[0])").error
            }
            units.append((AdminUnit(code: r.fields[1], level: level, name: r.fields[2], kind: r.fields[4],
                                    parentCode: r.fields[5].isEmpty ? nil : r.fields[5]), r.fields[3]))
        }
        var metrics: [Metric] = []
        for r in try rows("ecosystem-metrics.csv", header: ["metric", "value", "as_of", "qualifier", "source"]) {
            guard let value = Double(r.fields[1]), let asOf = CivilDate(r.fields[2]) else {
                throw StoreError.referenceFile("ecosystem-metrics.csv:\(r.line): bad value or date").error
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
