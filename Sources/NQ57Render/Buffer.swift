import Foundation
import NQ57Core

/// One terminal cell: a grapheme (with its combining marks) and the role that colours it.
///
/// Eight bytes, nothing to count or free (issue 14): a grapheme of one scalar (what a dashboard
/// draws almost always) is that scalar's value; a grapheme of several (a mark on its dotted
/// circle, an emoji sequence) is a number above U+10FFFF that `Graphemes` keeps for the process;
/// the right half of a wide grapheme is `Cell.continuationCode`. Two cells are equal when they
/// draw the same, whichever buffer they are in.
public struct Cell: Hashable, Sendable {
    /// The scalar, a cluster's number in `Graphemes`, or `continuationCode`.
    var code: UInt32
    public var role: Role

    static let continuationCode: UInt32 = .max

    public init(_ text: String = " ", role: Role = .text) {
        code = Graphemes.code(of: text)
        self.role = role
    }

    @inline(__always)
    init(code: UInt32, role: Role) {
        self.code = code
        self.role = role
    }

    public static let blank = Cell()

    /// The grapheme drawn here; empty for the right half of a wide grapheme.
    public var text: String {
        get { Graphemes.text(of: code) }
        set { code = Graphemes.code(of: newValue) }
    }

    /// True for the cell a wide grapheme to its left covers.
    public var isContinuation: Bool { code == Self.continuationCode }
}

/// The graphemes of more than one scalar that cells have drawn, numbered from U+10FFFF + 1 for
/// the life of the process, so that a cell stays eight bytes and compares by number.
///
/// Few ever come (cleaned text is NFC: Vietnamese composes; a lone mark, a flag, a joined emoji
/// do not). Hostile data could bring many: past `limit` different ones, a new one draws as
/// `Text.placeholder` (one column, as the wide or marked grapheme's first column would).
enum Graphemes {
    static let first: UInt32 = 0x11_0000
    static let limit = 65_536

    private final class Table: @unchecked Sendable {
        let lock = NSLock()
        var codes: [String: UInt32] = [:]
        var texts: [String] = []
    }

    private static let table = Table()

    static func code(of text: String) -> UInt32 {
        var scalars = text.unicodeScalars.makeIterator()
        guard let scalar = scalars.next() else { return Cell.continuationCode }
        if scalars.next() == nil { return scalar.value }
        table.lock.lock()
        defer { table.lock.unlock() }
        if let code = table.codes[text] { return code }
        guard table.texts.count < limit else { return Text.placeholder.value }
        let code = first + UInt32(table.texts.count)
        table.texts.append(text)
        table.codes[text] = code
        return code
    }

    static func text(of code: UInt32) -> String {
        if code == Cell.continuationCode { return "" }
        if code < first { return Unicode.Scalar(code).map { String(Character($0)) } ?? "" }
        table.lock.lock()
        defer { table.lock.unlock() }
        let i = Int(code - first)
        return table.texts.indices.contains(i) ? table.texts[i] : ""
    }
}

