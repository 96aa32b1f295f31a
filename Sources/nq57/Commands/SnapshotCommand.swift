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
        case (let name?, 1): guard let view = PaneTable.standard.view(named: name) else { return nil }
            self = .view(view)
        default: return nil
        }
    }

    /// The default as `--help` shows it: the name typed, not the type.
    var defaultValueDescription: String {
        switch self {
        case .view(let view): view.rawValue
        case .province(let code): "province:" + code
        case .commune(let code): "commune:" + code
        }
    }

    static var allValueStrings: [String] { PaneTable.standard.views.map(\.rawValue) + ["province:CODE", "commune:CODE"] }
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
    @Option(help: ArgumentHelp("overview, levels, provinces, tech, metrics, reports, warnings, inspection, province:CODE or commune:CODE.", valueName: "view"))
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
            json.units = rows.map(UnitJSON.init)
        case .commune(let code):
            guard let unit = try store.unit(code: code), unit.level == .commune else {
                throw NQ57Error(.usage, "--view commune:\(code): no commune with code \(code)")
            }
            let page = try store.tasks(.unit(code), asOf: day, limit: 100_000)
            content = .tasks(title: unit.name, page: page, overview: overview)
            json.tasks = page.rows.map(TaskJSON.init)
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
