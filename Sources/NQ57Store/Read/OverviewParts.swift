import GRDB
import NQ57Core

/// The overview's parts that read only rarely written tables (the proposals, the catalogue, the
/// holidays, `meta`), kept by a store between refreshes with the change counters (v21,
/// `change_counts`) and the as-of day they were read at. A live dashboard refreshes because something
/// changed, nearly always reports: those parts are read again only when a counter of their topics or
/// the day moved. The report and task parts have no counter and are always read.
///
/// The counters are read in the same read transaction as the parts, so a part and its stamp describe
/// the same committed state, and a part whose stamp equals this read's counters is what reading it
/// again would give. That holds while the counting triggers are all in place: on every change of
/// `PRAGMA schema_version` (any trigger dropped or added) they are compared with the schema's own, and
/// when one is missing or altered, or another trigger sits on `change_counts`, nothing is kept and
/// every part is read every time, until the schema is whole again. A new store (`FollowingStore`
/// opens one when the file is replaced) starts empty.
///
/// What stays possible, and is not guarded: a program that turns triggers off on its own connection
/// (`SQLITE_DBCONFIG_ENABLE_TRIGGER`), or sets `PRAGMA schema_version` by hand after dropping a trigger
/// (which SQLite documents as corrupting), or copies over the open file a fork of it that made other
/// changes and reached the same counters: a store then shows the stale part until the next change of
/// its topic or the next store (a restart). Such a program also leaves the maintained counts wrong or
/// the file inconsistent for every reader; nothing is lost or refused, and `nq57 check` is unaffected.
struct OverviewParts {
    enum Part: Hashable, CaseIterable {
        case techGroups, provinceUnits, isDemo, metrics, returnedDays, proposalWarnings, proposalMoves, proposals

        /// The topics whose tables the part reads (ChangeCountsTests checks every table its statements
        /// open is one of them).
        var topics: [ChangeTopic] {
            switch self {
            case .techGroups: [.techGroups]
            case .provinceUnits: [.units]
            case .isDemo, .returnedDays: [.meta]
            case .metrics: [.metrics]
            case .proposalWarnings: [.proposals, .units, .holidays]
            case .proposalMoves, .proposals: [.proposals, .units]
            }
        }
    }

    /// The part being read, if any (for tests tracing the statements of each part).
    final class Probe: @unchecked Sendable {
        var reading: Part?
    }

    /// What a part was read at: its topics' counters, the as-of day and the list limit it depends on.
    struct Stamp: Equatable {
        var counts: [Int64]
        var day: CivilDate?
        var limit: Int
    }

    private var entries: [Part: (stamp: Stamp, value: Any)] = [:]
    let probe = Probe()
    /// The `schema_version` at which the triggers were last compared, and whether they were whole.
    private var checkedSchema: Int64?
    private var triggersWhole = false
    /// This read's counters; nil when nothing may be kept.
    private var counters: [ChangeTopic: Int64]?
    /// How many times a part was read to be kept (for tests: a part kept is not read).
    private(set) var keptReads = 0

    /// Drops every part kept: the next overview reads them all.
    mutating func forget() { entries.removeAll() }

    /// Reads the counters at the start of an overview's read transaction.
    mutating func begin(_ db: Database) throws {
        let version = try Row.fetchOne(db.cachedStatement(sql: "PRAGMA schema_version"))?.int64(0) ?? 0
        if version != checkedSchema {
            triggersWhole = try Self.triggersAreWhole(db)
            checkedSchema = version
            if !triggersWhole { entries.removeAll() }
        }
        guard triggersWhole else {
            counters = nil
            return
        }
        var read: [ChangeTopic: Int64] = [:]
        let rows = try Row.fetchCursor(db.cachedStatement(sql: "SELECT topic, n FROM change_counts"))
        while let r = try rows.next() {
            if let topic = ChangeTopic(rawValue: r.text(0)) { read[topic] = r.int64(1) }
        }
        counters = read
    }

    /// The part kept when its topics' counters (`Part.topics`), `day` and `limit` are those it was read at; else
    /// `read()`, kept for the next refresh (when the counters could be read).
    mutating func part<T>(_ part: Part, day: CivilDate? = nil, limit: Int = 0, _ read: () throws -> T) throws -> T {
        probe.reading = part
        defer { probe.reading = nil }
        let topics = part.topics
        let counts = topics.compactMap { counters?[$0] }
        guard counts.count == topics.count else {
            entries[part] = nil
            return try read()
        }
        let stamp = Stamp(counts: counts, day: day, limit: limit)
        if let kept = entries[part], kept.stamp == stamp, let value = kept.value as? T { return value }
        let value = try read()
        entries[part] = (stamp, value)
        keptReads += 1
        return value
    }

    /// Whether the counting triggers and the guards are exactly the schema's, and nothing else
    /// triggers on `change_counts` (a `RAISE(IGNORE)` there would hold a counter still).
    static func triggersAreWhole(_ db: Database) throws -> Bool {
        var expected: [String: String] = [:]
        for t in Schema.changeCountTriggers + Schema.changeCountGuards { expected[t.name] = t.sql }
        var found: [String: String] = [:]
        let rows = try Row.fetchCursor(db.cachedStatement(sql: """
            SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND (name GLOB 'change_*' OR tbl_name = 'change_counts')
            """))
        while let r = try rows.next() { found[r.text(0)] = r.optionalText(1) ?? "" }
        return found == expected
    }
}

extension EarlyWarnings {
    /// The proposals' warnings of `other` (what `FeedReading.addProposalWarnings` sets), into these.
    mutating func takeProposalWarnings(of other: EarlyWarnings) {
        proposalsOverdue = other.proposalsOverdue
        proposalsOverdueCount = other.proposalsOverdueCount
        proposalsDueSoon = other.proposalsDueSoon
        proposalsDueSoonCount = other.proposalsDueSoonCount
        proposalsDueThrough = other.proposalsDueThrough
    }
}
