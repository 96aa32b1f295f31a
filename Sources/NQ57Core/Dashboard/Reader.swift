/// Read everything (issue 11 §7): Enter on a report — in the latest-reports feed or in a task's
/// history — opens it whole over the screen: its task, unit and province, time, status, progress,
/// author and the whole note, which scrolls (↑↓ PgUp PgDn) when it is longer than the box. Nothing is
/// cut. Esc, Enter or ← closes it; q quits as everywhere.
public struct ReaderState: Hashable, Sendable {
    public var report: Report
    public var taskTitle: String
    /// The reporting unit, and its province for a commune.
    public var unitName: String
    public var provinceName: String?
    /// The first line of the note shown.
    public var scroll = 0

    public init(report: Report, taskTitle: String, unitName: String, provinceName: String?) {
        self.report = report
        self.taskTitle = taskTitle
        self.unitName = unitName
        self.provinceName = provinceName
    }

    /// The note's lines at `width` columns, broken between words (a word longer than a line is cut
    /// into pieces, never dropped). Line breaks in the note are kept. `measure` gives a text's width in
    /// columns (the screen's rule); the model clamps the scroll with one character a column.
    public static func wrap(_ text: String, width: Int, measure: (String) -> Int = { $0.count }) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        for paragraph in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            var line = ""
            for word in paragraph.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init) {
                let candidate = line.isEmpty ? word : line + " " + word
                if measure(candidate) <= width {
                    line = candidate
                    continue
                }
                if !line.isEmpty { lines.append(line) }
                var rest = word
                // A word wider than the line: pieces of the line's width.
                while measure(rest) > width {
                    var piece = ""
                    for c in rest {
                        if measure(piece + String(c)) > width { break }
                        piece.append(c)
                    }
                    if piece.isEmpty { piece = String(rest.first!) }
                    lines.append(piece)
                    rest = String(rest.dropFirst(piece.count))
                }
                line = rest
            }
            lines.append(line)
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines
    }

    /// Rows of the reader's box above the note: task title, unit, facts, author, a blank line.
    public static let headRows = 5

    /// The reader's box inside the screen's body.
    public static func box(in body: Rect) -> Rect {
        let width = min(body.width - 2, 100)
        let height = body.height
        return Rect(x: body.x + (body.width - width) / 2, y: body.y, width: width, height: height)
    }

    /// Note rows the box shows at once (inside the border, under the head, above the key line).
    public static func noteRows(in body: Rect) -> Int { max(1, box(in: body).height - 2 - headRows - 1) }

    /// The largest useful scroll for a screen `body`.
    public func maxScroll(in body: Rect) -> Int {
        let lines = Self.wrap(report.note, width: Self.box(in: body).width - 4).count
        return max(0, lines - Self.noteRows(in: body))
    }
}

extension DashboardModel {
    /// Keys while a report is open.
    mutating func readKey(_ key: Key) -> [Effect] {
        guard var reader else { return [] }
        let body = DashboardLayout(self).body
        let page = ReaderState.noteRows(in: body)
        switch key {
        case .down, .char("j"): reader.scroll += 1
        case .up, .char("k"): reader.scroll -= 1
        case .pageDown, .char(" "): reader.scroll += page
        case .pageUp: reader.scroll -= page
        case .home, .char("g"): reader.scroll = 0
        case .end, .char("G"): reader.scroll = Int.max / 2
        default:
            self.reader = nil
            return []
        }
        reader.scroll = max(0, min(reader.scroll, reader.maxScroll(in: body)))
        self.reader = reader
        return []
    }

    /// The report a list row stands for, opened whole: a task's history row, or a feed row.
    mutating func openReader(frame: Frame?, row i: Int) {
        if let frame, case .task(let detail?)? = frame.data {
            guard detail.history.indices.contains(i), case .report(let r) = detail.history[i] else { return }
            reader = ReaderState(report: r, taskTitle: detail.row.task.title, unitName: detail.unit.name,
                                 provinceName: detail.province?.name)
        }
    }
}
