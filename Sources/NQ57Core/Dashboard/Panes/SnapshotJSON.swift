/// The JSON of `snapshot --format json`: plain keys in snake_case, every figure with its date and
/// source. Each pane of the table adds its own key (`PaneKind.json`).
public struct SnapshotJSON: Encodable, Sendable {
    public var as_of: String
    public var demo: Bool
    public var data_as_of: String?
    /// Each pane's key and rows, in table order.
    public var panes: [(key: String, value: any Encodable & Sendable)]
    public var units: [UnitJSON]?
    public var tasks: [TaskJSON]?

    public init(_ o: Overview, panes table: PaneTable = .standard) {
        as_of = o.asOf.description
        demo = o.isDemo
        data_as_of = o.lastReportAt?.description
        panes = table.kinds.compactMap { $0.json.map { ($0.key, $0.value(o)) } }
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
        for (key, value) in panes { try c.encode(value, forKey: Key(key)) }
        try c.encodeIfPresent(units, forKey: Key("units"))
        try c.encodeIfPresent(tasks, forKey: Key("tasks"))
    }
}
