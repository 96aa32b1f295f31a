import Foundation
import NQ57Core

/// The proposals feature's words, apart from `Labels` (see BRIEF2: one file per feature).
public struct ProposalLabels: Sendable {
    public var title: String
    public var received: String
    public var answered: String
    public var onTime: String
    public var late: String
    public var pending: String
    public var overdue: String
    public var rejected: String
    public var whoOwes: String
    public var body: String
    public var median: String
    public var oldest: String
    public var unassigned: String
    public var byField: String
    public var byKind: String
    public var barrier: String
    public var initiative: String
    public var notOfficial: String
    public var days: String
    public var mostRaised: String
    /// Column headings.
    public var overdueShort: String
    public var pendingShort: String

    public static let vi = ProposalLabels(
        title: "Phản ánh, kiến nghị (PAKN-SKGP)", received: "Đã tiếp nhận", answered: "Đã trả lời", onTime: "đúng hạn",
        late: "quá hạn", pending: "Chờ trả lời – trong hạn", overdue: "Chờ trả lời – quá hạn", rejected: "Từ chối",
        whoOwes: "Cơ quan còn nợ trả lời", body: "Cơ quan", median: "Trung vị", oldest: "Chờ lâu nhất",
        unassigned: "Chưa giao", byField: "Theo lĩnh vực", byKind: "Theo loại", barrier: "Khó khăn, vướng mắc",
        initiative: "Sáng kiến, giải pháp",
        notOfficial: "Thời hạn trả lời là mặc định, CHƯA PHẢI số liệu chính thức", days: "ngày", mostRaised: "Vướng mắc được nêu nhiều nhất",
        overdueShort: "Quá hạn", pendingShort: "Trong hạn")

    public static let en = ProposalLabels(
        title: "Proposals (PAKN-SKGP)", received: "Received", answered: "Answered", onTime: "on time", late: "late",
        pending: "Pending, within deadline", overdue: "Overdue", rejected: "Rejected", whoOwes: "Who owes answers",
        body: "Body", median: "Median", oldest: "Oldest pending", unassigned: "Not assigned", byField: "By field",
        byKind: "By kind", barrier: "Difficulties and barriers", initiative: "Initiatives and solutions",
        notOfficial: "Answer deadlines are defaults, NOT the official figures", days: "days", mostRaised: "Most-raised barriers",
        overdueShort: "Overdue", pendingShort: "Pending")

    public static func of(_ language: Language) -> ProposalLabels { language == .vi ? vi : en }
}

