/// What a task must satisfy, against the units and the catalogue: the one rule for `import` of a
/// tasks CSV and for `SQLiteStore.addTask`.
public struct TaskValidator: Sendable {
    public static let maxIDLength = 64
    public static let maxTitleLength = 500
    public static let maxPlanLength = 64

    /// Every unit's level, by code.
    public var unitLevels: [String: Level]
    /// The ids of the catalogue's technology groups.
    public var groups: Set<Int>

    public init(unitLevels: [String: Level], groups: Set<Int>) {
        self.unitLevels = unitLevels
        self.groups = groups
    }

    /// The task of a row of a tasks CSV (`task_id,title,plan,area,tech_group,level,unit_code,deadline`),
    /// or the first thing wrong with it. Every field but the title is trimmed.
    public func task(fields f: [String]) -> Result<TaskRecord, FieldProblem> {
        func fail(_ field: String, _ message: String) -> Result<TaskRecord, FieldProblem> {
            .failure(FieldProblem(field: field, message: message))
        }
        let v = f.map { $0.trimmingASCIISpaces() }
        guard let area = Int(v[3]) else { return fail("area", "\(Quoting.quoted(v[3])) is not a whole number") }
        var group: Int?
        if !v[4].isEmpty {
            guard let g = Int(v[4]) else { return fail("tech_group", "\(Quoting.quoted(v[4])) is not a whole number") }
            group = g
        }
        guard let level = Level(rawValue: v[5]) else {
            return fail("level", "\(Quoting.quoted(v[5])) is not one of central, province, commune")
        }
        guard let deadline = CivilDate(v[7]) else {
            return fail("deadline", "\(Quoting.quoted(v[7])) is not a date such as 2025-12-31")
        }
        let task = TaskRecord(id: v[0], title: f[1], plan: v[2], area: area, techGroup: group, level: level, unitCode: v[6], deadline: deadline)
        if let p = problem(task) { return .failure(p) }
        return .success(task)
    }

    /// The first thing wrong with a task, or nil.
    public func problem(_ t: TaskRecord) -> FieldProblem? {
        func fail(_ field: String, _ message: String) -> FieldProblem { FieldProblem(field: field, message: message) }
        if t.id.isEmpty { return fail("task_id", "is empty") }
        if t.id.utf8.count > Self.maxIDLength, t.id.unicodeScalars.count > Self.maxIDLength || t.id.utf8.count > TextLimit.bytes(forCharacters: Self.maxIDLength) {
            return fail("task_id", "is longer than \(Self.maxIDLength) characters")
        }
        if t.id.unicodeScalars.contains(where: { $0.value < 0x21 || (0x7F..<0xA0).contains($0.value) }) {
            return fail("task_id", "\(Quoting.quoted(t.id)) holds spaces or control characters")
        }
        if t.title.trimmingASCIISpaces().isEmpty { return fail("title", "is empty") }
        if let p = TextLimit.problem(t.title, maxCharacters: Self.maxTitleLength) { return fail("title", p) }
        if t.plan.trimmingASCIISpaces().isEmpty { return fail("plan", "is empty") }
        if let p = TextLimit.problem(t.plan, maxCharacters: Self.maxPlanLength) { return fail("plan", p) }
        if !(1...6).contains(t.area) { return fail("area", "\(t.area) is not one of the six areas 1–6") }
        if let g = t.techGroup, !groups.contains(g) { return fail("tech_group", "\(g) is not in the catalogue of technology groups") }
        guard let level = unitLevels[t.unitCode] else { return fail("unit_code", "no unit \(Quoting.quoted(t.unitCode))") }
        if level != t.level { return fail("level", "unit \(t.unitCode) is a \(level.rawValue) unit, not \(t.level.rawValue)") }
        return nil
    }
}

/// What an ecosystem figure must satisfy, on every path (`nq57 metric set`, `SQLiteStore.setMetric`).
public enum MetricValidator {
    /// Keys are ASCII letters, digits and `_`, such as `st_enterprises` (after trimming spaces).
    public static let keyRule = "must be letters, digits and _"

    /// The trimmed key, or nil when it breaks `keyRule`.
    public static func key(_ raw: String) -> String? {
        let key = raw.trimmingASCIISpaces()
        guard !key.isEmpty, key.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x5F })
        else { return nil }
        return key
    }

    /// The value of text such as `858` or `73000.5`, or nil when it is not a finite number.
    public static func value(_ text: String) -> Double? {
        guard let d = Double(text.trimmingASCIISpaces()), isAcceptable(d) else { return nil }
        return d
    }

    /// Figures are smaller than this in size: every screen can draw them, and a double still holds
    /// whole numbers exactly.
    public static let limit: Double = 1e15
    /// `limit` in the database's guard.
    public static let limitSQL = "1e15"
    /// The longest source or qualifier, in characters.
    public static let maxTextLength = 500

    /// True for a value a figure may hold: finite, below `limit` in size.
    public static func isAcceptable(_ value: Double) -> Bool { value.isFinite && abs(value) < limit }

    /// What is wrong with a figure's source or qualifier, as `field: message`, or nil.
    public static func textProblem(source: String, qualifier: String?) -> FieldProblem? {
        if let p = TextLimit.problem(source, maxCharacters: maxTextLength) { return FieldProblem(field: "source", message: p) }
        if let q = qualifier, let p = TextLimit.problem(q, maxCharacters: maxTextLength) { return FieldProblem(field: "qualifier", message: p) }
        return nil
    }
}

/// What a row of a catalogue CSV (`id,name_vi,name_en,product_groups,verified`, optionally followed by
/// `short_vi,short_en`) must satisfy
/// (`nq57 init --tech-groups`), the same limits as the database's guard on `tech_groups`.
public enum TechGroupValidator {
    /// The longest name, in characters.
    public static let maxNameLength = 500

    /// The group of a row, or the first thing wrong with it. Fields are trimmed.
    public static func group(fields: [String]) -> Result<TechGroup, FieldProblem> {
        func fail(_ field: String, _ message: String) -> Result<TechGroup, FieldProblem> {
            .failure(FieldProblem(field: field, message: message))
        }
        let f = fields.map { $0.trimmingASCIISpaces() }
        guard let id = Int(f[0]), id > 0 else { return fail("id", "\(Quoting.quoted(f[0])) is not a positive whole number") }
        for (field, name) in [("name_vi", f[1]), ("name_en", f[2])] {
            if name.isEmpty { return fail(field, "is empty") }
            if let p = TextLimit.problem(name, maxCharacters: maxNameLength) { return fail(field, p) }
        }
        var productGroups: Int?
        if !f[3].isEmpty {
            guard let n = Int(f[3]), n >= 0 else { return fail("product_groups", "\(Quoting.quoted(f[3])) is not a whole number") }
            productGroups = n
        }
        guard let verified = Verification(rawValue: f[4]) else {
            return fail("verified", "\(Quoting.quoted(f[4])) is not one of yes, name-only, to-verify")
        }
        // Optional short names (issue 11 §6): `short_vi,short_en` after `verified`.
        var short = ShortName()
        if f.count >= 7 {
            for (field, name) in [("short_vi", f[5]), ("short_en", f[6])] {
                if let p = TextLimit.problem(name, maxCharacters: maxNameLength) { return fail(field, p) }
            }
            short = ShortName(vi: f[5], en: f[6])
        }
        return .success(TechGroup(id: id, nameVI: f[1], nameEN: f[2], productGroups: productGroups, verified: verified, short: short))
    }
}
