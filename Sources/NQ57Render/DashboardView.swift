import NQ57Core

/// The whole screen, drawn from the model alone: header, banner, breadcrumb, body, footer, help.
public enum DashboardView {
    public static func render(_ model: DashboardModel, views: PaneViews = .standard) -> Buffer {
        var buffer = Buffer(width: model.width, height: model.height)
        let layout = DashboardLayout(model)
        let labels = Labels.of(model.language)
        guard layout.mode != .tooSmall else {
            tooSmall(&buffer, model, labels)
            return buffer
        }
        header(&buffer, layout.header, model, labels, views)
        if let banner = layout.banner, let stale = model.stale {
            buffer.fill(banner, Cell(" ", role: .stale))
            buffer.put("⚠ " + labels.staleSince + " " + stale.since.vietnamClock + ": " + reason(stale, labels), x: 1, y: banner.y,
                       maxWidth: banner.width - 2, role: .stale)
        }
        breadcrumb(&buffer, layout.breadcrumb, model, labels, views)
        body(&buffer, layout, model, labels, views)
        footer(&buffer, layout.footer, model, labels)
        if let g = model.goTo { goTo(&buffer, layout.body, g, model.language) }
        if let r = model.reader { reader(&buffer, layout.body, r, labels, NumberFormat(model.language)) }
        if model.showHelp { help(&buffer, layout.body, model, labels) }
        return buffer
    }

    /// Why the data is stale: a permission problem in the screen's language, else the error's line.
    static func reason(_ stale: Staleness, _ labels: Labels) -> String {
        stale.denied.map { labels.denied($0.path, $0.need) } ?? (labels.language == .vi ? stale.reasonVI ?? stale.reason : stale.reason)
    }

    static func tooSmall(_ buffer: inout Buffer, _ model: DashboardModel, _ labels: Labels) {
        let text = labels.tooSmall(DashboardLayout.minimumWidth, DashboardLayout.minimumHeight, model.width, model.height)
        let y = model.height / 2
        let w = Text.width(text)
        buffer.put(text, x: max(0, (model.width - w) / 2), y: y, maxWidth: model.width, role: .warning)
    }

    /// The top line. What the data is and how fresh it is never goes: the demo badge, the as-of day,
    /// the newest data's time and, live, the update clock. When the line is short the subtitle goes
    /// first, then the labels shorten (`Ngày xét 29/11/2026` → `29/11/2026`), then the place goes,
    /// then the live status and the demo badge take their short forms.
    /// Returns where the live clock's `HH:MM:SS` was drawn whole, for `DashboardRenderer` to move it alone.
    @discardableResult
    static func header(_ buffer: inout Buffer, _ rect: Rect, _ model: DashboardModel, _ labels: Labels, _ views: PaneViews) -> (x: Int, y: Int)? {
        buffer.fill(rect, Cell(" ", role: .header))
        let format = NumberFormat(model.language)
        let place = model.stack.isEmpty ? views.name(of: model.view, labels) : breadcrumbTail(model, labels)
        let demo = model.overview?.isDemo == true
        let session = SessionLabels.of(model.language)
        func line(_ level: Int) -> (left: [Span], right: [Span]) {
            var left: [Span] = level < 5 ? [Span(" NQ57 ", .title)] : []
            if level < 1 { left.append(Span(String(labels.appTitle.drop { $0 != "·" }.dropFirst(2)) + " ", .header)) }
            if demo { left.append(Span(" " + (level < 4 ? labels.demoBadge : "DEMO") + " ", .demoBadge)) }
            left.append(Span(" " + (level < 2 ? labels.judgedOn + " " : "") + format.date(model.asOf) + " ", .header))
            if let at = model.overview?.lastReportAt {
                left.append(Span("│ " + (level < 2 ? labels.dataAsOf : FindLabels.of(model.language).dataShort) + " " + format.time(at) + " ", .header))
            }
            left += session.spans(model, level: level)
            if level < 3 { left.append(Span("│ " + place + " ", .header)) }
            var right: [Span] = []
            if let live = model.live {
                if live.paused { right.append(Span(" " + labels.paused + " ", .warning)) }
                var text = level < 4 ? " " + labels.live + " · " + labels.every + " \(live.interval) s" : " ● \(live.interval) s"
                if let at = live.updatedAt {
                    // The clock ticks every second: in the terminal's own colours (its role in the
                    // shipped themes) a tick writes its changed digits and nothing else, where the
                    // bar's colours cost a colour pair and ncurses's reset around every digit.
                    text += level < 4 ? " · " + labels.updated : " ·"
                    right.append(Span(text, .live))
                    right.append(Span(" " + at.vietnamClock + " ", .clock))
                } else {
                    right.append(Span(text + " ", .live))
                }
            }
            return (left, right)
        }
        func width(_ spans: [Span]) -> Int { spans.reduce(0) { $0 + Text.width($1.text) } }
        // The account and the standby's lag add a sixth step, taken only when they are shown.
        let last = model.replica != nil || model.account != nil ? 6 : 5
        var chosen = line(last)
        for level in 0...last {
            let l = line(level)
            if width(l.left) + width(l.right) <= rect.width {
                chosen = l
                break
            }
        }
        let rightWidth = min(rect.width, width(chosen.right))
        buffer.put(chosen.left, x: 0, y: rect.y, maxWidth: max(0, rect.width - rightWidth))
        if rightWidth > 0 { buffer.put(chosen.right, x: max(0, rect.width - rightWidth), y: rect.y, maxWidth: rightWidth) }
        // The clock is the last span (" HH:MM:SS "), when the live mark has one and it fits whole.
        guard model.live?.updatedAt != nil, rightWidth == width(chosen.right), let clock = chosen.right.last, clock.role == .clock else { return nil }
        return (rect.width - Text.width(clock.text) + 1, rect.y)
    }

