import Foundation
import GRDB
import NQ57Core
@testable import NQ57Store
import NQ57TestSupport
import Testing

/// v21 (issue 14): a store keeps the overview's parts over rarely written tables between refreshes,
/// keyed on the change counters the triggers bump. Whatever another program writes, the overview of
/// a long-lived store equals that of a new store on the same file; parts are kept while only reports
/// come in; the counters only go up; a dropped trigger stops the keeping.
@Suite struct ChangeCountsTests {
    typealias F = StoreFixtures

    /// A raw connection, as another program would open the file.
    static func raw(_ path: String) throws -> DatabaseQueue {
        var config = Configuration()
        config.busyMode = .timeout(5)
        return try DatabaseQueue(path: path, configuration: config)
    }

    /// The overview as a store opened now on `path` reads it (nothing kept).
    static func fresh(_ path: String, asOf: CivilDate) throws -> Overview {
        try SQLiteStore(path: path).overview(asOf: asOf, latest: 30)
    }

    /// The names of the overview's fields (and of its warnings' fields) that differ.
    static func differences(_ a: Overview, _ b: Overview) -> [String] {
        func fields<T>(_ x: T, _ y: T, _ prefix: String) -> [String] {
            zip(Mirror(reflecting: x).children, Mirror(reflecting: y).children).compactMap { l, r in
                String(describing: l.value) == String(describing: r.value) ? nil : prefix + (l.label ?? "?")
            }
        }
        return fields(a, b, "") + fields(a.warnings, b.warnings, "warnings.")
    }

    /// One write by another program on a topic, at `at` (seconds, increasing from one call to the next).
    struct Writer {
        let path: String
        let raw: DatabaseQueue
        let other: SQLiteStore
        var rng: SplitMix64
        var at: Int64
        var n = 0

        init(path: String, seed: UInt64) throws {
            self.path = path
            raw = try ChangeCountsTests.raw(path)
            other = try SQLiteStore(path: path)
            rng = SplitMix64(seed: seed)
            at = Timestamp(vietnamDate: F.demoAsOf, hour: 12).seconds + 60
        }

        mutating func pick<T>(_ xs: [T]) -> T { xs[Int(rng.next() % UInt64(xs.count))] }

        /// The kinds of write, by name.
        static let kinds = ["proposal", "assign", "answer", "metric", "unit", "group", "holiday", "meta", "inspection", "report", "none"]

