import Foundation
import GRDB
import NQ57Core

/// What a proposals import did (or, in a dry run, would do).
public struct ProposalImportSummary: Hashable, Sendable {
    /// New proposals, or status changes.
    public var statusChanges: Bool
    public var format: ImportFileFormat
    /// Rows written, or that a dry run found valid and would write.
    public var rows: Int
    /// New proposals flagged as repeating an earlier one (stored or earlier in the file).
    public var duplicates: Int
    public var dryRun: Bool

    public init(statusChanges: Bool, format: ImportFileFormat, rows: Int, duplicates: Int, dryRun: Bool) {
        (self.statusChanges, self.format, self.rows, self.duplicates, self.dryRun) = (statusChanges, format, rows, duplicates, dryRun)
    }
}

/// `nq57 import` of proposals and of their status changes: CSV (the headers below) or JSON Lines (one
/// object a line with the same keys), all or nothing, every bad row listed; `--dry-run` checks every
/// row as an import would, against the store and the rows before it, and writes nothing.
extension SQLiteStore {
    /// New proposals: received, with the submitter's contact details (stored apart).
    public static let proposalsCSVHeader = ["proposal_id", "received_at", "kind", "submitter_kind", "field", "title", "summary",
                                            "name", "address", "phone", "email", "id_number"]
    /// Status changes: `assigned` (body_code), `answered` (note = the summary), `rejected` (note = the reason), `published`.
    public static let proposalStatusCSVHeader = ["proposal_id", "at", "status", "body_code", "note", "by"]

    /// Whether a file is a proposals or status-changes file: its first line is one of the proposal
    /// headers (after a byte-order mark), or, for JSON Lines, its first object has a `proposal_id` key.
    public static func isProposalFile(_ bytes: [UInt8]) -> Bool {
        let text = Array(bytes.dropFirst(ByteOrderMark.length(bytes)))
        if let first = text.first(where: { !($0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D) }), first == UInt8(ascii: "{") {
            let line = text.split(separator: 0x0A, omittingEmptySubsequences: true).first ?? []
            guard case .object(let o)? = try? JSONDecoder().decode(JSONValue.self, from: Data(line)) else { return false }
            return o["proposal_id"] != nil
        }
        var reader = CSVReader(bytes: text)
        guard let first = try? reader.read() else { return false }
        return first.fields == proposalsCSVHeader || first.fields == proposalStatusCSVHeader
    }

    /// The rows of a proposals file: (line, fields in header order) or (line, what is wrong).
    public static func proposalRows(_ bytes: [UInt8], path: String) throws -> (status: Bool, format: ImportFileFormat, rows: [(line: Int, fields: [String], problem: String?)]) {
        let text = Array(bytes.dropFirst(ByteOrderMark.length(bytes)))
        let firstByte = text.first(where: { !($0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D) })
        if firstByte == UInt8(ascii: "{") {
            var rows: [(line: Int, fields: [String], problem: String?)] = []
            var status: Bool?
            var pending: [UInt8]? = text
            try JSONLines.read(next: { defer { pending = nil }; return pending }) { line, slice in
                // The first object's keys say which file it is: `at` and `status` for status changes.
                if status == nil, case .object(let o)? = try? JSONDecoder().decode(JSONValue.self, from: Data(slice)) {
                    status = o["status"] != nil || o["at"] != nil
                }
                let keys = status == true ? proposalStatusCSVHeader : proposalsCSVHeader
                switch JSONLines.values(slice, keys: keys, what: status == true ? "status-change key" : "proposal key") {
                case nil: break
                case .failure(let p)?: rows.append((line, [], p.description))
                case .success(let f)?: rows.append((line, f, nil))
                }
            }
            return (status ?? false, .jsonLines, rows)
        }
        var reader = CSVReader(bytes: text)
        guard let header = try reader.read() else { throw StoreError.emptyFile(path: path).error }
        let isStatus = header.fields == Self.proposalStatusCSVHeader
        guard isStatus || header.fields == Self.proposalsCSVHeader else {
            throw StoreError.referenceFile("\(path):1: expected \(Self.proposalsCSVHeader.joined(separator: ",")) or \(Self.proposalStatusCSVHeader.joined(separator: ","))").error
        }
        var rows: [(line: Int, fields: [String], problem: String?)] = []
        try CSVRows.read(&reader, columns: header.fields.count, problem: { rows.append(($0, [], $1)) }) {
            rows.append(($0.line, $0.fields, nil))
        }
        return (isStatus, .csv, rows)
    }

