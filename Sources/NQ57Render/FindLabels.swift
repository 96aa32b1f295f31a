import NQ57Core

/// The words of the go-to prompt and of place on every row (issue 11), kept out of `Labels` so
/// that features added side by side do not all edit its two big tables.
public struct FindLabels: Sendable {
    public var title: String
    public var hint: String
    public var searching: String
    public var nothing: String
    public var kinds: [Found.Kind: String]
    public var footerKey: (key: String, action: String)
    public var footerState: (key: String, action: String)
    public var footerPrompt: [(key: String, action: String)]
    public var footerResume: [(key: String, action: String)]
    /// Lines the help screen adds for these keys.
    public var help: [(key: String, action: String)]
    public var theme: String
    /// The newest data's label when the header is short.
    public var dataShort: String
    /// `↑↓ 1–12 / 18`: the help lines shown, when they do not all fit.
    public var helpScroll: @Sendable (Int, Int, Int) -> String

    public static let vi = FindLabels(
        title: "Đi tới", hint: "gõ tên tỉnh, xã, cơ quan hoặc mã, tên nhiệm vụ · Enter mở · Esc đóng",
        searching: "đang tìm…", nothing: "(không tìm thấy)",
        kinds: [.province: "tỉnh", .central: "TW", .commune: "xã", .task: "NV"],
        footerKey: (":", "đi tới"), footerState: ("f", "lọc trạng thái"),
        footerPrompt: [("gõ", "tên hoặc mã"), ("↑↓", "chọn"), ("Enter", "mở"), ("Esc", "đóng")],
        footerResume: [("p", "TIẾP TỤC cập nhật"), ("+/-", "chu kỳ")],
        help: [(":", "đi tới tỉnh, xã, cơ quan, nhiệm vụ (tên hoặc mã)"),
               ("f", "lọc: quá hạn, còn hạn, trễ, đúng hạn, trả lại, tất cả"),
               ("f (PAKN)", "lọc kiến nghị: quá hạn, chờ, trả lời trễ, đúng hạn, từ chối, tất cả")],
        theme: "Giao diện", dataShort: "số liệu", helpScroll: { "↑↓ cuộn \($0)–\($1)/\($2)" })

    public static let en = FindLabels(
        title: "Go to", hint: "type a province, commune, body, task id or title · Enter opens · Esc closes",
        searching: "searching…", nothing: "(nothing found)",
        kinds: [.province: "prov", .central: "body", .commune: "comm", .task: "task"],
        footerKey: (":", "go to"), footerState: ("f", "state"),
        footerPrompt: [("type", "a name or id"), ("↑↓", "select"), ("Enter", "open"), ("Esc", "close")],
        footerResume: [("p", "RESUME updates"), ("+/-", "interval")],
        help: [(":", "go to a province, commune, body or task (name or id)"),
               ("f", "by state: overdue, open, late, on time, returned, all"),
               ("f (proposals)", "by state: overdue, pending, answered late, on time, rejected, all")],
        theme: "Theme", dataShort: "data", helpScroll: { "↑↓ scroll \($0)–\($1)/\($2)" })

    public static func of(_ language: Language) -> FindLabels { language == .vi ? vi : en }
}

extension DashboardView {
    /// The go-to prompt over the body: the query on top, then what was found, each with its place.
    static func goTo(_ buffer: inout Buffer, _ body: Rect, _ g: GoToState, _ language: Language) {
        let words = FindLabels.of(language)
        let width = min(body.width - 2, 100)
        let height = max(4, min(body.height, GoToState.limit + 4))
        let rect = Rect(x: body.x + (body.width - width) / 2, y: body.y, width: width, height: height)
        let inner = buffer.box(rect, title: [Span(words.title, .paneTitle)], focused: true)
        guard inner.height > 0 else { return }
        buffer.put([Span(": ", .footerKey), Span(g.query + "▏", .filter)], x: inner.x + 1, y: inner.y, maxWidth: inner.width - 2)
        let status = g.searching ? words.searching : (g.error ?? "")
        if !status.isEmpty {
            let w = Text.width(status)
            buffer.put(status, x: inner.maxX - w - 1, y: inner.y, maxWidth: w, role: g.error == nil ? .dim : .error)
        }
        let rows = inner.height - 2
        guard rows > 0 else { return }
        if g.query.isEmpty {
            buffer.put(words.hint, x: inner.x + 1, y: inner.y + 1, maxWidth: inner.width - 2, role: .dim)
            return
        }
        if g.results.isEmpty, g.answeredQuery == g.query, g.error == nil {
            buffer.put(words.nothing, x: inner.x + 1, y: inner.y + 1, maxWidth: inner.width - 2, role: .dim)
            return
        }
        let first = max(0, g.selected - rows + 1)
        for (n, i) in g.results.indices.dropFirst(first).prefix(rows).enumerated() {
            let f = g.results[i]
            let y = inner.y + 1 + n
            let selected = i == g.selected
            if selected { buffer.fill(Rect(x: inner.x, y: y, width: inner.width, height: 1), Cell(" ", role: .selection)) }
            var spans = [Span(Text.pad(words.kinds[f.kind]!, 4) + " ", .dim), Span(f.kind == .task ? f.code + "  " : "", .dim),
                         Span(f.name, .text)]
            let place = [f.unitName, f.provinceName.map(Place.shortProvince)].compactMap { $0 }.joined(separator: " · ")
            if !place.isEmpty { spans.append(Span(" — " + place, .dim)) }
            if f.kind != .task { spans.append(Span(" (" + f.code + ")", .dim)) }
            if selected { spans = spans.map { Span($0.text, .selection) } }
            buffer.put(spans, x: inner.x + 1, y: y, maxWidth: inner.width - 2)
        }
    }
}
