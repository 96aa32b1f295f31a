import Foundation
import NQ57Core
@testable import NQ57Store
import NQ57TestSupport
import Testing

/// The file's edge cases: a read-only dashboard on a file truncated to 0 bytes must not block
/// writers; a database made through a dangling symbolic link is private like any other.
@Suite struct TruncatedFileTests {
    typealias F = StoreFixtures

    @Test func aReadOnlyWatchOnAnEmptiedFileDoesNotBlockAWriter() throws {
        let path = try F.initializedStore().path
        let following = FollowingStore(path: path, access: .readOnly)
        _ = try following.changeToken()
        // Emptied in place (same inode), as `: > file` does.
        let fd = open(path, O_WRONLY | O_TRUNC)
        close(fd)
        for _ in 0..<3 {
            _ = try? following.changeToken()
            _ = try? following.overview(asOf: F.demoAsOf, latest: 1)
        }
        // Blocked, this fails with "the database stayed locked past the busy timeout".
        let writer = try SQLiteStore(path: path)
        try writer.initialize()
        for _ in 0..<3 { _ = try? following.changeToken() }
        try writer.addTask(F.task("T", deadline: F.day("2025-12-31")))
        #expect(try following.taskDetail(id: "T", asOf: F.demoAsOf, historyLimit: 0) != nil)
    }

    @Test func aDatabaseMadeThroughADanglingSymlinkIsPrivate() throws {
        let dir = F.temporaryDirectory()
        let link = dir + "/nq57.sqlite", target = dir + "/real.sqlite"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        try SQLiteStore(path: link).initialize()
        let attributes = try FileManager.default.attributesOfItem(atPath: target)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    }
}
