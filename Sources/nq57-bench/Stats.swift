import Foundation

/// Timing samples of one figure, in milliseconds.
struct Samples {
    private(set) var values: [Double] = []

    mutating func add(_ ms: Double) { values.append(ms) }

    /// Untimed runs before the timed ones: caches filled, code paged in.
    static let warmupRuns = 3

    /// Runs `body` `count` times (after `warmup` untimed runs) and records each run.
    /// `untimed` runs before each run of `body`, outside the time measured.
    static func measure(_ count: Int, warmup: Int = warmupRuns, untimed: (() throws -> Void)? = nil, _ body: () throws -> Void) rethrows -> Samples {
        for _ in 0..<warmup {
            try untimed?()
            try body()
        }
        var s = Samples()
        for _ in 0..<count {
            try untimed?()
            let t0 = DispatchTime.now().uptimeNanoseconds
            try body()
            s.add(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
        }
        return s
    }

    private var sorted: [Double] { values.sorted() }

    func quantile(_ q: Double) -> Double {
        let s = sorted
        guard !s.isEmpty else { return .nan }
        return s[Swift.min(s.count - 1, Int((Double(s.count - 1) * q).rounded(.up)))]
    }

    var median: Double { quantile(0.5) }
    var p99: Double { quantile(0.99) }
    var min: Double { sorted.first ?? .nan }
    var max: Double { sorted.last ?? .nan }
}

/// Elapsed wall time of `body`, in seconds.
func seconds(_ body: () throws -> Void) rethrows -> Double {
    let t0 = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
}

func format(_ ms: Double) -> String {
    if ms.isNaN { return "—" }
    if ms >= 100 { return String(format: "%.0f", ms) }
    if ms >= 10 { return String(format: "%.1f", ms) }
    return String(format: "%.2f", ms)
}
