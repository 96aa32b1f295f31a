import NQ57Core

/// Bad lines of an input file: every one is counted, the first few are listed. Public so that every
/// store's import (SQLite's and PostgreSQL's) lists bad rows the same way, with the same limit.
public struct ProblemList: Sendable {
    public static let listed = 20
    public var name: String
    public private(set) var lines: [String] = []
    public private(set) var count = 0

    public init(name: String) { self.name = name }

    public mutating func add(line: Int, _ message: String) {
        count += 1
        if lines.count < Self.listed { lines.append("\(name):\(line): \(message)") }
    }

    public var isEmpty: Bool { count == 0 }

    /// Throws one `NQ57Error(.badData)` whose message lists the bad lines one per line, then
    /// "… and N more bad rows", then a last line with the total and the `outcome`.
    public func throwIfAny(outcome: String) throws {
        guard count > 0 else { return }
        throw StoreError.badRows(path: name, count: count, listed: lines, outcome: outcome).error
    }
}
