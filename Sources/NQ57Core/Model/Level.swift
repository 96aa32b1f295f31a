/// The three administrative levels that hold tasks since the two-level local government of 1 July 2025.
public enum Level: String, CaseIterable, Sendable, Codable, Comparable {
    case central
    case province
    case commune

    public static func < (lhs: Level, rhs: Level) -> Bool { lhs.rank < rhs.rank }

    /// Central first, communes last: the order every pane lists levels in.
    public var rank: Int {
        switch self {
        case .central: 0
        case .province: 1
        case .commune: 2
        }
    }
}
