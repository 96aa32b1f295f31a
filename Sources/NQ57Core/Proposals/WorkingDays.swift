/// Working days in Vietnam: Monday to Friday, less the public holidays, plus the Saturdays worked in
/// exchange for a bridged day. The days come from a data file (the store's
/// `Reference/vn-public-holidays.csv`), never from code: each year's schedule is announced late.
public struct WorkingCalendar: Sendable, Hashable {
    /// Weekdays that are days off (holidays and bridged days).
    public let daysOff: Set<CivilDate>
    /// Weekend days that are working days (make-up Saturdays).
    public let workedWeekends: Set<CivilDate>

    public init(daysOff: Set<CivilDate> = [], workedWeekends: Set<CivilDate> = []) {
        self.daysOff = daysOff
        self.workedWeekends = workedWeekends
    }

    /// Weekends only: no holidays known.
    public static let weekendsOnly = WorkingCalendar()

    /// 0 Monday … 6 Sunday (1970-01-01 was a Thursday).
    public static func weekday(_ d: CivilDate) -> Int {
        ((d.daysSinceEpoch % 7) + 7 + 3) % 7
    }

    public func isWorkingDay(_ d: CivilDate) -> Bool {
        if workedWeekends.contains(d) { return true }
        if Self.weekday(d) >= 5 { return false }
        return !daysOff.contains(d)
    }

    /// The `n`th working day after `start` (`start` itself not counted; n = 0 is `start`).
    public func adding(workingDays n: Int, to start: CivilDate) -> CivilDate {
        var d = start
        var left = max(0, n)
        while left > 0 {
            d = d.adding(days: 1)
            if isWorkingDay(d) { left -= 1 }
        }
        return d
    }

    /// Working days after `start` up to and including `end` (0 when `end` <= `start`).
    public func workingDays(after start: CivilDate, through end: CivilDate) -> Int {
        guard start < end else { return 0 }
        var n = 0
        var d = start.adding(days: 1)
        while d <= end {
            if isWorkingDay(d) { n += 1 }
            d = d.adding(days: 1)
        }
        return n
    }

    /// One row of the holidays file: `day,kind,name_vi,name_en,source,verified` with kind `off`
    /// (a weekday off) or `work` (a weekend day worked).
    public struct Entry: Sendable, Hashable {
        public var day: CivilDate
        public var isOff: Bool
        public var nameVI: String
        public var nameEN: String
        public var source: String
        /// `yes` when checked against the official text; anything else (`recalled-verify`) still needs it.
        public var verified: String
        /// Shown with a mark wherever the holidays are listed (`nq57 proposal holidays`).
        public var needsVerification: Bool { verified != "yes" }

        public init(day: CivilDate, isOff: Bool, nameVI: String, nameEN: String, source: String, verified: String) {
            (self.day, self.isOff, self.nameVI, self.nameEN, self.source, self.verified) = (day, isOff, nameVI, nameEN, source, verified)
        }
    }

    /// Parses the holidays file; throws on the first bad line, naming it.
    public static func parse(csv bytes: [UInt8]) throws -> [Entry] {
        var reader = CSVReader(bytes: Array(bytes.dropFirst(ByteOrderMark.length(bytes))))
        let header = ["day", "kind", "name_vi", "name_en", "source", "verified"]
        guard let first = try reader.read(), first.fields == header else {
            throw CalendarError(message: "holidays file line 1: the header must be \(header.joined(separator: ","))")
        }
        var out: [Entry] = []
        while let r = try reader.read() {
            if r.fields == [""] { continue }
            let f = r.fields
            guard r.problem == nil, f.count == 6, let day = CivilDate(f[0]), f[1] == "off" || f[1] == "work" else {
                throw CalendarError(message: "holidays file line \(r.line): expected a day YYYY-MM-DD, off or work, and four more fields")
            }
            let weekend = WorkingCalendar.weekday(day) >= 5
            if (f[1] == "off") == weekend {
                throw CalendarError(message: "holidays file line \(r.line): \(day) is a \(weekend ? "weekend day: only work" : "weekday: only off") makes sense")
            }
            out.append(Entry(day: day, isOff: f[1] == "off", nameVI: f[2], nameEN: f[3], source: f[4], verified: f[5]))
        }
        return out
    }

    public init(entries: [Entry]) {
        self.init(daysOff: Set(entries.filter(\.isOff).map(\.day)), workedWeekends: Set(entries.filter { !$0.isOff }.map(\.day)))
    }

    public struct CalendarError: Error, CustomStringConvertible, Sendable {
        public let message: String
        public var description: String { message }
    }
}

/// How many working days a body has to answer, per kind of proposal.
///
/// **The rule**: the deadline counts working days from the Vietnam day of **receipt** (not of
/// assignment: the submitter's wait starts when they send it, and a slow assignment must not move the
/// deadline). The day of receipt is not counted; the deadline is the Nth working day after it; an
/// answer made on that day is on time, and an unanswered proposal is overdue from the next day.
///
/// Regulation 03-QC/BCĐTW's figures were not found in public text: the shipped figures are defaults,
/// marked `official = false`, until an official figure is entered (`proposal_deadline_rules`).
public struct DeadlineRule: Sendable, Hashable {
    public var kind: ProposalKind
    public var workingDays: Int
    public var official: Bool
    public var source: String

    public init(kind: ProposalKind, workingDays: Int, official: Bool, source: String) {
        self.kind = kind
        self.workingDays = workingDays
        self.official = official
        self.source = source
    }

    public static let notOfficialSource = "default, NOT OFFICIAL: Regulation 03-QC/BCĐTW's deadlines were not found in public text; enter the official figure"

    /// 15 working days for a barrier, 30 for an initiative: not official.
    public static let defaults: [DeadlineRule] = [
        DeadlineRule(kind: .barrier, workingDays: 15, official: false, source: notOfficialSource),
        DeadlineRule(kind: .initiative, workingDays: 30, official: false, source: notOfficialSource),
    ]

    /// The last day an answer is on time for a proposal received at `receivedAt`.
    public static func dueOn(receivedAt: Timestamp, workingDays: Int, calendar: WorkingCalendar) -> CivilDate {
        calendar.adding(workingDays: workingDays, to: receivedAt.vietnamDate)
    }

    /// The same for a proposal of `kind`: its kind's rule in `rules`, else the default (every kind has one).
    public static func dueOn(kind: ProposalKind, receivedAt: Timestamp, rules: [ProposalKind: DeadlineRule], calendar: WorkingCalendar) -> CivilDate {
        let days = rules[kind]?.workingDays ?? defaults.first { $0.kind == kind }!.workingDays
        return dueOn(receivedAt: receivedAt, workingDays: days, calendar: calendar)
    }
}
