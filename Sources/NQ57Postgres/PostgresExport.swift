import Foundation
import NQ57Core
import NQ57Store

/// `nq57 export` on PostgreSQL: the same rows, columns and format as the SQLite store's export
/// (`SQLiteStore.export`, `exportProposals`, through the same `ExportWriter`), streamed through a
/// cursor in one REPEATABLE READ READ ONLY transaction (a national history is never held whole).
/// Ids are ordered byte-wise (`COLLATE "C"`), as SQLite orders them.
extension PostgresStore {
    @discardableResult
    public func export(_ kind: ExportKind, format: ExportFormat, asOf: CivilDate, withContacts: Bool = false,
                       write: (String) -> Void) throws -> Int {
        try withoutActuallyEscaping(write) { write in
            try read { c in
                try requireSchema(c)
                let ctx = try PGAsOf(c, asOf)
                let columns = kind == .proposals ? SQLiteStore.proposalExportColumns(withContacts: withContacts) : SQLiteStore.exportColumns(kind)
                var out = ExportWriter(columns: columns, format: format, write: write)
                func each(_ sql: String, _ params: [String?] = [], _ body: (PGResult, Int) -> Void) throws {
                    try c.exec("DECLARE nq57_export NO SCROLL CURSOR FOR \(sql)", params)
                    while true {
                        let r = try c.exec("FETCH 20000 FROM nq57_export")
                        if r.rows == 0 { break }
                        for i in 0..<r.rows { body(r, i) }
                    }
                    try c.exec("CLOSE nq57_export")
                }
                switch kind {
                case .tasks:
                    try each("SELECT \(Self.taskColumns) FROM \(ctx.tasks) t JOIN units u ON u.code = t.unit_code ORDER BY t.id COLLATE \"C\"") { r, i in
                        let row = Self.taskRow(r, i, asOf: asOf), t = row.task
                        out.row([.text(t.id), .text(t.title), .text(t.plan), .number(String(t.area)), t.techGroup.map { .number(String($0)) } ?? .null,
                                 .text(t.level.rawValue), .text(t.unitCode), .text(t.deadline.description),
                                 .text(row.state.status.rawValue), .number(String(row.state.progress)), .text(row.derived.rawValue)])
                    }
                case .reports:
                    try each("""
                        SELECT t.id, r.status, r.progress, r.reported_at, r.note, r.reported_by
                        FROM report_log r JOIN tasks t ON t.key = r.task_key WHERE r.reported_at <= \(ctx.cut) ORDER BY r.id
                        """) { r, i in
                        out.row([.text(r.text(i, 0)), .text(r.text(i, 1)), .number(String(r.int(i, 2, in: 0 ... 100))),
                                 .text(Timestamp(seconds: r.int64(i, 3)).description), .text(r.text(i, 4)), .text(r.text(i, 5))])
                    }
                case .inspections:
                    try each("""
                        SELECT t.id, i.inspected_at, i.verdict, i.reason, i.inspected_by, i.evidence
                        FROM inspection_log i JOIN tasks t ON t.key = i.task_key WHERE i.inspected_at <= \(ctx.cut) ORDER BY i.id
                        """) { r, i in
                        out.row([.text(r.text(i, 0)), .text(Timestamp(seconds: r.int64(i, 1)).description), .text(r.text(i, 2)),
                                 .text(r.text(i, 3)), .text(r.text(i, 4)), .text(r.text(i, 5))])
                    }
                case .proposals:
                    let contacts = withContacts ? ", c.name, c.address, c.phone, c.email, c.id_number" : ""
                    let join = withContacts ? " LEFT JOIN proposal_contacts c ON c.proposal_key = p.key" : ""
                    try each("SELECT \(Self.proposalColumns), p.duplicate_of\(contacts) FROM proposals p\(join) ORDER BY p.id COLLATE \"C\"") { r, i in
                        let p = Self.proposal(r, i)
                        var values: [ExportWriter.Value] = [
                            .text(p.id), .text(p.receivedAt.description), .text(p.kind.rawValue), .text(p.submitter.rawValue), .text(p.field),
                            .text(p.title), .text(p.summary), p.body.map { .text($0) } ?? .null, .text(p.status.rawValue),
                            .text(p.statusAt.description), p.answeredAt.map { .text($0.description) } ?? .null, .text(p.dueOn.description),
                            .text(p.derived(asOf: asOf).rawValue), r.optionalText(i, 13).map { .text($0) } ?? .null,
                        ]
                        if withContacts { for k in 14..<19 { values.append(.text(r.optionalText(i, k) ?? "")) } }
                        out.row(values)
                    }
                case .metrics:
                    for series in try metrics(c, asOf: asOf) {
                        for m in series.points {
                            out.row([.text(m.key), .number(ExportWriter.number(m.value)), .text(m.asOf.description),
                                     m.qualifier.map { .text($0) } ?? .null, .text(m.source)])
                        }
                    }
                }
                out.flush()
                return out.rows
            }
        }
    }
}
