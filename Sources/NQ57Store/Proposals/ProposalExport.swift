import GRDB
import NQ57Core

extension SQLiteStore {
    /// The columns of `export --what proposals`; with contacts, the five personal fields at the end.
    public static func proposalExportColumns(withContacts: Bool) -> [String] {
        ["proposal_id", "received_at", "kind", "submitter_kind", "field", "title", "summary", "body_code", "status",
         "status_at", "answered_at", "due_on", "derived_state", "duplicate_of"]
            + (withContacts ? ["name", "address", "phone", "email", "id_number"] : [])
    }

    /// Streams the proposals in id order with their derived state as of `asOf`. Contact details
    /// (Decree 13/2023/NĐ-CP) only with `withContacts`; the command line says so on standard error.
    @discardableResult
    public func exportProposals(format: ExportFormat, asOf: CivilDate, withContacts: Bool, write: (String) -> Void) throws -> Int {
        try withoutActuallyEscaping(write) { write in
            try read { db in
                var out = ExportWriter(columns: Self.proposalExportColumns(withContacts: withContacts), format: format, write: write)
                try Self.writeProposals(db, &out, asOf: asOf, withContacts: withContacts)
                out.flush()
                return out.rows
            }
        }
    }

    static func writeProposals(_ db: Database, _ out: inout ExportWriter, asOf: CivilDate, withContacts: Bool) throws {
        let contacts = withContacts ? ", c.name, c.address, c.phone, c.email, c.id_number" : ""
        let join = withContacts ? " LEFT JOIN proposal_contacts c ON c.proposal_key = p.key" : ""
        let rows = try Row.fetchCursor(db, sql: """
            SELECT p.key, p.id, p.received_at, p.kind, p.submitter_kind, p.field, p.title, p.summary, p.body_code, p.status,
                   p.status_at, p.answered_at, p.due_on, p.duplicate_of\(contacts)
            FROM proposals p\(join) ORDER BY p.id
            """)
        while let r = try rows.next() {
            let p = proposal(r)
            var values: [ExportWriter.Value] = [
                .text(p.id), .text(p.receivedAt.description), .text(p.kind.rawValue), .text(p.submitter.rawValue), .text(p.field),
                .text(p.title), .text(p.summary), p.body.map { .text($0) } ?? .null, .text(p.status.rawValue),
                .text(p.statusAt.description), p.answeredAt.map { .text($0.description) } ?? .null, .text(p.dueOn.description),
                .text(p.derived(asOf: asOf).rawValue), (r[13] as String?).map { .text($0) } ?? .null,
            ]
            if withContacts {
                for i in 14..<19 { values.append(.text((r[i] as String?) ?? "")) }
            }
            out.row(values)
        }
    }
}
