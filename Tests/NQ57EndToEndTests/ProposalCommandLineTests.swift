import Foundation
import Testing
import NQ57TestSupport

/// `nq57 proposal …`, import, export and `snapshot --view proposals` as staff run them: one line per
/// refusal naming the rule, exit 65, nothing written; contacts only on request, announced on stderr.
@Suite(.serialized) struct ProposalCommandLineTests {
    let dir = TemporaryDirectory()

    @Test func aSubmissionFromReceiptToPublishedAnswer() throws {
        let db = dir.file("p.sqlite")
        #expect(try Binary.run(["init", "--db", db]).status == 0)
        let add = try Binary.run(["proposal", "add", "--db", db, "--at", "2026-02-13T09:00", "--kind", "barrier", "--submitter", "business",
                                  "--field", "p02-procedures", "--title", "Thủ tục cấp phép sandbox quá dài", "--name", "Người Mẫu 0001",
                                  "--email", "demo-0001@example.invalid"])
        #expect(add.status == 0, "\(add.stderr)")
        // Friday 13 Feb 2026 + 15 working days, Tết (16–20 Feb) skipped.
        #expect(add.stdout == "proposal PA-000001: received; answer due 2026-03-13\n")
        let again = try Binary.run(["proposal", "add", "--db", db, "--at", "2026-02-14T09:00", "--kind", "barrier", "--submitter", "citizen",
                                    "--field", "p02-procedures", "--title", "THU TUC CAP PHEP SANDBOX QUA DAI"])
        #expect(again.status == 0)
        #expect(again.stderr.contains("PA-000002 repeats PA-000001") && again.stderr.contains("--duplicate"))

        func refused(_ args: [String], _ rule: String) throws {
            let r = try Binary.run(["proposal"] + args + ["--db", db])
            #expect(r.status == 65, "\(args)")
            #expect(r.stderr.hasPrefix("nq57: \(rule): ") && r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
        }
        try refused(["answer", "PA-000001", "--summary", "x", "--at", "2026-02-20"], "proposal_flow")
        try refused(["publish", "PA-000001", "--at", "2026-02-20"], "proposal_flow")
        try refused(["assign", "PA-000001", "--to", "NOPE", "--at", "2026-02-20"], "proposal_body")
        try refused(["assign", "PA-000001", "--to", "BKHCN", "--at", "2026-02-01"], "proposal_time")
        try refused(["reject", "PA-000001", "--at", "2026-02-20"], "proposal_reason")
        try refused(["reject", "PA-000001", "--duplicate", "--at", "2026-02-20"], "proposal_duplicate")
        try refused(["assign", "PA-999999", "--to", "BKHCN"], "proposal_unknown")
        try refused(["add", "--kind", "barrier", "--submitter", "citizen", "--field", "nowhere", "--title", "t", "--at", "2026-02-20"], "proposal_field")

        for args in [["assign", "PA-000001", "--to", "BKHCN", "--at", "2026-02-23T09:00"],
                     ["answer", "PA-000001", "--summary", "Đã rút ngắn còn 30 ngày", "--at", "2026-03-13T16:00"],
                     ["publish", "PA-000001", "--at", "2026-03-16T09:00"],
                     ["reject", "PA-000002", "--duplicate", "--at", "2026-02-23T09:00"]] {
            let r = try Binary.run(["proposal"] + args + ["--db", db])
            #expect(r.status == 0, "\(args): \(r.stderr)")
        }
        let show = try Binary.run(["proposal", "show", "PA-000001", "--db", db, "--as-of", "2026-04-01"])
        #expect(show.stdout.contains("answered_on_time"))
        #expect(show.stdout.components(separatedBy: "\n  ").count == 5)  // received, assigned, answered, published
        #expect(!show.stdout.contains("Người Mẫu") && !show.stdout.contains("example.invalid"))
        let check = try Binary.run(["check", "--db", db])
        #expect(check.status == 0, "\(check.stderr)")

        let export = try Binary.run(["export", "--db", db, "--what", "proposals"])
        #expect(export.status == 0 && export.stderr.isEmpty)
        #expect(export.stdout.contains("PA-000001") && !export.stdout.contains("example.invalid"))
        let contacts = try Binary.run(["export", "--db", db, "--what", "proposals", "--with-contacts"])
        #expect(contacts.stdout.contains("demo-0001@example.invalid"))
        #expect(contacts.stderr.contains("Decree 13/2023/NĐ-CP"))

        for lang in ["vi", "en"] {
            let text = try Binary.run(["snapshot", "--db", db, "--view", "proposals", "--width", "80", "--lang", lang, "--as-of", "2026-04-01"])
            #expect(text.status == 0)
            #expect(text.stdout.contains(lang == "vi" ? "CHƯA PHẢI số liệu chính thức" : "NOT the official figures"))
            #expect(text.stdout.split(separator: "\n").allSatisfy { $0.count <= 80 })
        }
        let json = try Binary.run(["snapshot", "--db", db, "--view", "proposals", "--format", "json", "--as-of", "2026-04-01"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let all = try #require(object["all"] as? [String: Int])
        #expect(all["total"] == 2 && all["answered_on_time"] == 1 && all["rejected"] == 1)
    }

    @Test func importIsAllOrNothing() throws {
        let db = dir.file("i.sqlite")
        #expect(try Binary.run(["init", "--db", db]).status == 0)
        let file = dir.write("p.csv", """
            proposal_id,received_at,kind,submitter_kind,field,title,summary,name,address,phone,email,id_number
            X-1,2025-07-02T09:00,barrier,business,p02-data,Dữ liệu chưa liên thông,,,,,,
            X-2,2025-07-02T09:00,barrier,robot,p02-data,Khác,,,,,,
            X-3,2025-07-02T09:00,barrier,citizen,p02-nothing,Khác nữa,,,,,,

            """)
        let r = try Binary.run(["import", file, "--db", db])
        #expect(r.status == 65)
        #expect(r.stderr.contains("p.csv:3: proposal_submitter") && r.stderr.contains("p.csv:4: proposal_field"))
        #expect(r.stderr.contains("2 bad rows; nothing imported"))
        let export = try Binary.run(["export", "--db", db, "--what", "proposals"])
        #expect(export.stdout.split(separator: "\n").count == 1)  // the header only
    }
}
