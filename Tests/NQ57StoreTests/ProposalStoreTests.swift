import Foundation
import GRDB
import NQ57Core
@testable import NQ57Store
import NQ57TestSupport
import Testing

/// The proposals intake in the store: the flow enforced twice (Swift, then SQLite's guard), counts
/// maintained on write equal to a recount, contacts kept apart, duplicates flagged.
@Suite struct ProposalStoreTests {
    typealias F = StoreFixtures
    let now = Timestamp(iso: "2026-01-15T12:00:00+07:00")!

    func new(_ n: Int, field: String = "p02-procedures", kind: ProposalKind = .barrier, at: String = "2025-07-02T09:00:00+07:00",
             title: String? = nil) -> NewProposal {
        NewProposal(receivedAt: Timestamp(iso: at)!, kind: kind, submitter: .business, field: field,
                    title: title ?? "Vướng mắc số \(n) về thủ tục \(n * 7919 % 1000) khác nhau",
                    summary: "Nội dung \(n) riêng biệt \(n * 31)",
                    contact: ProposalContact(name: "Người Mẫu \(n)", phone: "0900 000 \(n)", email: "demo-\(n)@example.invalid"))
    }

    func move(_ to: ProposalStatus, _ at: String, body: String? = nil, note: String = "") -> ProposalFlow.Move {
        ProposalFlow.Move(to: to, at: Timestamp(iso: at)!, body: body, note: note)
    }

    @Test func fromReceiptToPublishedWithCountsEqualToARecount() throws {
        let store = try F.initializedStore()
        let a = try store.addProposal(new(1), now: now).proposal
        // Wednesday 2 July 2025 + 15 working days (no holiday in between) = Wednesday 23 July.
        #expect(a.dueOn == F.day("2025-07-23"))
        let b = try store.addProposal(new(2, kind: .initiative), now: now).proposal
        let c = try store.addProposal(new(3), now: now).proposal
        try store.moveProposal(id: a.id, move(.assigned, "2025-07-03T09:00:00+07:00", body: "BKHCN"))
        try store.moveProposal(id: a.id, move(.assigned, "2025-07-04T09:00:00+07:00", body: "01"))
        try store.moveProposal(id: a.id, move(.answered, "2025-07-23T20:00:00+07:00", note: "Đã sửa quy trình"))
        try store.moveProposal(id: a.id, move(.published, "2025-07-25T09:00:00+07:00"))
        try store.moveProposal(id: b.id, move(.assigned, "2025-07-03T09:00:00+07:00", body: "BKHCN"))
        try store.moveProposal(id: c.id, move(.rejected, "2025-07-03T09:00:00+07:00", note: "Ngoài phạm vi"))

        let o = try store.proposalOverview(asOf: F.day("2025-12-01"))
        #expect(o.all.total == 3 && o.all.answeredOnTime == 1 && o.all.rejected == 1 && o.all.pending == 0 && o.all.overdue == 1)
        #expect(o.bodies.first?.code == "BKHCN" && o.bodies.first?.counts.overdue == 1)
        #expect(o.bodies.first?.oldestPending?.id == b.id)
        #expect(o.bodies.first { $0.code == "01" }?.medianDaysToAnswer == 21)
        #expect(o.deadlinesNotOfficial)
        // Before b's deadline (30 working days after 2 July: 13 August), it is pending, not overdue.
        let early = try store.proposalOverview(asOf: F.day("2025-08-13"))
        #expect(early.all.pending == 1 && early.all.overdue == 0)
        #expect(try store.verifyProposals() == [])
        let history = try store.proposalHistory(id: a.id)
        #expect(history.map(\.status) == [.received, .assigned, .assigned, .answered, .published])
    }

