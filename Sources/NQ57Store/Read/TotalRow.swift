import Foundation
import GRDB

/// Total decoding of stored values: whatever another writer put into a column (text in a number
/// column, a BLOB of bad bytes, a number beyond any range), reading it never traps.
///
/// GRDB's `row[i] as Int` is a `try!` inside: it stops the process when the stored value does not
/// convert ("could not decode Int from database value \"abc\""). Readers use these instead: text is
/// any value shown as text (bad UTF-8 repaired with U+FFFD), a number is any value as a number (text
/// that is not a number is 0, a real beyond Int64 is clamped), and `in:` clamps to a range.
extension Row {
    /// The stored value, as it is (never traps).
    func stored(_ i: Int) -> DatabaseValue { self[i] }

    func text(_ i: Int) -> String { Self.text(stored(i)) }

    /// The value once read: a column is decoded once (on a cursor's row, each read of a column makes
    /// its value again from the statement, text copied).
    func optionalText(_ i: Int) -> String? {
        let v = stored(i)
        return v.isNull ? nil : Self.text(v)
    }

    func int64(_ i: Int) -> Int64 { Self.int64(stored(i)) }

    func int64(_ i: Int, in range: ClosedRange<Int64>) -> Int64 { Self.int64(stored(i), in: range) }

    func optionalInt64(_ i: Int) -> Int64? {
        let v = stored(i)
        return v.isNull ? nil : Self.int64(v)
    }

    func int(_ i: Int) -> Int { Int(int64(i)) }

    func int(_ i: Int, in range: ClosedRange<Int>) -> Int {
        Int(int64(i, in: Int64(range.lowerBound) ... Int64(range.upperBound)))
    }

    func optionalInt(_ i: Int) -> Int? {
        let v = stored(i)
        return v.isNull ? nil : Int(Self.int64(v))
    }

    static func text(_ v: DatabaseValue) -> String {
        switch v.storage {
        case .string(let s): s
        case .blob(let d): String(decoding: d, as: UTF8.self)
        case .int64(let n): String(n)
        case .double(let d): String(d)
        case .null: ""
        }
    }

    static func int64(_ v: DatabaseValue, in range: ClosedRange<Int64> = .min ... .max) -> Int64 {
        let n: Int64 = switch v.storage {
        case .int64(let n): n
        case .double(let d): clamped(d)
        case .string(let s): Int64(s) ?? Double(s).map(clamped) ?? 0
        case .blob, .null: 0
        }
        return Swift.min(Swift.max(n, range.lowerBound), range.upperBound)
    }

    /// A count as the dashboard may add it up: 0 to 10^12 (more tasks than could ever exist, and far
    /// below the sums that would overflow).
    func count(_ i: Int) -> Int { int(i, in: 0 ... Self.maxCount) }

    static let maxCount = 1_000_000_000_000

    func double(_ i: Int) -> Double {
        switch stored(i).storage {
        case .int64(let n): Double(n)
        case .double(let d): d
        case .string(let s): Double(s) ?? 0
        case .blob, .null: 0
        }
    }

    static func clamped(_ d: Double) -> Int64 {
        if d.isNaN { return 0 }
        if d >= 9.2e18 { return .max }
        if d <= -9.2e18 { return .min }
        return Int64(d)
    }
}
