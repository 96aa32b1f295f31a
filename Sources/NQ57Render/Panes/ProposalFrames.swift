import NQ57Core

/// The words of the proposal drill-downs (apart from `Labels`, as the other proposal words).
struct ProposalFrameWords {
    var id, received, kind, field, due, state, history, summary: String
    var statuses: [ProposalStatus: String]

    static let vi = ProposalFrameWords(id: "Mã", received: "Tiếp nhận", kind: "Loại", field: "Lĩnh vực", due: "Hạn trả lời",
                                       state: "Tình trạng", history: "Lịch sử trạng thái", summary: "Tóm tắt",
                                       statuses: [.received: "tiếp nhận", .assigned: "giao xử lý", .answered: "trả lời",
                                                  .rejected: "từ chối", .published: "công khai"])
    static let en = ProposalFrameWords(id: "Id", received: "Received", kind: "Kind", field: "Field", due: "Answer due",
                                       state: "State", history: "Status history", summary: "Summary",
                                       statuses: [.received: "received", .assigned: "assigned", .answered: "answered",
                                                  .rejected: "rejected", .published: "published"])

    static func of(_ language: Language) -> ProposalFrameWords { language == .vi ? vi : en }

    /// A derived state's name, as a body's list narrowed by `f` says it in its title.
    static func stateName(_ state: ProposalState, _ language: Language) -> String {
        let l = ProposalLabels.of(language)
        return switch state {
        case .overdue: l.overdue
        case .pending: l.pending
        case .answeredOnTime: "\(l.answered) \(l.onTime)"
        case .answeredLate: "\(l.answered) \(l.late)"
        case .rejected: l.rejected
        }
    }
}

extension Panes {
    func proposalState(_ state: ProposalState, _ l: ProposalLabels) -> Span {
        switch state {
        case .overdue: Span(l.overdueShort, .overdue)
        case .pending: Span(l.pendingShort, .value)
        case .answeredOnTime: Span("\(l.answered) \(l.onTime)", .dim)
        case .answeredLate: Span("\(l.answered) \(l.late)", .dim)
        case .rejected: Span(l.rejected, .dim)
        }
    }

    func proposalKind(_ kind: ProposalKind, _ l: ProposalLabels) -> String { kind == .barrier ? l.barrier : l.initiative }

    func fieldName(_ id: String) -> String {
        ProposalField.named(id).map { labels.language == .vi ? $0.nameVI : $0.nameEN } ?? id
    }

    /// A body's pending proposals: overdue first, then oldest first (as the store hands them).
    func proposals(_ buffer: inout Buffer, _ rect: Rect, rows: [Proposal], list: ListState, title: String) {
        let (l, w) = (ProposalLabels.of(labels.language), ProposalFrameWords.of(labels.language))
        let columns = [Column(w.id, width: 9), Column(w.received, width: 10), Column(w.state, width: 19),
                       Column(w.due, width: 11, priority: 1), Column(w.kind, width: 14, priority: 3),
                       Column(w.field, width: 14, priority: 2), Column("", width: 16, flexible: true, priority: 4)]
        let box = ListBox(title: title, note: [Span(counted(list, format.integer(rows.count)), .dim)], list: list,
                          sortColumns: ListKind.history.sortColumns, columns: columns) { i in
            let p = rows[i]
            return [[Span(p.id, .text)], [Span(format.date(p.receivedAt.vietnamDate), .dim)], [proposalState(p.derived(asOf: asOf), l)],
                    [Span(format.date(p.dueOn), .dim)], [Span(proposalKind(p.kind, l), .dim)], [Span(fieldName(p.field), .dim)],
                    [Span(p.title, .text)]]
        }
        _ = box.draw(self, &buffer, rect, focused: true)
    }

    /// One proposal: what it is, when it is due, its state, and its status history (no contact details).
    func proposal(_ buffer: inout Buffer, _ rect: Rect, detail: ProposalDetail, list: ListState, title: String) {
        let (l, w) = (ProposalLabels.of(labels.language), ProposalFrameWords.of(labels.language))
        let p = detail.proposal
        let columns = [Column(w.received, width: 17), Column(w.state, width: 12), Column(l.body, width: 8), Column("", width: 16, flexible: true)]
        let box = ListBox(title: title + " · " + w.history, list: list, sortColumns: ListKind.history.sortColumns, columns: columns,
                          footerRows: 3) { i in
            let e = detail.history[i]
            return [[Span(format.time(e.at), .dim)], [Span(w.statuses[e.status] ?? e.status.rawValue, .value)],
                    [Span(e.body ?? "", .dim)], [Span(e.note, .text)]]
        }
        let footer = box.draw(self, &buffer, rect, focused: true)
        guard footer.height > 0 else { return }
        let (x, width) = (footer.x + 1, footer.width - 1)
        _ = buffer.put("\(p.id) · \(proposalKind(p.kind, l)) · \(fieldName(p.field))", x: x, y: footer.y, maxWidth: width, role: .text)
        if footer.height > 1 {
            let state = proposalState(p.derived(asOf: asOf), l)
            _ = buffer.put("\(w.received) \(format.date(p.receivedAt.vietnamDate)) · \(w.due) \(format.date(p.dueOn)) · \(l.body) \(p.body ?? l.unassigned) · \(state.text)",
                           x: x, y: footer.y + 1, maxWidth: width, role: state.role)
        }
        if footer.height > 2 { _ = buffer.put(p.title, x: x, y: footer.y + 2, maxWidth: width, role: .text) }
    }
}
