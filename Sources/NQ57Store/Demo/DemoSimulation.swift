import Foundation
import NQ57Core

/// The demo's report history, played day by day on a thread of its own: each day's reports (sorted as
/// they are inserted) go through a bounded `Channel` to the thread that holds the database, which binds
/// and inserts them while the next days are simulated. The simulation touches only its own copy of the
/// tasks' plans (`sims`), handed back once it is done: the data is the same as in one thread.
struct DemoSimulation: Sendable {
    typealias Sim = DemoGenerator.Sim
    typealias Pending = DemoGenerator.Pending

    /// One simulated day and its reports, in insertion order.
    struct Day: Sendable {
        var day: Int
        var reports: [Pending]
    }

    var sims: [Sim]
    /// The reporting level (0 central, 1 province, 2 commune) of each task, by task index.
    let levels: [UInt8]
    let first: Int
    let last: Int
    let now: Int64

    /// Runs the simulation on a new thread, handing each day to `channel` (closed at the end); the
    /// finished plans are in the returned `Plans` once the channel is closed.
    static func start(_ simulation: DemoSimulation, into channel: Channel<Day>) -> Plans {
        let plans = Plans()
        let thread = Thread {
            var simulation = simulation
            var failure: (any Error)?
            if !simulation.play(into: channel) { failure = CancellationError() }
            plans.sims = simulation.sims
            channel.close(failure)
        }
        thread.stackSize = 8 << 20
        thread.start()
        return plans
    }

    /// The simulation's plans once the channel is closed (written before closing, read after).
    final class Plans: @unchecked Sendable {
        var sims: [Sim] = []
    }

    /// Plays every day from `first` to `last`; false when the taker cancelled.
    mutating func play(into channel: Channel<Day>) -> Bool {
        guard last >= first else { return true }
        var buckets = [[Int32]](repeating: [], count: last - first + 1)
        for i in sims.indices {
            let day = Int(sims[i].start) + sims[i].rng.below(7)
            if day <= last { buckets[max(day, first) - first].append(Int32(i)) }
        }
        for day in first...last {
            var today: [Pending] = []
            for i in buckets[day - first] {
                let before = sims[Int(i)]
                if let (report, next) = event(Int(i), day: Int32(day)) {
                    // A report later than now is not made: the task stays as it was, and reports no more.
                    guard report.at <= now else {
                        sims[Int(i)] = before
                        continue
                    }
                    today.append(report)
                    if let next, Int(next) <= last { buckets[Int(next) - first].append(i) }
                }
            }
            buckets[day - first] = []
            today.sort { ($0.at, $0.task) < ($1.at, $1.task) }
            guard channel.put(Day(day: day, reports: today)) else { return false }
        }
        return true
    }

    /// Task `i`'s report on `day`, and the day of its next one (nil when it reports no more).
    mutating func event(_ i: Int, day: Int32) -> (Pending, Int32?)? {
        var s = sims[i]
        defer { sims[i] = s }
        let never = DemoGenerator.never
        let target = s.phase == 0 ? s.done : s.redone
        var status: UInt8
        var progress: UInt8
        var kind: DemoText.ReportKind
        var next: Int32?
        if (s.phase == 0 || s.phase == 2) && day >= target {
            (status, progress, kind) = (3, 100, .done)
            if s.phase == 0 && s.reopen != never {
                s.phase = 1
                next = s.reopen
            } else {
                s.phase = 3
            }
        } else if s.phase == 1 {
            (status, progress, kind) = (2, 90, .reopened)
            s.phase = 2
            next = min(day + 7, s.redone)
        } else if s.phase == 3 {
            return nil
        } else {
            let horizon = target == never ? s.deadline + 180 : target
            let fraction = max(0, min(1, Double(day - s.start) / Double(max(1, horizon - s.start))))
            if s.status == 0 && fraction < 0.15 && s.rng.chance(0.4) {
                (status, progress, kind) = (1, 0, .notStarted)
            } else {
                let cap = target == never ? 90.0 : 95.0
                let p = min(cap, max(Double(s.progress), fraction * 100 * (0.85 + 0.2 * s.rng.unit()), 1))
                (status, progress, kind) = (2, UInt8(p), .inProgress)
            }
            if s.interim {
                next = day + 4
                s.interim = false
            } else if s.rng.chance(0.55) {
                next = day + 3
                s.interim = true
            } else {
                next = day + 7
            }
            if target != never, next! > target { next = target }
        }
        let timeOfDay: Int64 = s.rng.chance(0.02)
            ? Int64(21 * 3600 + s.rng.below(3 * 3600))
            : Int64(7 * 3600 + 1800 + s.rng.below(10 * 3600))
        let at = Int64(day) * 86400 - Timestamp.vietnamOffset + timeOfDay
        var note = ""
        if s.rng.chance(kind == .reopened ? 1 : 0.08), let notes = DemoText.notes[kind] {
            note = notes[s.rng.below(notes.count)]
        }
        if status == 3 && s.status != 3 { s.completedOn = day }
        if status != 3 { s.completedOn = -1 }
        s.status = status
        s.progress = progress
        s.reportedAt = at
        return (Pending(at: at, task: Int32(i), status: status, progress: progress, note: note, level: levels[i]), next)
    }
}
