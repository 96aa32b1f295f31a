import Testing
import NQ57Core

@Suite struct CSVReaderTests {
    func records(_ text: String, chunk: Int = 3) throws -> [CSVReader.Record] {
        let bytes = Array(text.utf8)
        var offset = 0
        var reader = CSVReader(next: {
            guard offset < bytes.count else { return nil }
            defer { offset += chunk }
            return Array(bytes[offset..<min(bytes.count, offset + chunk)])
        })
        var out: [CSVReader.Record] = []
        while let r = try reader.read() { out.append(r) }
        return out
    }

    @Test func quotedFieldsHoldCommasQuotesAndLineBreaks() throws {
        let r = try records("a,b\n\"x, y\",\"say \"\"hi\"\"\"\n\"two\nlines\",z\n")
        #expect(r.map(\.fields) == [["a", "b"], ["x, y", "say \"hi\""], ["two\nlines", "z"]])
        #expect(r.map(\.line) == [1, 2, 3])
    }

    @Test func crlfAndAMissingFinalLineBreak() throws {
        let r = try records("a,b\r\nc,d")
        #expect(r.map(\.fields) == [["a", "b"], ["c", "d"]])
    }

    @Test func emptyFieldsAreKept() throws {
        #expect(try records(",,\n").first?.fields == ["", "", ""])
    }

    @Test func anUnclosedQuoteEndsTheReadingNamingItsLine() {
        #expect(throws: CSVReader.Problem.unterminatedQuote(line: 2)) { try records("a\n\"open,b\nc\n") }
    }

    @Test func badUTF8AndStrayTextAreReportedPerRecord() throws {
        var bytes = Array("ok,1\n".utf8) + [0xC3, 0x28] + Array(",2\n\"q\"x,3\nfine,4\n".utf8)
        var reader = CSVReader(bytes: bytes)
        var problems: [CSVReader.Problem?] = []
        while let r = try reader.read() { problems.append(r.problem) }
        #expect(problems == [nil, .invalidUTF8(line: 2, column: 1), .textAfterQuote(line: 3, column: 1), nil])
        bytes.removeAll()
    }
}

@Suite struct ReportValidatorTests {
    let now = Timestamp(iso: "2026-11-29T07:00:00Z")!
    var validator: ReportValidator { ReportValidator(now: now, isKnownTask: { $0 == "T1" }) }

    func problem(_ f: ReportFields) -> FieldProblem? {
        if case .failure(let p) = validator.validate(f) { return p }
        return nil
    }

    @Test func aGoodReport() throws {
        let r = try validator.validate(ReportFields(taskID: " T1 ", status: "in_progress", progress: "45", reportedAt: "2026-11-28T10:00:00+07:00",
                                                    note: "Đã xong 45%", reportedBy: "Sở KH&CN")).get()
        #expect(r.taskID == "T1" && r.status == .inProgress && r.progress == 45)
        #expect(r.reportedAt.description == "2026-11-28T03:00:00Z")
    }

    @Test func defaultsFollowTheStatus() throws {
        #expect(try validator.validate(ReportFields(taskID: "T1", status: "done")).get().progress == 100)
        #expect(try validator.validate(ReportFields(taskID: "T1", status: "not_started")).get().progress == 0)
        #expect(try validator.validate(ReportFields(taskID: "T1", status: "done")).get().reportedAt == now)
    }

    @Test func everyBadFieldIsNamed() {
        #expect(problem(ReportFields(taskID: "T9", status: "done"))?.field == "task_id")
        #expect(problem(ReportFields(taskID: "", status: "done"))?.message == "is empty")
        #expect(problem(ReportFields(taskID: "T1", status: "finished"))?.field == "status")
        #expect(problem(ReportFields(taskID: "T1", status: "in_progress", progress: "140"))?.message == "140 is outside 0–100")
        #expect(problem(ReportFields(taskID: "T1", status: "in_progress", progress: "-1"))?.message == "-1 is outside 0–100")
        #expect(problem(ReportFields(taskID: "T1", status: "in_progress", progress: "4.5"))?.field == "progress")
        #expect(problem(ReportFields(taskID: "T1", status: "in_progress"))?.field == "progress")
        #expect(problem(ReportFields(taskID: "T1", status: "done", progress: "90"))?.message == "a done task must be at 100, not 90")
        #expect(problem(ReportFields(taskID: "T1", status: "not_started", progress: "10"))?.field == "progress")
        #expect(problem(ReportFields(taskID: "T1", status: "done", reportedAt: "28/11/2026"))?.field == "reported_at")
        #expect(problem(ReportFields(taskID: "T1", status: "done", reportedAt: "2030-01-01T00:00:00Z"))?.message == "2030-01-01T00:00:00Z is in the future")
        #expect(problem(ReportFields(taskID: "T1", status: "done", reportedAt: "2024-01-01"))?.field == "reported_at")
        #expect(problem(ReportFields(taskID: "T1", status: "done", note: String(repeating: "ư", count: 2001)))?.field == "note")
        #expect(problem(ReportFields(taskID: "T1", status: "done", note: String(repeating: "ư", count: 2000))) == nil)
    }