        mutating func write(_ kind: String) throws {
            n += 1
            at += 60 + Int64(rng.next() % 600)
            let n = n, at = at
            switch kind {
            case "proposal":
                let new = NewProposal(receivedAt: Timestamp(seconds: at), kind: .barrier, submitter: .business, field: "p02-procedures",
                                      title: "Vướng mắc thử \(n) về thủ tục", summary: "Nội dung \(n)",
                                      contact: ProposalContact(name: "Người Thử \(n)", phone: "0900 111 \(n)"))
                _ = try other.addProposal(new, now: Timestamp(seconds: at + 1))
            case "assign", "answer":
                let status = kind == "assign" ? "received" : "assigned"
                let ids = try raw.read { try String.fetchAll($0, sql: "SELECT id FROM proposals WHERE status = ? ORDER BY key", arguments: [status]) }
                guard !ids.isEmpty else { return }
                let bodies = try raw.read { try String.fetchAll($0, sql: "SELECT code FROM units WHERE level = 'central' ORDER BY code") }
                let move = kind == "assign"
                    ? ProposalFlow.Move(to: .assigned, at: Timestamp(seconds: at), body: pick(bodies), note: "")
                    : ProposalFlow.Move(to: .answered, at: Timestamp(seconds: at), body: nil, note: "Đã trả lời \(n)")
                _ = try other.moveProposal(id: pick(ids), move)
            case "metric":
                try raw.write { db in
                    let ids = try Int64.fetchAll(db, sql: "SELECT id FROM metrics ORDER BY id")
                    try db.execute(sql: "UPDATE metrics SET value = value + 1 WHERE id = ?", arguments: [pick(ids)])
                }
            case "unit":
                try raw.write { db in
                    let codes = try String.fetchAll(db, sql: "SELECT code FROM units WHERE level <> 'commune' ORDER BY code")
                    try db.execute(sql: "UPDATE units SET name = ? WHERE code = ?", arguments: ["Đơn vị đổi tên \(n)", pick(codes)])
                }
            case "group":
                try raw.write { db in
                    let ids = try Int.fetchAll(db, sql: "SELECT id FROM tech_groups ORDER BY id")
                    try db.execute(sql: "UPDATE tech_groups SET name_en = ? WHERE id = ?", arguments: ["Group renamed \(n)", pick(ids)])
                }
            case "holiday":
                // A day off within the next weeks: moves the proposals' due-soon window.
                let day = F.demoAsOf.adding(days: Int(rng.next() % 10))
                try raw.write { db in
                    try db.execute(sql: """
                        INSERT INTO holidays (day, kind, name_vi, name_en, source, verified) VALUES (?, 'off', 'Nghỉ thử', 'Test day off', 'test', 'yes')
                        ON CONFLICT (day) DO UPDATE SET kind = CASE kind WHEN 'off' THEN 'work' ELSE 'off' END
                        """, arguments: [day.description])
                }
            case "meta":
                try raw.write { db in
                    try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('returned_warning_days', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                                   arguments: [String(1 + Int(rng.next() % 20))])
                }
            case "inspection":
                try raw.write { db in
                    let keys = try Int64.fetchAll(db, sql: "SELECT key FROM tasks ORDER BY key LIMIT 200")
                    try db.execute(sql: "INSERT INTO inspection_log (task_key, inspected_at, verdict, inspected_by, reason) VALUES (?, ?, 'note', 'VP-01', ?)",
                                   arguments: [pick(keys), at, "Ghi chú \(n)"])
                }
            case "report":
                try raw.write { db in
                    let ids = try String.fetchAll(db, sql: "SELECT id FROM tasks ORDER BY key LIMIT 200")
                    try db.execute(sql: "INSERT INTO reports (task_id, reported_at, status, progress, note) VALUES (?, ?, 'in_progress', ?, ?)",
                                   arguments: [pick(ids), at, Int(rng.next() % 99) + 1, "Báo cáo \(n)"])
                }
            default:
                break
            }
        }
    }

    /// Random writes of every topic by other connections, interleaved with refreshes of one
    /// long-lived store on two as-of days: each overview equals a new store's.
    @Test(arguments: [UInt64(1), 2, 3, 4])
    func aLongLivedStoresOverviewEqualsANewStoresAfterAnyWrites(seed: UInt64) throws {
        let path = try F.demoDatabasePath()
        let store = try SQLiteStore(path: path)
        var writer = try Writer(path: path, seed: seed)
        var kinds: Set<String> = []
        for step in 0 ..< 60 {
            let kind = writer.pick(Writer.kinds)
            try writer.write(kind)
            kinds.insert(kind)
            let asOf = step % 7 == 6 ? F.demoAsOf.adding(days: 1) : F.demoAsOf
            let kept = try store.overview(asOf: asOf, latest: 30)
            let read = try Self.fresh(path, asOf: asOf)
            let same = kept == read
            #expect(same, "seed \(seed) step \(step): after a write of \(kind), \(Self.differences(kept, read)) differ")
            if !same { return }
        }
        #expect(kinds.count >= 9)
        // Parts were kept: fewer reads to keep than 8 parts × 60 refreshes.
        #expect(store.overviewParts.keptReads < 8 * 60 / 2)
    }

    /// The parts are kept while only reports and inspections come in, and read again, those of the
    /// topic only, when a topic or the day moves.
    @Test func partsAreReadAgainOnlyWhenTheirTopicOrTheDayMoves() throws {
        let path = try F.demoDatabasePath()
        let store = try SQLiteStore(path: path)
        var writer = try Writer(path: path, seed: 9)
        _ = try store.overview(asOf: F.demoAsOf, latest: 30)
        let first = store.overviewParts.keptReads
        #expect(first == 8)
        func reads(after kind: String, asOf: CivilDate = F.demoAsOf) throws -> Int {
            let before = store.overviewParts.keptReads
            try writer.write(kind)
            #expect(Self.differences(try store.overview(asOf: asOf, latest: 30), try Self.fresh(path, asOf: asOf)) == [], "after \(kind)")
            return store.overviewParts.keptReads - before
        }
        #expect(try reads(after: "report") == 0)
        #expect(try reads(after: "inspection") == 0)
        #expect(try reads(after: "none") == 0)
        #expect(try reads(after: "assign") == 3)
        #expect(try reads(after: "metric") == 1)
        #expect(try reads(after: "unit") == 4)
        #expect(try reads(after: "group") == 1)
        #expect(try reads(after: "holiday") == 1)
        #expect(try reads(after: "meta") == 2)
        #expect(try reads(after: "none", asOf: F.demoAsOf.adding(days: 1)) == 4)
    }

