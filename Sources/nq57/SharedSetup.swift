import Foundation
import NQ57Core
import NQ57Store

/// `nq57 init --group READERS --writers WRITERS`: one database for a monitoring room, every member of
/// the readers' group may read it (live refresh included) and only members of the writers' group may
/// write it.
///
/// Plain Unix modes give each file one group, so the two groups are placed on two directories:
///
///     GATE/               owner:READERS  0750   members of READERS pass, nobody else does
///     GATE/DATA/          owner:WRITERS  2775   writers may create files here (group kept by setgid)
///     GATE/DATA/db        owner:WRITERS  0664   writers write; readers, who reached it, read
///     GATE/DATA/db-wal    owner:WRITERS  0664   kept for ever (SQLITE_FCNTL_PERSIST_WAL), so that
///     GATE/DATA/db-shm    owner:WRITERS  0664   readers, who cannot create them, always find them
///
/// So a writer must be a member of both groups (the set-up warns about one who is not), and GATE, the
/// directory above the database's own, must hold nothing else: it is closed to everyone outside READERS.
enum SharedSetup {
    struct Group {
        var name: String
        var gid: gid_t
        var members: Set<String>

        init(_ name: String, option: String) throws {
            guard let g = getgrnam(name) else {
                throw CLIError.sharedSetup(.noSuchGroup(option: option, name: name))
            }
            self.name = name
            gid = g.pointee.gr_gid
            var members = Set<String>()
            var p = g.pointee.gr_mem
            while let m = p?.pointee {
                members.insert(String(cString: m))
                p = p?.advanced(by: 1)
            }
            self.members = members
        }

        /// Members through the group list, or through their primary group.
        func contains(_ user: String) -> Bool {
            members.contains(user) || getpwnam(user).map { $0.pointee.pw_gid == gid } == true
        }
    }

    /// Sets the database at `path` up (creating and initialising it when needed) for the two groups.
    /// Returns the lines to print; a writer who is not a reader is a warning on standard error.
    static func run(path rawPath: String, readers: String, writers: String, initialize: (String) throws -> String) throws -> [String] {
        let readers = try Group(readers, option: "--group")
        let writers = try Group(writers, option: "--writers")
        let path = rawPath.hasPrefix("/") ? rawPath : FileManager.default.currentDirectoryPath + "/" + rawPath
        let data = (path as NSString).deletingLastPathComponent
        let gate = (data as NSString).deletingLastPathComponent
        guard !gate.isEmpty, gate != "/" else {
            throw CLIError.sharedSetup(.notTwoDirectoriesDeep(path: path))
        }
        let dataName = (data as NSString).lastPathComponent
        if let others = try? FileManager.default.contentsOfDirectory(atPath: gate).filter({ $0 != dataName }), !others.isEmpty {
            throw CLIError.sharedSetup(.outerDirectoryHoldsOthers(path: path, others: others.sorted(), readers: readers.name))
        }
        do {
            try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw CLIError.sharedSetup(.cannotCreateDirectory(path: data, reason: error.localizedDescription))
        }

        // Initialise the file first (its connection closes at the end of the call), then share it.
        let summary = try initialize(path)
        try set(path, group: writers, mode: 0o664)
        // Opened again now that the file is shared: the connection keeps its -wal and -shm on close.
        _ = try SQLiteStore(path: path).appliedMigrations()
        for suffix in ["-wal", "-shm"] {
            let file = path + suffix
            if !FileManager.default.fileExists(atPath: file) {
                let fd = open(file, O_CREAT | O_WRONLY | O_CLOEXEC, 0o664)
                guard fd >= 0 else { throw CLIError.sharedSetup(.cannotCreateFile(path: file, errno: errno)) }
                close(fd)
            }
            try set(file, group: writers, mode: 0o664)
        }
        try set(data, group: writers, mode: 0o2775)
        try set(gate, group: readers, mode: 0o750)

        var lines = [summary,
                     "\(gate)/ \(SharedAccess.describe(gate)): only group \(readers.name) passes",
                     "\(data)/ \(SharedAccess.describe(data)), \(path)(-wal, -shm) \(SharedAccess.describe(path)): group \(writers.name) writes, \(readers.name) reads"]
        let notReaders = writers.members.filter { !readers.contains($0) }.sorted()
        if !notReaders.isEmpty {
            Console.note("nq57: warning: \(notReaders.joined(separator: ", ")) in \(writers.name) but not in \(readers.name) cannot reach the database: "
                         + notReaders.map { "usermod -aG \(readers.name) \($0)" }.joined(separator: "; "))
        }
        lines.append("so that `nq57 watch` needs no --db, put database = \"\(path)\" in /etc/nq57/config.toml")
        return lines
    }

