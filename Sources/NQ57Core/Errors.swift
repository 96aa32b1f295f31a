/// A failure a user can act on, with the exit code the command line returns for it.
///
/// The message is one line that names what was wrong and where: `reports.csv:17: progress: 140 is
/// outside 0–100`. Every command prints it as `nq57: <message>` and exits with `exitCode`.
public struct NQ57Error: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// The command line was wrong (64).
        case usage
        /// The data given was wrong: a bad report, file or value (65).
        case badData
        /// An input file does not exist or cannot be opened (66).
        case missingInput
        /// The database or a file could not be read or written (74).
        case io
    }

    public var kind: Kind
    public var message: String
    /// Set when the cause is a missing file permission, so a screen can explain it in its language.
    public var denied: Denied?

    /// A file or directory this account may not use as it needs to.
    public struct Denied: Hashable, Sendable {
        public enum Need: Hashable, Sendable {
            /// Read the file (or pass through a directory on the way).
            case read
            /// Write the file.
            case write
            /// The database's `-wal` and `-shm`, which this account may not create, are missing.
            case walFiles
        }

        public var path: String
        public var need: Need

        public init(path: String, need: Need) {
            self.path = path
            self.need = need
        }
    }

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// sysexits.h codes: scripts and operators rely on them.
    public var exitCode: Int32 {
        switch kind {
        case .usage: 64
        case .badData: 65
        case .missingInput: 66
        case .io: 74
        }
    }

    public var description: String { message }
}
