/// The JSON of `snapshot --format json`: plain keys in snake_case, every figure with its date and
/// source. Each pane of the table adds its own key (`PaneKind.json`). It follows `--view` as the text
/// does: the overview has every pane's key, a pane's view only that pane's, a province's view its
/// units and a commune's its tasks; `view` names what is shown.
public struct SnapshotJSON: Encodable, Sendable {
    public var as_of: String
    public var demo: Bool
    public var data_as_of: String?
    /// What is shown: `overview`, a pane's view name, `province` or `commune`.
    public var view: String
    /// Each pane's key and rows, in table order.
    public var panes: [(key: String, value: any Encodable & Sendable)]
    /// The province or commune a view shows: code, name and, for a commune, its province.
    public var province: PlaceJSON?
    public var commune: PlaceJSON?
    public var units: [UnitJSON]?
    public var tasks: [TaskJSON]?

    /// The overview (`only` nil) or one pane's view.
    public init(_ o: Overview, only pane: PaneID? = nil, panes table: PaneTable = .standard) {
        as_of = o.asOf.description
        demo = o.isDemo
        data_as_of = o.lastReportAt?.vietnamISO
        view = pane?.rawValue ?? "overview"
        panes = table.kinds.filter { pane == nil || $0.id == pane }.flatMap { $0.json?.entries(o) ?? [] }
    }

    /// A province's view: the province itself, then its communes.
    public init(_ o: Overview, province: AdminUnit, units: [UnitRow]) {
        self.init(o, only: PaneID(""))
        view = "province"
        self.province = PlaceJSON(code: province.code, name: province.name)
        self.units = units.map(UnitJSON.init)
    }

    /// A commune's view: its tasks, worst first.
    public init(_ o: Overview, commune: AdminUnit, province: AdminUnit?, tasks: [TaskRow]) {
        self.init(o, only: PaneID(""))
        view = "commune"
        self.commune = PlaceJSON(code: commune.code, name: commune.name, province: province?.name, province_code: province?.code)
        self.tasks = tasks.map(TaskJSON.init)
    }

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(as_of, forKey: Key("as_of"))
        try c.encode(demo, forKey: Key("demo"))
        try c.encodeIfPresent(data_as_of, forKey: Key("data_as_of"))
        try c.encode(view, forKey: Key("view"))
        for (key, value) in panes { try c.encode(value, forKey: Key(key)) }
        try c.encodeIfPresent(province, forKey: Key("province"))
        try c.encodeIfPresent(commune, forKey: Key("commune"))
        try c.encodeIfPresent(units, forKey: Key("units"))
        try c.encodeIfPresent(tasks, forKey: Key("tasks"))
    }
}

/// The province or commune a snapshot shows.
public struct PlaceJSON: Encodable, Sendable {
    var code, name: String
    var province: String?
    var province_code: String?
}
