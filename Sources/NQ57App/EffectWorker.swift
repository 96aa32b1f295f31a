import Dispatch
import NQ57Core

/// Runs the store's reads off the input loop, one at a time, and hands their answers back as
/// messages, as bubbletea runs a command and delivers what it returns.
///
/// The source is touched only on the worker's serial queue, so it is used from one thread at a time
/// as `DashboardSource` requires; that is why the class may be shared across threads.
final class EffectWorker: @unchecked Sendable {
    private let source: DashboardSource
    private let queue = DispatchQueue(label: "nq57.effects")
    /// Guards `inbox`.
    private let lock = DispatchQueue(label: "nq57.effects.inbox")
    private var inbox: [Message] = []
    /// Signalled once for every message put into the inbox.
    private let arrived = DispatchSemaphore(value: 0)
    /// Jobs handed over whose message has not been taken yet. Read and written by the loop only.
    private(set) var pending = 0

    init(source: DashboardSource) { self.source = source }

    /// Runs `job` with the source on the worker thread; its answer comes back through `take`.
    func run(_ job: @escaping @Sendable (DashboardSource) -> Message) {
        pending += 1
        queue.async {
            let message = job(self.source)
            self.lock.sync { self.inbox.append(message) }
            self.arrived.signal()
        }
    }

    /// The next answer, waiting for it until `deadline` (nil: as long as it takes); nil when none came.
    func take(until deadline: DispatchTime?) -> Message? {
        guard pending > 0 else { return nil }
        if let deadline {
            guard arrived.wait(timeout: deadline) == .success else { return nil }
        } else {
            arrived.wait()
        }
        pending -= 1
        return lock.sync { inbox.removeFirst() }
    }
}
