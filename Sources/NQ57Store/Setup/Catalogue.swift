import Foundation
import GRDB
import NQ57Core

/// The catalogue of strategic technology groups: data the user can replace.
enum Catalogue {
    static let header = ["id", "name_vi", "name_en", "product_groups", "verified"]
    /// The header with the optional short names (issue 11 §6), as the shipped catalogue has it.
    static let headerWithShortNames = header + ["short_vi", "short_en"]

    /// Parses and validates a catalogue CSV, listing every bad line (`groups.csv:4: verified: …`).
    static func parse(_ bytes: [UInt8], name: String) throws -> [TechGroup] {
        if bytes.isEmpty { throw StoreError.emptyFile(path: name).error }
        if ReportFileFormat.looksBinary(bytes.prefix(8192)) {
            throw StoreError.binaryCatalogue(path: name).error
        }
        var reader = CSVReader(bytes: Array(bytes.dropFirst(ByteOrderMark.length(bytes))))
        var problems = ProblemList(name: name)
        var groups: [TechGroup] = []
        do {
            guard let first = try reader.read() else { throw StoreError.emptyFile(path: name).error }
            guard first.fields == header || first.fields == headerWithShortNames else {
                throw StoreError.catalogueHeader(path: name, found: Quoting.quoted(first.fields.joined(separator: ","))).error
            }
            var seen = Set<Int>()
            while let r = try reader.read() {
                if r.fields == [""] { continue }
                if let p = r.problem { problems.add(line: r.line, p.message); continue }
                guard r.fields.count == first.fields.count else {
                    problems.add(line: r.line, "expected \(first.fields.count) fields, found \(r.fields.count)")
                    continue
                }
                switch TechGroupValidator.group(fields: r.fields) {
                case .failure(let p):
                    problems.add(line: r.line, p.description)
                case .success(let group):
                    guard seen.insert(group.id).inserted else { problems.add(line: r.line, "id: \(group.id) appears twice"); continue }
                    groups.append(group)
                }
            }
        } catch let p as CSVReader.Problem {
            problems.add(line: p.line, p.message)
        }
        try problems.throwIfAny(outcome: "nothing changed")
        if groups.isEmpty { throw StoreError.emptyCatalogue(path: name).error }
        return groups
    }

    /// Replaces the catalogue; refuses when tasks use a group id the new catalogue lacks.
    static func replace(_ db: Database, with groups: [TechGroup], source: String, name: String) throws {
        let ids = Set(groups.map(\.id))
        let used = try Int.fetchAll(db, sql: "SELECT DISTINCT tech_group FROM tasks WHERE tech_group IS NOT NULL ORDER BY tech_group")
        let missing = used.filter { !ids.contains($0) }
        if !missing.isEmpty {
            throw StoreError.catalogueLacksGroups(path: name, groups: missing).error
        }
        let upsert = try db.makeStatement(sql: """
            INSERT INTO tech_groups (id, name_vi, name_en, product_groups, verified, position, short_vi, short_en)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET name_vi = excluded.name_vi, name_en = excluded.name_en,
                product_groups = excluded.product_groups, verified = excluded.verified, position = excluded.position,
                short_vi = excluded.short_vi, short_en = excluded.short_en
            """)
        for (position, g) in groups.enumerated() {
            try upsert.execute(arguments: [g.id, g.nameVI, g.nameEN, g.productGroups, g.verified.rawValue, position,
                                           g.short.vi, g.short.en])
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