    static func crumbText(_ crumb: Crumb, _ model: DashboardModel, _ labels: Labels) -> String {
        switch crumb {
        case .level(let l): labels.levelUnits[l]!
        case .unit(let name), .commune(let name, _): name
        case .ownTasks(let name): labels.ownTasks + " · " + name
        case .group(let id):
            model.overview?.techGroups.first { $0.group.id == id }.map { labels.techGroupName($0.group) } ?? "\(labels.techGroup) \(id)"
        case .task(let id): id
        case .metric(let key): model.overview?.metrics.first { $0.key == key }.map(labels.metricName) ?? labels.metricName(key)
        case .proposalsOf(let code, let name): code == "-" ? ProposalLabels.of(labels.language).unassigned : "\(code) \(name)"
        case .proposal(let id): id
        }
    }

    /// A drill-down's title: its step, and the state a task list is narrowed to (`f`).
    static func frameTitle(_ frame: Frame, _ model: DashboardModel, _ labels: Labels) -> String {
        let title = crumbText(frame.crumb, model, labels)
        if case .tasks(let scope) = frame.screen, let state = scope.state { return title + " · " + StateFilterLabels.of(model.language).filterNames[state]! }
        if case .proposals(_, let state?) = frame.screen { return title + " · " + ProposalFrameWords.stateName(state, labels.language) }
        return title
    }

    static func breadcrumbTail(_ model: DashboardModel, _ labels: Labels) -> String {
        model.stack.last.map { crumbText($0.crumb, model, labels) } ?? ""
    }

    static func breadcrumb(_ buffer: inout Buffer, _ rect: Rect, _ model: DashboardModel, _ labels: Labels, _ views: PaneViews) {
        var parts = [labels.home]
        if model.stack.isEmpty, model.view != .overview { parts.append(views.name(of: model.view, labels)) }
        parts += crumbTrail(model, labels)
        buffer.put(" " + parts.joined(separator: " › "), x: 0, y: rect.y, maxWidth: rect.width, role: .breadcrumb)
    }

    /// The drill-down's steps, following the hierarchy: a commune comes after its province, and a
    /// task opened from a list that does not name its unit comes after its province and unit
    /// (`Thành phố Hà Nội › Phường Hoàn Kiếm › 00070-0001`).
    static func crumbTrail(_ model: DashboardModel, _ labels: Labels) -> [String] {
        var parts: [String] = []
        for (i, frame) in model.stack.enumerated() {
            let before = i > 0 ? model.stack[i - 1] : nil
            switch frame.crumb {
            case .commune(let name, let province):
                if before.map({ if case .units(.communes) = $0.screen { return false }; return true }) ?? true {
                    parts.append(province)
                }
                parts.append(name)
            case .task(let id):
                let underItsUnit: Bool = { if case .tasks(.unit)? = before?.screen { return true }; return false }()
                if !underItsUnit, case .task(let detail?)? = frame.data {
                    if let province = detail.province { parts.append(province.name) }
                    parts.append(detail.unit.name)
                }
                parts.append(id)
            default:
                // A province's tasks opened from its own communes list (`f`, a count cell) repeat its
                // name: once is enough, the title says what the list holds.
                let text = crumbText(frame.crumb, model, labels)
                if parts.last != text { parts.append(text) }
            }
        }
        return parts
    }

