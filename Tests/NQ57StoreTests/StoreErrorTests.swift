import Foundation
import NQ57Core
@testable import NQ57Store
import NQ57TestSupport
import Testing

/// The store's typed reason of what `body` threw (nil when it threw something else or nothing).
func storeError(_ body: () throws -> Any) -> StoreError? {
    do {
        _ = try body()
        return nil
    } catch {
        return (error as? NQ57Error)?.reason as? StoreError
    }
}

/// `StoreError`: the lines users see stay word for word what they were, with the exit code's kind.
@Suite struct StoreErrorTests {
    typealias F = StoreFixtures

    @Test func theLinesUsersSee() {
        let cases: [(StoreError, NQ57Error.Kind, String)] = [
            (.noDatabase(path: "a.sqlite"), .missingInput, "a.sqlite: no database here; run nq57 init"),
            (.fileReplaced(path: "a.sqlite"), .io, "a.sqlite: the database file was replaced"),
            (.notInitialised(path: "a"), .io, "a: the database is not initialised or not up to date; run nq57 init"),
            (.sqlite(path: "a", .locked, message: "database is locked"), .io,
             "a: the database stayed locked past the busy timeout (database is locked)"),
            (.sqlite(path: "a", .constraint, message: "CHECK constraint failed"), .badData, "a: CHECK constraint failed"),
            (.noSuchFile(path: "r.csv"), .missingInput, "r.csv: no such file"),
            (.cannotOpenFile(path: "g.csv", missing: true), .missingInput, "g.csv: cannot open the file"),
            (.cannotOpenFile(path: "g.csv", missing: false), .io, "g.csv: cannot open the file"),
            (.noTask(id: "T9"), .badData, "task_id: no task \"T9\""),
            (.metricKey("bad key"), .badData, "metric key \"bad key\" must be letters, digits and _"),
            (.badRows(path: "r.csv", count: 21, listed: ["r.csv:2: x"], outcome: "nothing was imported"), .badData,
             "r.csv:2: x\n… and 20 more bad rows\nr.csv: 21 bad rows; nothing was imported"),
        ]
        for (reason, kind, line) in cases {
            #expect(reason.error == NQ57Error(kind, line))
            #expect(reason.error.reason as? StoreError == reason)
        }
    }

    @Test func aMetricKeyIsOneRuleOnEveryPath() throws {
        let store = try F.initializedStore()
        let day = F.day("2026-01-01")
        // Unicode letters, '-' and '.' passed the store but not the command line; now neither.
        for key in ["doanh_nghiệp", "st-enterprises", "st.enterprises", "bad key", ""] {
            #expect(storeError { try store.setMetric(Metric(key: key, value: 1, asOf: day, source: "s")) } == .metricKey(key))
            #expect(MetricValidator.key(key) == nil)
        }
        try store.setMetric(Metric(key: " st_enterprises ", value: 1, asOf: day, source: "s"))
        #expect(try store.metrics(asOf: day).contains { $0.key == "st_enterprises" && $0.points.contains { $0.source == "s" } })
    }

    /// Issue 11 §8: only keys of the figures' catalogue; the refusal names the known ones and
    /// nothing is stored.
    @Test func aFigureKeyOutsideTheCatalogueIsRefusedNamingTheKnownOnes() throws {
        let store = try F.initializedStore()
        let day = F.day("2026-01-01")
        let before = try store.metrics(asOf: day)
        let error = storeError { try store.setMetric(Metric(key: "foo_bar", value: 12, asOf: day, source: "s")) }
        guard case .unknownMetric(let key, let known)? = error else { Issue.record("not refused: \(String(describing: error))"); return }
        #expect(key == "foo_bar")
        #expect(known.first == "st_enterprises" && known.contains("digital_enterprises") && known.count == 9)
        #expect(error?.message.contains("known keys: st_enterprises, hightech_enterprises, digital_enterprises") == true)
        #expect(try store.metrics(asOf: day) == before)
    }
}

/// `FollowingStore`: the live dashboard's store follows its file through removal and replacement.
@Suite struct FollowingStoreTests {
    typealias F = StoreFixtures

    @Test func aRemovedFileFailsAndAReplacedOneIsOpenedAfresh() throws {
        // Each writer's connection closes at the end of its scope, so no -wal file is left beside.
        let path = try { () throws -> String in
            let first = try F.initializedStore()
            try first.addTask(F.task("T", deadline: F.day("2025-12-31")))
            return first.path
        }()
        let otherPath = try F.initializedStore().path
        let following = FollowingStore(path: path, access: .readOnly)
        let token = try following.changeToken()
        #expect(try following.changeToken() == token)
        #expect(try following.taskDetail(id: "T", asOf: F.demoAsOf, historyLimit: 1) != nil)

        try FileManager.default.moveItem(atPath: path, toPath: path + ".away")
        #expect(storeError { try following.changeToken() } == .fileMissing(path: path))
        #expect(storeError { try following.overview(asOf: F.demoAsOf, latest: 1) } == .fileMissing(path: path))

        // Another database takes the name: without task T.
        try FileManager.default.moveItem(atPath: otherPath, toPath: path)
        #expect(try following.changeToken() != token)
        #expect(try following.taskDetail(id: "T", asOf: F.demoAsOf, historyLimit: 1) == nil)
    }
}
