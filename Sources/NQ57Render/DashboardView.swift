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
        if model.showHelp { help(&buffer, layout.body, labels) }
        return buffer
    }

    /// Why the data is stale: a permission problem in the screen's language, else the error's line.
    static func reason(_ stale: Staleness, _ labels: Labels) -> String {
        stale.denied.map { labels.denied($0.path, $0.need) } ?? stale.reason
    }

    static func tooSmall(_ buffer: inout Buffer, _ model: DashboardModel, _ labels: Labels) {
        let text = labels.tooSmall(DashboardLayout.minimumWidth, DashboardLayout.minimumHeight, model.width, model.height)
        let y = model.height / 2
        let w = Text.width(text)
        buffer.put(text, x: max(0, (model.width - w) / 2), y: y, maxWidth: model.width, role: .warning)
    }

    /// The top line. Parts go from the right end of the left side when the line is short, the
    /// demo badge and the live status last of all: a screen of demo data must always say so.
    static func header(_ buffer: inout Buffer, _ rect: Rect, _ model: DashboardModel, _ labels: Labels, _ views: PaneViews) {
        buffer.fill(rect, Cell(" ", role: .header))
        let format = NumberFormat(model.language)
        // (spans, priority): lower priority numbers are dropped first.
        var parts: [([Span], Int)] = [([Span(" NQ57 ", .title)], 9)]
        parts.append(([Span(String(labels.appTitle.drop { $0 != "·" }.dropFirst(2)) + " ", .header)], 1))
        if model.overview?.isDemo == true { parts.append(([Span(" " + labels.demoBadge + " ", .demoBadge)], 10)) }
        parts.append(([Span(" " + labels.judgedOn + " " + format.date(model.asOf) + " ", .header)], 6))
        if let at = model.overview?.lastReportAt {
            parts.append(([Span("│ " + labels.dataAsOf + " " + format.time(at) + " ", .header)], 4))
        }
        let place = model.stack.isEmpty ? views.name(of: model.view, labels) : breadcrumbTail(model, labels)
        parts.append(([Span("│ " + place + " ", .header)], 2))
        var right: [Span] = []
        if let live = model.live {
            if live.paused { right.append(Span(" " + labels.paused + " ", .warning)) }
            var text = " " + labels.live + " · " + labels.every + " \(live.interval) s"
            if let at = live.updatedAt { text += " · " + labels.updated + " " + at.vietnamClock }
            right.append(Span(text + " ", .live))
        }
        let rightWidth = right.reduce(0) { $0 + Text.width($1.text) }
        func width(_ p: [([Span], Int)]) -> Int { p.reduce(0) { $0 + $1.0.reduce(0) { $0 + Text.width($1.text) } } }
        while width(parts) + rightWidth > rect.width, let drop = parts.indices.min(by: { parts[$0].1 < parts[$1].1 }), parts.count > 1 {
            parts.remove(at: drop)
        }
        buffer.put(parts.flatMap(\.0), x: 0, y: rect.y, maxWidth: max(0, rect.width - rightWidth))
        if rightWidth > 0 { buffer.put(right, x: max(0, rect.width - rightWidth), y: rect.y, maxWidth: rightWidth) }
    }

    static func crumbText(_ crumb: Crumb, _ model: DashboardModel, _ labels: Labels) -> String {
        switch crumb {
        case .level(let l): labels.levelUnits[l]!
        case .unit(let name), .commune(let name, _): name
        case .ownTasks(let name): labels.ownTasks + " · " + name
        case .group(let id):
            model.overview?.techGroups.first { $0.group.id == id }.map { labels.techGroupName($0.group) } ?? "\(labels.techGroup) \(id)"
        case .task(let id): id
        case .metric(let key): labels.metricName(key)
        }
    }

    /// A drill-down's title: its step, and the state a task list is narrowed to (`f`).
    static func frameTitle(_ frame: Frame, _ model: DashboardModel, _ labels: Labels) -> String {
        let title = crumbText(frame.crumb, model, labels)
        if case .tasks(let scope) = frame.screen, let state = scope.state { return title + " · " + labels.stateNames[state]! }
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
                parts.append(crumbText(frame.crumb, model, labels))
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

    static func footer(_ buffer: inout Buffer, _ rect: Rect, _ model: DashboardModel, _ labels: Labels) {
        buffer.fill(rect, Cell(" ", role: .footer))
        if let notice = model.notice {
            buffer.put(" " + notice, x: 0, y: rect.y, maxWidth: rect.width, role: .warning)
            return
        }
        var keys = model.isEditingFilter ? labels.footerFilter : (model.stack.isEmpty ? labels.footer : labels.footerDrill)
        if model.live != nil, !model.isEditingFilter { keys = labels.footerLive + keys }
        var spans: [Span] = [Span(" ", .footer)]
        for (key, action) in keys {
            spans += [Span(key, .footerKey), Span(" " + action + "  ", .footer)]
        }
        buffer.put(spans, x: 0, y: rect.y, maxWidth: rect.width)
    }

    static func help(_ buffer: inout Buffer, _ body: Rect, _ labels: Labels) {
        let keyWidth = labels.help.map { Text.width($0.key) }.max() ?? 10
        let textWidth = labels.help.map { Text.width($0.action) }.max() ?? 20
        let width = min(body.width - 4, keyWidth + textWidth + 7)
        let height = min(body.height - 2, labels.help.count + 4)
        let rect = Rect(x: body.x + (body.width - width) / 2, y: body.y + max(0, (body.height - height) / 2), width: width, height: height)
        let inner = buffer.box(rect, title: [Span(labels.helpTitle, .paneTitle)], focused: true)
        for (i, entry) in labels.help.prefix(inner.height - 2).enumerated() {
            buffer.put([Span(Text.pad(entry.key, keyWidth), .footerKey), Span("  " + entry.action, .text)],
                       x: inner.x + 1, y: inner.y + i, maxWidth: inner.width - 2)
        }
        buffer.put(labels.helpClose, x: inner.x + 1, y: inner.maxY - 1, maxWidth: inner.width - 2, role: .dim)
    }
}

/// Draws frames for a running dashboard, redrawing only what the model says changed.
///
/// A live tick moves the clock and nothing else most of the time; the header is then drawn again
/// over the last frame and the rest is reused. What counts as "the rest" is the whole model with
/// its clock fields set aside, compared by value, so nothing stale can be reused by mistake.
public final class DashboardRenderer {
    private var lastKey: DashboardModel?
    private var lastFrame: Buffer?
    private let views: PaneViews

    public init(views: PaneViews = .standard) { self.views = views }

    public func render(_ model: DashboardModel) -> Buffer {
        let key = Self.clockless(model)
        if key == lastKey, var frame = lastFrame, case let layout = DashboardLayout(model), layout.mode != .tooSmall {
            DashboardView.header(&frame, layout.header, model, Labels.of(model.language), views)
            lastFrame = frame
            return frame
        }
        let frame = DashboardView.render(model, views: views)
        lastKey = key
        lastFrame = frame
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
