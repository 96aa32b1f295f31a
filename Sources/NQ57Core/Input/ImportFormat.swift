/// The report file format of `nq57 import`: a CSV header, or JSON Lines with the same keys.
public enum ReportFileFormat {
    /// The exact header of a report CSV.
    public static let csvHeader = ["task_id", "status", "progress", "reported_at", "note", "reported_by"]

    /// True when the first bytes of a file look binary: a NUL byte, or mostly bytes that are neither
    /// text nor UTF-8.
    public static func looksBinary(_ head: some Collection<UInt8>) -> Bool {
        if head.contains(0) { return true }
        var control = 0
        for b in head where b < 0x20 && b != 0x09 && b != 0x0A && b != 0x0D && b != 0x1B {
            control += 1
        }
        return head.count > 0 && control * 10 > head.count
    }
}
