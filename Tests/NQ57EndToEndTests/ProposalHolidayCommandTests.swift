import Foundation
import Testing
import NQ57TestSupport

/// `nq57 proposal holidays`: the list marks rows still to verify, in both languages; `--import`
/// moves the stored deadlines and states, and `nq57 check` agrees.
@Suite(.serialized) struct ProposalHolidayCommandTests {
    let dir = TemporaryDirectory()

    @Test func theListMarksRowsToVerifyAndAnImportMovesDeadlines() throws {
        let db = dir.file("h.sqlite")
        #expect(try Binary.run(["init", "--db", db]).status == 0)
        for (lang, mark, date) in [("vi", "! cần kiểm chứng với văn bản chính thức", "20/02/2026"), ("en", "! to verify against the official text", "2026-02-20")] {
            let list = try Binary.run(["proposal", "holidays", "--db", db, "--lang", lang])
            #expect(list.status == 0, "\(list.stderr)")
            let row = list.stdout.split(separator: "\n").first { $0.hasPrefix(date) }
            #expect(row?.hasSuffix(mark) == true, "\(lang): \(String(describing: row))")
            let verified = list.stdout.split(separator: "\n").first { $0.hasPrefix(lang == "vi" ? "01/01/2026" : "2026-01-01") }
            #expect(verified != nil && verified?.contains(mark) == false)
        }
        let add = try Binary.run(["proposal", "add", "--db", db, "--at", "2026-02-10T09:00", "--kind", "barrier", "--submitter", "business",
                                  "--field", "p02-procedures", "--title", "Thủ tục cấp phép", "--to", "BKHCN"])
        #expect(add.stdout.hasSuffix("answer due 2026-03-10\n"), "\(add.stdout)")
        #expect(try Binary.run(["proposal", "answer", "PA-000001", "--db", db, "--summary", "Đã trả lời", "--at", "2026-03-06T10:00"]).status == 0)

        let file = dir.file("holidays.csv")
        let shipped = try String(contentsOfFile: Self.shippedFile, encoding: .utf8)
        try (shipped.split(separator: "\n").filter { !$0.hasPrefix("2026-02-") }.joined(separator: "\n") + "\n").write(toFile: file, atomically: true, encoding: .utf8)
        let imported = try Binary.run(["proposal", "holidays", "--db", db, "--import", file, "--as-of", "2026-03-20"])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("1 answer deadlines moved, 1 proposals changed state as of 2026-03-20"), "\(imported.stdout)")
        let show = try Binary.run(["proposal", "show", "PA-000001", "--db", db, "--as-of", "2026-03-20"])
        #expect(show.stdout.contains("answer due 2026-03-03") && show.stdout.contains("answered_late"), "\(show.stdout)")
        let check = try Binary.run(["check", "--db", db])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    }

    static let shippedFile = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/NQ57Store/Reference/vn-public-holidays.csv").path
}
