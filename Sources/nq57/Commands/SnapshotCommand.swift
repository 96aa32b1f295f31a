import ArgumentParser
import Foundation
import NQ57Core
import NQ57Postgres
import NQ57Render
import NQ57Store

/// What part of the picture `snapshot --view` prints: one of the dashboard's views, a province or a commune.
enum SnapshotView: ExpressibleByArgument, Equatable {
    case view(View)
    case province(String)
    case commune(String)
    /// The proposals intake (issue 13): its own text and JSON, from `proposalOverview`.
    case proposals

    init?(argument: String) {
        if argument == "proposals" {
            self = .proposals
            return
        }
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
        case .proposals: "proposals"
        }
    }

    static var allValueStrings: [String] {
        PaneTable.standard.views.map(\.rawValue) + ["province:CODE|NAME", "commune:CODE|NAME"]
    }
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
        the technology groups, the provinces most behind and the latest reports. JSON follows --view as \
        the text does: the overview has as_of, demo, data_as_of, view and every pane's key (levels, \
        metrics, tech_groups, provinces, warnings, latest_reports and feed, inspection, proposals); a \
        pane's view only that pane's keys (feed: the latest reports, inspections and proposals' status \
        moves by time, each row with its kind); province:X the province and its units; commune:X the commune and its tasks. \
        A province or commune is a code (01, 1, 00070) or a name, with or without diacritics; an \
        ambiguous name lists the candidates with their province. Times are Vietnam's (+07:00).
        """)

    @OptionGroup var db: DatabaseOptions
    @Option(help: "text or json.") var format: SnapshotFormat = .text
    @Option(help: "Columns of text (default: the terminal's width, else 100).") var width: Int?
    @Option(help: "vi or en (default: language in config.toml, else vi).") var lang: Language?
    @Option(name: .customLong("as-of"), help: ArgumentHelp("Judge states as of this day (YYYY-MM-DD).", valueName: "date"))
    var asOf: CivilDate?
    @Option(help: ArgumentHelp("What to print (default: overview): a view, a province or a commune by code or name.", valueName: "view"))
    var view: SnapshotView?
    @Flag(help: "Print the national overview even for an account scoped to units (which prints its unit by default).")
    var national = false

    func validate() throws {
        if let width, width < 40 || width > 1000 { throw ValidationError("--width must be between 40 and 1000, not \(width)") }
    }

    func execute() throws {
        let store = try StoreSelection.reading(db.resolved)
        let view = try self.view ?? (national ? nil : Self.accountView(db.resolved, store)) ?? .view(.overview)
        let day = asOf ?? Console.now.vietnamDate
        if view == .proposals {
            let store = try StoreSelection.desk(db, write: false)
            let o = try store.proposalOverview(asOf: day)
            print(format == .json ? ProposalText.json(o)
                  : ProposalText.render(o, language: lang ?? Settings.current.language ?? .vi, width: width ?? Console.terminalWidth ?? 100,
                                        mostRaised: try store.mostRaisedBarriers(fields: 5, words: 3)))
            return
        }
        let overview = try store.overview(asOf: day, latest: Snapshot.reportsShown)
        var content = Snapshot.Content.overview(overview)
        var json = SnapshotJSON(overview)
        switch view {
        case .view(let v):
            if let pane = v.pane {
                content = .pane(pane, overview)
                json = SnapshotJSON(overview, only: pane)
            }
        case .province(let typed):
            let province = try Self.province(typed, in: overview)
            let code = province.unit.code
            let rows = UnitRow.provinceWithCommunes(province, try store.units(.communes(province: code), asOf: day))
            content = .units(title: province.unit.name, rows: rows, overview: overview)
            json = SnapshotJSON(overview, province: province.unit, units: rows)
        case .commune(let typed):
            let unit = try Self.commune(typed, in: store)
            let code = unit.code
            let page = try store.tasks(.unit(code), asOf: day, limit: 100_000)
            let province = try unit.parentCode.flatMap { try store.unit(code: $0) }
            content = .tasks(title: Place.line(unit.name, province?.name), page: page, overview: overview)
            json = SnapshotJSON(overview, commune: unit, province: province, tasks: page.rows)
        case .proposals: break  // printed above
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

    /// The view of the account's unit (`AccountOpening`): its province or commune; nil for an account
    /// without units, or a central body's (the overview has its row).
    static func accountView(_ db: String, _ store: any ReadableStore) throws -> SnapshotView? {
        let scope = try AccountOpening.scope(db, postgres: store as? PostgresStore)
        switch try AccountOpening.unit(for: scope, in: store) {
        case let unit? where unit.level == .province: return .province(unit.code)
        case let unit? where unit.level == .commune: return .commune(unit.code)
        default: return nil
        }
    }

    /// A province by code (`01`, `1`) or name, without diacritics (`ha noi`, `Thành phố Hà Nội`).
    static func province(_ typed: String, in overview: Overview) throws -> UnitRow {
        let digits = typed.allSatisfy(\.isASCIIDigitLike)
        let code = digits && typed.count < 2 ? String(repeating: "0", count: 2 - typed.count) + typed : typed
        if let row = overview.provinces.first(where: { $0.unit.code == code }) { return row }
        let query = Search.fold(typed)
        let named = overview.provinces.filter {
            let name = Search.fold($0.unit.name)
            return name == query || Search.withoutKind(name) == query
        }
        if named.count == 1 { return named[0] }
        if digits { throw CLIError.noSuchProvince(typed: typed, code: code) }
        throw CLIError.noSuchProvince(typed: typed, code: nil)
    }

    /// A commune by code (`00070`, `70`) or name (`hoan kiem`; with its province's where the name is
    /// not unique: `tan thanh thai nguyen`).
    static func commune(_ typed: String, in store: any ReadableStore) throws -> AdminUnit {
        if typed.allSatisfy(\.isASCIIDigitLike) {
            let code = String(repeating: "0", count: max(0, 5 - typed.count)) + typed
            if let unit = try store.unit(code: code), unit.level == .commune { return unit }
            throw CLIError.noSuchCommune(typed: typed, code: code)
        } else if let unit = try store.unit(code: typed), unit.level == .commune {
            return unit
        }
        let query = Search.fold(typed)
        let found = try store.find(typed, limit: 40).filter { $0.kind == .commune }
        let exact = found.filter {
            let name = Search.fold($0.name), place = Search.fold(($0.provinceName.map(Place.shortProvince)) ?? "")
            return [name, Search.withoutKind(name)].contains { $0 == query || $0 + " " + place == query }
        }
        let chosen = exact.count == 1 ? exact : (found.count == 1 ? found : [])
        if let one = chosen.first, let unit = try store.unit(code: one.code) { return unit }
        let candidates = (exact.isEmpty ? found : exact).prefix(8).map { "\($0.name) (\($0.code), \($0.provinceName.map(Place.shortProvince) ?? "?"))" }
        if candidates.isEmpty { throw CLIError.noSuchCommune(typed: typed, code: nil) }
        throw CLIError.ambiguousCommune(typed: typed, candidates: candidates)
    }
}

extension Character {
    fileprivate var isASCIIDigitLike: Bool { ("0"..."9").contains(self) }
}
