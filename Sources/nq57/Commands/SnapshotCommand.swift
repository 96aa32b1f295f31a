import ArgumentParser
import Foundation
import NQ57Core
import NQ57Render
import NQ57Store

/// What part of the picture `snapshot --view` prints: one of the dashboard's views, a province or a commune.
enum SnapshotView: ExpressibleByArgument, Equatable {
    case view(View)
    case province(String)
    case commune(String)

    init?(argument: String) {
        let parts = argument.split(separator: ":", maxSplits: 1).map(String.init)
        switch (parts.first, parts.count) {
        case ("province", 2) where !parts[1].isEmpty: self = .province(parts[1])
        case ("commune", 2) where !parts[1].isEmpty: self = .commune(parts[1])
        case (let name?, 1): guard let view = View(rawValue: name) else { return nil }
            self = .view(view)
        default: return nil
        }
    }

    static var allValueStrings: [String] { View.allCases.map(\.rawValue) + ["province:CODE", "commune:CODE"] }
}

enum SnapshotFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

struct SnapshotCommand: NQ57Subcommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot",
        abstract: "Print the dashboard's picture as plain text or JSON.",
        discussion: """
        Text uses the same panes as the interactive dashboard: header, ecosystem figures, tasks by level, \
        the technology groups, the provinces most behind and the latest reports. JSON has as_of, demo, \
        metrics, levels, tech_groups, provinces and latest_reports, and for a province or commune view \
        its units or tasks.
        """)

    @OptionGroup var db: DatabaseOptions
    @Option(help: "text or json.") var format: SnapshotFormat = .text
    @Option(help: "Columns of text (default: the terminal's width, else 100).") var width: Int?
    @Option(help: "vi or en (default: language in config.toml, else vi).") var lang: Language?
    @Option(name: .customLong("as-of"), help: ArgumentHelp("Judge states as of this day (YYYY-MM-DD).", valueName: "date"))
    var asOf: CivilDate?
    @Option(help: ArgumentHelp("overview, levels, provinces, tech, metrics, reports, warnings, province:CODE or commune:CODE.", valueName: "view"))
    var view: SnapshotView = .view(.overview)

    func validate() throws {
        if let width, width < 40 || width > 1000 { throw ValidationError("--width must be between 40 and 1000, not \(width)") }
    }

    func execute() throws {
        let store = try SQLiteStore(path: db.resolved, access: .readOnly)
        let day = asOf ?? Console.now.vietnamDate
        let overview = try store.overview(asOf: day, latest: Snapshot.reportsShown)
        var content = Snapshot.Content.overview(overview)
        var json = SnapshotJSON(overview)
        switch view {
        case .view(let v):
            if let pane = v.pane { content = .pane(pane, overview) }
        case .province(let code):
            guard let province = overview.provinces.first(where: { $0.unit.code == code }) else {
                throw NQ57Error(.usage, "--view province:\(code): no province with code \(code)")
            }
            let rows = UnitRow.provinceWithCommunes(province, try store.units(.communes(province: code), asOf: day))
            content = .units(title: province.unit.name, rows: rows, overview: overview)
            json.units = rows.map(SnapshotJSON.UnitJSON.init)
        case .commune(let code):
            guard let unit = try store.unit(code: code), unit.level == .commune else {
                throw NQ57Error(.usage, "--view commune:\(code): no commune with code \(code)")
            }
            let page = try store.tasks(.unit(code), asOf: day, limit: 100_000)
            content = .tasks(title: unit.name, page: page, overview: overview)
            json.tasks = page.rows.map(SnapshotJSON.TaskJSON.init)
        }
        switch format {
        case .text:
            print(Snapshot.text(content, width: width ?? Console.terminalWidth ?? 100, language: lang ?? Settings.current.language ?? .vi), terminator: "")
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(json), as: UTF8.self))
        }
    }
}

/// The JSON of `snapshot --format json`: plain keys in snake_case, every figure with its date and source.
struct SnapshotJSON: Encodable {
    struct MetricJSON: Encodable {
        var key: String
        var value: Double
        var as_of: String
        var qualifier: String?
        var source: String
    }

    struct LevelJSON: Encodable {
        var level: String
        var total, done_on_time, done_late, open_on_time, overdue: Int
    }

    struct GroupJSON: Encodable {
        var id: Int
        var name: String
        var name_en: String
        var verified: String
        var total, done, overdue: Int
    }

    struct UnitJSON: Encodable {
        var code: String
        var name: String
        var level: String
        var total, done, done_on_time, done_late, open_on_time, overdue: Int

        init(_ row: UnitRow) {
            let c = row.counts
            code = row.unit.code
            name = row.unit.name
            level = row.unit.level.rawValue
            (total, done, done_on_time, done_late, open_on_time, overdue) = (c.total, c.done, c.doneOnTime, c.doneLate, c.openOnTime, c.overdue)
        }
    }

    struct TaskJSON: Encodable {
        var task_id, title, plan, level, unit_code, deadline, status, derived_state: String
        var area: Int
        var tech_group: Int?
        var progress: Int
        var reported_at: String?

        init(_ row: TaskRow) {
            task_id = row.task.id
            title = row.task.title
            plan = row.task.plan
            level = row.task.level.rawValue
            unit_code = row.task.unitCode
            deadline = row.task.deadline.description
            status = row.state.status.rawValue
            derived_state = row.derived.rawValue
            area = row.task.area
            tech_group = row.task.techGroup
            progress = row.state.progress
            reported_at = row.state.reportedAt?.description
        }
    }

    struct ReportJSON: Encodable {
        var id: Int64
        var task_id, reported_at, status, note, reported_by, unit_code, derived_state: String
        var progress: Int
    }

    var as_of: String
    var demo: Bool
    var data_as_of: String?
    var metrics: [MetricJSON]
    var levels: [LevelJSON]
    var tech_groups: [GroupJSON]
    var provinces: [UnitJSON]
    var latest_reports: [ReportJSON]
    var units: [UnitJSON]?
    var tasks: [TaskJSON]?

    init(_ o: Overview) {
        as_of = o.asOf.description
        demo = o.isDemo
        data_as_of = o.lastReportAt?.description
        metrics = o.metrics.flatMap { $0.points }.map {
            MetricJSON(key: $0.key, value: $0.value, as_of: $0.asOf.description, qualifier: $0.qualifier, source: $0.source)
        }
        levels = o.levels.map {
            LevelJSON(level: $0.level.rawValue, total: $0.counts.total, done_on_time: $0.counts.doneOnTime,
                      done_late: $0.counts.doneLate, open_on_time: $0.counts.openOnTime, overdue: $0.counts.overdue)
        }
        tech_groups = o.techGroups.map {
            GroupJSON(id: $0.group.id, name: $0.group.nameVI, name_en: $0.group.nameEN, verified: $0.group.verified.rawValue,
                      total: $0.counts.total, done: $0.counts.done, overdue: $0.counts.overdue)
        }
        provinces = o.provinces.map(UnitJSON.init)
        latest_reports = o.latestReports.map {
            ReportJSON(id: $0.report.id, task_id: $0.report.taskID, reported_at: $0.report.reportedAt.description,
                       status: $0.report.status.rawValue, note: $0.report.note, reported_by: $0.report.reportedBy,
                       unit_code: $0.unitCode, derived_state: $0.derived.rawValue, progress: $0.report.progress)
        }
    }
}
