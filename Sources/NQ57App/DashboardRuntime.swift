import NQ57Core
import NQ57Render

/// Runs the dashboard: one loop that turns terminal events and the clock into messages, lets the
/// model update, carries out the effects it asks for, and draws when the screen changed.
///
/// Everything it touches is swappable: the store, the terminal, the clock and the theme lookup, so
/// tests drive it with an in-memory terminal and a clock they move by hand.
public final class DashboardRuntime {
    public private(set) var model: DashboardModel
    private let source: DashboardSource
    private let terminal: TerminalBackend
    private let clock: () -> Timestamp
    private let theme: (String) -> (Theme, warning: String?)
    private var drawn: Buffer?
    private let renderer = DashboardRenderer()
    private var exitCode: Int32?

    /// Reports loaded into the latest-reports pane.
    public static let latestReports = 30
    /// Tasks loaded into a task list.
    public static let taskLimit = 1000
    /// Reports loaded into a task's history.
    public static let historyLimit = 500

    public init(model: DashboardModel, source: DashboardSource, terminal: TerminalBackend,
                clock: @escaping () -> Timestamp, theme: @escaping (String) -> (Theme, warning: String?)) {
        self.model = model
        self.source = source
        self.terminal = terminal
        self.clock = clock
        self.theme = theme
    }

    /// Starts the dashboard: applies the theme, loads the data and draws the first frame.
    public func start() {
        model.now = clock()
        let size = terminal.size
        send(.resize(width: size.width, height: size.height))
        perform(.applyTheme(model.theme))
        if model.live != nil {
            send(.tick(clock()))
        } else {
            perform(.loadOverview)
        }
        redraw()
    }

    /// Handles one terminal event (or a timeout) and redraws if anything changed; returns the exit
    /// code once the dashboard is to stop.
    @discardableResult
    public func step(_ event: TerminalEvent) -> Int32? {
        switch event {
        case .key(let key): send(.key(key))
        case .resize(let w, let h): send(.resize(width: w, height: h))
        case .timeout: break
        case .hangup: exitCode = 129
        case .terminate(let signal): exitCode = 128 + signal
        }
        if exitCode == nil { send(.tick(clock())) }
        if exitCode == nil { redraw() }
        return exitCode
    }

    /// Runs until the user quits or the terminal goes away; returns the process exit code.
    public func run() -> Int32 {
        start()
        while true {
            let wait = model.millisecondsToNextTick(at: clock())
            if let code = step(terminal.nextEvent(timeout: max(wait, 10))) { return code }
        }
    }

    /// Renders the model and hands the frame to the terminal when it differs from the last one.
    public func redraw() {
        let frame = renderer.render(model)
        guard frame != drawn else { return }
        terminal.draw(frame)
        drawn = frame
    }

    private func send(_ message: Message) {
        for effect in model.update(message) { perform(effect) }
    }

    private func perform(_ effect: Effect) {
        switch effect {
        case .loadOverview:
            let asOf = model.asOf
            send(.overviewLoaded(attempt { try source.overview(asOf: asOf, latest: Self.latestReports) }))
        case .loadFrame(let depth, let screen):
            send(.frameLoaded(depth: depth, screen: screen, attempt { try self.load(screen) }))
        case .checkForChanges:
            send(.changeChecked(attempt { try source.changeToken() }))
        case .applyTheme(let name):
            let (resolved, warning) = theme(name)
            terminal.apply(theme: resolved)
            drawn = nil
            send(.themeApplied(name: name, warning: warning))
        case .quit(let code):
            exitCode = code
        }
    }

    private func load(_ screen: Screen) throws -> FrameData {
        let asOf = model.asOf
        switch screen {
        case .units(let scope): return .units(try source.units(scope, asOf: asOf))
        case .tasks(let scope): return .tasks(try source.tasks(scope, asOf: asOf, limit: Self.taskLimit))
        case .task(let id): return .task(try source.taskDetail(id: id, asOf: asOf, historyLimit: Self.historyLimit))
        case .metric(let key): return .metric(model.overview?.metrics.first { $0.key == key })
        }
    }

    private func attempt<T>(_ body: () throws -> T) -> Result<T, NQ57Error> {
        do {
            return .success(try body())
        } catch let error as NQ57Error {
            return .failure(error)
        } catch {
            return .failure(NQ57Error(.io, String(describing: error)))
        }
    }
}
