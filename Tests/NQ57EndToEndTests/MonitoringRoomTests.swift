import Foundation
import Testing
import NQ57TestSupport

/// Many operators, one database: real Unix accounts in a readers' and a writers' group, the database
/// shared by `nq57 init --group --writers`, each account running the real binary as itself (through
/// `runuser`, and through a real SSH login on loopback).
///
/// Needs root (to make accounts and groups). Outside CI, not being root skips the suite; under CI it
/// is a failure, since CI runs the tests as root.
@Suite(.serialized, .enabled(if: Tmux.isAvailable && (getuid() == 0 || ProcessInfo.processInfo.environment["CI"] != nil),
                             "needs root (makes Unix accounts and groups) and tmux"))
struct MonitoringRoomTests {
    @Test func readersWatchWritersWriteOutsidersCannotRead() throws {
        let room = try Room()
        let before = try room.reportCount()

        // The reader's watch: no flags, the system configuration names the database and the interval.
        let t = try Tmux(room.command(as: room.reader, "watch"), width: 200, height: 50)
        let first = try t.waitFor("Nhiệm vụ theo cấp", timeout: 15)
        #expect(first != nil, "\(t.dump)")
        let screen = try t.screen()
        #expect(screen[0].contains("trực tiếp · mỗi 1 s"), "\(t.dump)")
        #expect(!screen.joined().contains("Số liệu cũ"), "\(t.dump)")
        let start = try #require(LiveTests.levelRow(screen, "Cấp xã"), "\(t.dump)")
        #expect(start[0] > 0)

        // Reading commands work for the reader.
        let tasks = try room.run(as: room.reader, "export", "--what", "tasks")
        #expect(tasks.status == 0, "\(tasks.stderr)")
        let overdue = tasks.stdout.split(separator: "\n").filter { $0.hasSuffix(",overdue") && $0.contains(",commune,") }
            .map { String($0.split(separator: ",")[0]) }
        try #require(overdue.count >= 4)
        for args in [["snapshot", "--width", "100"], ["check"]] {
            let r = try room.run(as: room.reader, args)
            #expect(r.status == 0, "\(args): \(r.stderr)")
        }
        // Browsing: with --read-only, and without (a file this account cannot write opens read-only).
        for args in [["dashboard", "--read-only"], ["dashboard"]] {
            let browse = try Tmux(room.command(as: room.reader, args), width: 160, height: 50)
            #expect(try browse.waitFor("Nhiệm vụ theo cấp", timeout: 15) != nil, "\(args): \(browse.dump)")
            try browse.send("q")
            #expect(try browse.waitFor("[exited 0]", timeout: 15) != nil, "\(args): \(browse.dump)")
        }

        // The reader may not write: one line naming the file and the permission, exit 74, nothing stored.
        let refused = try room.run(as: room.reader, "report", "--task", overdue[0], "--status", "done")
        #expect(refused.status == 74, "\(refused.stdout) \(refused.stderr)")
        #expect(refused.stderr.hasPrefix("nq57: \(room.db): cannot write: no write permission for \(room.reader)"), "\(refused.stderr)")
        #expect(refused.stderr.split(separator: "\n").count == 1, "\(refused.stderr)")
        #expect(try room.reportCount() == before)

        // The writer's report shows on the reader's screen within a tick (one second; waits up to 15).
        let written = try room.run(as: room.writer, "report", "--task", overdue[0], "--status", "done", "--by", "writer")
        #expect(written.status == 0, "\(written.stderr)")
        let seen = try t.waitFor(timeout: 15) { LiveTests.levelRow($0, "Cấp xã")?[4] == start[4] - 1 }
        #expect(seen != nil, "\(t.dump)")

        // The writer's import, while the reader watches.
        let csv = room.file("in.csv", "task_id,status,progress,reported_at,note,reported_by\n"
            + "\(overdue[1]),done,100,,,import\n\(overdue[2]),done,100,,,import\n")
        let imported = try room.run(as: room.writer, "import", csv)
        #expect(imported.status == 0, "\(imported.stderr)")
        let seenImport = try t.waitFor(timeout: 15) { LiveTests.levelRow($0, "Cấp xã")?[4] == start[4] - 3 }
        #expect(seenImport != nil, "\(t.dump)")
        #expect(try room.reportCount() == before + 3)

        // Outside both groups: nothing to read, and the refusal names the closed directory.
        let outside = try room.run(as: room.outsider, "snapshot")
        #expect(outside.status == 74, "\(outside.stderr)")
        #expect(outside.stderr.contains("\(room.gate) is closed to \(room.outsider)"), "\(outside.stderr)")
        #expect(try room.run(as: room.outsider, "export", "--what", "reports").stdout.isEmpty)

        // A permission lost while watching: the stale banner says so in the screen's language.
        try Room.sh("chmod", "0700", room.gate)
        let banner = try t.waitFor("không có quyền đọc", timeout: 15)
        #expect(banner?.contains { $0.contains("Số liệu cũ từ") && $0.contains("nhóm xem") } == true, "\(t.dump)")
        try t.send("L")
        let english = try t.waitFor("no permission to read \(room.db): ask an administrator", timeout: 15)
        #expect(english?.contains { $0.contains("stale since") } == true, "\(t.dump)")
        try t.send("L")
        try Room.sh("chmod", "0750", room.gate)
        #expect(try t.waitFor(timeout: 15) { !$0.joined().contains("Số liệu cũ") } != nil, "\(t.dump)")
        try t.send("q")
        #expect(try t.waitFor("[exited 0]", timeout: 15) != nil, "\(t.dump)")

        // A writer alone (no reader holds the file open) closes last: the -wal and -shm stay for the
        // readers, who cannot make them, and a reader starting afterwards reads the new report.
        let alone = try room.run(as: room.writer, "report", "--task", overdue[3], "--status", "done", "--by", "writer")
        #expect(alone.status == 0, "\(alone.stderr)")
        #expect(FileManager.default.fileExists(atPath: room.db + "-shm"))
        #expect(try FileManager.default.attributesOfItem(atPath: room.db + "-wal")[.size] as? Int == 0)  // kept, emptied
        let late = try room.run(as: room.reader, "export", "--what", "reports")
        #expect(late.status == 0, "\(late.stderr)")
        #expect(late.stdout.split(separator: "\n").count == before + 5, "\(late.stderr)")  // a header and every report

        // Another SQLite program writing last deletes them: readers are told, and the next nq57 write heals.
        try Room.sh("rm", room.db + "-wal", room.db + "-shm")
        let lost = try room.run(as: room.reader, "snapshot")
        #expect(lost.status == 74, "\(lost.stderr)")
        #expect(lost.stderr.contains("cannot read: its -wal and -shm files are missing and \(room.reader) may not create them"), "\(lost.stderr)")
        #expect(try room.run(as: room.writer, "metric", "set", "st_enterprises", "1001", "--as-of", "2026-12-01").status == 0)
        #expect(try room.run(as: room.reader, "snapshot").status == 0)
    }

