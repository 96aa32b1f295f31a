import Foundation
import GRDB
import NQ57Core

/// How much demo data `generateDemo` makes. Every scale gives every unit tasks.
public enum DemoScale: String, CaseIterable, Sendable, Hashable {
    /// A few tasks per unit (about 6,900 tasks, 200,000 reports): seconds; what the tests use.
    case small
    /// About 100,000 tasks and 5 million reports.
    case national
    /// About 1 million tasks and 50 million reports.
    case stress

    /// Tasks per central body, province and commune, before a ±30% spread per unit.
    var tasksPerUnit: (central: Int, province: Int, commune: Int) {
        switch self {
        case .small: (6, 4, 2)
        case .national: (350, 600, 22)
        case .stress: (3500, 6000, 220)
        }
    }
}

/// What `generateDemo` made.
public struct DemoSummary: Hashable, Sendable {
    public var scale: DemoScale
    public var seed: UInt64
    public var asOf: CivilDate
    public var tasks: Int
    public var reports: Int
    /// The provinces made to lag behind, by code.
    public var provincesBehind: [String]
}

extension SQLiteStore {
    /// Makes a deterministic demo data set (same seed, as-of date and `now` ⇒ identical data), replacing
    /// earlier demo data, creating and initialising the database when needed.
    ///
    /// Tasks for every unit (central bodies, provinces, communes) with Vietnamese titles drawn from Plan
    /// 02-KH/BCĐTW's eight task groups and the technology groups of the catalogue; plans `NQ57`, `KH01`,
    /// `KH02-KH/BCĐTW`; areas 1–6; deadlines at mid-month, month and quarter ends of 2025–2026; a weekly
    /// report history (with occasional mid-week updates) up to the end of `asOf`, and never after `now`
    /// (default: the wall clock): on today's date the history stops at the current time, so no report
    /// is in the future and every exported report passes the import's "not ahead of the clock" check.
    /// A `now` at or after the end of `asOf` does not change the data. About 95% of the tasks
    /// due in 2025 are done by the year's end, a few provinces lag clearly, some tasks finish late and a
    /// few are reopened after an inspection. The data is marked (meta key `demo`, `tasks.demo = 1`).
    ///
    /// Refuses (`.badData`, nothing changed, naming how many) when the database holds real tasks or real
    /// reports: any report made after the demo data (`nq57 report`, an import, a `sqlite3` shell), even
    /// on a demo task, is real and never silently replaced. Runs in one transaction with the triggers and secondary indexes dropped, then
    /// rebuilds state, indexes and counts set-based. `progress` receives a line now and then.
    @discardableResult
    public func generateDemo(scale: DemoScale, seed: UInt64, asOf: CivilDate,
                             now: Timestamp = Timestamp(seconds: Int64(Date().timeIntervalSince1970)),
                             progress: ((String) -> Void)? = nil) throws -> DemoSummary {
        try initialize()
        // Foreign keys off for this one transaction (the pragma only takes effect outside one): the
        // generator makes every report for a task it has just inserted, and a parent lookup for each of
        // millions of reports would cost a third of the load.
        let summary = try write(foreignKeys: false) { db in
            var generator = DemoGenerator(db: db, path: path, scale: scale, seed: seed, asOf: asOf, now: now,
                                              progress: progress)
            return try generator.run()
        }
        // Fold the large WAL back into the file; dashboards reading now only delay this.
        _ = try? run { try queue.writeWithoutTransaction { try $0.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") } }
        return summary
    }
}

/// The demo simulation: plans every task, then plays its weekly reports day by day so that report ids
/// follow time, as arrivals would.
struct DemoGenerator {
    let db: Database
    /// The database file, for messages.
    let path: String
    let scale: DemoScale
    let seed: UInt64
    let asOf: CivilDate
    /// No report is dated after this.
    let now: Timestamp
    let progress: ((String) -> Void)?

    /// The key of the `i`th task planned (`tasks.key`).
    static func key(_ i: Int) -> Int { i + 1 }

    /// Reporting starts on the first Monday after Resolution 57 (2025-01-06).
    static let firstDay = CivilDate(year: 2025, month: 1, day: 6)!
    static let never = Int32.max
    /// A simulated status (`Sim.status`, `Pending.status`) by name; 0 is a task with no report yet.
    static let statusNames = ["", "not_started", "in_progress", "done"]

    struct Unit {
        var code: String
        var level: Int
        var behind: Bool
    }

    /// One task's plan and, as the simulation runs, its state.
    struct Sim {
        var unit: Int32
        var start: Int32
        var deadline: Int32
        var done: Int32
        var reopen: Int32 = DemoGenerator.never
        var redone: Int32 = DemoGenerator.never
        var rng: SplitMix64
        /// 0 working, 1 done and waiting to be reopened, 2 reopened, 3 finished.
        var phase: UInt8 = 0
        var interim = false
        /// 0 none yet, 1 not started, 2 in progress, 3 done.
        var status: UInt8 = 0
        var progress: UInt8 = 0
        var reportedAt: Int64 = 0
        var completedOn: Int32 = -1
    }

    struct Pending {
        var at: Int64
        var task: Int32
        var status: UInt8
        var progress: UInt8
        var note: String
    }

    var units: [Unit] = []
    var sims: [Sim] = []
    var ids: [String] = []

    mutating func run() throws -> DemoSummary {
        try refuseRealData()
        return try PageCache.with(db, kib: 262_144) { try generate() }
    }

    private mutating func generate() throws -> DemoSummary {
        progress?("clearing earlier demo data")
        // The indexes and triggers as this file defines them (a later migration may change them), dropped
        // for the load and recreated from their own SQL.
        let saved = try SavedDefinitions.read(db, indexesOn: ["report_log", "tasks"],
                                              triggers: (Schema.bulk + Schema.guards + Schema.inspectionTriggers).map(\.name))
        try saved.dropTriggers(db)
        try db.execute(sql: "DELETE FROM inspection_log; DELETE FROM inspection_counts; DELETE FROM meta WHERE key = 'demo_inspections'")
        try saved.dropIndexes(db)
        try db.execute(sql: """
            DELETE FROM report_log; DELETE FROM tasks; DELETE FROM state_counts; DELETE FROM open_by_deadline;
            DELETE FROM meta WHERE key = 'demo' OR key = 'demo_reports';
            """)

        var master = SplitMix64(seed: seed)
        let behind = try plan(&master)
        progress?("tasks: \(sims.count)")
        try insertTasks(&master)
        let reports = try simulate()
        progress?("reports: \(reports); updating task states")
        try storeStates()
        progress?("building indexes")
        try db.execute(sql: "PRAGMA threads = 2")
        try saved.createIndexes(db)
        try db.execute(sql: "PRAGMA threads = 0")
        progress?("counting")
        try Maintenance.rebuildCounts(db)
        // The inspection triggers come back before the demo's inspections, which they keep counted.
        let inspectionTriggers = Set(Schema.inspectionTriggers.map(\.name))
        try saved.createTriggers(db, where: { !inspectionTriggers.contains($0) })
        progress?("proposals")
        let proposals = try ProposalDemo.generate(db, scale: scale, seed: seed, asOf: asOf, now: now)  // not inside progress?(…): skipped when nil
        progress?("proposals: \(proposals)")
        let connection = db
        try demoInspections(behind: Set(behind)) { try saved.createTriggers(connection, where: inspectionTriggers.contains) }
        try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('demo', ?)", arguments: [
            "scale=\(scale.rawValue) seed=\(seed) as_of=\(asOf) behind=\(behind.joined(separator: ","))",
        ])
        try db.execute(sql: """
            INSERT INTO meta (key, value) VALUES ('demo_reports', (SELECT ifnull(max(id), 0) FROM report_log))
            ON CONFLICT (key) DO UPDATE SET value = excluded.value
            """)
        return DemoSummary(scale: scale, seed: seed, asOf: asOf, tasks: sims.count, reports: reports, provincesBehind: behind)
    }