/// `snapshot --view proposals` and `nq57 proposal owed`: the proposals picture as text or JSON. No
/// contact detail is ever part of `ProposalOverview`, so none can appear here.
public enum ProposalText {
    public static func render(_ o: ProposalOverview, language: Language, width: Int, bodies limit: Int = 15,
                              mostRaised: [(field: String, barriers: Int, words: [(word: String, count: Int)])] = []) -> String {
        let l = ProposalLabels.of(language)
        let f = NumberFormat(language)
        let w = max(40, width)
        var lines: [String] = []
        lines.append(Text.fit("\(l.title) — \(f.date(o.asOf))", w))
        if o.deadlinesNotOfficial { lines.append(Text.fit("! " + l.notOfficial, w)) }
        let a = o.all
        lines.append(Text.fit("\(l.received) \(f.integer(a.total)) · \(l.answered) \(f.integer(a.answered)) (\(l.onTime) \(f.integer(a.answeredOnTime)), \(l.late) \(f.integer(a.answeredLate))) · \(l.rejected) \(f.integer(a.rejected))", w))
        lines.append(Text.fit("\(l.pending) \(f.integer(a.pending)) · \(l.overdue) \(f.integer(a.overdue))" + (o.medianDaysToAnswer.map { " · \(l.median) \($0) \(l.days)" } ?? ""), w))
        lines.append("")
        lines.append(Text.fit(l.whoOwes, w))
        let nameWidth = max(10, w - 52)
        lines.append(Text.pad(l.body, nameWidth) + Text.pad(l.overdueShort, 10, alignRight: true)
                     + Text.pad(l.pendingShort, 10, alignRight: true) + Text.pad(l.median, 9, alignRight: true)
                     + "  " + Text.fit(l.oldest, 21))
        for b in o.bodies.filter({ $0.counts.open > 0 }).prefix(limit) {
            let name = b.code == "-" ? l.unassigned : "\(b.code) \(Text.clean(b.name))"
            let oldest = b.oldestPending.map { "\($0.id) \(f.date($0.receivedAt.vietnamDate))" } ?? ""
            lines.append(Text.pad(Text.fit(name, nameWidth - 1), nameWidth) + Text.pad(f.integer(b.counts.overdue), 10, alignRight: true)
                         + Text.pad(f.integer(b.counts.pending), 10, alignRight: true)
                         + Text.pad(b.medianDaysToAnswer.map { "\($0) \(l.days)" } ?? "—", 9, alignRight: true) + "  " + Text.fit(oldest, 21))
        }
        lines.append("")
        lines.append(Text.fit(l.byKind, w))
        for (k, c) in o.byKind {
            lines.append(Text.fit("  \(k == .barrier ? l.barrier : l.initiative): \(f.integer(c.total)) · \(l.answered) \(f.integer(c.answered)) · \(l.overdue) \(f.integer(c.overdue))", w))
        }
        lines.append(Text.fit(l.byField, w))
        for (id, c) in o.byField {
            let field = ProposalField.named(id).map { language == .vi ? $0.nameVI : $0.nameEN } ?? id
            lines.append(Text.fit("  \(field): \(f.integer(c.total)) · \(l.answered) \(f.integer(c.answered)) · \(l.overdue) \(f.integer(c.overdue))", w))
        }
        if !mostRaised.isEmpty {
            lines.append(Text.fit(l.mostRaised, w))
            for m in mostRaised {
                let field = ProposalField.named(m.field).map { language == .vi ? $0.nameVI : $0.nameEN } ?? m.field
                let words = m.words.map { "\($0.word) (\(f.integer($0.count)))" }.joined(separator: ", ")
                lines.append(Text.fit("  \(field) [\(f.integer(m.barriers))]: \(words)", w))
            }
        }
        return lines.joined(separator: "\n")
    }

    /// One JSON object: counts, bodies ranked by overdue answers, fields and kinds.
    public static func json(_ o: ProposalOverview) -> String {
        func counts(_ c: ProposalCounts) -> String {
            "{\"total\":\(c.total),\"answered_on_time\":\(c.answeredOnTime),\"answered_late\":\(c.answeredLate),\"pending\":\(c.pending),\"overdue\":\(c.overdue),\"rejected\":\(c.rejected)}"
        }
        func str(_ s: String) -> String {
            var out = "\""
            for u in s.unicodeScalars {
                switch u {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                default:
                    if u.value < 0x20 { out += String(format: "\\u%04x", u.value) } else { out.unicodeScalars.append(u) }
                }
            }
            return out + "\""
        }
        let bodies = o.bodies.map { b in
            "{\"code\":\(str(b.code)),\"name\":\(str(b.name)),\"counts\":\(counts(b.counts)),\"median_days_to_answer\":\(b.medianDaysToAnswer.map(String.init) ?? "null"),\"oldest_pending\":"
                + (b.oldestPending.map { "{\"id\":\(str($0.id)),\"received_at\":\(str($0.receivedAt.description))}" } ?? "null") + "}"
        }
        let fields = o.byField.map { "{\"field\":\(str($0.id)),\"counts\":\(counts($0.counts))}" }
        let kinds = o.byKind.map { "{\"kind\":\(str($0.kind.rawValue)),\"counts\":\(counts($0.counts))}" }
        return "{\"as_of\":\(str(o.asOf.description)),\"deadlines_official\":\(!o.deadlinesNotOfficial),\"all\":\(counts(o.all)),"
            + "\"median_days_to_answer\":\(o.medianDaysToAnswer.map(String.init) ?? "null"),"
            + "\"bodies\":[\(bodies.joined(separator: ","))],\"fields\":[\(fields.joined(separator: ","))],\"kinds\":[\(kinds.joined(separator: ","))]}"
    }
}
