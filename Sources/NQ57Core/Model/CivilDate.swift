/// A calendar day with no time zone, written `YYYY-MM-DD`: deadlines, as-of dates, figures' dates.
public struct CivilDate: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Creates a date, or nil when the day does not exist (2025-02-30).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              day >= 1, day <= CivilDate.daysIn(month: month, year: year) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses exactly `YYYY-MM-DD`.
    public init?(_ text: some StringProtocol) {
        let u = Array(text.utf8)
        guard u.count == 10, u[4] == UInt8(ascii: "-"), u[7] == UInt8(ascii: "-"),
              let y = Digits.value(u[0..<4]), let m = Digits.value(u[5..<7]), let d = Digits.value(u[8..<10])
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// Days since 1970-01-01 (negative before).
    public init(daysSinceEpoch n: Int) {
        // Howard Hinnant's civil_from_days.
        let z = n + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        month = m
        day = d
    }

    public var daysSinceEpoch: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public func adding(days: Int) -> CivilDate { CivilDate(daysSinceEpoch: daysSinceEpoch + days) }

    /// Whole days from `self` to `other` (positive when `other` is later).
    public func days(until other: CivilDate) -> Int { other.daysSinceEpoch - daysSinceEpoch }

    /// The last day of this date's month.
    public var endOfMonth: CivilDate {
        CivilDate(year: year, month: month, day: CivilDate.daysIn(month: month, year: year))!
    }

    public var description: String {
        Digits.pad(year, 4) + "-" + Digits.pad(month, 2) + "-" + Digits.pad(day, 2)
    }

    public static func < (a: CivilDate, b: CivilDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let date = CivilDate(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a YYYY-MM-DD date: \(text)"))
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

/// An instant, to the second, stored and exchanged as UTC ISO 8601 (`2025-07-02T09:30:00Z`).
///
/// Days are counted in Vietnam's time (UTC+7, no daylight saving): a report sent at 23:30 in Hà Nội on
/// the deadline day is on time even though it is already the next day nowhere else.
public struct Timestamp: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// Seconds since 1970-01-01T00:00:00Z.
    public let seconds: Int64

    /// Vietnam's offset from UTC, in seconds.
    public static let vietnamOffset: Int64 = 7 * 3600

    /// Times beyond ±10^13 s (about 300,000 years) are held at that bound: any value read from a file
    /// stays safe to compute with.
    public init(seconds: Int64) { self.seconds = min(max(seconds, -10_000_000_000_000), 10_000_000_000_000) }

    /// Midnight at the start of `date` in Vietnam, plus the given time of day.
    public init(vietnamDate date: CivilDate, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        seconds = Int64(date.daysSinceEpoch) * 86400 + Int64(hour * 3600 + minute * 60 + second) - Timestamp.vietnamOffset
    }

    /// The calendar day this instant falls on in Vietnam.
    public var vietnamDate: CivilDate {
        let local = seconds + Timestamp.vietnamOffset
        return CivilDate(daysSinceEpoch: Int(local >= 0 ? local / 86400 : (local - 86399) / 86400))
    }

    /// `HH:MM:SS` in Vietnam's time.
    public var vietnamClock: String {
        let local = seconds + Timestamp.vietnamOffset
        let s = Int(((local % 86400) + 86400) % 86400)
        return Digits.pad(s / 3600, 2) + ":" + Digits.pad(s / 60 % 60, 2) + ":" + Digits.pad(s % 60, 2)
    }

    /// The instant in Vietnam's time with its offset, as the command line shows it to people:
    /// `2026-12-02T02:49:47+07:00`.
    public var vietnamISO: String { vietnamDate.description + "T" + vietnamClock + "+07:00" }

    /// The canonical stored form, `YYYY-MM-DDTHH:MM:SSZ`.
    public var description: String {
        let day = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400
        let s = Int(seconds - day * 86400)
        return CivilDate(daysSinceEpoch: Int(day)).description + "T"
            + Digits.pad(s / 3600, 2) + ":" + Digits.pad(s / 60 % 60, 2) + ":" + Digits.pad(s % 60, 2) + "Z"
    }

    public static func < (a: Timestamp, b: Timestamp) -> Bool { a.seconds < b.seconds }

    public func adding(seconds delta: Int64) -> Timestamp { Timestamp(seconds: seconds + delta) }

    /// Parses ISO 8601 as officers write it: `YYYY-MM-DD`, optionally `THH:MM[:SS[.fff]]` (`T` or a
    /// space), optionally `Z` or `±HH[:MM]`. Without an offset the time is Vietnam's. A date alone is
    /// midnight in Vietnam. Fractions of a second are dropped.
    public init?(iso text: some StringProtocol) {
        let u = Array(text.utf8)
        guard u.count >= 10, let date = CivilDate(String(decoding: u[0..<10], as: UTF8.self)) else { return nil }
        var i = 10
        var hour = 0, minute = 0, second = 0
        var offset = Timestamp.vietnamOffset
        if i < u.count {
            guard u[i] == UInt8(ascii: "T") || u[i] == UInt8(ascii: " "), u.count >= i + 6,
                  let h = Digits.value(u[(i + 1)..<(i + 3)]), u[i + 3] == UInt8(ascii: ":"),
                  let m = Digits.value(u[(i + 4)..<(i + 6)]), h < 24, m < 60 else { return nil }
            hour = h
            minute = m
            i += 6
            if i < u.count, u[i] == UInt8(ascii: ":") {
                guard u.count >= i + 3, let s = Digits.value(u[(i + 1)..<(i + 3)]), s < 60 else { return nil }
                second = s
                i += 3
                if i < u.count, u[i] == UInt8(ascii: ".") || u[i] == UInt8(ascii: ",") {
                    i += 1
                    let start = i
                    while i < u.count, Digits.isDigit(u[i]) { i += 1 }
                    guard i > start else { return nil }
                }
            }
            if i < u.count {
                if u[i] == UInt8(ascii: "Z") || u[i] == UInt8(ascii: "z") {
                    offset = 0
                    i += 1
                } else if u[i] == UInt8(ascii: "+") || u[i] == UInt8(ascii: "-") {
                    let sign: Int64 = u[i] == UInt8(ascii: "+") ? 1 : -1
                    guard u.count >= i + 3, let oh = Digits.value(u[(i + 1)..<(i + 3)]), oh <= 14 else { return nil }
                    i += 3
                    var om = 0
                    if i < u.count {
                        if u[i] == UInt8(ascii: ":") { i += 1 }
                        guard u.count >= i + 2, let mm = Digits.value(u[i..<(i + 2)]), mm < 60 else { return nil }
                        om = mm
                        i += 2
                    }
                    offset = sign * Int64(oh * 3600 + om * 60)
                } else {
                    return nil
                }
            }
            guard i == u.count else { return nil }
        }
        seconds = Int64(date.daysSinceEpoch) * 86400 + Int64(hour * 3600 + minute * 60 + second) - offset
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let t = Timestamp(iso: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not an ISO 8601 time: \(text)"))
        }
        self = t
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

/// ASCII digit helpers shared by the date parsers and formatters.
enum Digits {
    static func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }

    static func value(_ bytes: ArraySlice<UInt8>) -> Int? {
        var v = 0
        for b in bytes {
            guard isDigit(b) else { return nil }
            v = v * 10 + Int(b - 48)
        }
        return bytes.isEmpty ? nil : v
    }

    static func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}
