/// What a cell is, for colouring: themes map roles to colours and attributes, panes never name colours.
public enum Role: String, CaseIterable, Sendable, Hashable {
    case text
    case dim
    case header
    case title
    case paneBorder = "pane_border"
    case focusedBorder = "focused_border"
    case paneTitle = "pane_title"
    case label
    case value
    case doneOnTime = "done_on_time"
    case doneLate = "done_late"
    case open
    case overdue
    case selection
    case demoBadge = "demo_badge"
    case warning
    case error
    /// A value that changed at the last live refresh.
    case changed
    case unverified
    case sparkline
    case barEmpty = "bar_empty"
    case footer
    case footerKey = "footer_key"
    case breadcrumb
    case filter
    case live
    /// The live clock (`HH:MM:SS`) after the live mark: it ticks every second, so themes leave it
    /// in the terminal's own colours and a tick writes its digits alone.
    case clock
    case stale

    /// Roles whose colour is their meaning (the four states, sparklines, the empty part of a bar):
    /// on a selected row they keep it, and the selection colours only the rest of the row.
    public var keepsColourWhenSelected: Bool {
        switch self {
        case .doneOnTime, .doneLate, .open, .overdue, .sparkline, .barEmpty: true
        default: false
        }
    }

    /// One character per role, for the role dumps of golden tests.
    public var code: Character {
        switch self {
        case .text: "."
        case .dim: ","
        case .header: "H"
        case .title: "T"
        case .paneBorder: "b"
        case .focusedBorder: "B"
        case .paneTitle: "P"
        case .label: "l"
        case .value: "v"
        case .doneOnTime: "d"
        case .doneLate: "L"
        case .open: "o"
        case .overdue: "X"
        case .selection: "S"
        case .demoBadge: "D"
        case .warning: "W"
        case .error: "E"
        case .changed: "C"
        case .unverified: "u"
        case .sparkline: "s"
        case .barEmpty: "_"
        case .footer: "f"
        case .footerKey: "k"
        case .breadcrumb: ">"
        case .filter: "/"
        case .live: "~"
        case .clock: "@"
        case .stale: "!"
        }
    }
}
