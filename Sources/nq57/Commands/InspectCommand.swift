import ArgumentParser
import Foundation
import NQ57Core
import NQ57Postgres
import NQ57Render
import NQ57Store

extension InspectionStratification: ExpressibleByArgument {}

/// `nq57 inspect`: record a verdict, plan a sample, read the estimate.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Independent inspection: record a verdict, draw a work list, read the estimate.",
        discussion: """
        nq57 inspect --task ID --verdict confirmed|returned|note --reason TEXT --by BODY [--at TIME] records one \
        verdict. nq57 inspect plan draws a random work list to fill in and import with nq57 import; nq57 \
        inspect estimate prints the estimated true completion rate beside the self-reported one; nq57 \
        inspect bodies lists who may inspect.
        """,
        subcommands: [InspectRecordCommand.self, InspectPlanCommand.self, InspectEstimateCommand.self, InspectBodiesCommand.self],
        defaultSubcommand: InspectRecordCommand.self)
}

struct InspectRecordCommand: NQ57Subcommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Record one inspection verdict on a task.",
        discussion: """
        confirmed: the reported state is true (only on a task reported done); returned: sent back, counts \
        as not done until the unit reports again (a reason is required); note: a finding that changes \
        nothing. The time may not be before the task's latest report. Inspections are never changed or deleted.
        """)

    @OptionGroup var db: DatabaseOptions
    @Option(help: "The task's id.") var task: String
    @Option(help: "confirmed, returned or note.") var verdict: String
    @Option(help: "Why (required for returned).") var reason: String = ""
    @Option(help: ArgumentHelp("The inspecting body's code (nq57 inspect bodies): BCĐ-KT, VP-01, a ministry's code.", valueName: "body"))
    var by: String
    @Option(help: ArgumentHelp("When, ISO 8601 (default: now).", valueName: "time")) var at: String?
    @Option(help: "A reference to the evidence seen.") var evidence: String = ""

    func execute() throws {
        let store = try StoreSelection.desk(db, write: true)
        try SQLiteRoles.require(.inspect, desk: store, command: "inspect record")
        let i = try store.inspect(InspectionFields(taskID: task, verdict: verdict, reason: reason, by: by, at: at ?? "", evidence: evidence),
                                  now: Console.now)
        print("inspection \(i.id): \(i.taskID) \(i.verdict.rawValue) by \(i.inspectedBy) at \(i.inspectedAt.vietnamISO)")
    }
}

struct InspectPlanCommand: NQ57Subcommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Write a random work list of done, unchecked tasks (CSV) to standard output.",
        discussion: """
        A stratified random sample: the size is shared among the strata in proportion to their done, \
        unchecked tasks (at least one each while the size allows); the same data and seed give the same \
        list. Inspectors fill in verdict, reason, by, at (and evidence) and import it with nq57 import; \
        rows left without a verdict are skipped.
        """)

    @OptionGroup var db: DatabaseOptions
    @Option(help: "How many tasks.") var sample: Int
    @Option(help: "Seed of the draw.") var seed: UInt64
    @Option(help: "province, unit, level or group.") var by: InspectionStratification = .province
    @Option(help: ArgumentHelp("Only tasks of province:CODE, unit:CODE, level:LEVEL or group:ID (default: the account's unit, else all).", valueName: "scope"))
    var scope: String = ""
    @Flag(help: "Draw from every task, also for an account with units.") var national = false

    func validate() throws {
        if sample < 1 { throw ValidationError("--sample must be at least 1") }
        if InspectionScope(scope) == nil { throw ValidationError("--scope must be province:CODE, unit:CODE, level:central|province|commune or group:ID") }
    }

    func execute() throws {
        let store = try StoreSelection.desk(db, write: false)
        var chosen = InspectionScope(scope) ?? .all
        // An account with units draws from the tasks of its broadest unit, as its dashboard opens there.
        if scope.isEmpty, !national, let readable = store as? any ReadableStore,
           let account = try AccountOpening.scope(db.resolved, postgres: store as? PostgresStore),
           let unit = try AccountOpening.unit(for: account, in: readable) {
            chosen = unit.level == .province ? .province(unit.code) : .unit(unit.code)
            Console.note("nq57: inspect plan: tasks of \(unit.code), the unit of account \(account.login) (--national for every task)")
        }
        let rows = try store.inspectionPlan(sample: sample, seed: seed, by: by, scope: chosen, asOf: Console.now.vietnamDate)
        SQLiteStore.worklistCSV(rows) { print($0, terminator: "") }
        Console.note("\(counted(rows.count, "task")) drawn (seed \(seed), by \(by.rawValue))")
    }
}

struct InspectEstimateCommand: NQ57Subcommand {
    static let configuration = CommandConfiguration(
        commandName: "estimate",
        abstract: "Print the estimated true completion rate beside the self-reported one.",
        discussion: """
        Stratified by province (the central level one more stratum): per stratum the Wilson score \
        interval of the share of reported completions that inspection confirms; overall the stratified \
        Wilson variant (effective sample size). See the README, "Independent inspection".
        """)

    @OptionGroup var db: DatabaseOptions
    @Option(help: "vi or en.") var lang: Language = .vi

    func execute() throws {
        let store = try StoreSelection.desk(db, write: false)
        let summary = try store.inspectionSummary()
        let l = InspectionLabels.of(lang)
        print(l.headline(summary.estimate))
        for s in summary.estimate.strata where s.stratum.checked > 0 {
            let name = summary.provinces.first { $0.key == s.stratum.key }?.name ?? s.stratum.key
            print("  \(name): \(l.headline(s))")
        }
    }
}

struct InspectBodiesCommand: NQ57Subcommand {
    static let configuration = CommandConfiguration(commandName: "bodies", abstract: "List the inspecting bodies' codes and names.")

    @OptionGroup var db: DatabaseOptions

    func execute() throws {
        let store = try StoreSelection.desk(db, write: true)
        for b in try store.inspectionBodies() { print("\(b.code)\t\(b.name)") }
    }
}
