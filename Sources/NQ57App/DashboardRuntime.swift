import Dispatch
import Foundation
import NQ57Core
import NQ57Render

/// Runs the dashboard: one loop that turns terminal events and the clock into messages, lets the
/// model update, carries out the effects it asks for, and draws when the screen changed.
///
/// Reads of the store run on a worker thread and come back as messages, so keys keep answering
/// while a slow load (a back-dated `--as-of`) runs; a key never waits for more than one frame. Each
/// turn of the loop takes every key already typed and every answer already in, then draws once.
///
/// Everything it touches is swappable: the store, the terminal, the clock and the theme lookup, so
/// tests drive it with an in-memory terminal and a clock they move by hand.
public final class DashboardRuntime {
    public private(set) var model: DashboardModel
    private let worker: EffectWorker
    /// The go-to prompt's newest query, read by the worker to skip look-ups overtaken by typing.
    private let latestQuery = LatestQuery()
    private let terminal: TerminalBackend
    private let clock: () -> Timestamp
    private let theme: (String) -> (Theme, warning: String?)
    private var drawn: Buffer?
    private let renderer = DashboardRenderer()
    private var exitCode: Int32?
    /// The store's change signal (PostgreSQL's LISTENing socket), waited on with the terminal while
    /// nothing is loading; nil for a store that has none (SQLite).
    private let changeSignal: ChangeSignalling?
    /// False from a wake until a change check succeeds: a signal that stays readable (a closed
    /// connection) wakes the loop once, not in a spin.
    private var signalArmed = true

    /// Reports loaded into the latest-reports pane.
    public static let latestReports = 30
    /// Tasks loaded into a task list.
    public static let taskLimit = 1000
    /// Reports loaded into a task's history.
    public static let historyLimit = 500
    /// One frame: how long a turn waits for a load before drawing "loading", and how often the loop
    /// looks for answers while loads are pending.
    public static let frameMilliseconds = 16
    /// Keys already typed that one turn takes before it draws.
    static let keysPerFrame = 64

    public init(model: DashboardModel, source: DashboardSource, terminal: TerminalBackend,
                clock: @escaping () -> Timestamp, theme: @escaping (String) -> (Theme, warning: String?)) {
        self.model = model
        worker = EffectWorker(source: source)
        changeSignal = source as? ChangeSignalling
        self.terminal = terminal
        self.clock = clock
        self.theme = theme
    }

    /// True while a load has not answered yet.
    public var isLoading: Bool { worker.pending > 0 }

    /// Starts the dashboard: applies the theme, asks for the data and draws the first frame, with
    /// the data when it came within a frame and "loading" otherwise.
    public func start() {
        model.now = clock()
        let size = terminal.size
        send(.resize(width: size.width, height: size.height))
        perform([.applyTheme(model.theme), .setMouse(model.mouse)])
        if model.live != nil {
            send(.tick(clock()))
        } else {
            perform(model.loadsForScreen())
        }
        collect(until: .now() + .milliseconds(Self.frameMilliseconds))
        redraw()
    }

    /// Handles one terminal event (or a timeout), takes the answers that came within a frame, and
    /// redraws if anything changed; returns the exit code once the dashboard is to stop.
    @discardableResult
    public func step(_ event: TerminalEvent) -> Int32? {
        handle(event)
        collect(until: .now() + .milliseconds(Self.frameMilliseconds))
        if exitCode == nil { redraw() }
        return exitCode
    }

    /// Waits until every load asked for has answered, then redraws: for tests, and for a caller that
    /// wants a complete first frame.
    public func settle() {
        collect(until: nil)
        if exitCode == nil { redraw() }
    }

    /// Runs until the user quits or the terminal goes away; returns the process exit code.
    public func run() -> Int32 {
        start()
        while true {
            var wait = model.millisecondsToNextTick(at: clock())
            if isLoading { wait = min(wait, Self.frameMilliseconds) }
            // A change signalled while a load ran is not on the descriptor any more: check it now.
            let signal = signalToWaitOn
            let first = signal != nil && changeSignal?.changePending == true
                ? TerminalEvent.woken
                : terminal.nextEvent(timeout: max(wait, 10), wakeOn: signal)
            handle(first)
            // Keys typed meanwhile are taken now and drawn together: one frame per turn. A wait that
            // ended with nothing (a tick) has nothing behind it to take.
            for _ in 0..<Self.keysPerFrame where exitCode == nil && first != .timeout {
                let event = terminal.nextEvent(timeout: 0)
                if event == .timeout { break }
                handle(event)
            }
            collect(until: .now() + .milliseconds(Self.frameMilliseconds))
            if let code = exitCode { return code }
            redraw()
        }
    }

    /// The descriptor to wait on besides the terminal: only while live and idle (a load's own answer
    /// makes the socket readable too).
    private var signalToWaitOn: Int32? {
        guard signalArmed, !isLoading, let live = model.live, !live.paused else { return nil }
        return changeSignal?.changeSignal
    }

