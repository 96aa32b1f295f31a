import NQ57Core

/// One terminal cell: a grapheme (with its combining marks) and the role that colours it.
public struct Cell: Hashable, Sendable {
    /// The grapheme drawn here; empty for the right half of a wide grapheme.
    public var text: String
    public var role: Role

    public init(_ text: String = " ", role: Role = .text) {
        self.text = text
        self.role = role
    }

    public static let blank = Cell()

    /// True for the cell a wide grapheme to its left covers.
    public var isContinuation: Bool { text.isEmpty }
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
        if cells[i].isContinuation, x > 0 { cells[i - 1] = Cell(" ", role: cells[i - 1].role) }
        if x + 1 < width, cells[i + 1].isContinuation, !cells[i].isContinuation {
            cells[i + 1] = Cell(" ", role: cells[i + 1].role)
        }
        cells[i] = cell
    }

    /// Fills a rectangle with one cell.
    public mutating func fill(_ rect: Rect, _ cell: Cell = .blank) {
        for y in max(0, rect.y)..<min(height, rect.maxY) {
            for x in max(0, rect.x)..<min(width, rect.maxX) { set(x, y, cell) }
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
    mutating func putGlyph(_ glyph: String, x: Int, y: Int, role: Role) {
        set(x, y, Cell(glyph, role: role))
    }

    /// Draws text from (x, y) in at most `maxWidth` columns (to the buffer's edge when nil), cut with
    /// `…` when it does not fit. The text passes `Text.clean` first. Returns the columns used.
    @discardableResult
    public mutating func put(_ s: String, x: Int, y: Int, maxWidth: Int? = nil, role: Role = .text) -> Int {
        guard y >= 0, y < height, x < width else { return 0 }
        let limit = min(maxWidth ?? (width - x), width - x)
        guard limit > 0 else { return 0 }
        var cx = x
        let fitted = Text.fit(s, limit)
        // Each scalar a one-column grapheme of its own (what a dashboard mostly draws): a cell per
        // scalar, without walking graphemes.
        if Text.plainNarrowCount(fitted) != nil {
            for scalar in fitted.unicodeScalars {
                if cx >= 0 { set(cx, y, Cell(String(Character(scalar)), role: role)) }
                cx += 1
            }
            return cx - x
        }
        for g in fitted {
            let w = Text.width(of: g)
            if w == 0 { continue }
            let glyph = Text.isMark(g.unicodeScalars.first!) ? String(Character(Text.markBase)) + String(g) : String(g)
            if cx >= 0 {
                set(cx, y, Cell(glyph, role: role))
                if w == 2 { set(cx + 1, y, Cell("", role: role)) }
            }
            cx += w
        }
        return cx - x
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
