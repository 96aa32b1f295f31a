import Foundation

/// Where a bulk import's time goes, phase by phase, on standard error when `NQ57_IMPORT_PHASES` is set
/// (`nq57-bench` sets it and prints the phases beside the import's figure). Wall and CPU time of the
/// process since the previous mark; nothing is measured when the variable is unset.
public final class ImportPhases: @unchecked Sendable {
    public static let shared = ImportPhases(enabled: ProcessInfo.processInfo.environment["NQ57_IMPORT_PHASES"] != nil)

    let enabled: Bool
    private var wall = 0.0
    private var cpu = 0.0

    init(enabled: Bool) {
        self.enabled = enabled
        if enabled { (wall, cpu) = Self.clocks() }
    }

    private static func clocks() -> (Double, Double) {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        var c = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c)
        return (Double(t.tv_sec) + Double(t.tv_nsec) / 1e9, Double(c.tv_sec) + Double(c.tv_nsec) / 1e9)
    }

    /// Ends the phase called `name`: one line `phase NAME WALL_S CPU_S`.
    public func mark(_ name: String) {
        guard enabled else { return }
        let (w, c) = Self.clocks()
        FileHandle.standardError.write(Data(String(format: "phase %@ %.3f %.3f\n", name, w - wall, c - cpu).utf8))
        (wall, cpu) = (w, c)
    }
}
