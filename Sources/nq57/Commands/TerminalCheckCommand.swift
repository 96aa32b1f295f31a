import ArgumentParser

/// A hidden command that exercises the ncurses front end alone: owned by the terminal work.
struct TerminalCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "terminal-check", shouldDisplay: false)

    func run() throws {}
}
