import Foundation
import NQ57Core
@testable import NQ57Store
import NQ57TestSupport
import Testing

/// Reference data, idempotent initialisation, the replaceable catalogue, and the default path.
@Suite struct ReferenceTests {
    typealias F = StoreFixtures

    @Test func theReferenceDataIsComplete() throws {
        let store = try SQLiteStore(path: F.databasePath())
        let summary = try store.initialize()
        #expect(summary.centralUnits == 18)
        #expect(summary.provinces == 34)
        #expect(summary.communes == 3321)
        #expect(summary.techGroups == 11)
        #expect(summary.metrics == 13)
        #expect(summary.migrationsApplied == ["v1-history", "v2-maintained-state", "v3-demo-reports", "v4-task-keys", "v5-guards", "v6-inspections", "v7-proposals", "v9-guards", "v10-returned-by-time", "v12-feed-warnings", "v13-find-titles", "v14-short-names", "v16-answer-medians", "v17-accounts", "v19-inspection-account", "v20-oldest-pending", "v21-change-counts"])
        #expect(summary.catalogueSource == "strategic-tech-groups-1131.csv")
        let asOf = F.demoAsOf
        let communes = try store.units(.level(.commune), asOf: asOf)
        #expect(communes.count == 3321)
        let kinds = Dictionary(grouping: communes, by: \.unit.kind).mapValues(\.count)
        #expect(kinds == ["commune": 2621, "ward": 687, "special_zone": 13])
        let central = try store.units(.level(.central), asOf: asOf)
        #expect(central.count == 18)
        #expect(central.contains { $0.unit.code == "BCDTW" && $0.unit.kind == "steering_committee" })
        let provinces = try store.units(.level(.province), asOf: asOf)
        #expect(provinces.count == 34)
        #expect(provinces.allSatisfy { $0.includesCommunes && $0.counts == .zero })
        #expect(provinces.map(\.unit.code) == provinces.map(\.unit.code).sorted())
        #expect(provinces.first?.unit.name == "Thành phố Hà Nội")
        let hanoi = try store.units(.communes(province: "01"), asOf: asOf)
        #expect(hanoi.count == 126)
        #expect(hanoi.allSatisfy { $0.unit.parentCode == "01" && $0.unit.level == .commune && !$0.includesCommunes })
        #expect(try store.units(.communes(province: "XX"), asOf: asOf).isEmpty)

        let groups = try store.techGroups()
        #expect(groups.map(\.id) == Array(1...11))
        #expect(groups[0].nameEN == "Artificial intelligence, digital twins, virtual/augmented reality")
        #expect(groups[0].productGroups == 6)
        #expect(groups.filter { $0.verified == .toVerify }.map(\.id) == [7, 8, 10, 11])

        let metrics = try store.metrics(asOf: F.day("2025-12-31"))
        let st = try #require(metrics.first { $0.key == "st_enterprises" })
        #expect(st.points.map(\.value) == [858, 940, 954])
        #expect(st.points.map(\.asOf) == [F.day("2025-07-02"), F.day("2025-07-14"), F.day("2025-10-31")])
        #expect(metrics.first?.key == "st_enterprises")
        #expect(try store.metrics(asOf: F.day("2025-07-13")).first { $0.key == "st_enterprises" }?.points.count == 1)
        let digital = try #require(metrics.first { $0.key == "digital_enterprises" })
        #expect(digital.latest?.qualifier == "more than")
    }

    @Test func initialisingAgainChangesNothing() throws {
        let store = try F.initializedStore()
        try store.setMetric(Metric(key: "st_enterprises", value: 999, asOf: F.day("2025-07-02"),
                                   source: "Central Steering Committee six-month review of Resolution 57 (the seed article)"))
        let reader = try SQLiteStore(path: store.path, access: .readOnly)
        let token = try reader.changeToken()
        let again = try store.initialize()
        // Unchanged reference files are not loaded again: nothing is written.
        #expect(try reader.changeToken() == token)
        #expect(again.migrationsApplied.isEmpty)
        #expect(again.communes == 3321)
        #expect(again.metrics == 13)
        // A figure the user corrected is kept.
        #expect(try store.metrics(asOf: F.day("2025-07-02")).first?.points.first?.value == 999)
        let reopened = try SQLiteStore(path: store.path)
        #expect(try reopened.initialize().techGroups == 11)
    }