    /// Refuses, before changing anything, a database that holds anything `nq57 demo` did not make:
    /// real tasks, and real reports (any report after the demo's last one, `meta.demo_reports`, even
    /// on a demo task: an officer's report typed into a demo database is still theirs).
    func refuseRealData() throws {
        let through = try Int64.fetchOne(db, sql: "SELECT \(Schema.demoReportsThrough)") ?? 0
        let realTasks = try Int.fetchOne(db, sql: "SELECT count(*) FROM tasks WHERE demo = 0") ?? 0
        // Reports after the demo's, plus earlier ones on real tasks (found from the tasks, by index).
        let realReports = try Int.fetchOne(db, sql: """
            SELECT (SELECT count(*) FROM report_log WHERE id > :through)
                 + (SELECT count(*) FROM tasks t JOIN report_log r ON r.task_key = t.key WHERE t.demo = 0 AND r.id <= :through)
            """, arguments: ["through": through]) ?? 0
        let realInspections = try Int.fetchOne(db, sql: "SELECT count(*) FROM inspection_log WHERE id > \(Schema.demoInspectionsThrough)") ?? 0
        guard realTasks > 0 || realReports > 0 || realInspections > 0 else { return }
        func count(_ n: Int, _ noun: String) -> String? {
            n == 0 ? nil : "\(n) real \(noun)\(n == 1 ? "" : "s")"
        }
        let what = [count(realTasks, "task"), count(realReports, "report"), count(realInspections, "inspection")].compactMap { $0 }.joined(separator: " and ")
        throw StoreError.demoRefused(path: path, holds: what).error
    }

