import Foundation
import GRDB
import NQ57Core
@testable import NQ57Store
import NQ57TestSupport
import Testing

/// Issue 14 (session 6): the overview's statements read rows straight from SQLite (`RawRow`) and
/// count overdue proposals and stale returns from the recent side of the maintained tables. Each is
/// checked against what it replaced: `Row`'s total accessors value for value, and the counts against
/// recounts of the proposals and tasks on many days.
@Suite struct OverviewReadingTests {
    typealias F = StoreFixtures

    /// Every kind of value another program may store, including those a column's type forbids.
    static let hostileValues = [
        "'abc'", "'12abc'", "' 7 '", "'1e3'", "'-2.5'", "'9999999999999999999999'", "'ắ phường'", "''",
        "'a' || char(0) || 'b'", "3.7", "-1e300", "1e300", "-0.5", "9223372036854775807", "-9223372036854775808", "42", "0",
        "X'FF'", "X'C3A9'", "X''", "X'610062'", "NULL", "CAST('12' AS BLOB)",
    ]

    @Test func aRawRowDecodesEveryStoredValueAsRowDoes() throws {
        let sql = "SELECT " + Self.hostileValues.joined(separator: ", ")
        let queue = try DatabaseQueue()
        try queue.read { db in
            let row = try #require(try Row.fetchOne(db, sql: sql))
            let raw = try RawStatement(db, sql: sql)
            let stepped = try raw.next()
            #expect(stepped)
            let r = raw.row
            for i in Self.hostileValues.indices {
                let what = Self.hostileValues[i]
                #expect(r.text(i) == row.text(i), "text of \(what)")
                #expect(r.optionalText(i) == row.optionalText(i), "optionalText of \(what)")
                #expect(r.int64(i) == row.int64(i), "int64 of \(what)")
                #expect(r.int64(i, in: -5 ... 5) == row.int64(i, in: -5 ... 5), "int64 in -5...5 of \(what)")
                #expect(r.optionalInt64(i) == row.optionalInt64(i), "optionalInt64 of \(what)")
                #expect(r.int(i) == row.int(i) && r.int(i, in: 0 ... 100) == row.int(i, in: 0 ... 100), "int of \(what)")
                #expect(r.optionalInt(i) == row.optionalInt(i), "optionalInt of \(what)")
                #expect(r.count(i) == row.count(i), "count of \(what)")
                #expect(r.double(i).bitPattern == row.double(i).bitPattern, "double of \(what)")
            }
            let more = try raw.next()
            #expect(!more)
        }
    }

    /// A statement from the connection's cache is bound afresh each time and reset when read to the
    /// end or left early: the same statement read twice, interleaved with GRDB's use of the connection.
    @Test func aCachedRawStatementRunsAgainWithNewBindings() throws {
        let queue = try DatabaseQueue()
        try queue.read { db in
            let sql = "SELECT value FROM (SELECT 1 AS value UNION ALL SELECT 2 UNION ALL SELECT 3) WHERE value >= ? ORDER BY value"
            func read(_ value: RawValue) throws -> [Int] { try RawStatement.cached(db, sql: sql).binding(value).mapRows { $0.int(0) } }
            let first = try RawStatement.cached(db, sql: sql).binding(.int(1)).first { $0.int(0) }
            let second = try read(.int(2))
            let grdb = try Int.fetchAll(db.cachedStatement(sql: sql), arguments: [3])
            let text = try read(.text("0"))
            let null = try read(.null)
            let all = try read(.int(0))
            #expect(first == 1 && second == [2, 3] && grdb == [3])
            // '0' is text, above every number; NULL compares to nothing.
            #expect(text == [] && null == [] && all == [1, 2, 3])
        }
    }