    static func body(_ buffer: inout Buffer, _ layout: DashboardLayout, _ model: DashboardModel, _ labels: Labels, _ views: PaneViews) {
        let panes = Panes(language: model.language, asOf: model.asOf, changes: model.changes,
                          groups: model.overview?.techGroups.map(\.group) ?? [],
                          loading: model.frame.map(\.loading) ?? model.loadingOverview)
        if let frame = model.frame {
            panes.frame(&buffer, layout.body, frame: frame, title: frameTitle(frame, model, labels))
            return
        }
        guard let overview = model.overview else {
            let text = model.stale.map { reason($0, labels) } ?? labels.loading
            buffer.put(text, x: 2, y: layout.body.y + 1, maxWidth: layout.body.width - 4, role: model.stale == nil ? .dim : .error)
            return
        }
        if let page = layout.page {
            var scratch = Buffer(width: page.width, height: page.height)
            for (id, rect) in layout.panes {
                guard let view = views[id] else { continue }
                panes.pane(view, &scratch, rect, overview: overview, list: model.panes[id] ?? ListState(), focused: id == model.focus)
            }
            buffer.blit(scratch, sourceY: layout.pageOffset, into: layout.body)
        } else {
            for (id, rect) in layout.panes {
                guard let view = views[id] else { continue }
                panes.pane(view, &buffer, rect, overview: overview, list: model.panes[id] ?? ListState(),
                           focused: id == model.focus || model.view != .overview)
            }
        }
    }

    /// The bottom line: the keys of the moment from the left, and `: ? q` always at the right end
    /// (the way to anything, to help and out), whatever the width.
    static func footer(_ buffer: inout Buffer, _ rect: Rect, _ model: DashboardModel, _ labels: Labels) {
        buffer.fill(rect, Cell(" ", role: .footer))
        if let notice = model.notice {
            buffer.put(" " + notice, x: 0, y: rect.y, maxWidth: rect.width, role: .warning)
            return
        }
        let find = FindLabels.of(model.language)
        var keys = model.isEditingFilter ? labels.footerFilter : (model.stack.isEmpty ? labels.footer : labels.footerDrill)
        if model.goTo != nil { keys = find.footerPrompt }
        if model.live != nil, !model.isEditingFilter, model.goTo == nil {
            keys = (model.live?.paused == true ? find.footerResume : labels.footerLive) + keys
        }
        if model.goTo == nil, !model.isEditingFilter {
            keys.insert(find.footerState, at: min(keys.count, 3))
            if model.isCountTable { keys.insert(StateFilterLabels.of(model.language).footerCells, at: min(keys.count, 3)) }
        }
        let fixedKeys = ["?", "q"]
        var always = keys.filter { fixedKeys.contains($0.key) }
        if model.goTo == nil, !model.isEditingFilter { always.insert(find.footerKey, at: 0) }
        keys.removeAll { fixedKeys.contains($0.key) }
        func spans(_ list: [(key: String, action: String)], short: Bool) -> [Span] {
            list.flatMap { [Span($0.key, .footerKey), Span(short ? " " : " " + $0.action + "  ", .footer)] }
        }
        var right = spans(always, short: false)
        let width: ([Span]) -> Int = { $0.reduce(0) { $0 + Text.width($1.text) } }
        if width(right) > rect.width / 2 { right = spans(always, short: true) }
        let rightWidth = min(rect.width, width(right))
        // Whole keys only: a key whose action would be cut is left out.
        var left: [Span] = [Span(" ", .footer)]
        for entry in keys {
            let more = spans([entry], short: false)
            guard width(left) + width(more) <= rect.width - rightWidth else { continue }
            left += more
        }
        buffer.put(left, x: 0, y: rect.y, maxWidth: max(0, rect.width - rightWidth))
        buffer.put(right, x: rect.width - rightWidth, y: rect.y, maxWidth: rightWidth)
    }

