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
        guard access == .readWrite else { throw StoreError.readOnly(path: path).error }
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
                try ProposalReference.storeHolidays(db, files[ProposalReference.holidaysFile] ?? [])
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