    /// A writer's connection open all along (its -shm mapped, the WAL in use): the reader then maps
    /// the -shm read-only instead of reading the -wal into its own memory, and must work as well.
    @Test func aReaderStartsWhileAWriterHoldsTheDatabaseOpen() throws {
        let room = try Room()
        let writing = try Tmux(room.command(as: room.writer, "watch", "1", "--read-write"), width: 160, height: 50)
        #expect(try writing.waitFor("Nhiệm vụ theo cấp", timeout: 15) != nil, "\(writing.dump)")
        let task = try #require(try room.run(as: room.reader, "export", "--what", "tasks").stdout.split(separator: "\n")
            .first { $0.hasSuffix(",overdue") && $0.contains(",commune,") }).split(separator: ",")[0]
        let t = try Tmux(room.command(as: room.reader, "watch"), width: 160, height: 50)
        #expect(try t.waitFor("Nhiệm vụ theo cấp", timeout: 15) != nil, "\(t.dump)")
        let start = try #require(LiveTests.levelRow(try t.screen(), "Cấp xã"), "\(t.dump)")
        let written = try room.run(as: room.writer, "report", "--task", String(task), "--status", "done", "--by", "writer")
        #expect(written.status == 0, "\(written.stderr)")
        #expect(try t.waitFor(timeout: 15) { LiveTests.levelRow($0, "Cấp xã")?[4] == start[4] - 1 } != nil, "\(t.dump)")
        #expect(try writing.waitFor(timeout: 15) { LiveTests.levelRow($0, "Cấp xã")?[4] == start[4] - 1 } != nil, "\(writing.dump)")
        for session in [t, writing] {
            try session.send("q")
            #expect(try session.waitFor("[exited 0]", timeout: 15) != nil, "\(session.dump)")
        }
    }

    @Test func writersNeedBothGroupsAndInitSaysSo() throws {
        let room = try Room(writerInReaders: false)
        let r = try room.run(as: room.writer, "report", "--task", "x", "--status", "done")
        #expect(r.status == 74)
        #expect(r.stderr.contains("\(room.gate) is closed to \(room.writer)"), "\(r.stderr)")
        let again = try Shell.run(room.binary, ["init", "--db", room.db, "--group", room.readersGroup, "--writers", room.writersGroup])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stderr.hasPrefix("nq57: warning: \(room.writer) in \(room.writersGroup) but not in \(room.readersGroup)"), "\(again.stderr)")
    }

    /// Under CI the test installs OpenSSH's server itself (scripts/test-deps-ssh); elsewhere it runs
    /// when the server is already there.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/sbin/sshd") || ProcessInfo.processInfo.environment["CI"] != nil,
                   "needs openssh-server (scripts/test-deps-ssh installs it)"))
    func theReadersWatchOverSSH() throws {
        let room = try Room()
        let deps = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/test-deps-ssh").path
        let installed = try Shell.run(deps, [])
        try #require(installed.status == 0, "scripts/test-deps-ssh: \(installed.stderr)")
        let sshd = try SSHServer(room: room, user: room.reader)
        defer { sshd.stop() }

        let t = try Tmux("ssh -tt -p \(sshd.port) -i \(sshd.clientKey) -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null "
            + "-o BatchMode=yes -o LogLevel=ERROR \(room.reader)@127.0.0.1 \(room.binary) watch", width: 160, height: 50)
        let first = try t.waitFor("Nhiệm vụ theo cấp", timeout: 15)
        #expect(first != nil, "\(t.dump)\n\(sshd.log)")
        let start = try #require(LiveTests.levelRow(try t.screen(), "Cấp xã"), "\(t.dump)")
        let task = try #require(try room.run(as: room.writer, "export", "--what", "tasks").stdout.split(separator: "\n")
            .first { $0.hasSuffix(",overdue") && $0.contains(",commune,") }).split(separator: ",")[0]
        let written = try room.run(as: room.writer, "report", "--task", String(task), "--status", "done", "--by", "writer")
        #expect(written.status == 0, "\(written.stderr)")
        #expect(try t.waitFor(timeout: 15) { LiveTests.levelRow($0, "Cấp xã")?[4] == start[4] - 1 } != nil, "\(t.dump)")
        try t.send("q")
        #expect(try t.waitFor("[exited 0]", timeout: 15) != nil, "\(t.dump)")
    }
}

