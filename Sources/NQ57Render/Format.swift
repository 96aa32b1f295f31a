import NQ57Core

/// Numbers, percentages and dates in a language's own format: vi `73.000` and `95,1%`, en `73,000` and `95.1%`.
public struct NumberFormat: Sendable {
    public let language: Language

    public init(_ language: Language) { self.language = language }

    var grouping: Character { language == .vi ? "." : "," }
    var decimal: Character { language == .vi ? "," : "." }

    /// A whole number with thousands grouped.
    public func integer(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(grouping) }
            out.append(c)
        }
        return n < 0 ? "-" + out : out
    }

    /// A figure: whole numbers grouped, others with up to two decimals.
    public func value(_ v: Double) -> String {
        if v.rounded() == v, abs(v) < 1e15 { return integer(Int(v)) }
        guard abs(v) < 1e15 else { return v.isFinite ? "\(v)" : "?" }  // beyond Int's range below: drawn as Swift writes it
        let scaled = Int((abs(v) * 100).rounded())
        var frac = String(scaled % 100)
        if frac.count == 1 { frac = "0" + frac }
        while frac.hasSuffix("0") { frac.removeLast() }
        return (v < 0 ? "-" : "") + integer(scaled / 100) + (frac.isEmpty ? "" : String(decimal) + frac)
    }

    /// A signed change: `+2.000`, `-5`, `±0`.
    public func change(_ v: Double) -> String {
        if v == 0 { return "±0" }
        return (v > 0 ? "+" : "") + value(v)
    }

    /// A share 0...1 as a whole percentage rounded half up (2/3 is `67%`); never `100%` unless the
    /// share is whole nor `0%` unless it is nothing; `—` when there is nothing to share.
    public func percent(_ share: Double, of total: Int) -> String {
        guard total > 0 else { return "—" }
        return Self.wholePercent(share)
    }

    /// The rule of `percent(_:of:)` for a share known to have a whole: half up, `100%` only when
    /// whole, `0%` only when nothing; `—` for a share that is not a number.
    public static func wholePercent(_ share: Double) -> String {
        guard share.isFinite else { return "—" }
        let clamped = min(max(share, 0), 1)
        var n = Int((clamped * 100 + 0.5).rounded(.down))
        if n >= 100, clamped < 1 { n = 99 }
        if n <= 0, clamped > 0 { n = 1 }
        return String(n) + "%"
    }

    /// A calendar day: vi `29/11/2026`, en `2026-11-29`.
    public func date(_ d: CivilDate) -> String {
        language == .vi ? "\(pad2(d.day))/\(pad2(d.month))/\(d.year)" : d.description
    }

    /// An instant in Vietnam's time to the minute.
    public func time(_ t: Timestamp) -> String { date(t.vietnamDate) + " " + String(t.vietnamClock.prefix(5)) }

    private func pad2(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
}
