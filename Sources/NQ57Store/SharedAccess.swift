import Foundation
import NQ57Core

/// What a database shared by many Unix accounts needs, checked before SQLite is asked to open it, so
/// a missing permission is one line naming the file, the permission and the fix, never SQLite's
/// "attempt to write a readonly database" after the fact.
///
/// A WAL database is read through its `-wal` and `-shm` files. A reader that may not write them (nor
/// create them in the directory) still reads, since SQLite 3.22, when both exist: with a writer running
/// it maps the `-shm` read-only, and with none it reads the `-wal` into its own memory. So the shared
/// set-up (`nq57 init --group`) keeps both files for ever: writers open it with
/// `SQLITE_FCNTL_PERSIST_WAL` (see `isShared`), and the files are never deleted on close.
public enum SharedAccess {
    /// A database file readable or writable by others than its owner (any group or other bit set):
    /// connections that write keep its `-wal` and `-shm` (`SQLITE_FCNTL_PERSIST_WAL`) so that readers
    /// who cannot create them keep working. A private 0600 file behaves as before.
    static func isShared(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & 0o077) != 0
    }

    /// The file exists and this account may read it but not write it: a reader of a shared database.
    public static func isReadOnlyForMe(_ path: String) -> Bool {
        access(path, R_OK) == 0 && access(path, W_OK) != 0
    }

    /// Throws a permission error when the file cannot be opened as `write` asks. Returns quietly
    /// when the file does not exist and nothing forbids its creation (the caller decides).
    static func check(_ path: String, write: Bool) throws {
        var st = stat()
        if stat(path, &st) != 0 {
            guard errno == EACCES else { return }
            let blocked = firstClosedDirectory(of: path)
            throw denied(path, write ? .write : .read,
                         "cannot \(write ? "write" : "read"): \(blocked) is closed to \(whoAmI) (\(describe(blocked))); "
                         + (write ? "writers need its group as well as the writers' group (nq57 init --group, --writers)"
                                  : "readers need its group (nq57 init --group)"))
        }
        if (st.st_mode & S_IFMT) == S_IFDIR { return }
        if access(path, R_OK) != 0 {
            throw denied(path, .read, "cannot read: no read permission for \(whoAmI) (\(describe(path))); "
                         + "readers need the directory's group (nq57 init --group)")
        }
        let dir = directory(of: path)
        if write {
            for file in [path, path + "-wal", path + "-shm"] where FileSystem.exists(file) && access(file, W_OK) != 0 {
                throw denied(file, .write, "cannot write: no write permission for \(whoAmI) (\(describe(file))); "
                             + "writers need its group (nq57 init --writers); nothing was written")
            }
            if !FileSystem.exists(path + "-wal") || !FileSystem.exists(path + "-shm"), access(dir, W_OK) != 0 {
                throw denied(dir, .write, "cannot write: \(whoAmI) may not create the database's -wal and -shm here "
                             + "(\(describe(dir))); run nq57 init --group as the owner to make them")
            }
        } else if isWAL(path), !FileSystem.exists(path + "-wal") || !FileSystem.exists(path + "-shm"), access(dir, W_OK) != 0 {
            throw denied(path, .walFiles, "cannot read: its -wal and -shm files are missing and \(whoAmI) may not create them "
                         + "(\(describe(dir))); any nq57 write by a writer, or nq57 init --group, makes them again")
        }
    }

    /// A permission error: exit 74, and the dashboard names it in its own language.
    static func denied(_ path: String, _ need: NQ57Error.Denied.Need, _ what: String) -> NQ57Error {
        var error = NQ57Error(.io, "\(path): \(what)")
        error.denied = NQ57Error.Denied(path: path, need: need)
        return error
    }

    /// The file's directory ("." for a bare name).
    static func directory(of path: String) -> String {
        let dir = (path as NSString).deletingLastPathComponent
        return dir.isEmpty ? "." : dir
    }

    /// The outermost directory on the way to `path` that this account may not pass through.
    static func firstClosedDirectory(of path: String) -> String {
        var prefixes: [String] = []
        var dir = directory(of: path)
        while true {
            prefixes.append(dir)
            let parent = directory(of: dir)
            if parent == dir || dir == "." { break }
            dir = parent
        }
        for d in prefixes.reversed() where access(d, X_OK) != 0 { return d }
        return directory(of: path)
    }

    /// `owner:group mode`, e.g. `root:nq57-edit -rw-rw-r--`.
    public static func describe(_ path: String) -> String {
        var st = stat()
        guard stat(path, &st) == 0 else { return "cannot be examined" }
        let owner = getpwuid(st.st_uid).map { String(cString: $0.pointee.pw_name) } ?? String(st.st_uid)
        let group = getgrgid(st.st_gid).map { String(cString: $0.pointee.gr_name) } ?? String(st.st_gid)
        let kind = (st.st_mode & S_IFMT) == S_IFDIR ? "d" : "-"
        var bits = "rwxrwxrwx".enumerated().map { i, c in (st.st_mode & mode_t(1 << (8 - i))) != 0 ? String(c) : "-" }
        if (st.st_mode & S_ISGID) != 0 { bits[5] = bits[5] == "x" ? "s" : "S" }
        return "\(owner):\(group) \(kind)\(bits.joined())"
    }

    /// The account this process runs as.
    static var whoAmI: String {
        getpwuid(geteuid()).map { String(cString: $0.pointee.pw_name) } ?? "uid \(geteuid())"
    }

    /// The header says WAL (bytes 18 and 19 are 2).
    static func isWAL(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        guard let head = try? handle.read(upToCount: 20), head.count == 20 else { return false }
        return head[head.startIndex + 18] == 2 && head[head.startIndex + 19] == 2
    }
}
