import Foundation
import GRDB
import NQ57Core
@testable import NQ57Store
import NQ57TestSupport
import Testing

/// v20 (issue 14): `proposal_oldest_pending`, each body's oldest open proposal kept by triggers on
/// `proposals`, stays equal to the oldest open proposal found by walking the proposals in Swift
/// whoever writes: the migration fills it, another program's moves through `proposal_log` keep it,
/// hand edits of `proposals` keep it, and `nq57 check` notices a hand edit of the table itself.
@Suite struct OldestPendingTests {
    /// Each body's oldest open proposal as the overview found it before v20 (a seek of
    /// `proposals_body_open` per body): earliest receipt, then smallest key.
    static func walkedOldest(_ db: Database) throws -> [String: String] {
        var best: [String: (at: Int64, key: Int64, id: String)] = [:]
        for r in try Row.fetchAll(db, sql: "SELECT key, id, received_at, body_code, status FROM proposals") {
            guard r.text(4) == "received" || r.text(4) == "assigned" else { continue }
            let body = r.optionalText(3) ?? "-"
            let this = (at: r.int64(2), key: r.int64(0), id: r.text(1))
            if let b = best[body], (b.at, b.key) <= (this.at, this.key) { continue }
            best[body] = this
        }
        return best.mapValues(\.id)
    }

    static func storedOldest(_ db: Database) throws -> [String: String] {
        var out: [String: String] = [:]
        for r in try Row.fetchAll(db, sql: "SELECT body, id FROM proposal_oldest_pending") { out[r.text(0)] = r.text(1) }
        return out
    }

    static func bodies(_ db: Database) throws -> [String] {
        try String.fetchAll(db, sql: "SELECT code FROM units WHERE level = 'central' OR level = 'province' ORDER BY code")
    }

    @Test func theMigrationFillsTheTableOfAnExistingDatabase() throws {
        let store = try StoreFixtures.demoStore()
        let before = try store.proposalOverview(asOf: StoreFixtures.demoAsOf)
        // Back to v17: no table, no triggers, no record of the migration.
        try store.queue.write { db in
            for t in Schema.oldestPendingTriggers { try db.execute(sql: "DROP TRIGGER \(t.name)") }
            try db.execute(sql: "DROP TABLE proposal_oldest_pending; DELETE FROM grdb_migrations WHERE identifier = ?", arguments: [Schema.v20])
        }
        #expect(try store.initialize().migrationsApplied == [Schema.v20])
        let (stored, walked) = try store.queue.read { db in (try Self.storedOldest(db), try Self.walkedOldest(db)) }
        #expect(walked.count > 5)
        #expect(stored == walked)
        #expect(try store.verifyProposals() == [])
        #expect(try store.proposalOverview(asOf: StoreFixtures.demoAsOf) == before)
        #expect(before.bodies.filter { $0.oldestPending != nil }.count == walked.count)
    }

    @Test func anotherProgramsMovesThroughTheLogKeepTheTable() throws {
        let store = try StoreFixtures.demoStore()
        let before = try store.queue.read { db in try Self.walkedOldest(db) }
        // Another program moves proposals as `sqlite3` would: assigns the received ones to bodies in
        // turn, answers or rejects the assigned ones.
        let moved = try store.queue.write { db -> Int in
            let bodies = try Self.bodies(db)
            let rows = try Row.fetchAll(db, sql: "SELECT key, status, status_at FROM proposals WHERE status IN ('received', 'assigned') ORDER BY key")
            for (i, r) in rows.enumerated() {
                let at = r.int64(2) + 3_600
                if r.text(1) == "received" {
                    try db.execute(sql: "INSERT INTO proposal_log (proposal_key, at, status, body_code, note, by) VALUES (?, ?, 'assigned', ?, '', 'sqlite3')",
                                   arguments: [r.int64(0), at, bodies[i % bodies.count]])
                } else if i % 2 == 0 {
                    try db.execute(sql: "INSERT INTO proposal_log (proposal_key, at, status, note, by) VALUES (?, ?, 'answered', 'Đã trả lời', 'sqlite3')",
                                   arguments: [r.int64(0), at])
                } else {
                    try db.execute(sql: "INSERT INTO proposal_log (proposal_key, at, status, note, by) VALUES (?, ?, 'rejected', 'Không thuộc thẩm quyền', 'sqlite3')",
                                   arguments: [r.int64(0), at])
                }
            }
            return rows.count
        }
        #expect(moved > 20)
        let (stored, walked) = try store.queue.read { db in (try Self.storedOldest(db), try Self.walkedOldest(db)) }
        #expect(walked != before)
        #expect(stored == walked)
        #expect(try store.verifyProposals() == [])
    }

