import Foundation
import Testing
import NQ57TestSupport

/// What an idle live dashboard writes to its terminal: issue 14 asks for at most 20 bytes a tick
/// (htop writes about 400 bytes a second). Counted through the real path: `nq57 watch 1` under
/// `script(1)` in a tmux pane, so every byte ncurses writes lands in a file.
///
/// Byte counts, not timings: the output is cut into bursts at a pause (a tick every second, nothing
/// in between), and the machine's load can only delay a burst, not make it larger.
@Suite(.serialized, .enabled(if: Tmux.isAvailable, "needs tmux (scripts/deps installs it)"))
struct LiveTickCostTests {
    let dir = TemporaryDirectory()

    static func fileSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
    }

    static func seconds() -> Double { Date().timeIntervalSinceReferenceDate }

    /// The sizes of the next `count` bursts written to `log`: growths of the file separated by at
    /// least `pause` seconds of silence. Gives up after `patience` seconds with what it has.
    static func bursts(in log: String, count: Int, pause: Double = 0.4, patience: Double = 60) -> [Int] {
        var out: [Int] = []
        var size = fileSize(log), current = 0, lastGrowth = seconds()
        let deadline = seconds() + patience
        while out.count < count, seconds() < deadline {
            usleep(20_000)
            let now = seconds(), s = fileSize(log)
            if current > 0, now - lastGrowth > pause, s == size {
                out.append(current)
                current = 0
            }
            if s > size {
                current += s - size
                size = s
                lastGrowth = now
            }
        }
        return out
    }

    /// The header line ends with the update clock, `HH:MM:SS`.
    static func endsWithClock(_ line: String) -> Bool {
        let tail = Array(line.trimmingCharacters(in: .whitespaces).suffix(8))
        guard tail.count == 8 else { return false }
        return tail.enumerated().allSatisfy { i, c in i == 2 || i == 5 ? c == ":" : c.isASCII && c.isNumber }
    }

    @Test(arguments: [(120, 40, "Nhiệm vụ theo cấp"), (80, 24, "NQ57")])
    func anIdleTickWritesAtMostTwentyBytes(width: Int, height: Int, drawn: String) throws {
        let db = try DemoDatabase.copy(into: dir)
        let log = dir.path + "/tty-\(width).log"
        let t = try Tmux("script -qfc '\(Binary.path) watch 1 --db \(db) --theme dark' \(log)", width: width, height: height)
        // The first complete frame: the live mark's clock is drawn once the data has been read.
        #expect(try t.waitFor(timeout: 30) { s in s.contains { $0.contains(drawn) } && Self.endsWithClock(s.first ?? "") } != nil, "\(t.dump)")
        let sizes = Self.bursts(in: log, count: 7)
        #expect(sizes.count >= 5, "too few ticks seen: \(sizes)")
        let median = sizes.sorted()[sizes.count / 2]
        #expect(median <= 20, "an idle tick wrote \(median) bytes (bursts: \(sizes))")
        #expect(Self.endsWithClock(try t.screen().first ?? ""), "\(t.dump)")
        // Quit the dashboard so that `script` ends with it: killing the tmux server alone left both
        // running after the test.
        try t.send("q")
        #expect(try t.waitFor("[exited", timeout: 30) != nil, "\(t.dump)")
    }
}
