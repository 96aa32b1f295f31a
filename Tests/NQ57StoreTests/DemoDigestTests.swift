import Foundation
import GRDB
import NQ57Core
@testable import NQ57Store
import NQ57TestSupport
import Testing

/// The demo's data does not change with how it is generated: for a few seeds at small scale, a digest
/// of every table's content (every row, ordered by all its columns) equals the one recorded from the
/// generator as it was at 182db18, before session 4 made it build a new file (s4-demo). The two-store
/// tests and BENCHMARKS.md assume this data.
///
/// Tables and columns added by later migrations are not part of the recorded data and are not compared
/// (nor `grdb_migrations`, which lists the migrations);
/// a table or column of the record that is missing is a difference.
@Suite struct DemoDigestTests {
    typealias F = StoreFixtures

    struct Case: Sendable, CustomTestStringConvertible {
        var seed: UInt64
        var asOf: String
        /// Noon-ish on a day in Vietnam: the history stops here when it is on the as-of day.
        var now: String
        var digests: [String: String]
        var testDescription: String { "seed \(seed), as of \(asOf)" }
    }

    /// FNV-1a, 64 bits, over length-prefixed, type-tagged values: enough to notice any change.
    struct Digest {
        var a: UInt64 = 0xCBF2_9CE4_8422_2325
        var b: UInt64 = 0x84222325_CBF29CE4
        mutating func add(_ bytes: some Sequence<UInt8>) {
            for byte in bytes {
                a = (a ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
                b = (b ^ UInt64(byte ^ 0x5A)) &* 0x0000_0100_0000_01B3
            }
        }
        mutating func add(_ s: String) {
            add(Array(String(s.utf8.count).utf8) + [58])
            add(s.utf8)
        }
        var hex: String { String(format: "%016llx%016llx", a, b) }
    }

    /// Every table's digest, keyed `table(col1,col2,…)`, over the columns named (all of them when nil).
    static func digests(_ path: String, only recorded: [String]? = nil) throws -> [String: String] {
        var config = Configuration()
        config.readonly = true
        let queue = try DatabaseQueue(path: path, configuration: config)
        return try queue.read { db in
            var tables: [(name: String, columns: [String])] = []
            if let recorded {
                for key in recorded {
                    let name = String(key.prefix { $0 != "(" })
                    let columns = key.dropFirst(name.count + 1).dropLast().split(separator: ",").map(String.init)
                    tables.append((name, columns))
                }
            } else {
                for name in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'grdb_migrations' ORDER BY name") {
                    tables.append((name, try db.columns(in: name).map(\.name)))
                }
            }
            var out: [String: String] = [:]
            for (name, columns) in tables {
                let key = "\(name)(\(columns.joined(separator: ",")))"
                guard try db.tableExists(name) else { out[key] = "missing table"; continue }
                let list = columns.map { "\"\($0)\"" }.joined(separator: ", ")
                let order = (1...columns.count).map(String.init).joined(separator: ", ")
                var digest = Digest()
                var rows = 0
                let cursor = try Row.fetchCursor(db, sql: "SELECT \(list) FROM \"\(name)\" ORDER BY \(order)")
                while let row = try cursor.next() {
                    rows += 1
                    for value in row.databaseValues {
                        switch value.storage {
                        case .null: digest.add("N")
                        case .int64(let i): digest.add("I\(i)")
                        case .double(let d): digest.add("R\(d.bitPattern)")
                        case .string(let s): digest.add("T" + s)
                        case .blob(let d): digest.add("B" + d.base64EncodedString())
                        }
                    }
                }
                out[key] = "\(rows) \(digest.hex)"
            }
            return out
        }
    }

