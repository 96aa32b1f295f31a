import GRDB
import NQ57Core

/// `nq57 import` of proposals and of their status changes: CSV, all or nothing, every bad row listed.
extension SQLiteStore {
    /// New proposals: received, with the submitter's contact details (stored apart).
    public static let proposalsCSVHeader = ["proposal_id", "received_at", "kind", "submitter_kind", "field", "title", "summary",
                                            "name", "address", "phone", "email", "id_number"]
    /// Status changes: `assigned` (body_code), `answered` (note = the summary), `rejected` (note = the reason), `published`.
    public static let proposalStatusCSVHeader = ["proposal_id", "at", "status", "body_code", "note", "by"]

    /// Whether a file's first line is one of the proposal headers (after a byte-order mark).
    public static func isProposalFile(_ bytes: [UInt8]) -> Bool {
        var reader = CSVReader(bytes: Array(bytes.dropFirst(ByteOrderMark.length(bytes))))
        guard let first = try? reader.read() else { return false }
        return first.fields == proposalsCSVHeader || first.fields == proposalStatusCSVHeader
    }

    /// Imports a proposals or status file in one transaction: every row is tried, every bad row is
    /// listed (`file:line: rule: message`), and one bad row means nothing is written. Returns the rows
    /// imported and how many new proposals were flagged as repeating an earlier one.
    public func importProposals(_ path: String, now: Timestamp) throws -> (rows: Int, duplicates: Int) {
        let bytes = try FileSystem.readAll(path)
        var reader = CSVReader(bytes: Array(bytes.dropFirst(ByteOrderMark.length(bytes))))
        guard let header = try reader.read() else { throw StoreError.emptyFile(path: path).error }
        let isStatus = header.fields == Self.proposalStatusCSVHeader
        guard isStatus || header.fields == Self.proposalsCSVHeader else {
            throw StoreError.referenceFile("\(path):1: expected \(Self.proposalsCSVHeader.joined(separator: ",")) or \(Self.proposalStatusCSVHeader.joined(separator: ","))").error
        }
        var records: [CSVReader.Record] = []
        while let r = try reader.read() {
            if r.fields == [""] { continue }
            records.append(r)
        }
        return try write { db in
            var bad: [String] = []
            var badCount = 0
            var rows = 0, duplicates = 0
            func fail(_ line: Int, _ message: String) {
                badCount += 1
                if bad.count < 20 { bad.append("\(path):\(line): \(message)") }
            }
            for r in records {
                if let p = r.problem { fail(r.line, p.message); continue }
                let f = r.fields
                guard f.count == header.fields.count else { fail(r.line, "expected \(header.fields.count) fields, found \(f.count)"); continue }
                do {
                    if isStatus {
                        guard let at = Timestamp(iso: f[1]) else { fail(r.line, "proposal_time: \(Quoting.quoted(f[1])) is not an ISO 8601 time"); continue }
                        guard let status = ProposalStatus(rawValue: f[2]), status != .received else {
                            fail(r.line, "proposal_status: \(Quoting.quoted(f[2])) is not assigned, answered, rejected or published"); continue
                        }
                        _ = try Self.moveProposal(db, id: f[0], ProposalFlow.Move(to: status, at: at, body: f[3].isEmpty ? nil : f[3], note: f[4]), by: f[5])
                    } else {
                        guard let at = Timestamp(iso: f[1]) else { fail(r.line, "proposal_time: \(Quoting.quoted(f[1])) is not an ISO 8601 time"); continue }
                        guard let kind = ProposalKind(rawValue: f[2]) else { fail(r.line, "proposal_kind: \(Quoting.quoted(f[2])) is not barrier or initiative"); continue }
                        guard let submitter = SubmitterKind(rawValue: f[3]) else { fail(r.line, "proposal_submitter: \(Quoting.quoted(f[3])) is not a submitter kind"); continue }
                        let new = NewProposal(id: f[0].isEmpty ? nil : f[0], receivedAt: at, kind: kind, submitter: submitter, field: f[4],
                                              title: f[5], summary: f[6],
                                              contact: ProposalContact(name: f[7], address: f[8], phone: f[9], email: f[10], idNumber: f[11]))
                        if try Self.addProposal(db, new, by: "import", now: now, demo: false, findDuplicates: true).duplicateOf != nil { duplicates += 1 }
                    }
                    rows += 1
                } catch let e as NQ57Error {
                    fail(r.line, e.message)
                } catch let e as DatabaseError {
                    fail(r.line, e.message ?? "\(e.resultCode)")
                }
            }
            if badCount > 0 {
                throw StoreError.badRows(path: path, count: badCount, listed: bad, outcome: "nothing imported").error
            }
            return (rows, duplicates)
        }
    }
}
