import Foundation
import Testing
import NQ57TestSupport

/// `nq57 init --group --writers` refusing what it must not do, before touching anything (these need no
/// root: the refusals come before any change of owner or mode). The set-up itself is in
/// MonitoringRoomTests.
@Suite struct SharedSetupTests {
    let dir = TemporaryDirectory()

    @Test func anUnknownGroupIsNamedAndNothingIsMade() throws {
        let db = dir.path + "/room/data/nq57.sqlite"
        let r = try Binary.run(["init", "--db", db, "--group", "nq57-no-such-group", "--writers", "root"])
        #expect(r.status == 64, "\(r.stderr)")
        #expect(r.stderr == "nq57: --group nq57-no-such-group: no such group (create it first: groupadd nq57-no-such-group)\n")
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/room"))
    }

    @Test func theOuterDirectoryMustHoldNothingElse() throws {
        // dir/ holds data/ and notes.txt: closing dir/ to all but the readers would hide notes.txt.
        dir.write("notes.txt", "mine")
        let db = dir.path + "/data/nq57.sqlite"
        let r = try Binary.run(["init", "--db", db, "--group", "root", "--writers", "root"])
        #expect(r.status == 64, "\(r.stderr)")
        #expect(r.stderr.hasPrefix("nq57: \(dir.path): holds notes.txt besides data/; the set-up closes \(dir.path) to all but group root"),
                "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: db))
        let mode = try FileManager.default.attributesOfItem(atPath: dir.path)[.posixPermissions] as? Int
        #expect(mode != 0o750)
    }

    @Test func theDatabaseNeedsTwoDirectoriesOfItsOwn() throws {
        let db = "/nq57-shared-test.sqlite"
        let r = try Binary.run(["init", "--db", db, "--group", "root", "--writers", "root"])
        #expect(r.status == 64, "\(r.stderr)")
        #expect(r.stderr == "nq57: \(db): a shared database needs a directory of its own inside a directory of its own, "
                + "such as /srv/nq57/data/nq57.sqlite (the outer one is closed to all but the readers' group)\n")
        #expect(!FileManager.default.fileExists(atPath: db))
    }

    @Test func groupAndWritersGoTogether() throws {
        let r = try Binary.run(["init", "--db", dir.file("nq57.sqlite"), "--group", "root"])
        #expect(r.status == 64, "\(r.stderr)")
        #expect(r.stderr.contains("--group and --writers go together"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.file("nq57.sqlite")))
    }
}
