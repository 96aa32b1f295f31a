import Foundation

/// A small demo database made once by the real binary, copied for each test that needs one.
public enum DemoDatabase {
    /// The day the demo history runs up to.
    public static let asOf = "2026-11-29"

    private static let made: Result<String, Error> = {
        let dir = NSTemporaryDirectory() + "nq57-demo-\(getpid())"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = dir + "/demo.sqlite"
        do {
            try? FileManager.default.removeItem(atPath: path)
            let r = try Binary.run(["demo", "--db", path, "--scale", "small", "--seed", "57", "--as-of", asOf])
            guard r.status == 0 else { return .failure(NSError(domain: "nq57", code: Int(r.status), userInfo: [NSLocalizedDescriptionKey: r.stderr])) }
            return .success(path)
        } catch {
            return .failure(error)
        }
    }()

    /// A fresh copy of the demo database in `dir`.
    public static func copy(into dir: TemporaryDirectory, name: String = "nq57.sqlite") throws -> String {
        let source = try made.get()
        let target = dir.file(name)
        try FileManager.default.copyItem(atPath: source, toPath: target)
        return target
    }
}