    /// The stale returns counted from `inspection_counts` less the recent and timeless returns equal a
    /// count of the standing returns made up to the window's start, for windows from 1 day to a year
    /// (the window moves the start across the demo's history), with a return of no time and one of a
    /// text time written by another program.
    @Test func theStaleReturnsCountIsARecountOfTheStandingReturns() throws {
        let store = try F.demoStore()
        let raw = try DatabaseQueue(path: store.path)
        try raw.write { db in
            try db.execute(sql: """
                UPDATE tasks SET verdict = 'returned', verified_at = NULL WHERE key = (SELECT min(key) FROM tasks WHERE verdict IS NULL);
                UPDATE tasks SET verdict = 'returned', verified_at = 'later' WHERE key = (SELECT max(key) FROM tasks WHERE verdict IS NULL);
                """)
        }
        // A day after every report and verdict: no as-of corrections, the maintained state is the answer.
        let asOf = try raw.read { db in
            Timestamp(seconds: try Int64.fetchOne(db, sql: "SELECT max(max(ifnull(reported_at, 0)), max(CASE WHEN typeof(verified_at) = 'integer' THEN verified_at ELSE 0 END)) FROM tasks")!).vietnamDate
        }.adding(days: 1)
        let cut = Timestamp(vietnamDate: asOf.adding(days: 1)).seconds - 1
        var seen = Set<Int>()
        for days in [1, 3, 7, 14, 30, 60, 120, 365] {
            try raw.write { db in
                try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('returned_warning_days', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                               arguments: [String(days)])
            }
            let recount = try raw.read { db in
                try Int.fetchOne(db, sql: "SELECT count(*) FROM tasks WHERE verdict = 'returned' AND typeof(verified_at) = 'integer' AND verified_at <= ?",
                                 arguments: [cut - Int64(days) * 86400])!
            }
            let warnings = try store.overview(asOf: asOf, latest: 0).warnings
            #expect(warnings.returnedDays == days)
            #expect(warnings.returnedStaleCount == recount, "\(days) days")
            seen.insert(recount)
        }
        // The windows do move the count (else the recount would prove little).
        #expect(seen.count >= 3, "\(seen)")
    }

    /// Overdue proposals (the warnings' count and every line of the proposals' overview) from the
    /// open ones less those due from the day on equal a recount of the proposals due before the day,
    /// on days across the demo's answer days (including days where proposals fall due).
    @Test func theOverdueProposalsAreARecountOfTheProposalsDueBeforeTheDay() throws {
        let store = try F.demoStore()
        let raw = try DatabaseQueue(path: store.path)
        let open = "(status = 'received' OR status = 'assigned')"
        let days = try raw.read { db in
            try String.fetchAll(db, sql: "SELECT DISTINCT due_on FROM proposals WHERE \(open) ORDER BY due_on")
        }
        #expect(days.count > 10)
        var checked = Set<Int>()
        for day in stride(from: 0, to: days.count, by: max(1, days.count / 12)).map({ CivilDate(days[$0])! }) + [F.demoAsOf] {
            let overview = try store.overview(asOf: day, latest: 0)
            let due = day.description
            let (all, bodies, fields, kinds) = try raw.read { db in
                (try Int.fetchOne(db, sql: "SELECT count(*) FROM proposals WHERE \(open) AND due_on < ?", arguments: [due])!,
                 try Self.overdue(db, by: "ifnull(body_code, '-')", open: open, before: due),
                 try Self.overdue(db, by: "field", open: open, before: due),
                 try Self.overdue(db, by: "kind", open: open, before: due))
            }
            #expect(overview.warnings.proposalsOverdueCount == all, "\(day)")
            let p = try #require(overview.proposals)
            #expect(p.all.overdue == all, "\(day)")
            #expect(Dictionary(uniqueKeysWithValues: p.bodies.map { ($0.code, $0.counts.overdue) }).filter { $0.value > 0 } == bodies, "\(day)")
            #expect(Dictionary(uniqueKeysWithValues: p.byField.map { ($0.id, $0.counts.overdue) }).filter { $0.value > 0 } == fields, "\(day)")
            #expect(Dictionary(uniqueKeysWithValues: p.byKind.map { ($0.kind.rawValue, $0.counts.overdue) }).filter { $0.value > 0 } == kinds, "\(day)")
            checked.insert(all)
        }
        #expect(checked.count >= 5, "\(checked)")
    }

    static func overdue(_ db: Database, by key: String, open: String, before day: String) throws -> [String: Int] {
        var out: [String: Int] = [:]
        for r in try Row.fetchAll(db, sql: "SELECT \(key), count(*) FROM proposals WHERE \(open) AND due_on < ? GROUP BY 1", arguments: [day]) {
            out[r.text(0)] = r.int(1)
        }
        return out
    }
}