    // MARK: - Planning

    /// Plans every task; returns the codes of the provinces that lag.
    mutating func plan(_ master: inout SplitMix64) throws -> [String] {
        let rows = try Row.fetchAll(db, sql: "SELECT code, level, province_code FROM units ORDER BY position")
        var provinces = rows.filter { $0.text(1) == "province" }.map { $0.text(0) }
        // Four provinces (a fixed share of the 34) lag clearly.
        var behind: [String] = []
        for _ in 0..<min(4, provinces.count) {
            behind.append(provinces.remove(at: master.below(provinces.count)))
        }
        behind.sort()
        let lagging = Set(behind)
        for r in rows {
            let level = Level(rawValue: r.text(1)) ?? .commune
            units.append(Unit(code: r.text(0), level: level.rank, behind: r.optionalText(2).map(lagging.contains) ?? false))
        }
        let per = scale.tasksPerUnit
        let first = Int32(Self.firstDay.daysSinceEpoch)
        for (u, unit) in units.enumerated() {
            let base = [per.central, per.province, per.commune][unit.level]
            let n = max(1, Int((Double(base) * (0.7 + 0.6 * master.unit())).rounded()))
            for k in 1...n {
                var rng = SplitMix64(seed: master.next())
                let deadline = Int32(Self.deadline(&rng).daysSinceEpoch)
                let months = Int32(rng.within(3...15))
                var start = deadline - months * 30 + Int32(rng.within(-10...10))
                start = max(start, first + Int32(rng.below(21)))
                start = min(start, deadline - 30)
                let (onTime, late) = unit.behind ? (0.62, 0.25) : (0.91, 0.08)
                let outcome = rng.unit()
                var done = Self.never
                if outcome < onTime {
                    let slack = Int32(rng.below(Int(min(45, (deadline - start) / 3)) + 1))
                    done = max(deadline - slack, start + 14)
                } else if outcome < onTime + late {
                    let x = rng.unit()
                    done = deadline + 1 + Int32(x * x * 150)
                }
                var sim = Sim(unit: Int32(u), start: start, deadline: deadline, done: done, rng: rng)
                if done != Self.never, sim.rng.chance(0.012) {
                    sim.reopen = done + Int32(sim.rng.within(10...30))
                    sim.redone = sim.reopen + Int32(sim.rng.within(5...25))
                }
                sims.append(sim)
                ids.append(unit.code + "-" + String(repeating: "0", count: max(0, 4 - String(k).count)) + String(k))
            }
        }
        return behind
    }