    static let decision21 = """
        id,name_vi,name_en,product_groups,verified
        1,"Công nghệ trí tuệ nhân tạo",Artificial intelligence,,yes
        2,Công nghệ bán dẫn,Semiconductors,,to-verify
        3,Công nghệ lượng tử,Quantum,,name-only

        """

    @Test func theCatalogueCanBeReplacedByAUserFile() throws {
        let store = try F.initializedStore()
        let file = F.file("decision-21.csv", Self.decision21)
        let summary = try store.initialize(techGroupsFile: file)
        #expect(summary.techGroups == 3)
        #expect(summary.catalogueSource == "decision-21.csv")
        #expect(try store.techGroups().map(\.nameEN) == ["Artificial intelligence", "Semiconductors", "Quantum"])
        // Initialising again without a file keeps the user's catalogue.
        #expect(try store.initialize().techGroups == 3)
        #expect(try store.overview(asOf: F.demoAsOf, latest: 0).techGroups.count == 3)
    }

    @Test func aBadCatalogueIsRefusedWithItsLines() throws {
        let store = try F.initializedStore()
        let file = F.file("groups.csv", """
            id,name_vi,name_en,product_groups,verified
            1,AI,AI,,yes
            x,Bad,Bad,,yes
            2,Chip,Chip,-3,yes
            3,Lượng tử,Quantum,,maybe
            1,Again,Again,,yes
            4,,Empty,,yes
            """)
        #expect {
            try store.initialize(techGroupsFile: file)
        } throws: { error in
            guard let e = error as? NQ57Error, e.kind == .badData else { return false }
            return e.message.split(separator: "\n").map(String.init) == [
                "\(file):3: id: \"x\" is not a positive whole number",
                "\(file):4: product_groups: \"-3\" is not a whole number",
                "\(file):5: verified: \"maybe\" is not one of yes, name-only, to-verify",
                "\(file):6: id: 1 appears twice",
                "\(file):7: name_vi: is empty",
                "\(file): 5 bad rows; nothing changed",
            ]
        }
        let header = F.file("header.csv", "id,name\n1,AI\n")
        #expect(storeError { try store.initialize(techGroupsFile: header) } == .catalogueHeader(path: header, found: "\"id,name\""))
        #expect(try store.techGroups().count == 11)
    }

    @Test func theCatalogueKeepsEveryGroupThatTasksUse() throws {
        let store = try F.initializedStore()
        try store.addTask(F.task("T1", deadline: F.day("2025-12-31"), group: 7))
        try store.addTask(F.task("T2", deadline: F.day("2025-12-31"), group: 2))
        try store.addTask(F.task("T3", deadline: F.day("2025-12-31"), group: 9))
        let file = F.file("decision-21.csv", Self.decision21)
        #expect(storeError { try store.initialize(techGroupsFile: file) } == .catalogueLacksGroups(path: file, groups: [7, 9]))
        #expect(try store.techGroups().count == 11)
        #expect(try store.verifyCounts(asOf: F.demoAsOf).isEmpty)
    }

    @Test func theDefaultPathFollowsTheEnvironment() {
        #expect(SQLiteStore.defaultPath(environment: ["NQ57_DB": "/tmp/x.sqlite", "HOME": "/home/a"]) == "/tmp/x.sqlite")
        #expect(SQLiteStore.defaultPath(environment: ["XDG_DATA_HOME": "/data", "HOME": "/home/a"]) == "/data/nq57/nq57.sqlite")
        #expect(SQLiteStore.defaultPath(environment: ["NQ57_DB": "", "XDG_DATA_HOME": "", "HOME": "/home/a"])
                == "/home/a/.local/share/nq57/nq57.sqlite")
    }

    @Test func theReferenceDirectoryIsFoundWithoutBundleModule() throws {
        let dir = try ReferenceData.directory()
        #expect(FileManager.default.fileExists(atPath: dir + "/admin-units-2025.csv"))
    }
}
