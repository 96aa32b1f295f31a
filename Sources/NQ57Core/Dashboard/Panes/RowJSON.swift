/// A unit with its counts in `snapshot --format json` (provinces, and a province's communes).
public struct UnitJSON: Encodable, Sendable {
    var code: String
    var name: String
    var level: String
    /// The province of a commune, by name.
    var province: String?
    var total, done, done_on_time, done_late, open_on_time, overdue: Int

    public init(_ row: UnitRow) {
        let c = row.counts
        province = row.provinceName
        code = row.unit.code
        name = row.unit.name
        level = row.unit.level.rawValue
        (total, done, done_on_time, done_late, open_on_time, overdue) = (c.total, c.done, c.doneOnTime, c.doneLate, c.openOnTime, c.overdue)
    }
}

/// A task with its state in `snapshot --format json` (a commune's tasks).
public struct TaskJSON: Encodable, Sendable {
    var task_id, title, plan, level, unit_code, deadline, status, derived_state: String
    var area: Int
    var tech_group: Int?
    var progress: Int
    var reported_at: String?
    /// The unit's name and, for a commune, its province's.
    var unit_name: String
    var province: String?

    public init(_ row: TaskRow) {
        unit_name = row.unitName
        province = row.provinceName
        task_id = row.task.id
        title = row.task.title
        plan = row.task.plan
        level = row.task.level.rawValue
        unit_code = row.task.unitCode
        deadline = row.task.deadline.description
        status = row.state.status.rawValue
        derived_state = row.derived.rawValue
        area = row.task.area
        tech_group = row.task.techGroup
        progress = row.state.progress
        reported_at = row.state.reportedAt?.vietnamISO
    }
}
