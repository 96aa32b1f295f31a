import Foundation
import NQ57Core
import NQ57Store

/// Temporary SQLite stores for tests: empty and initialised, or a copy of a small demo database
/// generated once per test process.
public enum StoreFixtures {
    /// The as-of date of the shared demo database.
    public static let demoAsOf = CivilDate(year: 2026, month: 1, day: 15)!
    public static let demoSeed: UInt64 = 57
    /// A fixed "now" for validation in tests: noon in Vietnam on the demo's as-of day.
    public static let now = Timestamp(vietnamDate: demoAsOf, hour: 12)

    /// One directory per test process (`nq57-tests-PID` under the system's temporary directory),
    /// removed when the process exits; directories of earlier runs whose process is gone are removed
    /// when it is made.
    nonisolated(unsafe) private static var rootPath = ""
    private static let root: String = {
        let temp = NSTemporaryDirectory()
        let prefix = "nq57-tests-"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: temp)) ?? [] where name.hasPrefix(prefix) {
            if let pid = Int32(name.dropFirst(prefix.count)), pid != getpid(), kill(pid, 0) != 0 {
                try? FileManager.default.removeItem(atPath: temp + name)
            }
        }
        let dir = temp + prefix + String(getpid())
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        rootPath = dir
        atexit { try? FileManager.default.removeItem(atPath: StoreFixtures.rootPath) }
        return dir
    }()

    /// A new empty directory, inside this process's test directory.
    public static func temporaryDirectory() -> String {
        let dir = root + "/" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// A path for a database file in a new temporary directory.
    public static func databasePath() -> String {
        temporaryDirectory() + "/nq57.sqlite"
    }

    /// A new database with the schema and the reference data.
    public static func initializedStore() throws -> SQLiteStore {
        let store = try SQLiteStore(path: databasePath())
        try store.initialize()
        return store
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var demoTemplate: String?

    /// A path to a private copy of a `small` demo database (seed 57, as of 2026-01-15, made at `now`: its
    /// history stops at noon that day).
    public static func demoDatabasePath() throws -> String {
        lock.lock()
        defer { lock.unlock() }
        if demoTemplate == nil {
            let path = databasePath()
            do {
                let store = try SQLiteStore(path: path)
                try store.generateDemo(scale: .small, seed: demoSeed, asOf: demoAsOf, now: now)
            }
            demoTemplate = path
        }
        let copy = databasePath()
        try FileManager.default.copyItem(atPath: demoTemplate!, toPath: copy)
        return copy
    }

    /// A store on a private copy of the small demo database.
    public static func demoStore(access: SQLiteStore.Access = .readWrite) throws -> SQLiteStore {
        try SQLiteStore(path: try demoDatabasePath(), access: access)
    }

    /// Writes text (or bytes) to a new file named `name` and returns its path.
    public static func file(_ name: String, _ text: String) -> String {
        file(name, Array(text.utf8))
    }

    public static func file(_ name: String, _ bytes: [UInt8]) -> String {
        let path = temporaryDirectory() + "/" + name
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }

    /// A task for tests, by default at commune 00070 (Phường Hoàn Kiếm, Hà Nội).
    public static func task(_ id: String, unit: String = "00070", level: Level = .commune, deadline: CivilDate,
                            group: Int? = nil, area: Int = 3, title: String = "Số hóa dữ liệu hộ tịch") -> TaskRecord {
        TaskRecord(id: id, title: title, plan: "KH02-KH/BCĐTW", area: area, techGroup: group, level: level, unitCode: unit,
                   deadline: deadline)
    }

    /// A validated report input.
    public static func report(_ task: String, _ status: ReportStatus, _ progress: Int? = nil, at: Timestamp,
                              note: String = "", by: String = "") -> ReportInput {
        ReportInput(taskID: task, status: status,
                    progress: progress ?? (status == .done ? 100 : status == .notStarted ? 0 : 50),
                    reportedAt: at, note: note, reportedBy: by)
    }

    /// Parses `YYYY-MM-DD`, crashing on a typo in a test.
    public static func day(_ text: String) -> CivilDate {
        CivilDate(text)!
    }

    /// Parses an ISO 8601 time, crashing on a typo in a test.
    public static func time(_ text: String) -> Timestamp {
        Timestamp(iso: text)!
    }
}
