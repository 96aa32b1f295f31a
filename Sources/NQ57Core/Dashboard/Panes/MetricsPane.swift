extension PaneKind {
    /// The ecosystem figures, each with its latest value; Enter shows a figure's history.
    public static let metrics = PaneKind(
        id: .metrics,
        rows: { $0.metrics },
        identities: { $0.metrics.map(\.key) },
        changed: { ChangeSet.differing($0.metrics, $1.metrics, id: \.key, value: \.points) },
        open: { o, i in
            var frame = Frame(screen: .metric(o.metrics[i].key), crumb: .metric(key: o.metrics[i].key))
            frame.data = .metric(o.metrics[i])
            return .show(frame)
        },
        naturalRows: { max(1, $0?.metrics.count ?? 1) },
        detailRows: 2,
        wide: PaneSlot(column: 0, row: 1, weight: 1),
        medium: PaneSlot(column: 0, row: 1, weight: 1),
        viewRank: 4,
        json: PaneJSON(key: "metrics") { o in o.metrics.flatMap(\.points).map(MetricJSON.init) })
}

extension PaneID {
    public static let metrics = PaneID("metrics")
}

/// One figure of a series in `snapshot --format json`.
public struct MetricJSON: Encodable, Sendable {
    var key: String
    var value: Double
    var as_of: String
    var qualifier: String?
    var source: String

    init(_ m: Metric) {
        (key, value, as_of, qualifier, source) = (m.key, m.value, m.asOf.description, m.qualifier, m.source)
    }
}
