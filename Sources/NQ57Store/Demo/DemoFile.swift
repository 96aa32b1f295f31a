import Foundation
import GRDB
import NQ57Core

extension SQLiteStore {
    /// Makes a new demo database at `path`, where nothing may be yet: built in a file beside it (same
    /// directory, `.NAME.demo-PID`) without a journal on disk and without fsyncs,
    /// then switched to WAL, flushed to disk and linked into place. The data is exactly what
    /// `generateDemo` makes in an existing database.
    ///
    /// The path never shows a half-made database: when anything fails (or the process is killed) the
    /// path stays empty, and the file beside it is removed (by the next `createDemo` for the same path
    /// when this process died). A file that appears at `path` meanwhile is left as it is: the link refuses
    /// to replace it, and the demo is removed.
    ///
    /// Why: in an existing database the one transaction writes every page twice (the WAL, then the
    /// checkpoint); at stress scale that was 14 GB written for a 3.9 GB file (BENCHMARKS.md, "Demo
    /// generation, session 4"). The index sorts use temporary files, in small runs (`createIndexes`):
    /// in memory they cost four times the CPU (session 5).
    @discardableResult
    public static func createDemo(at path: String, scale: DemoScale, seed: UInt64, asOf: CivilDate,
                                  now: Timestamp = Timestamp(seconds: Int64(Date().timeIntervalSince1970)),
                                  progress: ((String) -> Void)? = nil) throws -> DemoSummary {
        let building = DemoFile.buildingPath(for: path)
        DemoFile.removeAbandoned(besides: path)
        if DemoFile.lexists(path) {
            throw StoreError.cannotCreateDatabase(path: path, reason: "a file is already there").error
        }
        // A file of this process id can only be a dead process's (the id reused): never build on it.
        DemoFile.remove(building)
        do {
            let summary: DemoSummary
            do {
                let store = try SQLiteStore(path: building)
                try store.bulkBuild(true)
                try store.initialize()
                summary = try store.generateDemo(scale: scale, seed: seed, asOf: asOf, now: now, progress: progress)
                progress?("writing \(path)")
                try store.bulkBuild(false)
            }  // closed here: the WAL and its index go with the last connection
            try DemoFile.sync(building)
            try DemoFile.linkIntoPlace(building, path)
            return summary
        } catch {
            DemoFile.remove(building)
            throw error
        }
    }

    /// For a file nobody else sees yet: journal in memory (the transaction can still roll back), no
    /// fsyncs; `false` puts WAL and the usual settings back.
    func bulkBuild(_ on: Bool) throws {
        try run {
            try queue.writeWithoutTransaction { db in
                if on {
                    try db.execute(sql: "PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF")
                } else {
                    try db.execute(sql: "PRAGMA synchronous = NORMAL")
                    let mode = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
                    guard mode == "wal" else { throw StoreError.sqlite(path: path, .other, message: "could not switch to WAL (\(mode ?? "?"))").error }
                }
            }
        }
    }
}

/// The file a new demo is built in, and how it goes into place.
enum DemoFile {
    static let marker = ".demo-"

    /// `DIR/.NAME.demo-PID`: beside the target, so the link is within one file system.
    static func buildingPath(for path: String, pid: Int32 = getpid()) -> String {
        let dir = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        return (dir.isEmpty ? "" : dir + "/") + "." + name + marker + String(pid)
    }

    static func lexists(_ path: String) -> Bool {
        var st = stat()
        return lstat(path, &st) == 0
    }

    /// The file and SQLite's companions.
    static func remove(_ building: String) {
        for suffix in ["", "-journal", "-wal", "-shm"] { unlink(building + suffix) }
    }

    /// Removes files left beside `path` by demos whose process is gone (killed while building).
    static func removeAbandoned(besides path: String) {
        let dir = (path as NSString).deletingLastPathComponent
        let prefix = "." + (path as NSString).lastPathComponent + marker
        for name in (try? FileManager.default.contentsOfDirectory(atPath: dir.isEmpty ? "." : dir)) ?? [] where name.hasPrefix(prefix) {
            guard let pid = Int32(name.dropFirst(prefix.count)), pid != getpid(), kill(pid, 0) != 0, errno == ESRCH else { continue }
            remove(buildingPath(for: path, pid: pid))
        }
    }

    /// Flushes the finished file to disk before it gets its name: after a crash the name never points
    /// at pages that were not written.
    static func sync(_ path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0, fsync(fd) == 0 else {
            let reason = String(cString: strerror(errno))
            if fd >= 0 { close(fd) }
            throw StoreError.cannotCreateDatabase(path: path, reason: reason).error
        }
        close(fd)
    }

    /// Gives `building` the name `path` without ever replacing a file there (a hard link fails when the
    /// name exists), then drops the building name.
    static func linkIntoPlace(_ building: String, _ path: String) throws {
        if link(building, path) != 0 {
            let error = errno
            // File systems without hard links: a rename, when the name is still free.
            guard error != EEXIST, !lexists(path), rename(building, path) == 0 else {
                let reason = error == EEXIST ? "a file appeared there while the demo was made; it was left as it is"
                    : String(cString: strerror(error))
                throw StoreError.cannotCreateDatabase(path: path, reason: reason).error
            }
        } else {
            unlink(building)
        }
        let dir = (path as NSString).deletingLastPathComponent
        let fd = open(dir.isEmpty ? "." : dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd >= 0 {
            _ = fsync(fd)
            close(fd)
        }
    }
}
