import ArgumentParser
import CNcursesw
import Foundation
import NQ57Core
import NQ57Store

/// `--db PATH`, on every command.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .customLong("db"), help: ArgumentHelp(
        "The database file.",
        discussion: "Default: $NQ57_DB, else database in ~/.config/nq57/config.toml or /etc/nq57/config.toml, else $XDG_DATA_HOME/nq57/nq57.sqlite, else ~/.local/share/nq57/nq57.sqlite.",
        valueName: "path"))
    var path: String?

    var resolved: String { Settings.current.databasePath(flag: path) }
}

/// A subcommand whose failures are one line on stderr and a sysexits code.
///
/// Every command ends the same way: `run` returns, or throws `ExitCode` (ArgumentParser exits with
/// it). Errors become `nq57: <message>` and their code here; nothing calls `exit` itself.
protocol NQ57Subcommand: ParsableCommand {
    func execute() throws
}

extension NQ57Subcommand {
    func run() throws {
        do {
            try execute()
            try Console.finishStandardOutput()
        } catch let error as NQ57Error {
            throw Console.fail(error)
        } catch let error as CLIError {
            throw Console.fail(error.nq57Error)
        }
    }
}

/// What the command line itself fails with (the layers below throw `NQ57Error`). Tests match on the
/// case; users see `nq57Error`'s one line and exit code.
enum CLIError: Error, Equatable {
    /// Writing to standard output failed (a full disk, /dev/full, a closed terminal): the output is
    /// incomplete, which a script must learn from the exit code (74).
    case standardOutput(errno: Int32)
    /// terminal-check's deliberate failure, to see the terminal given back.
    case failingOnPurpose(afterSeconds: Double)
    /// snapshot `--view province:X` or `commune:X` (as typed) names no such unit; `code` is the
    /// code it stands for when X is digits, nil when it is a name.
    case noSuchProvince(typed: String, code: String?)
    case noSuchCommune(typed: String, code: String?)
    /// snapshot `--view commune:NAME` fits several communes.
    case ambiguousCommune(typed: String, candidates: [String])
    /// metric set's value is not a number (the key has passed MetricValidator).
    case metricValue(key: String, value: String)
    /// check found maintained figures that differ from a recount.
    case countsDiffer(path: String, count: Int)
    /// init --group: see `SharedSetup.Failure`.
    case sharedSetup(SharedSetup.Failure)

    var nq57Error: NQ57Error {
        switch self {
        case .standardOutput(let code):
            NQ57Error(.io, "cannot write to standard output: \(String(cString: strerror(code))); the output is incomplete")
        case .failingOnPurpose(let seconds): NQ57Error(.io, "terminal-check: failing on purpose after \(seconds) s")
        case .noSuchProvince(let typed, let code?): NQ57Error(.usage, "--view province:\(typed): no province with code \(code)")
        case .noSuchProvince(let typed, nil):
            NQ57Error(.usage, "--view province:\(typed): no province with that code or name (codes 01–96, names as in 'Hà Nội' or 'ha noi')")
        case .noSuchCommune(let typed, let code?): NQ57Error(.usage, "--view commune:\(typed): no commune with code \(code)")
        case .noSuchCommune(let typed, nil): NQ57Error(.usage, "--view commune:\(typed): no commune with that code or name")
        case .ambiguousCommune(let typed, let candidates):
            NQ57Error(.usage, "--view commune:\(typed): \(candidates.count) communes match: \(candidates.joined(separator: "; ")); give its code or add its province's name")
        case .metricValue(let key, let value): NQ57Error(.badData, "metric \(key): value \(Quoting.quoted(value)) is not a number")
        case .countsDiffer(let path, let count): NQ57Error(.badData, "\(path): \(counted(count, "maintained figure")) \(count == 1 ? "differs" : "differ") from a recount")
        case .sharedSetup(let failure): failure.nq57Error
        }
    }
}

enum Console {
    /// Writes `nq57: <message>` and gives the exit code to throw.
    static func fail(_ error: NQ57Error) -> ExitCode {
        writeError("nq57: " + error.message + "\n")
        return ExitCode(error.exitCode)
    }

    /// Flushes what `print` buffered and checks that every write to standard output went through.
    static func finishStandardOutput() throws(CLIError) {
        let code = nq57_flush_stdout()
        if code != 0 { throw .standardOutput(errno: code) }
    }

    static func note(_ text: String) {
        writeError(text + "\n")
    }

    /// Writes to standard error with write(2), all of it or as much as it takes. Never traps (unlike
    /// FileHandle.write): a standard error that cannot be written to is no reason to crash.
    @discardableResult
    static func writeError(_ text: String) -> Bool {
        writeAll(STDERR_FILENO, Array(text.utf8)) == 0
    }

    /// Writes every byte to `fd`, retrying after signals; 0, or the errno of the failure.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Int32 {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n > 0 {
                    offset += n
                } else if n < 0 && errno == EINTR {
                    continue
                } else {
                    return n < 0 ? errno : EIO
                }
            }
            return 0
        }
    }

    /// The terminal's width when standard output is one, else nil.
    static var terminalWidth: Int? {
        var size = winsize()
        guard isatty(STDOUT_FILENO) == 1, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }

    static var now: Timestamp { Timestamp(seconds: Int64(Date().timeIntervalSince1970)) }

    /// True when nothing is at `path` (ENOENT): a path that cannot be looked at (a closed directory)
    /// is not "missing", and opening it says why.
    static func isMissing(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) != 0 && errno == ENOENT
    }
}

extension CivilDate: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }
}

extension Language: ExpressibleByArgument {}
extension DemoScale: ExpressibleByArgument {}
extension ExportKind: ExpressibleByArgument {}
extension ExportFormat: ExpressibleByArgument {}

extension SQLiteStore {
    /// Opens read-write and brings the schema and reference data up to date: what every writing
    /// command starts with. Only `init`, `demo` and the dashboard's first run create the file
    /// (`create`); the others name the path and exit 66 rather than make an empty database where a
    /// mistyped `--db` points.
    static func openInitialised(_ path: String, create: Bool = false) throws -> SQLiteStore {
        if !create, Console.isMissing(path) { throw StoreError.noDatabase(path: path).error }
        let store = try SQLiteStore(path: path)
        try store.initialize()
        return store
    }
}

/// A count and its noun, singular or plural as English says it: `1 task`, `2 tasks` (issue 11 §11).
/// The command line speaks English; on screen, Vietnamese has no plural.
func counted(_ n: Int, _ singular: String, _ plural: String? = nil) -> String {
    "\(n) " + (n == 1 ? singular : plural ?? singular + "s")
}
