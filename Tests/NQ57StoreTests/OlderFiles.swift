import GRDB
@testable import NQ57Store

/// A database file as an older nq57 left it, for the tests of upgrades: the migrations up to
/// `version` (`Schema.v1` …), the reference data, then `sql`, the rows that version wrote. The
/// connection is closed when it returns, as the older program's would be.
func databaseAtVersion(_ version: String, _ path: String, sql: String) throws {
    try FileSystem.createFileIfMissing(path)
    let queue = try DatabaseQueue(path: path)
    try Schema.migrator.migrate(queue, upTo: version)
    try queue.write { db in
        try ReferenceData.load(ReferenceData.read()).store(db)
        try db.execute(sql: sql)
    }
}
