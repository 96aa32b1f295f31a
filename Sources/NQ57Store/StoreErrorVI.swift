import NQ57Core

/// The store's errors that a live dashboard shows in its stale banner, in Vietnamese (issue 11 §8:
/// one language per screen). Command-line messages stay in English; a case without a Vietnamese
/// line here shows its English message.
extension StoreError {
    public var messageVI: String? {
        switch self {
        case .noDatabase(let p): "\(p): không có cơ sở dữ liệu ở đây; chạy nq57 init"
        case .fileMissing(let p): "\(p): tệp cơ sở dữ liệu không còn"
        case .fileReplaced(let p): "\(p): tệp cơ sở dữ liệu đã bị thay"
        case .databaseIsDirectory(let p): "\(p): là một thư mục, không phải tệp cơ sở dữ liệu"
        case .newerSchema(let p): "\(p): cơ sở dữ liệu do một bản nq57 mới hơn tạo"
        case .notInitialised(let p): "\(p): cơ sở dữ liệu chưa được khởi tạo hoặc chưa cập nhật; chạy nq57 init"
        case .readOnly(let p): "\(p): chỉ mở để đọc"
        case .sqlite(let p, let failure, let m):
            switch failure {
            case .constraint, .other: "\(p): lỗi cơ sở dữ liệu (\(m))"
            case .notADatabase: "\(p): không phải cơ sở dữ liệu nq57 (\(m))"
            case .locked: "\(p): cơ sở dữ liệu bị khóa quá thời gian chờ (\(m))"
            case .cannotWrite: "\(p): không ghi được (\(m))"
            case .cannotOpen: "\(p): không mở được cơ sở dữ liệu (\(m))"
            }
        default: nil
        }
    }
}
