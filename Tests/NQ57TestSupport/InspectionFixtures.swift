import NQ57Core

extension Fixtures {
    /// Inspection counts matching `overview`'s levels and provinces: Hà Nội well checked with few
    /// returns, Đắk Lắk (typed in NFD) with many, the central level not sampled at all.
    public static var inspection: InspectionSummary {
        InspectionSummary(
            levels: [
                InspectionRow(key: "central", name: "central", level: .central, tasks: 160,
                              counts: InspectionCounts(done: 126, confirmed: 0, returned: 0, unchecked: 126)),
                InspectionRow(key: "province", name: "province", level: .province, tasks: 1_200,
                              counts: InspectionCounts(done: 940, confirmed: 40, returned: 8, unchecked: 893)),
                InspectionRow(key: "commune", name: "commune", level: .commune, tasks: 99_500,
                              counts: InspectionCounts(done: 73_000, confirmed: 200, returned: 30, unchecked: 72_772)),
            ],
            provinces: [
                InspectionRow(key: hanoi.code, name: hanoi.name, tasks: 3_350,
                              counts: InspectionCounts(done: 2_600, confirmed: 120, returned: 6, unchecked: 2_474)),
                InspectionRow(key: daklakNFD.code, name: daklakNFD.name, tasks: 2_500,
                              counts: InspectionCounts(done: 1_700, confirmed: 60, returned: 24, unchecked: 1_618)),
            ])
    }
}