    /// Recorded with the generator of 182db18 (`nq57 demo --scale small --seed S --as-of D` of /work/main's
    /// build at 9e7223a, whose store is 182db18's), through `record` below: the wall clock was after the
    /// as-of day, which is what `now` says here.
    static let cases: [Case] = [
        Case(seed: 57, asOf: "2026-01-15", now: "2026-01-16T12:00:00+07:00", digests: [
            "areas(id,name_vi,name_en)": "6 7bbb02a211adb48da469f6725a7fec3c",
            "find_titles(task_key,title,folded)": "6899 87bcad8a599106b63caa6fb5ab776507",
            "holidays(day,kind,name_vi,name_en,source,verified)": "27 55a0800de796803e2c3f1af6f8e59cf3",
            "inspection_counts(scope,key,done,confirmed,returned,unchecked)": "2367 6d7f20eea14abc262af166be29a4835f",
            "inspection_log(id,task_key,inspected_at,verdict,reason,inspected_by,evidence)": "319 6bb2e5367980e0beb90c265095afa6a3",
            "meta(key,value)": "5 206bd5cf178f8437508aac93d34c3bd2",
            "metric_catalogue(key,name_vi,name_en,short_vi,short_en,position)": "9 f6625a3d572d27497aae255fc0b6bfb0",
            "metric_quarantine(id,key,value,as_of,qualifier,source,reason)": "0 cbf29ce48422232584222325cbf29ce4",
            "metrics(id,key,value,as_of,qualifier,source,source_vi)": "13 7d4c9530299d36c840695686382094cd",
            "open_by_deadline(scope,deadline,key,open)": "4866 ffc1c0582c891c4ea7b87b121c5dd73b",
            "proposal_answer_days(body,days,n)": "363 c4832419dfef18625abe9a082b8cc473",
            "proposal_contacts(proposal_key,name,address,phone,email,id_number)": "400 ed6da71f019afa099805c57207ba6804",
            "proposal_counts(scope,key,total,rejected,open,on_time,late)": "68 45dc9fd2facf6ff3d22832eb57b9be02",
            "proposal_deadline_rules(kind,working_days,official,source)": "2 f239c65cb945fb2bdfb7adcd1cc74486",
            "proposal_fields(id,name_vi,name_en,position)": "14 a64d4c3c65edfc6a9864f2a7a40504f7",
            "proposal_log(id,proposal_key,at,status,body_code,note,by)": "1419 561500e58e8f245e9231eda1cc96093b",
            "proposal_open_by_due(scope,due_on,key,open)": "210 5e961b2b5ad17b4cbc38343c96f12911",
            "proposals(key,id,received_at,kind,submitter_kind,field,title,summary,folded,due_on,body_code,status,status_at,answered_at,duplicate_of,demo,bucket)": "400 bb208b069cb97fa32ec700f90aa71582",
            "report_log(id,task_key,reported_at,status,progress,note,reported_by)": "204122 e702789a5fad650ba3243dcc35cc956e",
            "report_quarantine(id,task_key,reported_at,status,progress,note,reported_by,reason)": "0 cbf29ce48422232584222325cbf29ce4",
            "state_counts(scope,key,total,done_on_time,done_late,open)": "3421 61e96102688894d022c68f177cbebbdd",
            "submitter_kinds(id,name_vi,name_en,position)": "5 64884cb2a994b2b70bfd4df9b2172c66",
            "tasks(key,id,title,plan,area,tech_group,level,unit_code,deadline,demo,status,progress,reported_at,completed_on,bucket,verdict,verified_at)": "6899 e6d00f806e93dc2506d36c4ba0272040",
            "tech_groups(id,name_vi,name_en,product_groups,verified,position,short_vi,short_en)": "11 32fbdd77b5867a38589375f2b6ed4ecd",
            "units(code,level,name,kind,kind_vi,parent_code,province_code,position,short_vi,short_en)": "3373 25c50b47143b8a90ca7d664fe111d7d5",
        ]),
        Case(seed: 3, asOf: "2025-09-30", now: "2025-10-01T12:00:00+07:00", digests: [
            "areas(id,name_vi,name_en)": "6 7bbb02a211adb48da469f6725a7fec3c",
            "find_titles(task_key,title,folded)": "6910 24fff4d243121979950569fcd2d749ec",
            "holidays(day,kind,name_vi,name_en,source,verified)": "27 55a0800de796803e2c3f1af6f8e59cf3",
            "inspection_counts(scope,key,done,confirmed,returned,unchecked)": "1802 2d26b691394a25ef91a232036ace78be",
            "inspection_log(id,task_key,inspected_at,verdict,reason,inspected_by,evidence)": "238 bbf728b0fb5502753ea2413b672a7ba4",
            "meta(key,value)": "5 6fa4046954c5d2400b4671d75338b0f5",
            "metric_catalogue(key,name_vi,name_en,short_vi,short_en,position)": "9 f6625a3d572d27497aae255fc0b6bfb0",
            "metric_quarantine(id,key,value,as_of,qualifier,source,reason)": "0 cbf29ce48422232584222325cbf29ce4",
            "metrics(id,key,value,as_of,qualifier,source,source_vi)": "13 7d4c9530299d36c840695686382094cd",
            "open_by_deadline(scope,deadline,key,open)": "6037 bb9366a758b1275c0bdcbd43c6f96729",
            "proposal_answer_days(body,days,n)": "305 32cf5b7dd4c5c4632064af5dd695b196",
            "proposal_contacts(proposal_key,name,address,phone,email,id_number)": "400 ed6da71f019afa099805c57207ba6804",
            "proposal_counts(scope,key,total,rejected,open,on_time,late)": "67 e5541be579cc1f7f3dbfe57549eae42e",
            "proposal_deadline_rules(kind,working_days,official,source)": "2 f239c65cb945fb2bdfb7adcd1cc74486",
            "proposal_fields(id,name_vi,name_en,position)": "14 a64d4c3c65edfc6a9864f2a7a40504f7",
            "proposal_log(id,proposal_key,at,status,body_code,note,by)": "1302 f775defda5c762199a917bd4f85888e4",
            "proposal_open_by_due(scope,due_on,key,open)": "288 670ff6f9ef2155f2ae2067c8ee6a012b",
            "proposals(key,id,received_at,kind,submitter_kind,field,title,summary,folded,due_on,body_code,status,status_at,answered_at,duplicate_of,demo,bucket)": "400 fc3474654ff0d1640b4f14323c1544c1",
            "report_log(id,task_key,reported_at,status,progress,note,reported_by)": "143259 ec974e58033391addfbd777220a26b90",
            "report_quarantine(id,task_key,reported_at,status,progress,note,reported_by,reason)": "0 cbf29ce48422232584222325cbf29ce4",
            "state_counts(scope,key,total,done_on_time,done_late,open)": "3421 3a3641f1809fadf95e49e731865de704",
            "submitter_kinds(id,name_vi,name_en,position)": "5 64884cb2a994b2b70bfd4df9b2172c66",
            "tasks(key,id,title,plan,area,tech_group,level,unit_code,deadline,demo,status,progress,reported_at,completed_on,bucket,verdict,verified_at)": "6910 31daba228e90b8aeb4cbce34520c69ff",
            "tech_groups(id,name_vi,name_en,product_groups,verified,position,short_vi,short_en)": "11 32fbdd77b5867a38589375f2b6ed4ecd",
            "units(code,level,name,kind,kind_vi,parent_code,province_code,position,short_vi,short_en)": "3373 25c50b47143b8a90ca7d664fe111d7d5",
        ]),
        Case(seed: 11, asOf: "2025-03-31", now: "2025-04-01T12:00:00+07:00", digests: [
            "areas(id,name_vi,name_en)": "6 7bbb02a211adb48da469f6725a7fec3c",
            "find_titles(task_key,title,folded)": "6899 cdcaf59e7477ef587e3a09ba125d8879",
            "holidays(day,kind,name_vi,name_en,source,verified)": "27 55a0800de796803e2c3f1af6f8e59cf3",
            "inspection_counts(scope,key,done,confirmed,returned,unchecked)": "504 43c2e4a84d40b2ce1e82d4320f635e53",
            "inspection_log(id,task_key,inspected_at,verdict,reason,inspected_by,evidence)": "39 5de086c5db04db26aa6ddb64b117fd3f",
            "meta(key,value)": "5 294cd5a0f8d91ff2a31f757c7db0c753",
            "metric_catalogue(key,name_vi,name_en,short_vi,short_en,position)": "9 f6625a3d572d27497aae255fc0b6bfb0",
            "metric_quarantine(id,key,value,as_of,qualifier,source,reason)": "0 cbf29ce48422232584222325cbf29ce4",
            "metrics(id,key,value,as_of,qualifier,source,source_vi)": "13 7d4c9530299d36c840695686382094cd",
            "open_by_deadline(scope,deadline,key,open)": "8098 aa8d2032345c402a7ed1bd3bfcea25eb",
            "proposal_answer_days(body,days,n)": "0 cbf29ce48422232584222325cbf29ce4",
            "proposal_contacts(proposal_key,name,address,phone,email,id_number)": "0 cbf29ce48422232584222325cbf29ce4",
            "proposal_counts(scope,key,total,rejected,open,on_time,late)": "0 cbf29ce48422232584222325cbf29ce4",
            "proposal_deadline_rules(kind,working_days,official,source)": "2 f239c65cb945fb2bdfb7adcd1cc74486",
            "proposal_fields(id,name_vi,name_en,position)": "14 a64d4c3c65edfc6a9864f2a7a40504f7",
            "proposal_log(id,proposal_key,at,status,body_code,note,by)": "0 cbf29ce48422232584222325cbf29ce4",
            "proposal_open_by_due(scope,due_on,key,open)": "0 cbf29ce48422232584222325cbf29ce4",
            "proposals(key,id,received_at,kind,submitter_kind,field,title,summary,folded,due_on,body_code,status,status_at,answered_at,duplicate_of,demo,bucket)": "0 cbf29ce48422232584222325cbf29ce4",
            "report_log(id,task_key,reported_at,status,progress,note,reported_by)": "40058 eb9b5c4ec1fba7b9ebdec4fbffdbd97c",
            "report_quarantine(id,task_key,reported_at,status,progress,note,reported_by,reason)": "0 cbf29ce48422232584222325cbf29ce4",
            "state_counts(scope,key,total,done_on_time,done_late,open)": "3421 a982cc25ccd248182e544dc955136789",
            "submitter_kinds(id,name_vi,name_en,position)": "5 64884cb2a994b2b70bfd4df9b2172c66",
            "tasks(key,id,title,plan,area,tech_group,level,unit_code,deadline,demo,status,progress,reported_at,completed_on,bucket,verdict,verified_at)": "6899 5fc6d21534f42e612bb15a7e1989d7e0",
            "tech_groups(id,name_vi,name_en,product_groups,verified,position,short_vi,short_en)": "11 32fbdd77b5867a38589375f2b6ed4ecd",
            "units(code,level,name,kind,kind_vi,parent_code,province_code,position,short_vi,short_en)": "3373 25c50b47143b8a90ca7d664fe111d7d5",
        ]),
    ]

