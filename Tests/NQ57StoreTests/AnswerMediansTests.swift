import Foundation
import GRDB
import NQ57Core
@testable import NQ57Store
import NQ57TestSupport
import Testing

/// v16 (issue 14): `proposal_answer_medians`, each body's median days to answer kept by triggers on the
/// histogram, stays equal to the median of the histogram (walked here in Swift) whoever writes: the
/// migration fills it, another program's answers through `proposal_log` move it, hand edits of the
/// histogram move it, and `nq57 check` notices a hand edit of the medians themselves.
@Suite struct AnswerMediansTests {
    /// Each body's median as the overview computed it before v16: the first day at which half of the
    /// body's answers are seen, from the histogram as it stands.
    static func walkedMedians(_ db: Database) throws -> [String: Int] {
        var h: [String: [(days: Int, n: Int)]] = [:]
        for r in try Row.fetchAll(db, sql: "SELECT body, days, n FROM proposal_answer_days ORDER BY body, days") {
            h[r.text(0), default: []].append((r.int(1, in: 0 ... 100_000), r.count(2)))
        }
        return h.compactMapValues { AnswerDays.median($0) }
    }

    static func storedMedians(_ db: Database) throws -> [String: Int] {
        var out: [String: Int] = [:]
        for r in try Row.fetchAll(db, sql: "SELECT body, days FROM proposal_answer_medians") { out[r.text(0)] = r.int(1) }
        return out
    }

    /// The stored rows (body, days, below, total) against those recomputed from the histogram.
    static func storedEqualsHistogram(_ db: Database) throws -> Bool {
        let stored = "SELECT body, days, below, total FROM proposal_answer_medians"
        let recount = Schema.answerMedians(of: "SELECT body, days, n FROM proposal_answer_days")
        return try Int.fetchOne(db, sql: "SELECT (SELECT count(*) FROM (\(stored) EXCEPT \(recount))) + (SELECT count(*) FROM (\(recount) EXCEPT \(stored)))") == 0
    }

    @Test func theMigrationFillsTheMediansOfAnExistingDatabase() throws {
        let store = try StoreFixtures.demoStore()
        let before = try store.proposalOverview(asOf: StoreFixtures.demoAsOf)
        // Back to v14: no medians table, no triggers, no record of the migration.
        try store.queue.write { db in
            for t in Schema.answerMedianTriggers { try db.execute(sql: "DROP TRIGGER \(t.name)") }
            try db.execute(sql: "DROP TABLE proposal_answer_medians; DELETE FROM grdb_migrations WHERE identifier = ?", arguments: [Schema.v16])
        }
        #expect(try store.initialize().migrationsApplied == [Schema.v16])
        let (stored, walked) = try store.queue.read { db in (try Self.storedMedians(db), try Self.walkedMedians(db)) }
        #expect(walked.count > 5)
        #expect(stored == walked)
        #expect(try store.verifyProposals() == [])
        #expect(try store.proposalOverview(asOf: StoreFixtures.demoAsOf) == before)
    }

    @Test func anotherProgramsAnswersMoveTheMedians() throws {
        let store = try StoreFixtures.demoStore()
        let before = try store.queue.read { db in try Self.walkedMedians(db) }
        // Another program answers every assigned proposal through the log, as `sqlite3` would, each
        // after a different number of days (so that bodies' medians move up and down).
        let answered = try store.queue.write { db -> Int in
            let rows = try Row.fetchAll(db, sql: "SELECT key, status_at FROM proposals WHERE status = 'assigned' ORDER BY key")
            for (i, r) in rows.enumerated() {
                let days: Int64 = i % 3 == 0 ? 1 : Int64(40 + i % 90)
                try db.execute(sql: "INSERT INTO proposal_log (proposal_key, at, status, note, by) VALUES (?, ?, 'answered', 'Đã trả lời', 'sqlite3')",
                               arguments: [r.int64(0), r.int64(1) + days * 86_400])
            }
            return rows.count
        }
        #expect(answered > 20)
        let (stored, walked, equal) = try store.queue.read { db in
            (try Self.storedMedians(db), try Self.walkedMedians(db), try Self.storedEqualsHistogram(db))
        }
        #expect(walked != before)
        #expect(stored == walked)
        #expect(equal)
        #expect(try store.verifyProposals() == [])
    }

    @Test(arguments: [1, 2, 3])
    func handEditsOfTheHistogramMoveTheMedians(seed: UInt64) throws {
        let store = try StoreFixtures.demoStore()
        var rng = SplitMix(seed: seed)
        try store.queue.write { db in
            let bodies = try String.fetchAll(db, sql: "SELECT DISTINCT body FROM proposal_answer_days")
            for _ in 0..<300 {
                let body = bodies[Int(rng.next() % UInt64(bodies.count))]
                let day = Int(rng.next() % 120)
                switch rng.next() % 5 {
                case 0: try db.execute(sql: "INSERT OR REPLACE INTO proposal_answer_days (body, days, n) VALUES (?, ?, ?)",
                                       arguments: [body, day, Int(rng.next() % 40) + 1])
                case 1: try db.execute(sql: "UPDATE proposal_answer_days SET n = n + ? WHERE body = ? AND days >= ? AND days < ? + 5",
                                       arguments: [Int(rng.next() % 30) - 10, body, day, day])
                case 2: try db.execute(sql: "DELETE FROM proposal_answer_days WHERE body = ? AND days BETWEEN ? AND ? + 3", arguments: [body, day, day])
                case 3: try db.execute(sql: "UPDATE OR REPLACE proposal_answer_days SET days = days + 7 WHERE body = ? AND days = ?", arguments: [body, day])
                default: try db.execute(sql: "UPDATE proposal_answer_days SET n = n + 1 WHERE body = ? AND days = ?", arguments: [body, day])
                }
            }
        }
        let (stored, walked, equal) = try store.queue.read { db in
            (try Self.storedMedians(db), try Self.walkedMedians(db), try Self.storedEqualsHistogram(db))
        }
        #expect(stored == walked)
        #expect(equal)
    }

    @Test func checkNoticesAHandEditOfTheMedians() throws {
        let store = try StoreFixtures.demoStore()
        #expect(try store.verifyProposals() == [])
        try store.queue.write { db in try db.execute(sql: "UPDATE proposal_answer_medians SET days = days + 1 WHERE body = '*'") }
        #expect(try store.verifyProposals() == ["proposal_answer_medians: 2 rows differ from the medians of the answered proposals"])
    }
}

/// A small deterministic generator for the hand edits.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
