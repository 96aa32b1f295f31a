import ArgumentParser
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
protocol NQ57Subcommand: ParsableCommand {
    func execute() throws
}

extension NQ57Subcommand {
    func run() throws {
        do {
            try execute()
        } catch let error as NQ57Error {
            Console.fail(error)
        }
    }
}

enum Console {
    static func fail(_ error: NQ57Error) -> Never {
        FileHandle.standardError.write(Data(("nq57: " + error.message + "\n").utf8))
        exit(error.exitCode)
    }

    static func note(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// The terminal's width when standard output is one, else nil.
    static var terminalWidth: Int? {
        var size = winsize()
        guard isatty(STDOUT_FILENO) == 1, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }

    static var now: Timestamp { Timestamp(seconds: Int64(Date().timeIntervalSince1970)) }
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
    /// command starts with, so none needs a separate `init` first.
    static func openInitialised(_ path: String) throws -> SQLiteStore {
        let store = try SQLiteStore(path: path)
        try store.initialize()
        return store
    }
}