    @Test(arguments: [1, 2, 3])
    func handEditsOfTheProposalsKeepTheTable(seed: UInt64) throws {
        let store = try StoreFixtures.demoStore()
        var rng = SplitMix(seed: seed)
        var edits = 0
        try store.queue.write { db in
            let bodies = try Self.bodies(db)
            var added = 0
            for _ in 0..<300 {
                let keys = try Int64.fetchAll(db, sql: "SELECT key FROM proposals ORDER BY key")
                let key = keys[Int(rng.next() % UInt64(keys.count))]
                let body = bodies[Int(rng.next() % UInt64(bodies.count))]
                switch rng.next() % 7 {
                case 0:
                    // A new proposal received up to three days before another (the same second
                    // sometimes: the smaller key comes first).
                    added += 1
                    try db.execute(sql: """
                        INSERT INTO proposals (id, received_at, kind, submitter_kind, field, title, due_on, status, status_at, demo)
                        SELECT 'HAND-' || ?1, received_at - ?2, kind, submitter_kind, field, 'Nhập tay', due_on, 'received', received_at - ?2, 1
                        FROM proposals WHERE key = ?3
                        """, arguments: [added, Int(rng.next() % 4) * 86_400, key])
                case 1: try db.execute(sql: "UPDATE proposals SET status = 'assigned', body_code = ? WHERE key = ? AND status = 'received'", arguments: [body, key])
                case 2: try db.execute(sql: "UPDATE proposals SET status = 'rejected' WHERE key = ? AND (status = 'received' OR status = 'assigned')", arguments: [key])
                case 3: try db.execute(sql: "UPDATE proposals SET body_code = ? WHERE key = ? AND status = 'assigned'", arguments: [body, key])
                case 4: try db.execute(sql: "UPDATE proposals SET status = 'received', body_code = NULL WHERE key = ? AND status = 'rejected'", arguments: [key])
                case 5: try db.execute(sql: "UPDATE proposals SET status = 'answered', answered_at = status_at WHERE key = ? AND status = 'assigned'", arguments: [key])
                default:
                    // A demo proposal removed with its history.
                    for table in ["proposal_log", "proposal_contacts"] {
                        try db.execute(sql: "DELETE FROM \(table) WHERE proposal_key = ?1 AND EXISTS (SELECT 1 FROM proposals WHERE key = ?1 AND demo = 1)",
                                       arguments: [key])
                    }
                    try db.execute(sql: "DELETE FROM proposals WHERE key = ? AND demo = 1", arguments: [key])
                }
                edits += db.changesCount
            }
        }
        #expect(edits > 50)
        let (stored, walked) = try store.queue.read { db in (try Self.storedOldest(db), try Self.walkedOldest(db)) }
        #expect(stored == walked)
        #expect(try store.queue.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM (SELECT * FROM proposal_oldest_pending EXCEPT \(Schema.oldestPendingRecount))")
        } == 0)
    }

    @Test func checkNoticesAHandEditOfTheTable() throws {
        let store = try StoreFixtures.demoStore()
        #expect(try store.verifyProposals() == [])
        try store.queue.write { db in try db.execute(sql: "UPDATE proposal_oldest_pending SET received_at = received_at + 1 WHERE body = (SELECT min(body) FROM proposal_oldest_pending)") }
        #expect(try store.verifyProposals() == ["proposal_oldest_pending: 2 rows differ from the oldest open proposal of each body"])
    }
}