    /// Every key, the theme in use at the top; scrolls (↑↓) when the screen is too short for all of them.
    static func help(_ buffer: inout Buffer, _ body: Rect, _ model: DashboardModel, _ labels: Labels) {
        let find = FindLabels.of(model.language)
        var entries = labels.help
        entries.insert(contentsOf: find.help + StateFilterLabels.of(model.language).help, at: min(entries.count, 7))
        let keyWidth = entries.map { Text.width($0.key) }.max() ?? 10
        let textWidth = entries.map { Text.width($0.action) }.max() ?? 20
        let width = min(body.width - 2, keyWidth + textWidth + 7)
        let height = min(body.height, entries.count + 5)
        let rect = Rect(x: body.x + (body.width - width) / 2, y: body.y + max(0, (body.height - height) / 2), width: width, height: height)
        let inner = buffer.box(rect, title: [Span(labels.helpTitle, .paneTitle)], focused: true)
        guard inner.height > 2 else { return }
        buffer.put([Span(find.theme + ": ", .label), Span(model.theme, .text)], x: inner.x + 1, y: inner.y, maxWidth: inner.width - 2)
        let rows = inner.height - 2
        let offset = max(0, min(model.helpScroll, entries.count - rows))
        for (i, entry) in entries.dropFirst(offset).prefix(rows).enumerated() {
            buffer.put([Span(Text.pad(entry.key, keyWidth), .footerKey), Span("  " + entry.action, .text)],
                       x: inner.x + 1, y: inner.y + 1 + i, maxWidth: inner.width - 2)
        }
        let more = entries.count > rows ? find.helpScroll(offset + 1, min(entries.count, offset + rows), entries.count) + " · " : ""
        buffer.put(more + labels.helpClose, x: inner.x + 1, y: inner.maxY - 1, maxWidth: inner.width - 2, role: .dim)
    }
}

/// Draws frames for a running dashboard, redrawing only what the model says changed.
///
/// A live tick moves the clock and nothing else most of the time; the header is then drawn again
/// over the last frame and the rest is reused. What counts as "the rest" is the whole model with
/// its clock fields set aside, compared by value, so nothing stale can be reused by mistake.
///
/// An idle live tick changes only the clock's `HH:MM:SS`, which is always eight columns: once the
/// header has been drawn over a reused frame, later ticks write those eight cells and nothing else
/// (no layout, no text measuring), and `changedRows` tells the terminal that only the header's row
/// can differ, so it does not compare the whole frame either.
public final class DashboardRenderer {
    private var lastKey: DashboardModel?
    private var lastFrame: Buffer?
    /// Where the clock's digits are in `lastFrame`, and what they say.
    private var clock: (x: Int, y: Int, text: String)?
    private let views: PaneViews
    /// The rows of the last frame returned that can differ from the frame before it; nil: any row.
    public private(set) var changedRows: Range<Int>?

    public init(views: PaneViews = .standard) { self.views = views }

    public func render(_ model: DashboardModel) -> Buffer {
        let key = Self.clockless(model)
        if key == lastKey, var frame = lastFrame {
            let text = model.live?.updatedAt?.vietnamClock
            // All but the clock is as before, the layout too: its digits are where they were.
            if let clock, let text, text.utf8.count == clock.text.utf8.count {
                changedRows = clock.y..<(clock.y + 1)
                if text == clock.text { return frame }
                frame.put(text, x: clock.x, y: clock.y, maxWidth: text.utf8.count, role: .clock)
                self.clock?.text = text
                lastFrame = frame
                return frame
            }
            let layout = DashboardLayout(model)
            if layout.mode != .tooSmall {
                changedRows = layout.header.y..<(layout.header.y + 1)
                clock = DashboardView.header(&frame, layout.header, model, Labels.of(model.language), views).flatMap { at in
                    text.map { (at.x, at.y, $0) }
                }
                lastFrame = frame
                return frame
            }
        }
        let frame = DashboardView.render(model, views: views)
        lastKey = key
        lastFrame = frame
        clock = nil
        changedRows = nil
        return frame
    }

    /// The model without what only the header's clock shows.
    static func clockless(_ model: DashboardModel) -> DashboardModel {
        var m = model
        m.fixedAsOf = model.asOf
        m.now = Timestamp(seconds: 0)
        m.live?.lastCheck = nil
        m.live?.updatedAt = nil
        m.lastRotation = nil
        return m
    }
}
