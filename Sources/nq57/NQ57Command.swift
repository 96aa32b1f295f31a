import ArgumentParser
import CNcursesw
import Glibc

@main
struct NQ57Command: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "nq57",
        abstract: "Monitor how Vietnam carries out Resolution 57 on science, technology, innovation and digital transformation.",
        discussion: """
        With no subcommand, opens the interactive dashboard on the default database, creating it with \
        reference data and demo data on first run.
        """,
        version: NQ57Command.version,
        subcommands: [
            DashboardCommand.self,
            WatchCommand.self,
            SnapshotCommand.self,
            InitCommand.self,
            DemoCommand.self,
            ReportCommand.self,
            InspectCommand.self,
            ImportCommand.self,
            ExportCommand.self,
            MetricCommand.self,
            CheckCommand.self,
            CopyCommand.self,
            AccountCommand.self,
            ProposalCommand.self,
            TerminalCheckCommand.self,
        ],
        defaultSubcommand: DashboardCommand.self
    )

    /// ArgumentParser's main, with a last check on the way out: output it wrote itself (`--help`,
    /// `--version`) that never reached standard output is an error too (74), like a command's.
    static func main() {
        atexit {
            let code = nq57_flush_stdout()
            guard code != 0 else { return }
            _exit(Console.fail(CLIError.standardOutput(errno: code).nq57Error).rawValue)
        }
        if let word = CommandLine.arguments.dropFirst().first, !word.hasPrefix("-"), !commandNames.contains(word), word != "help" {
            // The dashboard takes no word of its own: a word that names no command is a mistyped one.
            Console.note("nq57: unknown command '\(word)'; the commands are: \(commandNames.joined(separator: ", ")) (nq57 --help)")
            _exit(64)
        }
        main(nil)
    }

    /// The subcommands' names, as typed.
    static var commandNames: [String] { configuration.subcommands.map { $0._commandName } }
}