    /// A deadline at mid-month, month end or quarter end, March 2025 to December 2026.
    static func deadline(_ rng: inout SplitMix64) -> CivilDate {
        let year = rng.chance(0.45) ? 2025 : 2026
        let months = year == 2025 ? Array(3...12) : Array(1...12)
        let month = months[rng.weighted(months.map { $0 % 3 == 0 ? 3 : 1 })]
        let monthEnd = CivilDate(year: year, month: month, day: 1)!.endOfMonth
        return rng.chance(0.75) ? monthEnd : CivilDate(year: year, month: month, day: 15)!
    }

    mutating func insertTasks(_ master: inout SplitMix64) throws {
        let groups = try Row.fetchAll(db, sql: "SELECT id, name_vi FROM tech_groups ORDER BY position, id")
            .map { (id: $0.int(0), name: DemoText.shortTechName($0.text(1))) }
        let insert = try RawStatement(db, sql: """
            INSERT INTO tasks (key, id, title, plan, area, tech_group, level, unit_code, deadline, demo)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1)
            """)
        let levels = ["central", "province", "commune"]
        let plans = ["NQ57", "KH01", "KH02-KH/BCĐTW"]
        for i in sims.indices {
            var rng = SplitMix64(seed: sims[i].rng.next())
            let unit = units[Int(sims[i].unit)]
            let deadline = CivilDate(daysSinceEpoch: Int(sims[i].deadline))
            let template: Int
            var tech: (id: Int, name: String)?
            if !groups.isEmpty, rng.chance(unit.level == 0 ? 0.5 : 0.3) {
                tech = groups[rng.below(groups.count)]
                template = DemoText.withTech[rng.below(DemoText.withTech.count)]
            } else {
                let g = rng.weighted(DemoText.taskGroups.map(\.weight))
                template = DemoText.plain[g][rng.below(DemoText.plain[g].count)]
            }
            let title = DemoText.title(template: template, domain: rng.below(DemoText.domains.count), tech: tech?.name ?? "",
                                       year: deadline.year)
            let plan = unit.level == 0 ? plans[rng.weighted([40, 30, 30])] : plans[rng.weighted([10, 20, 70])]
            insert.bind(1, Self.key(i))
            insert.bind(2, ids[i])
            insert.bind(3, title)
            insert.bind(4, plan)
            insert.bind(5, DemoText.templates[template].area)
            if let tech { insert.bind(6, tech.id) } else { insert.bindNull(6) }
            insert.bind(7, levels[unit.level])
            insert.bind(8, unit.code)
            insert.bind(9, deadline.description)
            try insert.run()
        }
    }

    // MARK: - Simulation

    /// Plays every report day by day up to the end of the as-of day and no later than `now`; returns how
    /// many were written.
    mutating func simulate() throws -> Int {
        let first = Int(Self.firstDay.daysSinceEpoch)
        // Days after now's day hold only reports after now: stop there.
        let last = min(asOf.daysSinceEpoch, now.vietnamDate.daysSinceEpoch)
        guard last >= first else { return 0 }
        var buckets = [[Int32]](repeating: [], count: last - first + 1)
        for i in sims.indices {
            let day = Int(sims[i].start) + sims[i].rng.below(7)
            if day <= last { buckets[max(day, first) - first].append(Int32(i)) }
        }
        let insert = try RawStatement(db, sql: """
            INSERT INTO report_log (task_key, reported_at, status, progress, note, reported_by) VALUES (?, ?, ?, ?, ?, ?)
            """)
        let reporters = (0...2).map { DemoText.reporter(level: $0) }
        var written = 0
        var today: [Pending] = []
        for day in first...last {
            today.removeAll(keepingCapacity: true)
            for i in buckets[day - first] {
                let before = sims[Int(i)]
                if let (report, next) = event(Int(i), day: Int32(day)) {
                    // A report later than now is not made: the task stays as it was, and reports no more.
                    guard report.at <= now.seconds else {
                        sims[Int(i)] = before
                        continue
                    }
                    today.append(report)
                    if let next, Int(next) <= last { buckets[Int(next) - first].append(i) }
                }
            }
            buckets[day - first] = []
            today.sort { ($0.at, $0.task) < ($1.at, $1.task) }
            for r in today {
                insert.bind(1, Self.key(Int(r.task)))
                insert.bind(2, r.at)
                insert.bind(3, Self.statusNames[Int(r.status)])
                insert.bind(4, Int(r.progress))
                insert.bind(5, r.note)
                insert.bind(6, reporters[units[Int(sims[Int(r.task)].unit)].level])
                try insert.run()
            }
            written += today.count
            let date = CivilDate(daysSinceEpoch: day)
            if date.day == 1 { progress?("reports: \(date.year)-\(date.month < 10 ? "0" : "")\(date.month), \(written) so far") }
        }
        return written
    }