extension MonitoringRoomTests {
    /// Two groups, three accounts, the binary where every account can run it, and a database shared
    /// by `nq57 init --group --writers`, all removed again at the end.
    final class Room: @unchecked Sendable {
        let tag = String(UUID().uuidString.prefix(6)).lowercased()
        var readersGroup: String { "nq57v\(tag)" }
        var writersGroup: String { "nq57e\(tag)" }
        var reader: String { "nq57r\(tag)" }
        var writer: String { "nq57w\(tag)" }
        var outsider: String { "nq57o\(tag)" }
        let base: String
        var binary: String { base + "/bin/nq57" }
        var gate: String { base + "/room" }
        var db: String { base + "/room/data/nq57.sqlite" }
        var config: String { base + "/etc/config.toml" }
        private var groups: [String] = []
        private var users: [String] = []

        init(writerInReaders: Bool = true) throws {
            base = "/tmp/nq57-room-" + tag
            try #require(getuid() == 0, "the monitoring-room tests make Unix accounts: under CI they must run as root")
            // The test bundle lives under /work/…, which other accounts may not pass through: the
            // binary and the themes go where every account can read them.
            try Self.sh("mkdir", "-p", base + "/bin", base + "/etc", base + "/themes")
            try Self.sh("chmod", "0755", base, base + "/bin", base + "/etc", base + "/themes")
            try Self.sh("cp", Binary.path, binary)
            try Self.sh("chmod", "0755", binary)
            let themes = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("themes").path
            try Self.sh("sh", "-c", "cp '\(themes)'/*.toml '\(base)/themes/' && chmod 0644 '\(base)'/themes/*")
            for g in [readersGroup, writersGroup] {
                try Self.sh("groupadd", g)
                groups.append(g)
            }
            let memberships = [(reader, readersGroup), (writer, writerInReaders ? "\(readersGroup),\(writersGroup)" : writersGroup), (outsider, "")]
            for (user, member) in memberships {
                // Password "*": no password login, but not locked, so sshd lets a key in.
                try Self.sh("useradd", "-M", "-N", "-s", "/bin/sh", "-p", "*", "-d", base, user)
                users.append(user)
                if !member.isEmpty { try Self.sh("usermod", "-aG", member, user) }
            }
            #expect(FileManager.default.createFile(atPath: config, contents: Data("database = \"\(db)\"\nrefresh = 1\n".utf8)), "cannot write a file the test needs")
            try Self.sh("chmod", "0644", config)
            // The demo data, then the set-up under test.
            try Self.sh("mkdir", "-p", base + "/room/data")
            let demo = TemporaryDirectory()
            try FileManager.default.copyItem(atPath: try DemoDatabase.copy(into: demo), toPath: db)
            let r = try Shell.run(binary, ["init", "--db", db, "--group", readersGroup, "--writers", writersGroup])
            try #require(r.status == 0, "nq57 init --group: \(r.stderr)")
        }

        deinit {
            for u in users { _ = try? Shell.run("userdel", ["-f", u]) }
            for g in groups { _ = try? Shell.run("groupdel", [g]) }
            _ = try? Shell.run("rm", ["-rf", base])
        }