    static func set(_ path: String, group: Group, mode: mode_t) throws {
        if chown(path, uid_t.max, group.gid) != 0 {  // uid -1: the owner stays
            throw CLIError.sharedSetup(.cannotChangeGroup(path: path, group: group.name, errno: errno))
        }
        if chmod(path, mode) != 0 {
            throw CLIError.sharedSetup(.cannotSetMode(path: path, mode: mode, errno: errno))
        }
    }
}

extension SharedSetup {
    /// What the set-up refuses or fails at, one case each (`CLIError.sharedSetup`).
    enum Failure: Error, Equatable {
        case noSuchGroup(option: String, name: String)
        /// The database is not in a directory of its own inside another (GATE/DATA/db).
        case notTwoDirectoriesDeep(path: String)
        /// GATE, which the set-up closes to all but the readers, holds other files (`others`, sorted).
        case outerDirectoryHoldsOthers(path: String, others: [String], readers: String)
        case cannotCreateDirectory(path: String, reason: String)
        case cannotCreateFile(path: String, errno: Int32)
        case cannotChangeGroup(path: String, group: String, errno: Int32)
        case cannotSetMode(path: String, mode: mode_t, errno: Int32)

        var nq57Error: NQ57Error {
            func reason(_ code: Int32) -> String { String(cString: strerror(code)) }
            switch self {
            case .noSuchGroup(let option, let name):
                return NQ57Error(.usage, "\(option) \(name): no such group (create it first: groupadd \(name))")
            case .notTwoDirectoriesDeep(let path):
                return NQ57Error(.usage, "\(path): a shared database needs a directory of its own inside a directory of its own, "
                                 + "such as /srv/nq57/data/nq57.sqlite (the outer one is closed to all but the readers' group)")
            case .outerDirectoryHoldsOthers(let path, let others, let readers):
                let data = (path as NSString).deletingLastPathComponent
                let gate = (data as NSString).deletingLastPathComponent
                let dataName = (data as NSString).lastPathComponent
                return NQ57Error(.usage, "\(gate): holds \(others.prefix(3).joined(separator: ", "))\(others.count > 3 ? "…" : "") "
                                 + "besides \(dataName)/; the set-up closes \(gate) to all but group \(readers), so give the database "
                                 + "a directory of its own, such as \(gate)/nq57/\(dataName)/\((path as NSString).lastPathComponent)")
            case .cannotCreateDirectory(let path, let why):
                return NQ57Error(.io, "\(path): cannot create the directory: \(why)")
            case .cannotCreateFile(let path, let code):
                return NQ57Error(.io, "\(path): cannot create: \(reason(code))")
            case .cannotChangeGroup(let path, let group, let code):
                return NQ57Error(.io, "\(path): cannot give it to group \(group): \(reason(code)) "
                                 + "(run nq57 init --group as root or as the owner, a member of \(group))")
            case .cannotSetMode(let path, let mode, let code):
                return NQ57Error(.io, "\(path): cannot set mode \(String(mode, radix: 8)): \(reason(code))")
            }
        }
    }
}
