/// A name's short forms (issue 11 §6: truncation that keeps meaning). Short names are data: the
/// reference files and catalogues carry them beside the full names, in both languages; a screen shows
/// the full name where it fits and the short one otherwise. Empty means "none given".
public struct ShortName: Hashable, Sendable {
    public var vi: String
    public var en: String

    public init(vi: String = "", en: String = "") {
        self.vi = vi
        self.en = en
    }

    /// The short name in `language`, or nil when none was given.
    public func of(_ language: Language) -> String? {
        let s = language == .vi ? vi : en
        return s.isEmpty ? nil : s
    }
}

/// An entry of the figures' catalogue (`metric_catalogue`): the keys `nq57 metric set` accepts, with
/// their names in both languages.
public struct FigureName: Hashable, Sendable {
    public var key: String
    public var nameVI: String
    public var nameEN: String
    public var short: ShortName

    public init(key: String, nameVI: String, nameEN: String, short: ShortName = ShortName()) {
        self.key = key
        self.nameVI = nameVI
        self.nameEN = nameEN
        self.short = short
    }

    public func name(_ language: Language) -> String { language == .vi ? nameVI : nameEN }
}

extension Metric {
    /// The source in `language`: the Vietnamese one when given, else the source as recorded.
    public func source(_ language: Language) -> String {
        language == .vi && !sourceVI.isEmpty ? sourceVI : source
    }
}
