import NQ57Core

/// Read everything (issue 11 §7): under a task's report history, the selected report in full (time,
/// status, progress, author and the whole note, wrapped); under a figure's history, the selected
/// value with its whole source.
extension Panes {
    /// Lines of at most `width` columns, broken between words (a word longer than a line is split),
    /// at most `maxLines` of them, the last ending in `…` when the text goes on.
    static func wrap(_ text: String, _ width: Int, maxLines: Int) -> [String] {
        guard width > 0, maxLines > 0 else { return [] }
        // Line breaks and tabs are spaces in a detail box (the reader keeps paragraphs); the words are
        // laid out as the reader lays them, each control drawn as Text.clean draws it.
        let flat = text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\t" }).joined(separator: " ")
        var lines = ReaderState.wrap(flat, width: width, measure: { Text.cleanWidth($0) }).map(Text.clean)
        if lines.count > maxLines {
            lines = Array(lines.prefix(maxLines))
            lines[maxLines - 1] = Text.fit(lines[maxLines - 1] + " …", width)
        }
        return lines
    }

    /// The selected report of a task's history, every field and the whole note.
    func reportDetail(_ buffer: inout Buffer, _ rect: Rect, _ report: Report?) {
        let inner = buffer.box(rect, title: [Span(labels.colNote, .paneTitle)], focused: false)
        guard let r = report, inner.height > 0 else { return }
        let facts = [Span(format.time(r.reportedAt) + " · ", .dim), Span(labels.statusNames[r.status]!, r.status == .done ? .doneOnTime : .text),
                     Span(" · ", .dim), Span(String(r.progress) + "%", .value)]
        let author = [Span(labels.colBy + ": ", .label), Span(r.reportedBy.isEmpty ? "—" : r.reportedBy, .text)]
        let spans: ([Span]) -> Int = { $0.reduce(0) { $0 + Text.cleanWidth($1.text) } }
        // Time, status and progress, then the author on the same line when it fits whole, else on the next.
        var y = inner.y
        if spans(facts) + 3 + spans(author) <= inner.width - 2 {
            buffer.put(facts + [Span(" · ", .dim)] + author, x: inner.x + 1, y: y, maxWidth: inner.width - 2)
        } else {
            buffer.put(facts, x: inner.x + 1, y: y, maxWidth: inner.width - 2)
            y += 1
            if y < inner.maxY { buffer.put(author, x: inner.x + 1, y: y, maxWidth: inner.width - 2) }
        }
        y += 1
        let room = inner.maxY - y
        let note = r.note.isEmpty ? ["—"] : Self.wrap(r.note, inner.width - 2, maxLines: room)
        for (i, line) in note.prefix(max(0, room)).enumerated() {
            buffer.put(line, x: inner.x + 1, y: y + i, maxWidth: inner.width - 2, role: r.note.isEmpty ? .dim : .text)
        }
    }

    /// The selected figure: its value, date and the whole source.
    func metricDetail(_ buffer: inout Buffer, _ rect: Rect, _ metric: Metric?) {
        let inner = buffer.box(rect, title: [Span(labels.colSource, .paneTitle)], focused: false)
        guard let m = metric, inner.height > 0 else { return }
        let q = labels.qualifier(m.qualifier)
        buffer.put([Span(format.date(m.asOf), .dim), Span(" · ", .dim), Span((q.isEmpty ? "" : q + " ") + format.value(m.value), .value)],
                   x: inner.x + 1, y: inner.y, maxWidth: inner.width - 2)
        for (i, line) in Self.wrap(m.source(labels.language), inner.width - 2, maxLines: inner.height - 1).enumerated() {
            buffer.put(line, x: inner.x + 1, y: inner.y + 1 + i, maxWidth: inner.width - 2)
        }
    }
}
