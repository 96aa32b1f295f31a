import NQ57Render

/// Which cells a frame has to write. Pure, so that it can be tested without a terminal.
enum FrameDiff {
    /// Indexes into `next.cells` that differ from `previous`, or every index when there is no
    /// previous frame of the same size (then the screen is erased and written whole).
    /// With `rows`, the caller vouches that no other row differs: only those are compared.
    static func changedCells(from previous: Buffer?, to next: Buffer, rows: Range<Int>? = nil) -> [Int] {
        guard let previous, previous.width == next.width, previous.height == next.height else {
            return Array(next.cells.indices)
        }
        let rows = rows.map { $0.clamped(to: 0..<next.height) } ?? 0..<next.height
        var out: [Int] = []
        let old = previous.cells, new = next.cells
        for i in (rows.lowerBound * next.width)..<(rows.upperBound * next.width) where old[i] != new[i] { out.append(i) }
        return out
    }

    /// How a cell is written: as a grapheme one or two columns wide, or skipped because the wide
    /// grapheme to its left covers it. A stray right half (nothing wide to its left) and a wide
    /// grapheme whose right half falls outside `visibleWidth` are written as a blank.
    enum Write: Equatable {
        case glyph(String, width: Int)
        case skip
    }

    static func write(for index: Int, in buffer: Buffer, visibleWidth: Int) -> Write {
        let x = index % buffer.width
        let cell = buffer.cells[index]
        if cell.isContinuation {
            if x > 0, !buffer.cells[index - 1].isContinuation, isWideLead(index - 1, in: buffer) { return .skip }
            return .glyph(" ", width: 1)
        }
        if isWideLead(index, in: buffer) {
            return x + 1 < visibleWidth ? .glyph(cell.text, width: 2) : .glyph(" ", width: 1)
        }
        return .glyph(cell.text, width: 1)
    }

    static func isWideLead(_ index: Int, in buffer: Buffer) -> Bool {
        let x = index % buffer.width
        return x + 1 < buffer.width && buffer.cells[index + 1].isContinuation && !buffer.cells[index].isContinuation
    }
}
