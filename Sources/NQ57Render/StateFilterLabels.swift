import NQ57Core

/// The words of narrowing task lists to a state and of the count cells (issue 11 §3), kept out of
/// `Labels` as `FindLabels` is.
public struct StateFilterLabels: Sendable {
    /// A task list's title after its scope: the state it is narrowed to.
    public var filterNames: [TaskFilter: String]
    /// The count cell the cursor is on, as the focused table's note says it: `↵ Quá hạn`.
    public var cellNames: [Int: String]
    /// The footer's key for the count cells.
    public var footerCells: (key: String, action: String)
    /// Lines the help screen adds.
    public var help: [(key: String, action: String)]

    public static let vi = StateFilterLabels(
        filterNames: [.overdue: "Chưa hoàn thành – quá hạn", .openOnTime: "Chưa hoàn thành – trong hạn",
                      .doneLate: "Đã hoàn thành quá hạn", .doneOnTime: "Đã hoàn thành đúng hạn", .returned: "Bị trả lại (kiểm tra)"],
        cellNames: [0: "Tổng", 1: "Đúng hạn", 2: "Xong trễ", 3: "Còn hạn", 4: "Quá hạn"],
        footerCells: ("←→", "ô số"),
        help: [("← → (bảng số)", "chọn ô số: tổng, đúng hạn, xong trễ, còn hạn, quá hạn"),
               ("Enter trên ô số", "mở đúng các nhiệm vụ ô đó đếm; Esc bỏ chọn ô")])

    public static let en = StateFilterLabels(
        filterNames: [.overdue: "Overdue", .openOnTime: "Open, within deadline",
                      .doneLate: "Completed late", .doneOnTime: "Completed on time", .returned: "Returned by inspection"],
        cellNames: [0: "Total", 1: "On time", 2: "Late", 3: "Open", 4: "Overdue"],
        footerCells: ("←→", "cell"),
        help: [("← → (count tables)", "pick a count cell: total, on time, late, open, overdue"),
               ("Enter on a cell", "open exactly the tasks it counts; Esc leaves the cells")])

    public static func of(_ language: Language) -> StateFilterLabels { language == .vi ? vi : en }

    /// The focused table's note for the cell the cursor is on.
    func cellNote(_ cell: Int?) -> [Span] {
        guard let cell, let name = cellNames[cell] else { return [] }
        return [Span("↵ " + name, .filter)]
    }
}
