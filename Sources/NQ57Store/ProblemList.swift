import NQ57Core

/// Bad lines of an input file: every one is counted, the first few are listed.
struct ProblemList {
    static let listed = 20
    var name: String
    private(set) var lines: [String] = []
    private(set) var count = 0

    init(name: String) { self.name = name }

    mutating func add(line: Int, _ message: String) {
        count += 1
        if lines.count < Self.listed { lines.append("\(name):\(line): \(message)") }
    }

    var isEmpty: Bool { count == 0 }

    /// Throws one `NQ57Error(.badData)` whose message lists the bad lines one per line, then
    /// "… and N more bad rows", then a last line with the total and the `outcome`.
    func throwIfAny(outcome: String) throws {
        guard count > 0 else { return }
        throw StoreError.badRows(path: name, count: count, listed: lines, outcome: outcome).error
    }
}