    @Test func refusedMovesWriteNothing() throws {
        let store = try F.initializedStore()
        let p = try store.addProposal(new(1), now: now).proposal
        func refused(_ m: ProposalFlow.Move, _ rule: String) {
            do {
                try store.moveProposal(id: p.id, m)
                Issue.record("\(m.to) was accepted")
            } catch let e as NQ57Error {
                #expect(e.message.hasPrefix(rule + ":"), "\(e.message)")
            } catch { Issue.record("\(error)") }
        }
        refused(move(.answered, "2025-07-05T09:00:00Z", note: "x"), "proposal_flow")
        refused(move(.published, "2025-07-05T09:00:00Z"), "proposal_flow")
        refused(move(.rejected, "2025-07-05T09:00:00Z"), "proposal_reason")
        refused(move(.assigned, "2025-07-05T09:00:00Z", body: "00070"), "proposal_body")  // a commune
        refused(move(.assigned, "2025-07-05T09:00:00Z", body: "NOPE"), "proposal_body")
        refused(move(.assigned, "2025-07-01T09:00:00Z", body: "01"), "proposal_time")
        #expect(try store.proposalHistory(id: p.id).count == 1)
        try store.moveProposal(id: p.id, move(.rejected, "2025-07-05T09:00:00Z", note: "Trùng"))
        refused(move(.answered, "2025-07-06T09:00:00Z", note: "x"), "proposal_flow")
        #expect(try store.verifyProposals() == [])
        do {
            _ = try store.addProposal(new(9, field: "p02-nothing"), now: now)
            Issue.record("an unknown field was accepted")
        } catch let e as NQ57Error { #expect(e.message.hasPrefix("proposal_field:")) }
    }

    /// Another program writing with `sqlite3` meets the same rules in the database's guard.
    @Test func theDatabaseRefusesHostileWrites() throws {
        let store = try F.initializedStore()
        let p = try store.addProposal(new(1), now: now).proposal
        let queue = try DatabaseQueue(path: store.path)
        func refused(_ sql: String, _ rule: String) {
            do {
                try queue.write { try $0.execute(sql: sql) }
                Issue.record("accepted: \(sql)")
            } catch {
                #expect("\(error)".contains(rule), "\(error)")
            }
        }
        let key = "(SELECT key FROM proposals WHERE id = '\(p.id)')"
        refused("INSERT INTO proposal_log (proposal_key, at, status, note) VALUES (\(key), unixepoch('2025-07-05'), 'answered', 'x')", "proposal_flow")
        refused("INSERT INTO proposal_log (proposal_key, at, status, note) VALUES (\(key), unixepoch('2025-07-05'), 'rejected', '  ')", "proposal_reason")
        refused("INSERT INTO proposal_log (proposal_key, at, status, body_code) VALUES (\(key), unixepoch('2025-07-05'), 'assigned', '00070')", "proposal_body")
        refused("INSERT INTO proposal_log (proposal_key, at, status, body_code) VALUES (\(key), unixepoch('2025-06-05'), 'assigned', '01')", "proposal_time")
        refused("INSERT INTO proposal_log (proposal_key, at, status, body_code) VALUES (\(key), '2025-07-05', 'assigned', '01')", "proposal_time")
        refused("UPDATE proposal_log SET note = 'x'", "append-only")
        refused("DELETE FROM proposals", "only demo proposals")
        refused("INSERT INTO proposals (id, received_at, kind, submitter_kind, field, title, due_on, status, status_at) VALUES ('X 1', unixepoch('2025-07-02'), 'barrier', 'citizen', 'p02-data', 't', '2025-07-20', 'received', unixepoch('2025-07-02'))", "CHECK")
        refused("INSERT INTO proposals (id, received_at, kind, submitter_kind, field, title, due_on, status, status_at) VALUES ('X1', unixepoch('2025-07-02'), 'barrier', 'citizen', 'p02-data', x'41', '2025-07-20', 'received', unixepoch('2025-07-02'))", "CHECK")
        refused("INSERT INTO proposals (id, received_at, kind, submitter_kind, field, title, due_on, status, status_at) VALUES ('X1', unixepoch('2025-07-02'), 'barrier', 'citizen', 'p02-data', 't', '2025-06-20', 'received', unixepoch('2025-07-02'))", "CHECK")
        refused("INSERT INTO proposals (id, received_at, kind, submitter_kind, field, title, due_on, status, status_at, answered_at) VALUES ('X1', unixepoch('2025-07-02'), 'barrier', 'citizen', 'p02-data', 't', '2025-07-20', 'answered', unixepoch('2025-07-02'), unixepoch('2025-07-03'))", "proposal_new")
        // Through sqlite3, an allowed move is counted like ours.
        try queue.write { try $0.execute(sql: "INSERT INTO proposal_log (proposal_key, at, status, body_code) VALUES (\(key), unixepoch('2025-07-05'), 'assigned', '01')") }
        #expect(try store.proposal(id: p.id)?.body == "01")
        #expect(try store.verifyProposals() == [])
    }

    @Test func checkFindsACountMadeWrong() throws {
        let store = try F.initializedStore()
        try store.addProposal(new(1), now: now)
        let queue = try DatabaseQueue(path: store.path)
        try queue.write { try $0.execute(sql: "UPDATE proposal_counts SET open = open + 1 WHERE scope = 'field'") }
        let lines = try store.verifyProposals()
        #expect(lines.contains { $0.hasPrefix("proposal_counts field p02-procedures") })
    }

    @Test func duplicatesAreFlaggedWithTheEarlierId() throws {
        let store = try F.initializedStore()
        let first = try store.addProposal(new(1, title: "Thủ tục cấp phép sandbox fintech quá dài"), now: now).proposal
        var again = new(2, title: "THU TUC CAP PHEP SANDBOX FINTECH QUA DAI")
        again.summary = "Nội dung 1 riêng biệt 31"
        let second = try store.addProposal(again, now: now)
        #expect(second.duplicateOf?.id == first.id && second.duplicateOf?.reason == .sameText)
        #expect(try store.proposalDuplicateOf(id: second.proposal.id) == first.id)
        var sameSender = new(3)
        sameSender.contact = ProposalContact(name: "NGUOI MAU 1", email: "DEMO-1@example.invalid")
        #expect(try store.addProposal(sameSender, now: now).duplicateOf?.reason == .sameSubmitter)
        #expect(try store.addProposal(new(4), now: now).duplicateOf == nil)
    }
}

/// `nq57 import` of proposals and of status changes: all or nothing, every bad row listed.
@Suite struct ProposalImportTests {
    typealias F = StoreFixtures
    let now = Timestamp(iso: "2026-01-15T12:00:00+07:00")!

