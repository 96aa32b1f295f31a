/// The go-to prompt (`:` from any screen, as in k9s and vim): finds provinces, communes, central
/// bodies and tasks across the whole store, by name or id, without diacritics.

/// One thing the prompt found, with its place.
public struct Found: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        case province, central, commune, task
    }

    public var kind: Kind
    /// A unit's code or a task's id.
    public var code: String
    /// A unit's name or a task's title.
    public var name: String
    /// For a task, its unit's name.
    public var unitName: String?
    /// For a commune (or a commune's task), its province's name.
    public var provinceName: String?

    public init(kind: Kind, code: String, name: String, unitName: String? = nil, provinceName: String? = nil) {
        self.kind = kind
        self.code = code
        self.name = name
        self.unitName = unitName
        self.provinceName = provinceName
    }
}

/// The prompt's state: what was typed, what the store answered for it, and the selection.
public struct GoToState: Hashable, Sendable {
    public var query = ""
    /// The answer for `answeredQuery`; kept on screen while a newer query is being looked up.
    public var results: [Found] = []
    public var answeredQuery: String?
    public var selected = 0
    public var error: String?
    /// Enter was pressed before the answer came: the answer's best result opens as soon as it does.
    public var openWhenAnswered = false

    public init() {}

    /// A query has been typed and its answer has not come yet.
    public var searching: Bool { !query.isEmpty && answeredQuery != query }

    /// The most results the prompt asks for.
    public static let limit = 40
}

extension Search {
    /// How well a folded name answers a folded query, lower is better; nil when some word is missing.
    /// Equal name 0, name starting with the query 1, every word at the start of a word 2, else 3.
    public static func rank(folded name: String, query: String) -> Int? {
        let words = query.split(separator: " ")
        guard !words.isEmpty else { return nil }
        for w in words where !name.contains(w) { return nil }
        if name == query { return 0 }
        if name.hasPrefix(query) { return 1 }
        let nameWords = name.split(separator: " ")
        if words.allSatisfy({ w in nameWords.contains { $0.hasPrefix(w) } }) { return 2 }
        return 3
    }

    /// The name of a commune or province without its kind (`phuong hoan kiem` → `hoan kiem`), for ranking.
    public static func withoutKind(_ folded: String) -> String {
        for prefix in ["thanh pho ", "tinh ", "phuong ", "xa ", "dac khu "] where folded.hasPrefix(prefix) {
            return String(folded.dropFirst(prefix.count))
        }
        return folded
    }
}

extension DashboardModel {
    /// Keys while the go-to prompt is open: typing looks up, ↑↓ choose, Enter opens, Esc closes.
    mutating func editGoTo(_ key: Key) -> [Effect] {
        guard var g = goTo else { return [] }
        switch key {
        case .escape:
            goTo = nil
            return []
        case .enter:
            if g.searching {
                g.openWhenAnswered = true
                goTo = g
                return []
            }
            guard g.results.indices.contains(g.selected) else { return [] }
            goTo = nil
            return openFound(g.results[g.selected])
        case .up:
            g.selected = max(0, g.selected - 1)
        case .down, .tab:
            g.selected = min(max(0, g.results.count - 1), g.selected + 1)
        case .backspace:
            guard !g.query.isEmpty else {
                goTo = nil
                return []
            }
            g.query.removeLast()
            g.openWhenAnswered = false
            goTo = g
            return lookUp()
        case .char(let c):
            g.query.append(c)
            g.openWhenAnswered = false
            goTo = g
            return lookUp()
        default:
            break
        }
        goTo = g
        return []
    }

    private mutating func lookUp() -> [Effect] {
        guard let g = goTo else { return [] }
        if Search.fold(g.query).isEmpty {
            goTo?.results = []
            goTo?.answeredQuery = g.query
            goTo?.selected = 0
            return []
        }
        return [.find(g.query)]
    }

    /// The store's answer: kept only while it answers what the prompt holds now.
    mutating func foundAnswer(_ query: String, _ result: Result<[Found], NQ57Error>) -> [Effect] {
        guard var g = goTo, g.query == query else { return [] }
        switch result {
        case .success(let found):
            g.results = found
            g.error = nil
        case .failure(let error):
            g.results = []
            g.error = error.message
        }
        g.answeredQuery = query
        g.selected = 0
        goTo = g
        if g.openWhenAnswered, let best = g.results.first {
            goTo = nil
            return openFound(best)
        }
        goTo?.openWhenAnswered = false
        return []
    }

    /// Opens what was found on top of the overview: a province's communes, a unit's tasks, a task.
    public mutating func openFound(_ found: Found) -> [Effect] {
        stack = []
        let screen: Screen
        let crumb: Crumb
        switch found.kind {
        case .province:
            (screen, crumb) = (.units(.communes(province: found.code)), .unit(name: found.name))
        case .central:
            (screen, crumb) = (.tasks(.unit(found.code)), .unit(name: found.name))
        case .commune:
            (screen, crumb) = (.tasks(.unit(found.code)), Crumb.of(found.name, province: found.provinceName))
        case .task:
            (screen, crumb) = (.task(found.code), .task(id: found.code))
        }
        stack.append(Frame(screen: screen, crumb: crumb))
        return [.loadFrame(depth: 0, screen: screen)]
    }
}
