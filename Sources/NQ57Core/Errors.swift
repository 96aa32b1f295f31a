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
    /// The typed reason behind the message, for code and tests to match on (a layer's error enum such
    /// as the store's `StoreError`); nil for errors made from a kind and a message. Not compared.
    public var reason: (any ErrorReason)?
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

    /// The error of a typed reason: its kind and message, with the reason kept.
    public init(_ reason: any ErrorReason) {
        kind = reason.kind
        message = reason.message
        self.reason = reason
    }

    /// Errors are equal when users see the same thing: the same kind and message.
    public static func == (a: NQ57Error, b: NQ57Error) -> Bool { a.kind == b.kind && a.message == b.message }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(kind)
        hasher.combine(message)
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

    /// The message in Vietnamese when the typed reason gives one.
    public var messageVI: String? { reason?.messageVI }
}

/// A layer's typed error: what the user sees (kind and one-line message) from a case code can match on.
public protocol ErrorReason: Sendable {
    var kind: NQ57Error.Kind { get }
    var message: String { get }
    /// The message in Vietnamese, for a screen in Vietnamese (the stale banner); nil where the layer
    /// gives none, and the screen shows `message`.
    var messageVI: String? { get }
}

extension ErrorReason {
    public var messageVI: String? { nil }

    /// The `NQ57Error` to throw.
    public var error: NQ57Error { NQ57Error(self) }
}
