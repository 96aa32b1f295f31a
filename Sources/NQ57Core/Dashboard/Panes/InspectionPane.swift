extension InspectionRow: ListRow {
    public var searchText: String { key + " " + name }

    public func sortValue(_ column: SortColumn) -> SortValue? {
        switch column {
        case .name: .text(name)
        case .total: .number(Double(counts.done))
        case .returnedShare: .number(counts.returnedShare)
        case .donePercent: .number(counts.coverage)
        default: nil
        }
    }
}

/// One row of the inspection pane in `snapshot --format json`.
public struct InspectionRowJSON: Encodable, Sendable {
    var key, name: String
    var tasks, done, confirmed, returned, unchecked, checked: Int
    var coverage, returned_share: Double

    public init(_ r: InspectionRow) {
        let c = r.counts
        (key, name, tasks, done, confirmed, returned, unchecked, checked) = (r.key, r.name, r.tasks, c.done, c.confirmed, c.returned, c.unchecked, c.checked)
        (coverage, returned_share) = (c.coverage, c.returnedShare)
    }
}

/// The inspection pane in `snapshot --format json`: the self-reported rate always beside the estimate.
public struct InspectionJSON: Encodable, Sendable {
    var self_reported: Double
    var estimate, estimate_low, estimate_high: Double?
    var sample: Int
    var method: String
    var levels, provinces: [InspectionRowJSON]

    public init(_ s: InspectionSummary) {
        self_reported = s.estimate.selfReported
        estimate = s.estimate.completion?.estimate
        estimate_low = s.estimate.completion?.low
        estimate_high = s.estimate.completion?.high
        sample = s.estimate.sample
        method = "stratified by province (central one stratum); per stratum Wilson 95%; overall Wilson on the Kish effective sample size"
        levels = s.levels.map(InspectionRowJSON.init)
        provinces = s.provinces.map(InspectionRowJSON.init)
    }
}

extension PaneKind {
    /// Independent inspection: coverage and returned share by province (levels and the estimate under
    /// the list); Enter lists the province's communes. In its own view only (`inspection`, `8`): it has
    /// no slot in the overview's layouts, so Tab there passes it by.
    public static let inspection = PaneKind(
        id: .inspection,
        sortColumns: [.returnedShare, .donePercent, .total, .name, .natural],
        rows: { $0.inspection?.provinces ?? [] },
        identities: { $0.inspection?.provinces.map(\.key) ?? [] },
        open: { o, i in
            guard let row = o.inspection?.provinces[i] else { return nil }
            return .load(.units(.communes(province: row.key)), .unit(name: row.name))
        },
        naturalRows: { max(1, $0?.inspection?.provinces.count ?? 34) },
        detailRows: InspectionPaneLayout.footerRows,
        viewRank: 8,
        json: PaneJSON(key: "inspection") { o in o.inspection.map(InspectionJSON.init) })
}

/// Rows under the inspection pane's list: the headline, the three levels, the method.
public enum InspectionPaneLayout {
    public static let footerRows = 5
}

extension PaneID {
    public static let inspection = PaneID("inspection")
}