    /// One tolerance for clocks ahead: 5 minutes (it was a day, though the README said "refused").
    @Test func aSmallClockSkewIsAcceptedAndNoMore() {
        #expect(problem(ReportFields(taskID: "T1", status: "done", reportedAt: now.adding(seconds: 300).description)) == nil)
        #expect(problem(ReportFields(taskID: "T1", status: "done", reportedAt: now.adding(seconds: 301).description))?.field == "reported_at")
        #expect(problem(ReportFields(taskID: "T1", status: "done", reportedAt: now.adding(seconds: 3600).description))?.field == "reported_at")
    }

    /// Lengths count code points and bytes, not grapheme clusters; NUL is refused on every path.
    @Test func lengthsCountCodePointsAndBytes() {
        let stacked = "a" + String(repeating: "\u{301}", count: 1_000_000)  // one grapheme, 2 MB
        #expect(stacked.count == 1)
        #expect(problem(ReportFields(taskID: "T1", status: "done", note: stacked))?.message
                == "is 2000001 bytes long; the limit is 2000 characters and 8000 bytes")
        let marks = "a" + String(repeating: "\u{301}", count: 2000)  // 2001 code points, 4001 bytes
        #expect(problem(ReportFields(taskID: "T1", status: "done", note: marks))?.message == "is 2001 characters long; the limit is 2000")
        #expect(problem(ReportFields(taskID: "T1", status: "done", note: "a\u{0}b"))?.message == "holds a NUL character")
        #expect(problem(ReportFields(taskID: "T1", status: "done", reportedBy: "x\u{0}"))?.field == "reported_by")
        #expect(problem(ReportFields(taskID: "T1", status: "done", note: String(repeating: "𝕏", count: 2000))) == nil)
    }

    @Test func quotedValuesCannotReachATerminalRaw() {
        let q = Quoting.quoted("a\u{1B}[2J\"\u{202E}")
        #expect(q == "\"a\\u{1B}[2J\\\"\\u{202E}\"")
        #expect(!q.unicodeScalars.contains { $0.value < 0x20 })
    }

    @Test func binaryLooksBinary() {
        #expect(ReportFileFormat.looksBinary([0x50, 0x4B, 0x03, 0x04, 0x00, 0x00]))
        #expect(!ReportFileFormat.looksBinary(Array("task_id,status\nT1,done\n".utf8)))
    }
}

@Suite struct SearchTests {
    @Test func foldsCaseDiacriticsAndDStroke() {
        #expect(Search.fold("Thành phố Hà Nội") == "thanh pho ha noi")
        #expect(Search.fold("Tỉnh Đắk Lắk") == "tinh dak lak")
        // NFD input folds the same as NFC.
        #expect(Search.fold("Tỉnh \u{0110}a\u{0306}\u{0301}k La\u{0306}\u{0301}k") == "tinh dak lak")
        #expect(Search.fold("  Ha   NOI ") == "ha noi")
    }

    @Test func everyWordMustOccur() {
        let key = Search.fold("Thành phố Hà Nội")
        #expect(Search.matches(folded: key, query: Search.fold("ha noi")))
        #expect(Search.matches(folded: key, query: Search.fold("noi ha")))
        #expect(!Search.matches(folded: key, query: Search.fold("ha giang")))
        #expect(Search.matches(folded: key, query: ""))
        // At either end, longer than the text, a word that is not ASCII.
        #expect(Search.matches(folded: key, query: "thanh"))
        #expect(Search.matches(folded: key, query: "noi"))
        #expect(!Search.matches(folded: "ha", query: "ha noi"))
        #expect(!Search.matches(folded: "ha", query: "han"))
        #expect(Search.matches(folded: Search.fold("Kế hoạch 02 – KH/BCĐTW"), query: Search.fold("– bcdtw")))
        #expect(!Search.matches(folded: Search.fold("Kế hoạch 02 - KH"), query: Search.fold("–")))
    }

