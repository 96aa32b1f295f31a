import Foundation

/// A share with its 95% confidence interval, all in 0...1.
public struct ShareInterval: Hashable, Sendable, Codable {
    public var estimate: Double
    public var low: Double
    public var high: Double

    public init(estimate: Double, low: Double, high: Double) {
        self.estimate = estimate
        self.low = low
        self.high = high
    }

    /// Every bound multiplied by `factor` (a known share: the self-reported done rate).
    public func scaled(by factor: Double) -> ShareInterval {
        ShareInterval(estimate: estimate * factor, low: low * factor, high: high * factor)
    }

    /// The Wilson score interval for `share` observed on `n` (possibly effective, not whole) trials.
    ///
    /// centre = (p̂ + z²/2n) / (1 + z²/n), half width = z / (1 + z²/n) · √(p̂(1−p̂)/n + z²/4n²), z = 1.96.
    /// The estimate stays p̂ (the interval is not centred on it).
    public static func wilson(share p: Double, n: Double, z: Double = InspectionEstimator.z95) -> ShareInterval {
        guard n > 0 else { return ShareInterval(estimate: p, low: 0, high: 1) }
        let z2 = z * z
        let d = 1 + z2 / n
        let centre = (p + z2 / (2 * n)) / d
        let half = z / d * (max(0, p * (1 - p) / n + z2 / (4 * n * n))).squareRoot()
        return ShareInterval(estimate: p, low: max(0, centre - half), high: min(1, centre + half))
    }
}

/// One stratum (a province, the central level, a unit, a level, a technology group) as the
/// estimator sees it.
public struct InspectionStratum: Hashable, Sendable {
    public var key: String
    /// Tasks in the stratum.
    public var tasks: Int
    /// Of those, reported done by their units (self-reported).
    public var reportedDone: Int
    /// Done tasks with a standing verdict (the sample): confirmed + returned.
    public var checked: Int
    /// Of the checked, returned.
    public var returned: Int

    public init(key: String, tasks: Int, reportedDone: Int, checked: Int, returned: Int) {
        self.key = key
        self.tasks = tasks
        self.reportedDone = reportedDone
        self.checked = checked
        self.returned = returned
    }

    /// The stratum's counts as maintained.
    public init(key: String, tasks: Int, counts: InspectionCounts) {
        self.init(key: key, tasks: tasks, reportedDone: counts.done, checked: counts.checked, returned: counts.returnedDone)
    }

    public var selfReportedRate: Double { tasks == 0 ? 0 : Double(reportedDone) / Double(tasks) }
}

/// The estimate of one stratum.
public struct StratumEstimate: Hashable, Sendable {
    public var stratum: InspectionStratum
    /// Share of the self-reported completions that are true (confirmed among the checked); nil without a sample.
    public var trueShareOfDone: ShareInterval?
    /// The true completion rate: self-reported rate × `trueShareOfDone`; nil without a sample.
    public var completion: ShareInterval?
}

/// The estimate of a whole population from its strata.
public struct InspectionEstimate: Hashable, Sendable {
    public var strata: [StratumEstimate]
    /// All tasks' self-reported done rate (every stratum).
    public var selfReported: Double
    /// The true completion rate of the whole, with its 95% interval; nil when nothing was checked.
    public var completion: ShareInterval?
    /// The combined share of self-reported completions that are true; nil when nothing was checked.
    public var trueShareOfDone: ShareInterval?
    /// Checked done tasks, every stratum.
    public var sample: Int
    /// Strata with done tasks but no checked one: assumed to share the combined rate.
    public var unsampledStrata: Int
}

/// Estimates the true completion rate from inspection verdicts on a random sample.
///
/// ## Method (stated here and in the README)
/// Tasks a unit reports as not done are taken as not done; the question is how many of the
/// **self-reported completions** are true. In stratum h (a province, by default, and the central
/// level), N_h tasks are reported done out of T_h, and n_h of them were checked at random
/// (`nq57 inspect plan`), x_h returned. Then:
/// - per stratum: p̂_h = (n_h − x_h) / n_h with its **Wilson score interval** (95%); the stratum's
///   true completion rate is (N_h / T_h) · p_h, the interval scaled the same way.
/// - overall, the **stratified Wilson variant**: p̂ = Σ w_h p̂_h with weights w_h = N_h / Σ N_h over the
///   sampled strata; its variance v = Σ w_h² p̂_h (1 − p̂_h) / n_h; the Wilson interval of p̂ on the
///   effective sample size n_eff = p̂ (1 − p̂) / v (Kish), or Σ n_h when v or p̂(1 − p̂) is 0. The
///   true completion rate is (Σ_all N / Σ_all T) · p̂: strata without a sample are assumed to share
///   the combined p̂ (`unsampledStrata` says how many).
/// No finite-population correction: intervals are slightly wide when a sample is a large part of
/// its stratum. Verdicts from targeted (not random) inspections bias the estimate.
public enum InspectionEstimator {
    /// The 97.5% point of the standard normal distribution.
    public static let z95 = 1.959963984540054

    public static func estimate(_ strata: [InspectionStratum]) -> InspectionEstimate {
        var rows: [StratumEstimate] = []
        var weightSum = 0.0, sampleDone = 0, sample = 0, unsampled = 0
        for s in strata {
            guard s.checked > 0 else {
                if s.reportedDone > 0 { unsampled += 1 }
                rows.append(StratumEstimate(stratum: s, trueShareOfDone: nil, completion: nil))
                continue
            }
            let p = Double(s.checked - s.returned) / Double(s.checked)
            let share = ShareInterval.wilson(share: p, n: Double(s.checked))
            rows.append(StratumEstimate(stratum: s, trueShareOfDone: share, completion: share.scaled(by: s.selfReportedRate)))
            weightSum += Double(s.reportedDone)
            sampleDone += s.reportedDone
            sample += s.checked
        }
        let tasks = strata.reduce(0) { $0 + $1.tasks }
        let done = strata.reduce(0) { $0 + $1.reportedDone }
        let selfRate = tasks == 0 ? 0 : Double(done) / Double(tasks)
        var combined: ShareInterval?
        if sample > 0, weightSum > 0 {
            var p = 0.0, v = 0.0
            for r in rows {
                guard let share = r.trueShareOfDone else { continue }
                let w = Double(r.stratum.reportedDone) / weightSum
                p += w * share.estimate
                v += w * w * share.estimate * (1 - share.estimate) / Double(r.stratum.checked)
            }
            let nEff = (v > 0 && p > 0 && p < 1) ? p * (1 - p) / v : Double(sample)
            combined = ShareInterval.wilson(share: p, n: nEff)
        }
        return InspectionEstimate(strata: rows, selfReported: selfRate, completion: combined?.scaled(by: selfRate),
                                  trueShareOfDone: combined, sample: sample, unsampledStrata: unsampled)
    }
}
