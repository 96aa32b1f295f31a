import NQ57Core

/// Truncation that keeps meaning (issue 11 §6): a name is shown whole where it fits, as its short
/// name (data: reference files and catalogues carry it) where it does not, and cut only when even
/// the short name is too wide. The selected row's full name shows in a detail line.
public enum NameFit {
    /// The text to draw for a name in `width` columns.
    public static func choose(full: String, short: String?, width: Int) -> String {
        if Text.cleanWidth(full) <= width { return full }
        guard let short, !short.isEmpty else { return full }
        return short
    }

    /// True when `full` must give way to its short name in `width` columns.
    public static func isShortened(full: String, short: String?, width: Int) -> Bool {
        choose(full: full, short: short, width: width) != full
    }
}

extension Labels {
    /// A technology group's short name in this language, nil when the catalogue gives none.
    public func techGroupShort(_ g: TechGroup) -> String? { g.short.of(language) }

    /// A figure's full name: the catalogue's, else the built-in table's, else its key.
    public func metricName(_ s: MetricSeries) -> String { s.name?.name(language) ?? metricName(s.key) }

    /// A figure's short name from the catalogue, nil when it gives none.
    public func metricShort(_ s: MetricSeries) -> String? { s.name?.short.of(language) }

    /// A unit's short name, nil when the reference data gives none.
    public func unitShort(_ u: AdminUnit) -> String? { u.short.of(language) }
}
