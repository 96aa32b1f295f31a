import Foundation
import NQ57Spawn

/// The built `nq57` executable, run as a user would run it.
public enum Binary {
    /// Where the executable is: `$NQ57_BINARY`, else next to the test bundle in the build folder.
    public static let path: String = {
        if let p = ProcessInfo.processInfo.environment["NQ57_BINARY"], !p.isEmpty { return p }
        var candidates: [URL] = []
        for bundle in Bundle.allBundles + [Bundle.main] {
            candidates.append(bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("nq57"))
            candidates.append(bundle.bundleURL.appendingPathComponent("nq57"))
        }
        candidates.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("nq57"))
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(root.appendingPathComponent(".build/debug/nq57"))
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }?.path ?? root.appendingPathComponent(".build/debug/nq57").path
    }()

    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// Runs `nq57 args…` to completion with the given standard input.
    @discardableResult
    public static func run(_ args: [String], stdin: String? = nil, environment: [String: String] = [:]) throws -> Result {
        try Shell.run(path, args, stdin: stdin, environment: environment)
    }
}

/// Runs programs and collects their output.
///
/// Built on `posix_spawn` and `waitpid` with the standard streams in temporary files, not pipes: a
/// program that leaves a daemon behind (the tmux server) would otherwise hold a pipe open for ever.
public enum Shell {
    @discardableResult
    public static func run(_ executable: String, _ args: [String], stdin: String? = nil, environment: [String: String] = [:]) throws -> Binary.Result {
        let scratch = NSTemporaryDirectory() + "nq57-shell-" + UUID().uuidString
        let inPath = scratch + ".in", outPath = scratch + ".out", errPath = scratch + ".err"
        _ = FileManager.default.createFile(atPath: inPath, contents: Data((stdin ?? "").utf8))
        defer { for p in [inPath, outPath, errPath] { try? FileManager.default.removeItem(atPath: p) } }

        var env = ProcessInfo.processInfo.environment
        env["LANG"] = "C.UTF-8"
        for (k, v) in environment { env[k] = v }
        let program = executable.hasPrefix("/") ? executable : (try which(executable))

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, inPath, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)

        let pid: pid_t
        do {
            pid = try Spawn.start(program, args, environment: env, actions: &actions)
        } catch {
            throw NSError(domain: "posix_spawn", code: Int(error.code), userInfo: [NSLocalizedDescriptionKey: "cannot run \(program)"])
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        // WIFEXITED / WEXITSTATUS / WTERMSIG, which Swift cannot call as macros.
        let code: Int32 = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        let out = FileManager.default.contents(atPath: outPath) ?? Data()
        let err = FileManager.default.contents(atPath: errPath) ?? Data()
        return Binary.Result(status: code, stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self))
    }

    /// The full path of a program on `PATH`.
    public static func which(_ name: String) throws -> String {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let p = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        throw NSError(domain: "which", code: 127, userInfo: [NSLocalizedDescriptionKey: "\(name) is not on PATH"])
    }
}

/// A scratch directory removed when the value goes away.
public final class TemporaryDirectory: @unchecked Sendable {
    public let path: String

    public init() {
        path = NSTemporaryDirectory() + "nq57-test-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    public func file(_ name: String) -> String { path + "/" + name }

    @discardableResult
    public func write(_ name: String, _ text: String) -> String {
        _ = FileManager.default.createFile(atPath: file(name), contents: Data(text.utf8))
        return file(name)
    }

    @discardableResult
    public func write(_ name: String, bytes: [UInt8]) -> String {
        _ = FileManager.default.createFile(atPath: file(name), contents: Data(bytes))
        return file(name)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}