    /// Another program drops a counting trigger: the store notices (the schema changed) and keeps
    /// nothing, so a write the counter missed is still seen; the trigger back, parts are kept again.
    @Test func aDroppedTriggerStopsTheKeeping() throws {
        let path = try F.demoDatabasePath()
        let store = try SQLiteStore(path: path)
        var writer = try Writer(path: path, seed: 11)
        _ = try store.overview(asOf: F.demoAsOf, latest: 30)
        let trigger = Schema.changeCountTriggers.first { $0.name == "change_metrics_update" }!
        try writer.raw.write { try $0.execute(sql: "DROP TRIGGER \(trigger.name)") }
        try writer.write("metric")
        #expect(Self.differences(try store.overview(asOf: F.demoAsOf, latest: 30), try Self.fresh(path, asOf: F.demoAsOf)) == [])
        try writer.write("metric")
        #expect(Self.differences(try store.overview(asOf: F.demoAsOf, latest: 30), try Self.fresh(path, asOf: F.demoAsOf)) == [])
        // A trigger of another program on the counters (RAISE(IGNORE) holds them still) likewise.
        try writer.raw.write { db in
            try db.execute(sql: trigger.sql)
            try db.execute(sql: "CREATE TRIGGER hold_counts BEFORE UPDATE ON change_counts BEGIN SELECT RAISE(IGNORE); END")
        }
        try writer.write("metric")
        #expect(Self.differences(try store.overview(asOf: F.demoAsOf, latest: 30), try Self.fresh(path, asOf: F.demoAsOf)) == [])
        try writer.raw.write { try $0.execute(sql: "DROP TRIGGER hold_counts") }
        let before = store.overviewParts.keptReads
        _ = try store.overview(asOf: F.demoAsOf, latest: 30)
        #expect(store.overviewParts.keptReads == before + 8)
        try writer.write("report")
        _ = try store.overview(asOf: F.demoAsOf, latest: 30)
        #expect(store.overviewParts.keptReads == before + 8)
    }

    /// Every table a kept part's statements open (`EXPLAIN`'s OpenRead, indexes resolved to their
    /// tables) is a table of the part's topics: a part whose statement starts reading another table
    /// fails here until its topics name that table.
    @Test func eachKeptPartReadsOnlyItsTopicsTables() throws {
        let store = try F.demoStore()
        let probe = store.overviewParts.probe
        final class Seen: @unchecked Sendable { var sql: [OverviewParts.Part: Set<String>] = [:] }
        let seen = Seen()
        try store.queue.inDatabase { db in
            db.trace { event in
                if case .statement(let s) = event, let part = probe.reading { seen.sql[part, default: []].insert(s.sql) }
            }
        }
        _ = try store.overview(asOf: F.demoAsOf, latest: 30)
        #expect(Set(seen.sql.keys) == Set(OverviewParts.Part.allCases))
        try Self.raw(store.path).read { db in
            var tableOfRoot: [Int64: String] = [:]
            for r in try Row.fetchAll(db, sql: "SELECT rootpage, tbl_name FROM sqlite_master WHERE rootpage > 0") { tableOfRoot[r.int64(0)] = r.text(1) }
            for (part, sqls) in seen.sql {
                let allowed = Set(part.topics.flatMap { topic in Schema.changeTopicTables.first { $0.topic == topic }!.tables })
                var opened: Set<String> = []
                for sql in sqls {
                    // Parameters left unbound (NULL): the plan does not depend on them.
                    let explain = try db.makeStatement(sql: "EXPLAIN " + sql)
                    explain.setUncheckedArguments([])
                    for r in try Row.fetchAll(explain) where r.text(1) == "OpenRead" && r.int64(4) == 0 {
                        opened.insert(tableOfRoot[r.int64(3)] ?? "root page \(r.int64(3))")
                    }
                }
                #expect(!opened.isEmpty, "\(part)")
                #expect(opened.subtracting(allowed).isEmpty, "\(part) reads \(opened.subtracting(allowed).sorted()), not among its topics' tables")
            }
        }
    }

