import GRDB
import NQ57Core

/// What `export` writes.
public enum ExportKind: String, Sendable, Hashable, CaseIterable {
    /// `task_id,title,plan,area,tech_group,level,unit_code,deadline,status,progress,derived_state`
    case tasks
    /// `task_id,status,progress,reported_at,note,reported_by`: re-imports with `importFile`.
    case reports
    /// `key,value,as_of,qualifier,source`
    case metrics
    /// The proposals intake, without contact details (`exportProposals` has them on request).
    case proposals
    /// `task_id,inspected_at,verdict,reason,inspected_by,evidence`
    case inspections
}

/// How `export` writes: RFC 4180 CSV with a header, or JSON Lines (one object a line, same keys).
public enum ExportFormat: String, Sendable, Hashable, CaseIterable {
    case csv
    case json
}

extension SQLiteStore {
    /// The header (and JSON keys) of each export.
    public static func exportColumns(_ kind: ExportKind) -> [String] {
        switch kind {
        case .tasks: tasksCSVHeader + ["status", "progress", "derived_state"]
        case .reports: ReportFileFormat.csvHeader
        case .metrics: ["key", "value", "as_of", "qualifier", "source"]
        case .proposals: proposalExportColumns(withContacts: false)
        case .inspections: InspectionReading.exportColumns
        }
    }

    /// Streams an export as of a date to `write`, in pieces of about 64 KB.
    ///
    /// Tasks come in id order with their state at the end of `asOf`; reports in arrival order, those
    /// made up to the end of `asOf` (`reported_at` in UTC, `…Z`); figures dated up to `asOf`. CSV quotes
    /// a field when it holds a comma, a quote, a line break or leading or trailing spaces. JSON is JSON
    /// Lines: one object a line with the header's keys, numbers as numbers, absent values as null.
    /// Returns the number of rows written.
    @discardableResult
    public func export(_ kind: ExportKind, format: ExportFormat, asOf: CivilDate, write: (String) -> Void) throws -> Int {
        try withoutActuallyEscaping(write) { write in try export(kind, format: format, asOf: asOf, escaping: write) }
    }

    private func export(_ kind: ExportKind, format: ExportFormat, asOf: CivilDate, escaping write: @escaping (String) -> Void) throws -> Int {
        try read { db in
            var out = ExportWriter(columns: Self.exportColumns(kind), format: format, write: write)
            let ctx = try AsOf(db, asOf)
            switch kind {
            case .tasks:
                // Tasks reported after the as-of day are recomputed one by one as the stream reaches them.
                let rows = try Row.fetchCursor(db.cachedStatement(sql: """
                    SELECT \(Reading.taskColumns) FROM tasks t JOIN units u ON u.code = t.unit_code ORDER BY t.id
                    """))
                while let r = try rows.next() {
                    var row = Reading.taskRow(r, asOf: asOf)
                    if let at = row.state.reportedAt, at.seconds > ctx.cut,
                       let past = try ctx.affected(db, filter: "t.id = :key", key: row.task.id).first {
                        row = past.row
                    }
                    let t = row.task
                    out.row([.text(t.id), .text(t.title), .text(t.plan), .number(String(t.area)), t.techGroup.map { .number(String($0)) } ?? .null,
                             .text(t.level.rawValue), .text(t.unitCode), .text(t.deadline.description),
                             .text(row.state.status.rawValue), .number(String(row.state.progress)), .text(row.derived.rawValue)])
                }
            case .reports:
                let rows = try Row.fetchCursor(db.cachedStatement(sql: """
                    SELECT t.id, r.status, r.progress, r.reported_at, r.note, r.reported_by
                    FROM report_log r JOIN tasks t ON t.key = r.task_key WHERE r.reported_at <= ? ORDER BY r.id
                    """), arguments: [ctx.cut])
                while let r = try rows.next() {
                    out.row([.text(r.text(0)), .text(r.text(1)), .number(String(r.int(2, in: 0 ... 100))),
                             .text(Timestamp(seconds: r.int64(3)).description), .text(r.text(4)), .text(r.text(5))])
                }
            case .proposals:
                try Self.writeProposals(db, &out, asOf: asOf, withContacts: false)
            case .inspections:
                try InspectionReading.export(db, cut: ctx.cut, into: &out)
            case .metrics:
                for series in try Reading.metrics(db, asOf: asOf) {
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

/// Formats rows as CSV or JSON Lines into a buffer flushed in pieces (public: the PostgreSQL store's
/// export writes the same format through it).
public struct ExportWriter {
    public enum Value {
        case text(String)
        case number(String)
        case null
    }

    let columns: [String]
    let format: ExportFormat
    let write: (String) -> Void
    private var buffer = ""
    public private(set) var rows = 0

    public init(columns: [String], format: ExportFormat, write: @escaping (String) -> Void) {
        self.columns = columns
        self.format = format
        self.write = write
        buffer.reserveCapacity(1 << 16)
        if format == .csv { buffer += columns.joined(separator: ",") + "\n" }
    }

    public mutating func row(_ values: [Value]) {
        rows += 1
        switch format {
        case .csv:
            for (i, v) in values.enumerated() {
                if i > 0 { buffer += "," }
                switch v {
                case .text(let s): buffer += Self.csvField(s)
                case .number(let s): buffer += s
                case .null: break
                }
            }
            buffer += "\n"
        case .json:
            buffer += "{"
            for (i, v) in values.enumerated() {
                if i > 0 { buffer += "," }
                buffer += Self.jsonString(columns[i]) + ":"
                switch v {
                case .text(let s): buffer += Self.jsonString(s)
                case .number(let s): buffer += s
                case .null: buffer += "null"
                }
            }
            buffer += "}\n"
        }
        if buffer.utf8.count >= 1 << 16 { flush() }
    }

    public mutating func flush() {
        if !buffer.isEmpty {
            write(buffer)
            buffer.removeAll(keepingCapacity: true)
        }
    }

    /// RFC 4180: quoted (quotes doubled) when the field holds a comma, quote or line break, or starts
    /// or ends with a space.
    static func csvField(_ s: String) -> String {
        var needs = false
        for b in s.utf8 where b == 0x2C || b == 0x22 || b == 0x0A || b == 0x0D {
            needs = true
            break
        }
        if !needs, let f = s.utf8.first, let l = s.utf8.last, f == 0x20 || l == 0x20 || f == 0x09 || l == 0x09 { needs = true }
        guard needs else { return s }
        return "\"" + s.replacingAll("\"", with: "\"\"") + "\""
    }

    /// A JSON string literal; control characters escaped.
    static func jsonString(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// A figure without a needless `.0`.
    public static func number(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return String(v)
    }
}

extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        out.reserveCapacity(utf8.count + 8)
        for c in self {
            if c == target { out += replacement } else { out.append(c) }
        }
        return out
    }
}
