import Foundation
import NQ57Core
@testable import NQ57Store
import NQ57TestSupport
import Testing

/// Proposal imports have the report imports' options: `--dry-run` (check everything, write nothing,
/// list every bad row) and JSON Lines beside CSV; all or nothing; each bad row with its line and rule.
@Suite struct ProposalImportOptionsTests {
    typealias F = StoreFixtures
    let now = Timestamp(iso: "2026-01-15T12:00:00+07:00")!

    func file(_ text: String, _ name: String) throws -> String {
        let path = F.temporaryDirectory() + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static let proposalsCSV = """
        proposal_id,received_at,kind,submitter_kind,field,title,summary,name,address,phone,email,id_number
        P-1,2025-07-02T09:00,barrier,business,p02-data,Dữ liệu đất đai chưa liên thông giữa các sở,Cần kết nối,Người Mẫu 1,,,demo-1@example.invalid,
        P-2,2025-07-03T09:00,initiative,citizen,area-6,Bảng điều khiển cấp xã,,,,,,
        P-3,2025-07-04T09:00,barrier,citizen,p02-data,DU LIEU DAT DAI CHUA LIEN THONG GIUA CAC SO,can ket noi,,,,,

        """

    static let statusJSONL = """
        {"proposal_id":"P-1","at":"2025-07-04T09:00","status":"assigned","body_code":"BKHCN"}
        {"proposal_id":"P-1","at":"2025-07-10T09:00","status":"answered","note":"Đã kết nối"}

        {"proposal_id":"P-1","at":"2025-07-11T09:00","status":"published"}
        {"proposal_id":"P-3","at":"2025-07-05T09:00","status":"rejected","note":"Trùng với P-1"}

        """

    func count(_ store: SQLiteStore) throws -> Int { try store.proposalOverview(asOf: F.day("2026-01-15")).all.total }

    @Test func aDryRunChecksEverythingAndWritesNothing() throws {
        let store = try F.initializedStore()
        let csv = try file(Self.proposalsCSV, "p.csv")
        let dry = try store.importProposals(csv, dryRun: true, now: now)
        #expect(dry.rows == 3 && dry.dryRun && !dry.statusChanges && dry.format == .csv)
        // P-3 repeats P-1 (the same words without diacritics) — found within the file, as the import would.
        #expect(dry.duplicates == 1)
        #expect(try count(store) == 0)
        let real = try store.importProposals(csv, now: now)
        #expect(real.rows == 3 && real.duplicates == 1 && !real.dryRun)
        #expect(try store.proposalDuplicateOf(id: "P-3") == "P-1")
        #expect(try count(store) == 3)

        // Status changes in JSON Lines: a dry run follows the file's own moves (assigned, then answered,
        // then published) although it writes none of them.
        let jsonl = try file(Self.statusJSONL, "s.jsonl")
        let dryMoves = try store.importProposals(jsonl, dryRun: true, now: now)
        #expect(dryMoves.rows == 4 && dryMoves.statusChanges && dryMoves.format == .jsonLines)
        #expect(try store.proposal(id: "P-1")?.status == .received)
        #expect(try store.importProposals(jsonl, now: now).rows == 4)
        #expect(try store.proposal(id: "P-1")?.status == .published)
        #expect(try store.proposal(id: "P-3")?.status == .rejected)
        #expect(try store.verifyProposals() == [])
    }

    @Test func proposalsInJSONLinesImportAsFromCSV() throws {
        let store = try F.initializedStore()
        let jsonl = try file("""
            {"proposal_id":"J-1","received_at":"2025-07-02T09:00","kind":"barrier","submitter_kind":"business","field":"p02-data","title":"Dữ liệu chưa liên thông","email":"demo-9@example.invalid"}
            {"proposal_id":"J-2","received_at":"2025-07-03T09:00","kind":"initiative","submitter_kind":"citizen","field":"area-6","title":"Bảng điều khiển","summary":"Cấp xã"}

            """, "p.jsonl")
        #expect(SQLiteStore.isProposalFile(Array(try Data(contentsOf: URL(fileURLWithPath: jsonl)))))
        let r = try store.importProposals(jsonl, now: now)
        #expect(r.rows == 2 && r.format == .jsonLines && !r.statusChanges)
        #expect(try store.proposal(id: "J-2")?.summary == "Cấp xã")
        // The due day is the one `proposal add` gives: 15 working days after Wednesday 2 July 2025.
        #expect(try store.proposal(id: "J-1")?.dueOn == F.day("2025-07-23"))
    }

    @Test func everyBadRowIsListedWithItsLineAndRuleInBothModes() throws {
        let store = try F.initializedStore()
        let bad = try file("""
            {"proposal_id":"B-1","received_at":"2025-07-02T09:00","kind":"barrier","submitter_kind":"business","field":"p02-data","title":"Được"}
            {"proposal_id":"B-2","received_at":"yesterday","kind":"barrier","submitter_kind":"business","field":"p02-data","title":"x"}
            {"proposal_id":"B-3","received_at":"2025-07-02T09:00","kind":"wish","submitter_kind":"business","field":"p02-data","title":"x"}
            {"proposal_id":"B-4","received_at":"2025-07-02T09:00","kind":"barrier","submitter_kind":"business","field":"p99","title":"x"}
            {"proposal_id":"B-1","received_at":"2025-07-02T09:00","kind":"barrier","submitter_kind":"business","field":"p02-data","title":"again"}
            {"proposal_id":"B-6","received_at":"2025-07-02T09:00","kind":"barrier","submitter_kind":"business","field":"p02-data","title":""}
            {"proposal_id":"B-7","colour":"red"}
            not json
            """, "bad.jsonl")
        for dryRun in [true, false] {
            do {
                _ = try store.importProposals(bad, dryRun: dryRun, now: now)
                Issue.record("a file with bad rows was accepted (dry run \(dryRun))")
            } catch let e as NQ57Error {
                let lines = e.message.split(separator: "\n").map(String.init)
                for (line, rule) in [(2, "proposal_time"), (3, "proposal_kind"), (4, "proposal_field"), (5, "proposal_id"),
                                     (6, "proposal_title"), (7, "colour"), (8, "line")] {
                    #expect(lines.contains { $0.hasPrefix("\(bad):\(line): \(rule)") }, "line \(line) \(rule) not listed: \(lines)")
                }
                #expect(!lines.contains { $0.hasPrefix("\(bad):1:") }, "the good row is not listed")
                #expect(lines.last?.hasSuffix("7 bad rows; " + (dryRun ? "dry run, nothing written" : "nothing imported")) == true, "\(lines.last ?? "")")
            }
            #expect(try count(store) == 0)
        }
    }
}