/// An in-memory screen that panes draw into; the terminal front end copies it out.
///
/// Writing is clipped to the buffer. A wide grapheme takes two cells; writing over either half of
/// one blanks the other half, so a half glyph is never left behind.
public struct Buffer: Hashable, Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int, fill: Cell = .blank) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: fill, count: self.width * self.height)
    }

    public var area: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { set(x, y, newValue) }
    }

    private mutating func set(_ x: Int, _ y: Int, _ cell: Cell) {
        guard x >= 0, y >= 0, x < width, y < height else { return }
        let i = y * width + x
        // Overwriting half of a wide grapheme blanks its other half.
        if cells[i].isContinuation, x > 0 { cells[i - 1] = Cell(code: 0x20, role: cells[i - 1].role) }
        if x + 1 < width, cells[i + 1].isContinuation, !cells[i].isContinuation {
            cells[i + 1] = Cell(code: 0x20, role: cells[i + 1].role)
        }
        cells[i] = cell
    }

    /// Before one-column cells are written over `x..<end` of row `y` (inside the buffer): what
    /// writing them one at a time with `set` does to the cells around the run, for a buffer whose
    /// every right half follows its wide grapheme. The half of a wide grapheme just left of the
    /// run, or just right of it, is blanked; cells inside the run are then simply overwritten.
    @inline(__always)
    private mutating func clearAround(_ x: Int, _ end: Int, _ y: Int) {
        let row = y * width
        if x > 0, cells[row + x].isContinuation { cells[row + x - 1].code = 0x20 }
        if end < width, cells[row + end].isContinuation, !cells[row + end - 1].isContinuation {
            cells[row + end].code = 0x20
        }
    }

    /// Fills a rectangle with one cell.
    public mutating func fill(_ rect: Rect, _ cell: Cell = .blank) {
        let x0 = max(0, rect.x), x1 = min(width, rect.maxX)
        guard x0 < x1 else { return }
        for y in max(0, rect.y)..<min(height, rect.maxY) {
            // A right half written over a row is left to `set`, cell by cell, as before.
            if cell.isContinuation {
                for x in x0..<x1 { set(x, y, cell) }
                continue
            }
            clearAround(x0, x1, y)
            let row = y * width
            cells.withUnsafeMutableBufferPointer { p in
                for i in (row + x0)..<(row + x1) { p[i] = cell }
            }
        }
    }

    /// Sets the role of every cell in a rectangle, keeping the text.
    public mutating func paint(_ rect: Rect, _ role: Role) {
        for y in max(0, rect.y)..<min(height, rect.maxY) {
            for x in max(0, rect.x)..<min(width, rect.maxX) { cells[y * width + x].role = role }
        }
    }

    /// One cell of a glyph known to be one column wide and clean (a box-drawing line): what `put`
    /// would write for it, without measuring and fitting text.
    mutating func putGlyph(_ glyph: Unicode.Scalar, x: Int, y: Int, role: Role) {
        set(x, y, Cell(code: glyph.value, role: role))
    }

    /// Draws text from (x, y) in at most `maxWidth` columns (to the buffer's edge when nil), cut with
    /// `…` when it does not fit. The text passes `Text.clean` first. Returns the columns used.
    @discardableResult
    public mutating func put(_ s: String, x: Int, y: Int, maxWidth: Int? = nil, role: Role = .text) -> Int {
        guard y >= 0, y < height, x < width else { return 0 }
        let limit = min(maxWidth ?? (width - x), width - x)
        guard limit > 0 else { return 0 }
        // Each scalar a one-column grapheme of its own (what a dashboard mostly draws): `Text.clean`
        // leaves such text as it is, and `Text.fit` cuts it by scalars. A cell per scalar, straight
        // from the string's bytes, without making the cut string, walking graphemes or making cell
        // strings.
        if let done = s.utf8.withContiguousStorageIfAvailable({ putPlain($0, x: x, y: y, limit: limit, role: role) }), let used = done {
            return used
        }
        var cx = x
        for g in Text.fit(s, limit) {
            let w = Text.width(of: g)
            if w == 0 { continue }
            let glyph = Text.isMark(g.unicodeScalars.first!) ? String(Character(Text.markBase)) + String(g) : String(g)
            if cx >= 0 {
                set(cx, y, Cell(glyph, role: role))
                if w == 2 { set(cx + 1, y, Cell(code: Cell.continuationCode, role: role)) }
            }
            cx += w
        }
        return cx - x
    }

    /// `put` of text whose every scalar is plain narrow, from its UTF-8 bytes; nil (nothing written)
    /// for other text.
    private mutating func putPlain(_ bytes: UnsafeBufferPointer<UInt8>, x: Int, y: Int, limit: Int, role: Role) -> Int? {
        guard let n = Text.plainNarrowCount(bytes) else { return nil }
        let columns = min(n, limit)
        let shown = n <= limit ? n : limit - 1
        let start = max(0, x), end = x + columns
        guard start < end else { return columns }
        clearAround(start, end, y)
        let row = y * width
        cells.withUnsafeMutableBufferPointer { p in
            var i = 0
            for cx in x..<(x + shown) {
                let (v, length) = Text.plainScalar(bytes, at: i)!
                if cx >= 0 { p[row + cx] = Cell(code: v, role: role) }
                i += length
            }
            if shown < columns { p[row + end - 1] = Cell(code: 0x2026, role: role) }  // …
        }
        return columns
    }

    /// Each row as text, wide graphemes once, trailing spaces kept: what a test compares with golden lines.
    public func lines() -> [String] {
        (0..<height).map { y in
            var line = ""
            for x in 0..<width where !cells[y * width + x].isContinuation { line += cells[y * width + x].text }
            return line
        }
    }

    /// Each row as one character per cell naming its role (see `Role.code`): the colour dump of a golden.
    public func roleLines() -> [String] {
        (0..<height).map { y in String((0..<width).map { cells[y * width + $0].role.code }) }
    }
}

extension Buffer {
    /// Copies the rows of `source` from `sourceY` into `target`, cell for cell.
    public mutating func blit(_ source: Buffer, sourceY: Int, into target: Rect) {
        for row in 0..<target.height {
            let sy = sourceY + row
            guard sy >= 0, sy < source.height else { continue }
            for col in 0..<min(target.width, source.width) {
                let x = target.x + col, y = target.y + row
                guard x >= 0, y >= 0, x < width, y < height else { continue }
                cells[y * width + x] = source.cells[sy * source.width + col]
            }
        }
    }
}
