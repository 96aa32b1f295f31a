import NQ57Core

/// Numbers, percentages and dates in a language's own format: vi `73.000` and `95,1%`, en `73,000` and `95.1%`.
public struct NumberFormat: Sendable {
    public let language: Language

    public init(_ language: Language) { self.language = language }

    var grouping: Character { language == .vi ? "." : "," }
    var decimal: Character { language == .vi ? "," : "." }

    /// A whole number with thousands grouped.
    ///
    /// Written digit by digit into the string's own bytes (a dashboard formats a few hundred counts a
    /// frame): the same text as grouping `String(n.magnitude)`'s digits, without the intermediate strings.
    public func integer(_ n: Int) -> String {
        let separator = UInt8(ascii: language == .vi ? "." : ",")
        var digits = 1
        var rest = n.magnitude
        while rest >= 10 {
            rest /= 10
            digits += 1
        }
        let length = digits + (digits - 1) / 3 + (n < 0 ? 1 : 0)
        return String(unsafeUninitializedCapacity: length) { bytes in
            var m = n.magnitude
            var i = length - 1
            var written = 0
            repeat {
                if written > 0, written % 3 == 0 {
                    bytes[i] = separator
                    i -= 1
                }
                bytes[i] = UInt8(ascii: "0") + UInt8(m % 10)
                m /= 10
                written += 1
                i -= 1
            } while m > 0
            if n < 0 { bytes[0] = UInt8(ascii: "-") }
            return length
        }
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