    func file(_ text: String) throws -> String {
        let path = F.temporaryDirectory() + "/p.csv"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func goodFilesImportAndBadOnesWriteNothing() throws {
        let store = try F.initializedStore()
        let proposals = try file("""
            proposal_id,received_at,kind,submitter_kind,field,title,summary,name,address,phone,email,id_number
            P-1,2025-07-02T09:00,barrier,business,p02-data,Dữ liệu chưa liên thông,Cần kết nối,Người Mẫu 1,,,demo-1@example.invalid,
            P-2,2025-07-03T09:00,initiative,citizen,area-6,Bảng điều khiển cấp xã,,,,,,

            """)
        #expect(try store.importProposals(proposals, now: now).rows == 2)
        let statuses = try file("""
            proposal_id,at,status,body_code,note,by
            P-1,2025-07-04T09:00,assigned,BKHCN,,
            P-1,2025-07-10T09:00,answered,,Đã kết nối,
            P-2,2025-07-05T09:00,rejected,,,
            P-2,2025-07-05T09:00,published,,,
            P-9,2025-07-05T09:00,assigned,01,,
            P-1,2025-07-01T09:00,published,,,

            """)
        do {
            _ = try store.importProposals(statuses, now: now)
            Issue.record("a file with bad rows was imported")
        } catch let e as NQ57Error {
            let lines = e.message.split(separator: "\n").map(String.init)
            #expect(lines.contains { $0.hasSuffix(":4: proposal_reason: a rejection needs a reason (duplicate, out of scope, not enough information…)") })
            #expect(lines.contains { $0.contains(":5: proposal_flow:") })
            #expect(lines.contains { $0.contains(":6: proposal_unknown:") })
            #expect(lines.contains { $0.contains(":7: proposal_time:") })
            #expect(lines.last?.hasSuffix("4 bad rows; nothing imported") == true, "\(lines.last ?? "")")
        }
        // Nothing of the good rows either.
        #expect(try store.proposal(id: "P-1")?.status == .received)
        #expect(try store.proposalHistory(id: "P-1").count == 1)
        #expect(try store.verifyProposals() == [])
    }
}

/// The median days to answer read in SQL (one row per body) equal the median of each body's whole
/// histogram, counted here in Swift: the first day at which half of the body's answers are seen.
@Suite struct ProposalMedianTests {
    @Test func eachBodysMedianIsThatOfItsHistogram() throws {
        let store = try StoreFixtures.demoStore(access: .readOnly)
        var histogram: [String: [(days: Int, n: Int)]] = [:]
        try store.read { db in
            for r in try Row.fetchAll(db, sql: "SELECT body, days, n FROM proposal_answer_days ORDER BY body, days") {
                histogram[r.text(0), default: []].append((r.int(1, in: 0 ... 100_000), r.count(2)))
            }
        }
        func median(_ h: [(days: Int, n: Int)]) -> Int? { AnswerDays.median(h) }
        let o = try store.proposalOverview(asOf: StoreFixtures.demoAsOf)
        let answering = o.bodies.filter { histogram[$0.code] != nil }
        // Bodies whose answers spread over several days, so that first, middle and last differ.
        #expect(answering.filter { (histogram[$0.code]?.count ?? 0) > 2 }.count > 5)
        for body in o.bodies {
            #expect(body.medianDaysToAnswer == histogram[body.code].flatMap(median), "\(body.code)")
        }
        #expect(o.medianDaysToAnswer == histogram["*"].flatMap(median))
        #expect(o.medianDaysToAnswer != nil)
    }
}
