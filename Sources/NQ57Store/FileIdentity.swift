import Foundation

/// Device and inode of a file, to notice it being removed or replaced.
struct FileIdentity: Equatable {
    var device: UInt64
    var inode: UInt64
    /// The file has no bytes: a database truncated to 0 bytes, which a connection must not hold open
    /// (SQLite takes it for an empty database in rollback mode, and a reader's locks then block every
    /// writer). Not part of the identity.
    var isEmpty: Bool

    init?(path: String) {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        device = UInt64(st.st_dev)
        inode = UInt64(st.st_ino)
        isEmpty = st.st_size == 0
    }

    static func == (a: FileIdentity, b: FileIdentity) -> Bool { a.device == b.device && a.inode == b.inode }
}