    /// A file replaced by a fork of it (two copies of one file, each renamed a different unit: the
    /// same counters, other names): a following dashboard opens a new store, which keeps nothing
    /// from the old one.
    @Test func aReplacedFileStartsANewStoreWithNothingKept() throws {
        let path = try F.demoDatabasePath()
        let fork = path + ".fork"
        try FileManager.default.copyItem(atPath: path, toPath: fork)
        for (file, name) in [(path, "Tên ở tệp cũ"), (fork, "Tên ở tệp mới")] {
            try Self.raw(file).write { try $0.execute(sql: "UPDATE units SET name = ? WHERE code = '01'", arguments: [name]) }
        }
        let following = FollowingStore(path: path, access: .readOnly)
        #expect(try following.overview(asOf: F.demoAsOf, latest: 30).provinces.first { $0.unit.code == "01" }?.unit.name == "Tên ở tệp cũ")
        try FileManager.default.removeItem(atPath: path)
        try FileManager.default.moveItem(atPath: fork, toPath: path)
        let after = try following.overview(asOf: F.demoAsOf, latest: 30)
        #expect(after.provinces.first { $0.unit.code == "01" }?.unit.name == "Tên ở tệp mới")
        #expect(after == (try Self.fresh(path, asOf: F.demoAsOf)))
    }

    /// The counters only go up by one: any other update, an insert and a delete are refused by name.
    @Test func theCountersOnlyGoUpByOne() throws {
        let path = try F.demoDatabasePath()
        let raw = try Self.raw(path)
        let before = try raw.read { try Int64.fetchOne($0, sql: "SELECT n FROM change_counts WHERE topic = 'proposals'") }!
        for sql in ["UPDATE change_counts SET n = n - 1 WHERE topic = 'proposals'", "UPDATE change_counts SET n = n + 2",
                    "UPDATE change_counts SET n = 'x'", "UPDATE change_counts SET topic = 'other' WHERE topic = 'meta'",
                    "DELETE FROM change_counts", "INSERT INTO change_counts (topic, n) VALUES ('reports', 0)"] {
            #expect(throws: DatabaseError.self, "\(sql)") { try raw.write { try $0.execute(sql: sql) } }
        }
        try raw.write { try $0.execute(sql: "UPDATE change_counts SET n = n + 1 WHERE topic = 'proposals'") }
        #expect(try raw.read { try Int64.fetchOne($0, sql: "SELECT n FROM change_counts WHERE topic = 'proposals'") } == before + 1)
        #expect(try raw.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM change_counts") } == ChangeTopic.allCases.count)
    }

    /// The migration moves an existing database: counters for every topic, every trigger, `check`
    /// passes and the overview is unchanged.
    @Test func theMigrationMovesAnExistingDatabase() throws {
        let store = try F.demoStore()
        let before = try store.overview(asOf: F.demoAsOf, latest: 30)
        try store.queue.write { db in
            for t in Schema.changeCountTriggers + Schema.changeCountGuards { try db.execute(sql: "DROP TRIGGER \(t.name)") }
            try db.execute(sql: "DROP TABLE change_counts; DELETE FROM grdb_migrations WHERE identifier = ?", arguments: [Schema.v21])
        }
        let moved = try SQLiteStore(path: store.path)
        #expect(try moved.initialize().migrationsApplied == [Schema.v21])
        #expect(try moved.verifyCounts(asOf: F.demoAsOf) == [])
        #expect(try moved.verifyProposals() == [])
        #expect(try moved.queue.read { try OverviewParts.triggersAreWhole($0) })
        #expect(try moved.overview(asOf: F.demoAsOf, latest: 30) == before)
        let counters = try moved.queue.read { try Row.fetchAll($0, sql: "SELECT topic, n FROM change_counts ORDER BY topic") }
        #expect(counters.map { $0.text(0) } == ChangeTopic.allCases.map(\.rawValue).sorted())
        #expect(counters.allSatisfy { $0.int64(1) >= 0 })
    }
}
