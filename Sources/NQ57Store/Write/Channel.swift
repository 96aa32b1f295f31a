import Foundation

/// A bounded hand-over between two threads.
final class Channel<T>: @unchecked Sendable {
    private let condition = NSCondition()
    private var items: [T] = []
    private let capacity: Int
    private var closed = false
    private var cancelled = false
    private var error: (any Error)?

    init(capacity: Int) { self.capacity = capacity }

    /// Waits for room; false when the taker has cancelled.
    func put(_ item: T) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while items.count >= capacity && !cancelled { condition.wait() }
        if cancelled { return false }
        items.append(item)
        condition.broadcast()
        return true
    }

    /// The next item; nil once the giver has closed and everything is taken.
    func take() -> T? {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty && !closed { condition.wait() }
        if items.isEmpty { return nil }
        condition.broadcast()
        return items.removeFirst()
    }

    /// The giver is done, with the error that stopped it if any.
    func close(_ error: (any Error)?) {
        condition.lock()
        closed = true
        self.error = error
        condition.broadcast()
        condition.unlock()
    }

    /// The taker gives up: the giver's next `put` returns false.
    func cancel() {
        condition.lock()
        cancelled = true
        items.removeAll()
        condition.broadcast()
        condition.unlock()
    }

    /// What stopped the giver, once closed (a cancellation is not a failure).
    var failure: (any Error)? {
        condition.lock()
        defer { condition.unlock() }
        return error is CancellationError ? nil : error
    }
}