    /// Imports a proposals or status-changes file (CSV or JSON Lines) in one transaction: every row is
    /// tried, every bad row is listed (`file:line: rule: message`), and one bad row means nothing is
    /// written. New proposals are checked for repeats against one index of the stored proposals and
    /// the file's earlier rows (`ProposalDuplicateIndex`), not by reading the store again per row.
    /// `dryRun` checks the same and writes nothing (the store is only read).
    public func importProposals(_ path: String, dryRun: Bool = false, now: Timestamp) throws -> ProposalImportSummary {
        let bytes = try FileSystem.readAll(path)
        let (isStatus, format, records) = try Self.proposalRows(bytes, path: path)
        let body = { (db: Database) throws -> ProposalImportSummary in
            var problems = ProblemList(name: path)
            var index: ProposalDuplicateIndex? = isStatus ? nil : try Self.duplicateIndex(db)
            var seen = Set<String>()
            var moved: [String: (key: Int64, proposal: Proposal)] = [:]
            let bodies = isStatus ? try Self.responsibleBodies(db) : []
            let calendar = try ProposalReference.calendar(db)
            let rules = try ProposalReference.rules(db)
            let (rows, duplicates) = try ProposalFileRows.each(records, isStatus: isStatus, problems: &problems, add: { new, clean in
                try Self.addProposal(db, new, by: "import", now: now, demo: false, index: &index, calendar: calendar, rules: rules,
                                     write: !dryRun && clean, seen: &seen).duplicateOf != nil
            }, move: { id, move, by, clean in
                _ = try Self.moveProposal(db, id: id, move, by: by, bodies: bodies, write: !dryRun && clean, moved: &moved)
            }, failure: { error in
                switch error {
                case let e as NQ57Error: (e.message, false)
                case let e as DatabaseError: (e.message ?? "\(e.resultCode)", false)
                default: nil
                }
            })
            try problems.throwIfAny(outcome: dryRun ? "dry run, nothing written" : "nothing imported")
            return ProposalImportSummary(statusChanges: isStatus, format: format, rows: rows, duplicates: duplicates, dryRun: dryRun)
        }
        return dryRun ? try read(body) : try write(body)
    }
}

/// The rows of a proposals or status-changes file made into new proposals and status moves, with the
/// same refusals on every store (`file:line: rule: message`): `add` and `move` check one against the
/// store and the rows before it, and store it when told the file is clean so far; `failure` turns what
/// they throw into a row's message (and whether nothing after it can be tried), nil to rethrow.
public enum ProposalFileRows {
    public static func each(_ records: [(line: Int, fields: [String], problem: String?)], isStatus: Bool, problems: inout ProblemList,
                            add: (_ new: NewProposal, _ clean: Bool) throws -> Bool,
                            move: (_ id: String, _ move: ProposalFlow.Move, _ by: String, _ clean: Bool) throws -> Void,
                            failure: (any Error) -> (message: String, stop: Bool)?) throws -> (rows: Int, duplicates: Int) {
        var rows = 0, duplicates = 0
        for (line, f, problem) in records {
            if let problem { problems.add(line: line, problem); continue }
            do {
                guard let at = Timestamp(iso: f[1]) else { problems.add(line: line, "proposal_time: \(Quoting.quoted(f[1])) is not an ISO 8601 time"); continue }
                if isStatus {
                    guard let status = ProposalStatus(rawValue: f[2]), status != .received else {
                        problems.add(line: line, "proposal_status: \(Quoting.quoted(f[2])) is not assigned, answered, rejected or published"); continue
                    }
                    try move(f[0], ProposalFlow.Move(to: status, at: at, body: f[3].isEmpty ? nil : f[3], note: f[4]), f[5], problems.isEmpty)
                } else {
                    guard let kind = ProposalKind(rawValue: f[2]) else { problems.add(line: line, "proposal_kind: \(Quoting.quoted(f[2])) is not barrier or initiative"); continue }
                    guard let submitter = SubmitterKind(rawValue: f[3]) else { problems.add(line: line, "proposal_submitter: \(Quoting.quoted(f[3])) is not a submitter kind"); continue }
                    let new = NewProposal(id: f[0].isEmpty ? nil : f[0], receivedAt: at, kind: kind, submitter: submitter, field: f[4],
                                          title: f[5], summary: f[6],
                                          contact: ProposalContact(name: f[7], address: f[8], phone: f[9], email: f[10], idNumber: f[11]))
                    if try add(new, problems.isEmpty) { duplicates += 1 }
                }
                rows += 1
            } catch {
                guard let f = failure(error) else { throw error }
                problems.add(line: line, f.message)
                if f.stop { break }
            }
        }
        return (rows, duplicates)
    }
}
