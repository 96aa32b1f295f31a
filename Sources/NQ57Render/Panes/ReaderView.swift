import NQ57Core

/// The words of the report reader (issue 11 §7), in both languages.
struct ReaderLabels: Sendable {
    var title: String
    var keys: String
    var lines: @Sendable (_ first: Int, _ last: Int, _ total: Int) -> String

    static let vi = ReaderLabels(title: "Báo cáo", keys: "↑↓ PgUp PgDn cuộn · Esc đóng",
                                 lines: { a, b, n in "dòng \(a)–\(b)/\(n)" })
    static let en = ReaderLabels(title: "Report", keys: "↑↓ PgUp PgDn scroll · Esc close",
                                 lines: { a, b, n in "lines \(a)–\(b) of \(n)" })

    static func of(_ language: Language) -> ReaderLabels { language == .vi ? .vi : .en }
}

extension DashboardView {
    /// A report whole, over the screen: its task, unit, time, status, progress, author, and the note
    /// wrapped to the box and scrolled (nothing cut).
    static func reader(_ buffer: inout Buffer, _ body: Rect, _ reader: ReaderState, _ labels: Labels, _ format: NumberFormat) {
        let words = ReaderLabels.of(labels.language)
        let r = reader.report
        let rect = ReaderState.box(in: body)
        let inner = buffer.box(rect, title: [Span(words.title + " · " + r.taskID, .paneTitle)], focused: true)
        guard inner.height > ReaderState.headRows + 1 else { return }
        let x = inner.x + 1, width = inner.width - 2
        var y = inner.y
        buffer.put([Span(labels.colTask + ": ", .label), Span(reader.taskTitle, .title)], x: x, y: y, maxWidth: width)
        y += 1
        buffer.put([Span(labels.colUnit + ": ", .label), Span(Place.line(reader.unitName, reader.provinceName), .text)], x: x, y: y, maxWidth: width)
        y += 1
        buffer.put([Span(labels.colTime + ": ", .label), Span(format.time(r.reportedAt), .text), Span(" · ", .dim),
                    Span(labels.statusNames[r.status]!, r.status == .done ? .doneOnTime : .text), Span(" · ", .dim),
                    Span(labels.colProgress + ": ", .label), Span(String(r.progress) + "%", .value)], x: x, y: y, maxWidth: width)
        y += 1
        buffer.put([Span(labels.colBy + ": ", .label), Span(r.reportedBy.isEmpty ? "—" : r.reportedBy, .text)], x: x, y: y, maxWidth: width)
        y += 2
        let note = r.note.isEmpty ? ["—"] : ReaderState.wrap(r.note, width: width, measure: { Text.cleanWidth($0) })
        let rows = ReaderState.noteRows(in: body)
        let first = max(0, min(reader.scroll, note.count - rows))
        for (i, line) in note.dropFirst(first).prefix(rows).enumerated() {
            buffer.put(Text.clean(line), x: x, y: y + i, maxWidth: width, role: r.note.isEmpty ? .dim : .text)
        }
        let position = note.count > rows ? words.lines(first + 1, min(note.count, first + rows), note.count) + " · " : ""
        buffer.put(position + words.keys, x: x, y: inner.maxY - 1, maxWidth: width, role: .dim)
    }
}
