@testable import NQ57Render
import NQ57Core
import Testing

/// Issue 14 (render): the counts and bars a frame draws by the hundred are made without
/// intermediate strings and sorts. They must give exactly what the plain definitions give.
@Suite struct FormatFastPathTests {
    /// Grouping the digits of `String(n.magnitude)`: the definition the fast `integer` replaced.
    static func groupedDigits(_ n: Int, _ separator: Character) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(separator) }
            out.append(c)
        }
        return n < 0 ? "-" + out : out
    }

    @Test func integersAreGroupedAsTheirDigitsAre() {
        var samples = [0, 1, 9, 10, 99, 100, 999, 1_000, 1_001, 9_999, 10_000, 99_999, 100_000, 999_999, 1_000_000,
                       73_000, 4_944_342, 48_900_000, Int.max, Int.min, Int.min + 1]
        var n = 1
        while n < Int.max / 7 {
            samples += [n, n - 1, n + 1, -n, -n + 1]
            n *= 7
        }
        for n in samples {
            #expect(NumberFormat(.vi).integer(n) == Self.groupedDigits(n, "."), "\(n)")
            #expect(NumberFormat(.en).integer(n) == Self.groupedDigits(n, ","), "\(n)")
        }
        #expect(NumberFormat(.vi).integer(-1_234_567) == "-1.234.567")
        #expect(NumberFormat(.en).integer(1_234_567) == "1,234,567")
    }

    /// The bar as it was first written: largest remainders first (a stable sort), then a cell for
    /// every state present taken from the first of the widest.
    static func referenceBar(_ counts: StateCounts, width: Int) -> [Span] {
        guard width > 0 else { return [] }
        guard counts.total > 0 else { return [Span(String(repeating: "·", count: width), .barEmpty)] }
        let order: [DerivedState] = [.doneOnTime, .doneLate, .openOnTime, .overdue]
        var cells = order.map { counts[$0] * width / counts.total }
        var left = width - cells.reduce(0, +)
        let byRemainder = order.indices.sorted { (counts[order[$0]] * width) % counts.total > (counts[order[$1]] * width) % counts.total }
        for i in byRemainder where left > 0 {
            cells[i] += 1
            left -= 1
        }
        for i in order.indices where counts[order[i]] > 0 && cells[i] == 0 {
            if let donor = cells.indices.max(by: { cells[$0] < cells[$1] }), cells[donor] > 1 {
                cells[donor] -= 1
                cells[i] = 1
            }
        }
        return order.indices.compactMap { i in
            cells[i] > 0 ? Span(String(repeating: StateBar.glyphs[order[i]]!, count: cells[i]), StateBar.role(for: order[i])) : nil
        }
    }

    @Test(arguments: [0, 1, 2, 3, 4, 5, 7, 10, 16, 17, 40])
    func barsAreCutAsTheLargestRemainderRuleSays(width: Int) {
        let values = [0, 1, 2, 3, 5, 9, 10, 33, 100, 1_001]
        for a in values {
            for b in values {
                for c in values {
                    for d in [0, 1, 7, 250] {
                        let counts = StateCounts(doneOnTime: a, doneLate: b, openOnTime: c, overdue: d)
                        #expect(StateBar.spans(counts, width: width) == Self.referenceBar(counts, width: width), "\(a) \(b) \(c) \(d) in \(width)")
                    }
                }
            }
        }
    }
}
