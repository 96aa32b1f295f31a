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
        main(nil)
    }
}
