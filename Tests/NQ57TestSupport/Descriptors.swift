import Foundation

/// The descriptors a running process holds, read from /proc.
public enum Descriptors {
    /// The access mode (`O_RDONLY`, `O_WRONLY` or `O_RDWR`) of each descriptor `pid` holds on `path`.
    public static func accessModes(pid: Int32, path: String) throws -> [Int32] {
        var modes: [Int32] = []
        for fd in try FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd") {
            guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/fd/\(fd)"), target == path else { continue }
            let info = try String(contentsOfFile: "/proc/\(pid)/fdinfo/\(fd)", encoding: .utf8)
            let flags = info.split(separator: "\n").first { $0.hasPrefix("flags:") }
                .flatMap { Int32($0.split(separator: "\t").last ?? "", radix: 8) } ?? -1
            modes.append(flags & O_ACCMODE)
        }
        return modes
    }
}
