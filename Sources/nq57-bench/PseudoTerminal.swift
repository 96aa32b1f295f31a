import Foundation
import NQ57Spawn

/// A program running on a pseudo-terminal of a given size, as a user's terminal would run it: the
/// bench reads every byte it writes to its screen and types keys into it.
final class PseudoTerminal {
    let pid: pid_t
    private let master: Int32
    /// Bytes the program has written to its terminal so far.
    private(set) var bytesRead = 0
    /// The last bytes it wrote, for `waitForOutput`.
    private var tail: [UInt8] = []
    private(set) var exitStatus: Int32?
    /// Whether the terminal queries nq57 starts with (OSC 11, DA1) have been answered.
    private var answered = false
    /// What xterm answers to them: a black background, then its device attributes. A terminal
    /// that answered nothing would add the query's whole timeout (100 ms) to every cold start,
    /// which no operator's terminal does.
    static let replies = "\u{1B}]11;rgb:0000/0000/0000\u{07}\u{1B}[?64;1;2;6;22c"

    init(_ executable: String, _ arguments: [String], width: Int, height: Int, environment: [String: String] = [:]) throws {
        master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard master >= 0 else { throw NQ57BenchError("cannot open /dev/ptmx: \(String(cString: strerror(errno)))") }
        // Linux: unlock the slave (TIOCSPTLCK) and learn its number (TIOCGPTN).
        var unlock: Int32 = 0
        var number: UInt32 = 0
        guard ioctl(master, UInt(0x4004_5431), &unlock) == 0, ioctl(master, UInt(0x8004_5430), &number) == 0 else {
            throw NQ57BenchError("cannot set up a pseudo-terminal")
        }
        var size = winsize(ws_row: UInt16(height), ws_col: UInt16(width), ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)
        let slave = "/dev/pts/\(number)"

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // The first terminal a new session leader opens becomes its controlling terminal.
        posix_spawn_file_actions_addopen(&actions, 0, slave, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)
        var env = ProcessInfo.processInfo.environment
        env["TERM"] = "xterm-256color"
        env["LANG"] = "C.UTF-8"
        for (k, v) in environment { env[k] = v }
        do {
            pid = try Spawn.start(executable, arguments, environment: env, actions: &actions, newSession: true)
        } catch {
            throw NQ57BenchError("cannot start \(executable): \(error.reason)")
        }
        _ = fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK)
    }

    deinit {
        if exitStatus == nil {
            kill(pid, SIGKILL)
            _ = waitForExit(timeout: 2)
        }
        close(master)
    }

    /// Reads what the program wrote, for at most `seconds`; returns early when it has exited.
    func drain(for seconds: Double) {
        let deadline = Date().addingTimeInterval(seconds)
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let left = deadline.timeIntervalSinceNow
            var fds = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            let ready = poll(&fds, 1, Int32(max(0, min(left, 0.2)) * 1000))
            if ready > 0 {
                let n = read(master, &buffer, buffer.count)
                if n > 0 {
                    bytesRead += n
                    tail.append(contentsOf: buffer[0..<n])
                    if !answered, tail.count >= 3, (0...(tail.count - 3)).contains(where: { tail[$0..<($0 + 3)].elementsEqual([0x1B, 0x5B, 0x63]) }) {
                        answered = true
                        type(Self.replies)
                    }
                    if tail.count > 1 << 16 { tail.removeFirst(tail.count - (1 << 16)) }
                } else if n < 0 && errno != EAGAIN && errno != EINTR { reap(); return }
            } else if exitStatus == nil {
                reap(block: false)
            }
            if exitStatus != nil || left <= 0 { return }
        }
    }

    /// Reads what the program writes until `text` appears in it (true), it exits or `timeout` passes.
    func waitForOutput(containing text: String, timeout: Double) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        let needle = Array(text.utf8)
        tail.removeAll()
        while Date() < deadline {
            drain(for: 0.01)
            if tail.count >= needle.count, (0...(tail.count - needle.count)).contains(where: { tail[$0..<($0 + needle.count)].elementsEqual(needle) }) {
                return true
            }
            if exitStatus != nil { return false }
        }
        return false
    }

    /// Types bytes as if on the keyboard.
    func type(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
    }

    /// Waits for the program to end, reading its output meanwhile; false when it is still running.
    @discardableResult
    func waitForExit(timeout: Double) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while exitStatus == nil, Date() < deadline { drain(for: 0.05) }
        return exitStatus != nil
    }

    private func reap(block: Bool = true) {
        guard exitStatus == nil else { return }
        var status: Int32 = 0
        if waitpid(pid, &status, block ? 0 : WNOHANG) == pid { exitStatus = status }
    }

    /// CPU seconds the program has used so far (user + system), from /proc.
    var cpuSeconds: Double? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// The most memory the running program has held, in MB (VmHWM).
    var peakResidentMB: Double? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kb = Double(line.split(separator: " ").dropFirst().first ?? "") else { return nil }
        return kb / 1024
    }
}

struct NQ57BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
