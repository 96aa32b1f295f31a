import Foundation
import NQ57Core
import NQ57Render
import NQ57Store

/// The figures of every scale side by side (the median of each scale's runs), with how each grows
/// from national to stress scale, where tasks and reports grow tenfold (issue 14).
enum ScaleTable {
    /// (key in `Bench.run`'s figures, name, unit, why it grows as it does)
    static let figures: [(String, String, String, String)] = [
        ("1.", "overview refresh after one new report, median", "ms",
         "reads maintained counters (a few hundred rows of `state_counts`, `open_by_deadline`) and draws about 5,000 cells: none of it depends on the reports; the parts over unchanged tables (proposals, catalogue) are kept from the refresh before"),
        ("1. p99", "overview refresh, p99", "ms", "as the median; the tail is the shared machine"),
        ("1a.", "of which the queries", "ms", "the counters, the latest reports (an index on `tasks.reported_at`) and the warnings' open tasks due near today"),
        ("1b.", "of which the update", "ms", "the dashboard's state from the loaded data: a few hundred rows"),
        ("1c.", "of which layout + render", "ms", "the cells of the screen"),
        ("1d.", "of which freeing", "ms", "the frame and the previous refresh's data"),
        ("1h.", "overview refresh reading every part, median", "ms", "as 1, with the proposals' parts (their counts split over the days ahead, 50 + 50 warnings) and the catalogue read again"),
        ("2a.", "drill into the largest province", "ms", "the province's communes' counters; the busiest province's task count grows with the data but the screen reads counters"),
        ("2b.", "drill into the busiest commune", "ms", "the commune's tasks through `tasks_unit_worst`, in pages: grows with that commune's tasks (29 at national, about 290 at stress)"),
        ("3.", "one `/` keystroke", "ms", "filters the 3,321 communes held in memory"),
        ("4.", "cold start to the first frame", "ms", "process start, schema check and one overview"),
        ("5.", "peak resident memory", "MB", "the page cache is capped (2 MB a connection) and screens hold a page of rows"),
        ("6.", "import of 1,000,000 rows", "rows/s", "each row's insert into the `(task, time)` index, and each touched task's state: the tasks touched grow with the tasks (the file's 1,000,000 rows touch about 100,000 tasks at national and 630,000 at stress)"),
        ("6. CPU", "import, CPU of the process", "s", "as above"),
        ("6b.0", "raw SQLite, index, tasks at random", "rows/s", "a random leaf of an index ten times larger for each row"),
        ("6b.1", "raw SQLite, index, key order", "rows/s", "the same leaves, each touched once"),
        ("6b.2", "raw SQLite, no index", "rows/s", "appends at the end of `report_log`"),
        ("6c.", "`nq57 check` after the import", "s", "a full recount: reads every report"),
        ("7a.", "bytes per idle live tick", "B", "the clock's changed digit"),
        ("7b.", "bytes for one new report", "B", "the changed cells"),
        ("8.", "CPU of `watch 1`, idle", "% of a core", "one `PRAGMA data_version` a second"),
    ]

    static func median(_ values: [Double]) -> Double {
        let v = values.filter { !$0.isNaN }.sorted()
        guard !v.isEmpty else { return .nan }
        return v.count % 2 == 1 ? v[v.count / 2] : (v[v.count / 2 - 1] + v[v.count / 2]) / 2
    }

    /// flat (within 1.5×), logarithmic (grows, but far less than tenfold) or linear, from national to stress.
    static func growth(_ national: Double, _ stress: Double, higherIsBetter: Bool) -> String {
        guard national > 0, stress > 0, !national.isNaN, !stress.isNaN else { return "—" }
        let r = higherIsBetter ? national / stress : stress / national
        let word = r <= 1.5 ? "flat" : r < 5 ? "logarithmic" : "linear"
        return String(format: "%@ (%.1f×)", word, r)
    }

    static func markdown(_ all: [(DemoScale, [[String: Double]])]) -> String {
        let scales = all.map(\.0)
        func value(_ scale: DemoScale, _ key: String) -> Double {
            median(all.first { $0.0 == scale }?.1.compactMap { $0[key] } ?? [])
        }
        func show(_ v: Double, _ unit: String) -> String {
            if v.isNaN { return "—" }
            if unit == "rows/s" { return String(format: "%.0f", v) }
            if v >= 100 { return String(format: "%.0f", v) }
            return String(format: v >= 10 ? "%.1f" : "%.2f", v)
        }
        let runs = all.map { "\($0.0.rawValue) \($0.1.count)" }.joined(separator: ", ")
        var out = "### Every scale, median of the runs (\(runs) runs) — \(Bench.now.vietnamDate)\n\n"
        out += "| figure | unit | " + scales.map { s in
            "\(s.rawValue) (\(NumberFormat(.en).integer(Int(value(s, "tasks")))) tasks, \(NumberFormat(.en).integer(Int(value(s, "reports")))) reports)"
        }.joined(separator: " | ") + " | national → stress | why |\n"
        out += "|---|---|" + scales.map { _ in "---|" }.joined() + "---|---|\n"
        for (key, name, unit, why) in figures {
            let vs = scales.map { value($0, key) }
            guard vs.contains(where: { !$0.isNaN }) else { continue }
            let g = scales.contains(.national) && scales.contains(.stress)
                ? growth(value(.national, key), value(.stress, key), higherIsBetter: unit == "rows/s") : "—"
            out += "| \(name) | \(unit) | " + vs.map { show($0, unit) }.joined(separator: " | ") + " | \(g) | \(why) |\n"
        }
        return out
    }
}