        /// The environment of a login: nothing of the test runner's, the test's system configuration.
        var environment: [String] {
            ["HOME=\(base)", "PATH=/usr/bin:/bin", "LANG=C.UTF-8", "TERM=xterm-256color", "NQ57_SYSTEM_CONFIG=\(config)"]
        }

        /// A shell command line running `nq57 args…` as `user`.
        func command(as user: String, _ args: String...) -> String { command(as: user, args) }

        func command(as user: String, _ args: [String]) -> String {
            (["runuser", "-u", user, "--", "env", "-i"] + environment + [binary] + args).joined(separator: " ")
        }

        func run(as user: String, _ args: String...) throws -> Binary.Result { try run(as: user, args) }

        func run(as user: String, _ args: [String]) throws -> Binary.Result {
            try Shell.run("runuser", ["-u", user, "--", "env", "-i"] + environment + [binary] + args)
        }

        /// A file every account can read.
        func file(_ name: String, _ text: String) -> String {
            let path = base + "/" + name
            #expect(FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o644]), "cannot write a file the test needs")
            return path
        }

        func reportCount() throws -> Int {
            let r = try Shell.run("sqlite3", ["-readonly", db, "SELECT count(*) FROM reports"])
            return try #require(Int(r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)), "\(r.stderr)")
        }

        @discardableResult
        static func sh(_ program: String, _ args: String...) throws -> Binary.Result {
            let r = try Shell.run(program, args)
            try #require(r.status == 0, "\(program) \(args.joined(separator: " ")): \(r.stderr)")
            return r
        }
    }

    /// OpenSSH's server on a free port of 127.0.0.1, a child of the test with its own host key and
    /// configuration, letting one account in with a key made for the test.
    final class SSHServer: @unchecked Sendable {
        let port: Int
        let clientKey: String
        private let process = Process()
        private let logPath: String

        init(room: Room, user: String) throws {
            let dir = room.base + "/ssh"
            try Room.sh("mkdir", "-p", dir, "/run/sshd")
            try Room.sh("chmod", "0755", dir)
            try Room.sh("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", dir + "/host_key")
            try Room.sh("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", dir + "/client_key")
            clientKey = dir + "/client_key"
            try Room.sh("cp", dir + "/client_key.pub", dir + "/authorized_keys")
            try Room.sh("chmod", "0644", dir + "/authorized_keys")
            port = try Self.freePort()
            let config = """
                Port \(port)
                ListenAddress 127.0.0.1
                HostKey \(dir)/host_key
                PidFile none
                UsePAM no
                PasswordAuthentication no
                KbdInteractiveAuthentication no
                PubkeyAuthentication yes
                AuthorizedKeysFile \(dir)/authorized_keys
                StrictModes no
                AllowUsers \(user)
                PrintMotd no
                PrintLastLog no
                SetEnv NQ57_SYSTEM_CONFIG=\(room.config) LANG=C.UTF-8

                """
            #expect(FileManager.default.createFile(atPath: dir + "/sshd_config", contents: Data(config.utf8)), "cannot write a file the test needs")
            logPath = dir + "/sshd.log"
            #expect(FileManager.default.createFile(atPath: logPath, contents: nil), "cannot write a file the test needs")
            process.executableURL = URL(fileURLWithPath: "/usr/sbin/sshd")
            process.arguments = ["-D", "-e", "-f", dir + "/sshd_config"]
            let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
            process.standardOutput = log
            process.standardError = log
            try process.run()
            // Ready when the port accepts a connection (sshd -D checks its configuration first).
            let deadline = Date().addingTimeInterval(15)
            while !Self.accepts(port), process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
            try #require(Self.accepts(port), "sshd did not start: \(self.log)")
        }

        var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

        func stop() {
            if process.isRunning {
                process.terminate()
                process.waitUntilExit()
            }
        }

        deinit { stop() }

        static func freePort() throws -> Int {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(fd) }
            var addr = sockaddr_in()
            addr.sin_family = sa_family_t(AF_INET)
            addr.sin_addr.s_addr = inet_addr("127.0.0.1")
            addr.sin_port = 0
            var len = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafeMutablePointer(to: &addr) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) == 0 && getsockname(fd, $0, &len) == 0 }
            }
            try #require(bound, "no free port on 127.0.0.1")
            return Int(UInt16(bigEndian: addr.sin_port))
        }

        static func accepts(_ port: Int) -> Bool {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(fd) }
            var addr = sockaddr_in()
            addr.sin_family = sa_family_t(AF_INET)
            addr.sin_addr.s_addr = inet_addr("127.0.0.1")
            addr.sin_port = UInt16(port).bigEndian
            return withUnsafePointer(to: &addr) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
            }
        }
    }
}
