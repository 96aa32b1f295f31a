/// A rectangle of terminal cells.
public struct Rect: Hashable, Sendable, CustomStringConvertible {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = max(0, width)
        self.height = max(0, height)
    }

    public var maxX: Int { x + width }
    public var maxY: Int { y + height }
    public var isEmpty: Bool { width == 0 || height == 0 }
    public var area: Int { width * height }

    /// The rectangle shrunk by `n` cells on every side.
    public func inset(_ n: Int) -> Rect { Rect(x: x + n, y: y + n, width: width - 2 * n, height: height - 2 * n) }

    /// The top `n` rows, and the rest.
    public func splitTop(_ n: Int) -> (Rect, Rect) {
        let h = min(max(0, n), height)
        return (Rect(x: x, y: y, width: width, height: h), Rect(x: x, y: y + h, width: width, height: height - h))
    }

    /// The bottom `n` rows, and the rest above them.
    public func splitBottom(_ n: Int) -> (Rect, Rect) {
        let h = min(max(0, n), height)
        return (Rect(x: x, y: maxY - h, width: width, height: h), Rect(x: x, y: y, width: width, height: height - h))
    }

    /// `count` columns side by side, as equal as whole cells allow, the wider ones first.
    public func columns(_ count: Int) -> [Rect] {
        guard count > 0 else { return [] }
        let base = width / count, extra = width % count
        var out: [Rect] = []
        var cx = x
        for i in 0..<count {
            let w = base + (i < extra ? 1 : 0)
            out.append(Rect(x: cx, y: y, width: w, height: height))
            cx += w
        }
        return out
    }

    /// Rows of the given heights from the top; the last takes what is left when `fillLast`.
    public func rows(_ heights: [Int], fillLast: Bool = true) -> [Rect] {
        var out: [Rect] = []
        var cy = y
        for (i, h) in heights.enumerated() {
            let hh = (fillLast && i == heights.count - 1) ? maxY - cy : min(h, maxY - cy)
            out.append(Rect(x: x, y: cy, width: width, height: max(0, hh)))
            cy += max(0, hh)
        }
        return out
    }

    public var description: String { "\(width)x\(height)+\(x)+\(y)" }
}
