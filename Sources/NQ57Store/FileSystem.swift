import Foundation
import NQ57Core

/// Small POSIX file helpers.
enum FileSystem {
    static func exists(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0
    }

    static func isDirectory(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    /// Creates the file with mode 0600, and its missing parent directories with mode 0700.
    static func createFileIfMissing(_ path: String) throws {
        if exists(path) {
            if isDirectory(path) { throw StoreError.databaseIsDirectory(path: path).error }
            return
        }
        let dir = (path as NSString).deletingLastPathComponent
        if !dir.isEmpty, !exists(dir) {
            do {
                try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: 0o700])
            } catch {
                throw StoreError.cannotCreateDirectory(path: dir, reason: error.localizedDescription).error
            }
        }
        var fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        if fd < 0, errno == EEXIST, !exists(path) {
            // A dangling symbolic link (O_EXCL never follows one): create its target, also 0600,
            // rather than let SQLite create it with the default mode.
            fd = open(path, O_CREAT | O_WRONLY | O_CLOEXEC, 0o600)
        }
        if fd < 0 {
            if errno == EEXIST { return }
            throw StoreError.cannotCreateDatabase(path: path, reason: String(cString: strerror(errno))).error
        }
        close(fd)
    }

    /// The whole of a small file.
    static func readAll(_ path: String) throws -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw StoreError.cannotOpenFile(path: path, missing: !exists(path)).error
        }
        defer { try? handle.close() }
        do {
            return Array(try handle.readToEnd() ?? Data())
        } catch {
            throw StoreError.cannotReadFile(path: path, reason: error.localizedDescription).error
        }
    }

    static func size(_ path: String) -> Int {
        var st = stat()
        return stat(path, &st) == 0 ? Int(st.st_size) : 0
    }
}
