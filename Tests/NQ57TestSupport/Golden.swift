import Foundation
import NQ57Render

/// Golden-text snapshots: a rendered buffer compared with a file beside the test that owns it.
///
/// A golden file holds the screen's text, then a line `--- roles ---`, then one character per cell
/// naming its colour role (`Role.code`), so a test catches a wrong colour as well as a wrong letter.
/// Run with `NQ57_RECORD=1` to write the files afresh; review the diff before committing them. A
/// recording run never passes: each comparison fails saying what it wrote, so a run left with
/// `NQ57_RECORD=1` cannot look green. Under `CI` recording is refused.
public enum Golden {
    public static var isRecording: Bool { ProcessInfo.processInfo.environment["NQ57_RECORD"] == "1" }
    static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] != nil }

    /// The text of a buffer as a golden file stores it.
    public static func text(of buffer: Buffer) -> String {
        (buffer.lines() + ["--- roles ---"] + buffer.roleLines()).joined(separator: "\n") + "\n"
    }

    /// nil when the buffer matches `__Snapshots__/<name>.txt` next to `testFile`; otherwise what differs.
    public static func mismatch(_ buffer: Buffer, named name: String, testFile: String = #filePath) -> String? {
        let dir = URL(fileURLWithPath: testFile).deletingLastPathComponent().appendingPathComponent("__Snapshots__")
        let url = dir.appendingPathComponent(name + ".txt")
        let actual = text(of: buffer)
        if isRecording {
            if isCI { return "NQ57_RECORD=1 is refused under CI: goldens are recorded by a person, who reviews the diff" }
            let before = try? String(contentsOf: url, encoding: .utf8)
            do {
                try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
                try actual.write(to: url, atomically: true, encoding: .utf8)
            } catch {
                return "NQ57_RECORD=1: cannot write \(url.path): \(error)"
            }
            let what = before == nil ? "new" : before == actual ? "unchanged" : "changed"
            return "NQ57_RECORD=1: recorded \(name).txt (\(what)); review the diff, then run again without NQ57_RECORD"
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            return "no golden file \(url.path); run the tests with NQ57_RECORD=1 to write it"
        }
        guard expected != actual else { return nil }
        let e = expected.components(separatedBy: "\n"), a = actual.components(separatedBy: "\n")
        for i in 0..<max(e.count, a.count) where (i < e.count ? e[i] : nil) != (i < a.count ? a[i] : nil) {
            return "\(name).txt differs at line \(i + 1):\n  expected: \(i < e.count ? e[i] : "<none>")\n  actual:   \(i < a.count ? a[i] : "<none>")"
        }
        return "\(name).txt differs"
    }
}