    /// Task `i`'s report on `day`, and the day of its next one (nil when it reports no more).
    mutating func event(_ i: Int, day: Int32) -> (Pending, Int32?)? {
        var s = sims[i]
        defer { sims[i] = s }
        let target = s.phase == 0 ? s.done : s.redone
        var status: UInt8
        var progress: UInt8
        var kind: DemoText.ReportKind
        var next: Int32?
        if (s.phase == 0 || s.phase == 2) && day >= target {
            (status, progress, kind) = (3, 100, .done)
            if s.phase == 0 && s.reopen != Self.never {
                s.phase = 1
                next = s.reopen
            } else {
                s.phase = 3
            }
        } else if s.phase == 1 {
            (status, progress, kind) = (2, 90, .reopened)
            s.phase = 2
            next = min(day + 7, s.redone)
        } else if s.phase == 3 {
            return nil
        } else {
            let horizon = target == Self.never ? s.deadline + 180 : target
            let fraction = max(0, min(1, Double(day - s.start) / Double(max(1, horizon - s.start))))
            if s.status == 0 && fraction < 0.15 && s.rng.chance(0.4) {
                (status, progress, kind) = (1, 0, .notStarted)
            } else {
                let cap = target == Self.never ? 90.0 : 95.0
                let p = min(cap, max(Double(s.progress), fraction * 100 * (0.85 + 0.2 * s.rng.unit()), 1))
                (status, progress, kind) = (2, UInt8(p), .inProgress)
            }
            if s.interim {
                next = day + 4
                s.interim = false
            } else if s.rng.chance(0.55) {
                next = day + 3
                s.interim = true
            } else {
                next = day + 7
            }
            if target != Self.never, next! > target { next = target }
        }
        let timeOfDay: Int64 = s.rng.chance(0.02)
            ? Int64(21 * 3600 + s.rng.below(3 * 3600))
            : Int64(7 * 3600 + 1800 + s.rng.below(10 * 3600))
        let at = Int64(day) * 86400 - Timestamp.vietnamOffset + timeOfDay
        var note = ""
        if s.rng.chance(kind == .reopened ? 1 : 0.08), let notes = DemoText.notes[kind] {
            note = notes[s.rng.below(notes.count)]
        }
        if status == 3 && s.status != 3 { s.completedOn = day }
        if status != 3 { s.completedOn = -1 }
        s.status = status
        s.progress = progress
        s.reportedAt = at
        return (Pending(at: at, task: Int32(i), status: status, progress: progress, note: note), next)
    }

    /// Writes each task's final state (the fold of its simulated reports).
    func storeStates() throws {
        let update = try RawStatement(db, sql: """
            UPDATE tasks SET status = ?, progress = ?, reported_at = ?, completed_on = ? WHERE key = ?
            """)
        for (i, s) in sims.enumerated() where s.status != 0 {
            update.bind(1, Self.statusNames[Int(s.status)])
            update.bind(2, Int(s.progress))
            update.bind(3, s.reportedAt)
            if s.completedOn >= 0 {
                update.bind(4, CivilDate(daysSinceEpoch: Int(s.completedOn)).description)
            } else {
                update.bindNull(4)
            }
            update.bind(5, Self.key(i))
            try update.run()
        }
    }
}