    /// Renders the model and hands the frame to the terminal when it differs from the last one. When
    /// the renderer says only some rows can have changed (an idle live tick: the header's clock),
    /// only those rows are compared, here and in the terminal.
    public func redraw() {
        let frame = renderer.render(model)
        if let rows = renderer.changedRows, let drawn, drawn.width == frame.width, drawn.height == frame.height {
            let cells = (rows.lowerBound * frame.width)..<(rows.upperBound * frame.width)
            guard frame.cells[cells] != drawn.cells[cells] else { return }
            terminal.draw(frame, changedRows: rows)
        } else {
            guard frame != drawn else { return }
            terminal.draw(frame, changedRows: nil)
        }
        drawn = frame
    }

    private func handle(_ event: TerminalEvent) {
        switch event {
        case .key(let key): send(.key(key))
        case .mouse(let x, let y, let kind): send(.mouse(x: x, y: y, kind: kind))
        case .resize(let w, let h): send(.resize(width: w, height: h))
        case .timeout: break
        case .hangup: exitCode = 129
        case .terminate(let signal): exitCode = 128 + signal
        case .woken:
            signalArmed = false
            send(.changeSignalled)
        }
        if exitCode == nil { send(.tick(clock())) }
    }

    /// Takes the answers of loads as they come until `deadline` (nil: until none is pending).
    private func collect(until deadline: DispatchTime?) {
        while exitCode == nil, let message = worker.take(until: deadline) { send(message) }
    }

    private func send(_ message: Message) {
        if case .changeChecked(.success) = message { signalArmed = true }
        perform(model.update(message))
    }

    /// Carries out effects: reads go to the worker, the rest happens here. Messages they answer with
    /// are sent in turn, without recursion into the caller's effects.
    private func perform(_ effects: [Effect]) {
        var queue = effects[...]
        while let effect = queue.popFirst() {
            switch effect {
            case .loadOverview:
                let asOf = model.asOf
                worker.run { source in .overviewLoaded(Self.attempt { try source.overview(asOf: asOf, latest: Self.latestReports) }) }
                if model.live == nil { readReplica() }
            case .loadFrame(let depth, .metric(let key)):
                let series = model.overview?.metrics.first { $0.key == key }
                queue += model.update(.frameLoaded(depth: depth, screen: .metric(key), .success(.metric(series))))
            case .loadFrame(let depth, let screen):
                let asOf = model.asOf
                worker.run { source in .frameLoaded(depth: depth, screen: screen, Self.attempt { try Self.load(screen, from: source, asOf: asOf) }) }
            case .checkForChanges:
                worker.run { source in .changeChecked(Self.attempt { try source.changeToken() }) }
                readReplica()
            case .applyTheme(let name):
                let (resolved, warning) = theme(name)
                terminal.apply(theme: resolved)
                drawn = nil
                queue += model.update(.themeApplied(name: name, warning: warning))
            case .setMouse(let on):
                terminal.setMouse(on)
            case .find(let query):
                // Typing queues a look-up per key; one that a newer query overtook before it ran is
                // skipped (its answer would be dropped anyway), so the last one comes back soon.
                latestQuery.set(query)
                let latest = latestQuery
                worker.run { source in
                    guard latest.get() == query else { return .found(query: query, .success([])) }
                    return .found(query: query, Self.attempt { try source.find(query, limit: GoToState.limit) })
                }
            case .quit(let code):
                exitCode = code
            }
        }
    }

    /// A standby's replay status, read with each live check (after the change token, which on a
    /// primary or SQLite leaves it a call that sends nothing); a failed read keeps the last one.
    private func readReplica() {
        let previous = model.replica
        worker.run { source in
            do { return .replicaRead(try source.replica()) } catch { return .replicaRead(previous) }
        }
    }

    private static func load(_ screen: Screen, from source: DashboardSource, asOf: CivilDate) throws -> FrameData {
        switch screen {
        case .units(let scope): return .units(try source.units(scope, asOf: asOf))
        case .tasks(let scope): return .tasks(try source.tasks(scope, asOf: asOf, limit: taskLimit))
        case .task(let id): return .task(try source.taskDetail(id: id, asOf: asOf, historyLimit: historyLimit))
        case .metric: return .metric(nil)
        case .proposals(let body, let state): return .proposals(try source.proposalsOwed(body: body, state: state, asOf: asOf))
        case .proposal(let id): return .proposal(try source.proposalDetail(id: id))
        }
    }

    private static func attempt<T>(_ body: () throws -> T) -> Result<T, NQ57Error> {
        do {
            return .success(try body())
        } catch let error as NQ57Error {
            return .failure(error)
        } catch {
            return .failure(NQ57Error(.io, String(describing: error)))
        }
    }
}

/// A string one thread sets and another reads.
final class LatestQuery: @unchecked Sendable {
    private let lock = NSLock()
    private var value = ""

    func set(_ new: String) { lock.withLock { value = new } }
    func get() -> String { lock.withLock { value } }
}