    /// Every precomposed Latin letter with a canonical decomposition (all of Vietnamese's) folds to the
    /// base letter of that decomposition.
    @Test func everyDecomposableLatinLetterFoldsToItsBase() {
        var checked = 0
        for v in Array(0xC0..<0x250) + Array(0x1E00..<0x1F00) {
            guard let scalar = Unicode.Scalar(UInt32(v)) else { continue }
            let nfd = String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars
            guard nfd.count > 1, let base = nfd.first, base.isASCII, base.properties.isAlphabetic else { continue }
            #expect(Search.fold(String(scalar)) == String(base).lowercased(), "U+\(String(v, radix: 16))")
            checked += 1
        }
        #expect(checked > 400)
        #expect(Search.fold("ĐđƠơƯư") == "ddoouu")
    }
}

/// One field and one row bound memory: the reader stops at the limit with the row's line, having
/// read only about that much of the input, whatever follows.
@Suite struct InputLimitTests {
    /// An endless input: `head`, then chunks of 64 KB of `filler` (ending after 4 MB, so that a reader
    /// without limits fails these tests instead of running out of memory); counts the chunks handed out.
    final class Endless {
        var chunks = 0
        let head: [UInt8]
        let filler: UInt8
        init(_ head: String, filler: Character) {
            self.head = Array(head.utf8)
            self.filler = filler.asciiValue!
        }
        func next() -> [UInt8]? {
            chunks += 1
            if chunks > 64 { return nil }
            return chunks == 1 ? head : [UInt8](repeating: filler, count: 1 << 16)
        }
    }

    @Test func anEndlessQuotedFieldIsRefusedAtItsLine() throws {
        let input = Endless("a,b\n1,2\n3,\"", filler: "x")
        var reader = CSVReader(next: input.next)
        _ = try reader.read()
        _ = try reader.read()
        #expect(throws: CSVReader.Problem.fieldTooLong(line: 3, column: 2)) { try reader.read() }
        #expect(input.chunks <= 3)
    }

    @Test func anEndlessPlainFieldIsRefused() throws {
        let input = Endless("a,", filler: "y")
        var reader = CSVReader(next: input.next)
        #expect(throws: CSVReader.Problem.fieldTooLong(line: 1, column: 2)) { try reader.read() }
        #expect(input.chunks <= 3)
    }

    @Test func endlessFieldsAreRefusedAsARow() throws {
        // Short fields forever: each within the field limit, the row past the row limit.
        let input = Endless("a", filler: ",")
        var reader = CSVReader(next: input.next)
        #expect(throws: CSVReader.Problem.recordTooLong(line: 1)) { try reader.read() }
        #expect(input.chunks <= 2 + CSVReader.maxRecordBytes >> 16)
    }

    @Test func fieldsUpToTheLimitAreRead() throws {
        let long = String(repeating: "z", count: CSVReader.maxFieldBytes)
        var reader = CSVReader(bytes: Array("\(long),\"\(long)\"\n".utf8))
        #expect(try reader.read()?.fields == [long, long])
    }
}

/// Catalogue rows are checked in Core, with the database guard's name limit.
@Suite struct TechGroupValidatorTests {
    func problem(_ fields: [String]) -> FieldProblem? {
        if case .failure(let p) = TechGroupValidator.group(fields: fields) { return p }
        return nil
    }

    @Test func rowsAreCheckedFieldByField() throws {
        let ok = try TechGroupValidator.group(fields: [" 3 ", "AI", "AI", "", "yes"]).get()
        #expect(ok == TechGroup(id: 3, nameVI: "AI", nameEN: "AI", verified: .yes))
        #expect(problem(["0", "a", "b", "", "yes"])?.description == "id: \"0\" is not a positive whole number")
        #expect(problem(["1", "", "b", "", "yes"])?.description == "name_vi: is empty")
        #expect(problem(["1", String(repeating: "ư", count: 501), "b", "", "yes"])?.description == "name_vi: is 501 characters long; the limit is 500")
        #expect(problem(["1", "a", "b", "-3", "yes"])?.field == "product_groups")
        #expect(problem(["1", "a", "b", "", "maybe"])?.field == "verified")
    }
}
