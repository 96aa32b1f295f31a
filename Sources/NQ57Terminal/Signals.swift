import CNcursesw
import Glibc

/// Signals while the dashboard owns the terminal, and the self-pipe they wake the input wait with.
///
/// Handlers are C functions in the shim (CNcursesw/shim.c) that do only async-signal-safe work; their
/// state lives there, once per process.
final class SignalWatch {
    /// Written to the self-pipe; the input wait turns them into events.
    static let wakeSignals: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGWINCH]
    /// Fatal: the terminal is reset with `write(2)`, then the signal is raised again with its default
    /// action, or for the previous handler (Swift's backtracer) when `chainCrashes`.
    static let crashSignals: [Int32] = [SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL, SIGTRAP, SIGQUIT]
    /// Other signals whose default action ends the process: handled the same way, but only where
    /// nothing else has claimed them.
    static let otherFatalSignals: [Int32] = [SIGUSR1, SIGUSR2, SIGALRM, SIGVTALRM, SIGPROF, SIGXCPU, SIGXFSZ, SIGSYS]

    /// The end of the self-pipe to poll.
    let readFD: Int32
    private let writeFD: Int32
    private var closed = false

    /// Opens the self-pipe, remembers the terminal's modes, and installs every handler. Call before
    /// `newterm`, so that ncurses leaves SIGINT, SIGTERM and SIGWINCH to us.
    init(ttyFD: Int32, chainCrashes: Bool) throws(SignalWatchError) {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { throw SignalWatchError(errno: errno) }
        for fd in fds {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        readFD = fds[0]
        writeFD = fds[1]
        nq57_set_wake_fd(writeFD)
        nq57_save_tty(ttyFD)
        nq57_set_crash_chain(chainCrashes ? 1 : 0)
        for sig in Self.wakeSignals { _ = nq57_install_handler(sig, 0) }
        for sig in Self.wakeSignals { nq57_unblock(sig) }
        for sig in Self.crashSignals { _ = nq57_install_handler(sig, 1) }
        for sig in Self.otherFatalSignals { _ = nq57_install_crash_handler_if_default(sig) }
    }

    /// Captures the bytes a crash handler writes to give the terminal back. Call once the terminal
    /// description is loaded (after `newterm`).
    func prepareEmergencyReset() {
        nq57_prepare_emergency_reset()
    }

    /// Sends standard error, when it is the terminal, to a file until `close()` writes it out: a
    /// message must not land on the curses screen, nor vanish with it in a crash. Call once the
    /// terminal is set up, after any message meant for the user now.
    func captureStandardError() {
        nq57_capture_stderr()
    }

    /// The signals that arrived since the last call, in order, each once.
    func drain() -> [Int32] {
        var seen: [Int32] = []
        var bytes = [UInt8](repeating: 0, count: 64)
        while true {
            let n = read(readFD, &bytes, bytes.count)
            if n <= 0 { break }
            for b in bytes[0..<n] where !seen.contains(Int32(b)) { seen.append(Int32(b)) }
        }
        return seen
    }

    /// Puts every previous handler back, closes the pipe and writes out what standard error
    /// received meanwhile. Call after `endwin`. Safe to call more than once.
    func close() {
        guard !closed else { return }
        closed = true
        for sig in Self.wakeSignals + Self.crashSignals + Self.otherFatalSignals { nq57_restore_handler(sig) }
        nq57_set_wake_fd(-1)
        nq57_forget_tty()
        nq57_release_stderr()
        _ = Glibc.close(readFD)
        _ = Glibc.close(writeFD)
    }
}

/// The self-pipe could not be made.
struct SignalWatchError: Error {
    var errno: Int32
}
