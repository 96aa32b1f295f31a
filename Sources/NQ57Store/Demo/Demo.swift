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
    static let statusText: [StaticString] = ["", "not_started", "in_progress", "done"]

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
        /// The reporting level of the task's unit (0 central, 1 province, 2 commune).
        var level: UInt8
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
        // Each task's title draws first from its own generator, then the simulation goes on with it.
        let titleSeeds = sims.indices.map { sims[$0].rng.next() }
        let reports = try simulate(insertingTasks: titleSeeds)
        progress?("reports: \(reports); updating task states")
        try storeStates()
        progress?("building indexes")
        try createIndexes(saved)
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

    /// Sorted runs of this many KiB while the indexes are built (see `createIndexes`).
    static let sortRunKiB = 1024
    /// SQLite's helper threads for those sorts (`PRAGMA threads`).
    static let sortThreads = 0

    /// Builds the dropped indexes with SQLite's sorter in small sorted runs. SQLite's sorter collects
    /// entries up to the page cache's size, sorts that run, writes it to a temporary file and merges
    /// the runs at the end; with temporary files in memory it keeps every entry in one list instead.
    /// Both sort one list far larger than the CPU's caches: 9–10 s of CPU for the reports' 4.9 M entries
    /// at national scale (185 s for 49 M at stress). With the cache lowered to `sortRunKiB` for the
    /// sort alone, runs fit in the CPU's caches: about 2.5 s. Put back afterwards.
    /// (BENCHMARKS.md, "Demo generation, session 5".)
    func createIndexes(_ saved: SavedDefinitions) throws {
        let cache = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -PageCache.defaultKiB
        try db.execute(sql: "PRAGMA threads = \(Self.sortThreads); PRAGMA cache_size = -\(Self.sortRunKiB)")
        defer { try? db.execute(sql: "PRAGMA threads = 0; PRAGMA cache_size = \(cache)") }
        try saved.createIndexes(db)
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

    /// Inserts every task; `titleSeeds[i]` seeds the draws of task `i`'s title, plan and group.
    func insertTasks(_ titleSeeds: [UInt64]) throws {
        let groups = try Row.fetchAll(db, sql: "SELECT id, name_vi FROM tech_groups ORDER BY position, id")
            .map { (id: $0.int(0), name: DemoText.shortTechName($0.text(1))) }
        let insert = try RawStatement(db, sql: """
            INSERT INTO tasks (key, id, title, plan, area, tech_group, level, unit_code, deadline, demo)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1)
            """)
        let levels = ["central", "province", "commune"]
        let plans = ["NQ57", "KH01", "KH02-KH/BCĐTW"]
        for i in sims.indices {
            var rng = SplitMix64(seed: titleSeeds[i])
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

    /// Plays every report day by day up to the end of the as-of day and no later than `now`, on a thread
    /// of its own (`DemoSimulation`), and inserts each day's reports here as they come; `insertTasks`
    /// runs while the first days are simulated. Returns how many reports were written.
    mutating func simulate(insertingTasks titleSeeds: [UInt64]) throws -> Int {
        let first = Int(Self.firstDay.daysSinceEpoch)
        // Days after now's day hold only reports after now: stop there.
        let last = min(asOf.daysSinceEpoch, now.vietnamDate.daysSinceEpoch)
        // The simulation plays on its own copy; `insertTasks` reads only each task's unit and deadline.
        let simulation = DemoSimulation(sims: sims, levels: sims.map { UInt8(units[Int($0.unit)].level) },
                                        first: first, last: last, now: now.seconds)
        let channel = Channel<DemoSimulation.Day>(capacity: 8)
        let handedBack = DemoSimulation.start(simulation, into: channel)
        var written = 0
        do {
            try insertTasks(titleSeeds)
            written = try insertReports(from: channel)
        } catch {
            channel.cancel()
            while channel.take() != nil {}
            throw error
        }
        sims = handedBack.sims
        if let failure = channel.failure { throw failure }
        return written
    }

    /// Inserts the simulated days as they arrive, several rows a statement.
    private func insertReports(from channel: Channel<DemoSimulation.Day>) throws -> Int {
        let rowsPerStatement = BulkReports.rowsPerStatement
        let wide = try RawStatement(db, sql: BulkReports.insertSQL(rows: rowsPerStatement))
        let one = try RawStatement(db, sql: BulkReports.insertSQL(rows: 1))
        // The reporters' names, bound without a copy: they outlive every statement run.
        let reporters = (0...2).map { level in
            let bytes = Array(DemoText.reporter(level: level).utf8)
            let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: bytes.count)
            _ = buffer.initialize(from: bytes)
            return UnsafeBufferPointer(buffer)
        }
        defer { for r in reporters { r.deallocate() } }
        var written = 0
        while let day = channel.take() {
            let rows = day.reports
            var i = 0
            while i < rows.count {
                let n = rows.count - i >= rowsPerStatement ? rowsPerStatement : 1
                let statement = n == 1 ? one : wide
                for k in 0..<n {
                    let r = rows[i + k]
                    let base = Int32(k * 6)
                    statement.bind(base + 1, Self.key(Int(r.task)))
                    statement.bind(base + 2, r.at)
                    statement.bindStatic(base + 3, Self.statusText[Int(r.status)])
                    statement.bind(base + 4, Int(r.progress))
                    statement.bind(base + 5, r.note)
                    statement.bindStatic(base + 6, reporters[Int(r.level)])
                }
                try statement.run()
                i += n
            }
            written += rows.count
            let date = CivilDate(daysSinceEpoch: day.day)
            if date.day == 1 { progress?("reports: \(date.year)-\(date.month < 10 ? "0" : "")\(date.month), \(written) so far") }
        }
        return written
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
