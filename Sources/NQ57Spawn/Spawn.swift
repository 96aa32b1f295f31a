import Foundation

/// Starts a program as a shell would, for the tools around nq57 that run it (the bench on a
/// pseudo-terminal, the tests with their output in files): with its signal mask cleared and every
/// signal at its default disposition, because the caller's threads block signals (a test runner's
/// do) and a dashboard that inherited that would never see SIGWINCH; in a session of its own when
/// asked (so that the first terminal it opens becomes its controlling terminal).
public enum Spawn {
    /// Why `posix_spawn` refused: its error number.
    public struct Failure: Error {
        public var code: Int32
        public var reason: String { String(cString: strerror(code)) }
    }

    /// The new process's id. `actions` sets up its file descriptors; `environment` is all it gets.
    public static func start(_ program: String, _ arguments: [String], environment: [String: String],
                             actions: inout posix_spawn_file_actions_t, newSession: Bool = false) throws(Failure) -> pid_t {
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attr, &none)
        posix_spawnattr_setsigdefault(&attr, &all)
        let setsid: Int32 = newSession ? 0x80 : 0  // POSIX_SPAWN_SETSID (glibc)
        posix_spawnattr_setflags(&attr, Int16(setsid | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv: [UnsafeMutablePointer<CChar>?] = ([program] + arguments).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, program, &actions, &attr, argv, envp)
        guard rc == 0 else { throw Failure(code: rc) }
        return pid
    }
}