    func expectRecorded(_ path: String, _ c: Case, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let got = try Self.digests(path, only: Array(c.digests.keys))
        #expect(!c.digests.isEmpty, sourceLocation: sourceLocation)
        for key in c.digests.keys.sorted() {
            #expect(got[key] == c.digests[key], "\(key)", sourceLocation: sourceLocation)
        }
    }

    @Test(arguments: cases) func theDemoInAnExistingDatabaseGivesTheRecordedData(_ c: Case) throws {
        let store = try SQLiteStore(path: F.databasePath())
        try store.initialize()
        try store.generateDemo(scale: .small, seed: c.seed, asOf: F.day(c.asOf), now: F.time(c.now))
        try expectRecorded(store.path, c)
    }

    @Test(arguments: cases) func aNewDemoDatabaseGivesTheRecordedData(_ c: Case) throws {
        let path = F.databasePath()
        try SQLiteStore.createDemo(at: path, scale: .small, seed: c.seed, asOf: F.day(c.asOf), now: F.time(c.now))
        try expectRecorded(path, c)
    }

    /// A demo over another demo (in place) gives the recorded data, and its proposal counts are what the
    /// triggers leave when the first demo's proposals are deleted and the second's written: the second
    /// demo's rows, plus a row at zero for every key only the first one counted in (count rows are never
    /// deleted). The proposals are written with their triggers standing aside and recounted (s5-demo).
    @Test func aDemoOverAnotherGivesTheRecordedData() throws {
        // Seed 57's proposals, then seed 11's as-of day, before the intake opened: no proposals at all.
        let (first, second) = (Self.cases[0], Self.cases[2])
        /// `proposal_counts` by "scope key": total, rejected, open, on time, late.
        func counts(_ path: String) throws -> [String: [Int64]] {
            try DatabaseQueue(path: path).read { db in
                var out: [String: [Int64]] = [:]
                for r in try Row.fetchAll(db, sql: "SELECT scope, key, total, rejected, open, on_time, late FROM proposal_counts") {
                    out[r.text(0) + " " + r.text(1)] = (2...6).map { r.int64($0) }
                }
                return out
            }
        }
        let store = try SQLiteStore(path: F.databasePath())
        try store.initialize()
        try store.generateDemo(scale: .small, seed: first.seed, asOf: F.day(first.asOf), now: F.time(first.now))
        let firstKeys = try counts(store.path).keys
        #expect(firstKeys.count > 60)
        try store.generateDemo(scale: .small, seed: second.seed, asOf: F.day(second.asOf), now: F.time(second.now))
        var recorded = second
        recorded.digests.removeValue(forKey: "proposal_counts(scope,key,total,rejected,open,on_time,late)")
        try expectRecorded(store.path, recorded)
        #expect(try store.verifyProposals() == [])

        let fresh = try SQLiteStore(path: F.databasePath())
        try fresh.initialize()
        try fresh.generateDemo(scale: .small, seed: second.seed, asOf: F.day(second.asOf), now: F.time(second.now))
        try expectRecorded(fresh.path, second)
        let secondCounts = try counts(fresh.path)
        var expected = secondCounts
        for k in firstKeys where secondCounts[k] == nil { expected[k] = [0, 0, 0, 0, 0] }
        #expect(secondCounts.isEmpty && expected.count == firstKeys.count)
        #expect(try counts(store.path) == expected)
    }

    /// `NQ57_DEMO_DIGESTS=DIR swift test --filter DemoDigestTests/record` prints the digests of
    /// `DIR/ref-SEED.sqlite` (made by the generator to be recorded) in the form of `cases`.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["NQ57_DEMO_DIGESTS"] != nil))
    func record() throws {
        let dir = ProcessInfo.processInfo.environment["NQ57_DEMO_DIGESTS"]!
        for c in Self.cases {
            let got = try Self.digests(dir + "/ref-\(c.seed).sqlite")
            print("RECORD seed \(c.seed):")
            for (key, value) in got.sorted(by: { $0.key < $1.key }) { print("            \"\(key)\": \"\(value)\",") }
        }
    }
}
