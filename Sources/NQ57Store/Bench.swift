import GRDB
import NQ57Core

extension SQLiteStore {
    /// Writes a CSV of `rows` valid reports on existing tasks (with the import header), for measuring
    /// `importFile`: in-progress updates mostly, some completions, spread from `from` onwards one
    /// second apart, so none is in the future when imported at `from + rows` seconds or later.
    /// Deterministic for a seed.
    public func writeSampleReports(rows: Int, seed: UInt64, from: Timestamp, write: (String) -> Void) throws {
        let ids = try read { db in try String.fetchAll(db, sql: "SELECT id FROM tasks ORDER BY id") }
        guard !ids.isEmpty else { throw StoreError.noTasksToReport(path: path).error }
        var rng = SplitMix64(seed: seed)
        var buffer = ReportFileFormat.csvHeader.joined(separator: ",") + "\n"
        let notes = ["", "", "", "Đang triển khai theo kế hoạch", "Cập nhật tiến độ, \"đợt 2\""]
        for i in 0..<rows {
            let id = ids[rng.below(ids.count)]
            let at = Timestamp(seconds: from.seconds + Int64(i))
            let done = rng.chance(0.1)
            let note = notes[rng.below(notes.count)]
            buffer += id + (done ? ",done,100," : ",in_progress,\(rng.within(1...99)),") + at.description + ","
                + ExportWriter.csvField(note) + ",Cán bộ xã\n"
            if buffer.utf8.count >= 1 << 16 {
                write(buffer)
                buffer = ""
            }
        }
        write(buffer)
    }
}
