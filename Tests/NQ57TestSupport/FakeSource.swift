import NQ57Core

/// A store in memory that answers from `Fixtures`, counts the calls made to it, and can be told to
/// fail or to change, for tests of the dashboard's loop.
public final class FakeSource: DashboardSource {
    public var overviewValue: Overview
    public var token: Int64 = 1
    /// When set, every call throws this.
    public var failure: NQ57Error?
    public private(set) var calls: [String] = []

    public init(overview: Overview = Fixtures.overview) {
        overviewValue = overview
    }

    public static let communes: [UnitRow] = [
        UnitRow(unit: Fixtures.hoankiem, counts: Fixtures.counts(20, 1, 5, 2), provinceName: Fixtures.hanoi.name),
        UnitRow(unit: AdminUnit(code: "00073", level: .commune, name: "Phường Cửa Nam", kind: "ward", parentCode: "01"),
                counts: Fixtures.counts(18, 0, 6, 0), provinceName: Fixtures.hanoi.name),
    ]

    private func check(_ call: String) throws {
        calls.append(call)
        if let failure { throw failure }
    }

    public func overview(asOf: CivilDate, latest: Int) throws -> Overview {
        try check("overview")
        var o = overviewValue
        o.asOf = asOf
        return o
    }

    public func units(_ scope: UnitScope, asOf: CivilDate) throws -> [UnitRow] {
        try check("units")
        switch scope {
        case .level(.province): return overviewValue.provinces
        case .level(.central): return [UnitRow(unit: Fixtures.bkhcn, counts: Fixtures.counts(5, 0, 1, 1))]
        case .level(.commune): return Self.communes
        case .communes(let p): return p == "01" ? Self.communes : []
        }
    }

    public func tasks(_ scope: TaskScope, asOf: CivilDate, limit: Int) throws -> TaskPage {
        try check("tasks")
        let rows = overviewValue.warnings.turnedOverdue + overviewValue.warnings.dueSoon
        return TaskPage(rows: Array(rows.prefix(limit)), total: rows.count)
    }

    public func taskDetail(id: String, asOf: CivilDate, historyLimit: Int) throws -> TaskDetail? {
        try check("task")
        let rows = overviewValue.warnings.turnedOverdue + overviewValue.warnings.dueSoon
        guard let row = rows.first(where: { $0.task.id == id }) else { return nil }
        let reports = overviewValue.latestReports.map(\.report).filter { $0.taskID == id }
        return TaskDetail(row: row, unit: Fixtures.hanoi, reports: reports, reportCount: reports.count)
    }

    public func changeToken() throws -> Int64 {
        try check("token")
        return token
    }
}
