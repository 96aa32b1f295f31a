import Foundation
import NQ57Core

/// Reads a file in chunks, for inputs of any size in constant memory.
final class ChunkedFile {
    let path: String
    private let fd: Int32
    private let chunkSize: Int

    init(path: String, chunkSize: Int = 1 << 20) throws {
        self.path = path
        self.chunkSize = chunkSize
        if FileSystem.isDirectory(path) { throw StoreError.inputIsDirectory(path: path).error }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let err = errno
            if err == ENOENT { throw StoreError.noSuchFile(path: path).error }
            throw StoreError.cannotOpenInput(path: path, reason: String(cString: strerror(err))).error
        }
        self.fd = fd
    }

    deinit { close(fd) }

    /// The next chunk, or nil at the end of the file.
    func next() throws -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: chunkSize)
        let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, chunkSize) }
        if n < 0 { throw StoreError.cannotReadInput(path: path, reason: String(cString: strerror(errno))).error }
        if n == 0 { return nil }
        if n < chunkSize { buffer.removeSubrange(n...) }
        return buffer
    }
}
