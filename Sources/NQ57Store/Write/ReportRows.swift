import Foundation
import GRDB
import NQ57Core

/// The tasks of the database in key order (`tasks.key`), and each id's position in that order.
/// Reports are checked against them; the bulk path sorts rows by position, which is the order of the
/// reports index `(task_key, reported_at)`.
final class KnownTasks: @unchecked Sendable {
    /// Keys by position.
    let keys: [Int64]
    let position: [String: Int32]
    /// Each task's latest report time when the import began (`Int64.min`: none), by position.
    private let latestAt: [Int64]

    init(_ db: Database) throws {
        var keys: [Int64] = []
        var position: [String: Int32] = [:]
        var latestAt: [Int64] = []
        // Through the C API: GRDB's rows cost more than the work here (a million tasks at stress
        // scale), and its subscripts trap on a value of another type that another program wrote.
        let tasks = try RawStatement(db, sql: "SELECT key, id, reported_at FROM tasks ORDER BY key")
        while try tasks.next() {
            position[tasks.text(1)] = Int32(keys.count)
            keys.append(tasks.int64(0))
            latestAt.append(tasks.isNull(2) ? Int64.min : tasks.int64(2))
        }
        self.keys = keys
        self.position = position
        self.latestAt = latestAt
    }

    /// The task's latest report time when the import began, nil when it had none.
    func latest(_ position: Int32) -> Int64? {
        let at = latestAt[Int(position)]
        return at == Int64.min ? nil : at
    }
}

/// The rows of a report file, each validated by core's `ReportValidator`; bad rows are collected.
/// Used from one thread at a time (the bulk path hands it to a reading thread).
final class ReportRows: @unchecked Sendable {
    enum Source {
        /// A CSV reader positioned after the header.
        case csv(CSVReader)
        /// Chunks of a JSON Lines file.
        case jsonLines(() throws -> [UInt8]?)
    }

    let known: KnownTasks
    private var source: Source
    private let validator: ReportValidator
    private(set) var problems: ProblemList
    /// Rows that passed validation.
    private(set) var valid = 0

    init(_ db: Database, name: String, now: Timestamp, source: Source) throws {
        self.source = source
        let known = try KnownTasks(db)
        self.known = known
        let last = LastTask()
        self.last = last
        validator = ReportValidator(now: now, isKnownTask: { id in
            guard let position = known.position[id] else { return false }
            last.id = id
            last.position = position
            return true
        })
        problems = ProblemList(name: name)
    }

    /// The task the validator looked up last, so that a valid row's task is not hashed twice.
    private final class LastTask {
        var id = ""
        var position: Int32 = 0
    }
    private let last: LastTask

    func problem(_ line: Int, _ message: String) { problems.add(line: line, message) }

    /// Reads every row, handing each valid one to `row` with its line and its task's position in
    /// `known`; stops early only when `row` throws.
    func run(_ row: (Int, ReportInput, Int32) throws -> Void) throws {
        func check(_ line: Int, _ fields: ReportFields) throws {
            switch validator.validate(fields) {
            case .failure(let p):
                problems.add(line: line, p.description)
            case .success(let r):
                valid += 1
                let position = r.taskID == last.id ? last.position : known.position[r.taskID] ?? 0
                try row(line, r, position)
            }
        }
        switch source {
        case .csv(var reader):
            try CSVRows.read(&reader, columns: ReportFileFormat.csvHeader.count, problem: problem) { r in
                try check(r.line, ReportFields(taskID: r.fields[0], status: r.fields[1], progress: r.fields[2],
                                               reportedAt: r.fields[3], note: r.fields[4], reportedBy: r.fields[5]))
            }
            source = .csv(reader)
        case .jsonLines(let next):
            do {
                try JSONLines.read(next: next) { line, bytes in
                    switch JSONLines.fields(bytes) {
                    case nil: break
                    case .failure(let p)?: problems.add(line: line, p.description)
                    case .success(let f)?: try check(line, f)
                    }
                }
            } catch let e as JSONLines.TooLong {
                problems.add(line: e.line, e.message)
            }
        }
    }
}

/// CSV rows after the header, with the column count checked.
public enum CSVRows {
    public static func read(_ reader: inout CSVReader, columns: Int, problem: (Int, String) -> Void,
                     _ row: (CSVReader.Record) throws -> Void) throws {
        do {
            while let r = try reader.read() {
                if let p = r.problem {
                    problem(r.line, p.message)
                } else if r.fields.count != columns {
                    if r.fields.count == 1 && r.fields[0].isEmpty { continue }  // a blank line
                    problem(r.line, "expected \(columns) fields, found \(r.fields.count)")
                } else {
                    try row(r)
                }
            }
        } catch let p as CSVReader.Problem {
            problem(p.line, p.message)
        }
    }
}

/// JSON Lines split from chunks: one object a line, blank lines skipped. Public for the PostgreSQL
/// store's import, which reads the same files with the same messages.
public enum JSONLines {
    /// A line longer than `CSVReader.maxRecordBytes` ends the reading there: memory stays bounded.
    public struct TooLong: Error {
        public var line: Int
        public var message: String { "the line is longer than \(CSVReader.maxRecordBytes) bytes; the file is not read further" }
    }

    public static func read(next: () throws -> [UInt8]?, _ line: (Int, ArraySlice<UInt8>) throws -> Void) throws {
        var carry: [UInt8] = []
        var number = 1
        while let chunk = try next() {
            var start = chunk.startIndex
            while let nl = chunk[start...].firstIndex(of: 0x0A) {
                if nl - start + carry.count > CSVReader.maxRecordBytes { throw TooLong(line: number) }
                if carry.isEmpty {
                    try line(number, chunk[start..<nl])
                } else {
                    carry += chunk[start..<nl]
                    try line(number, carry[...])
                    carry.removeAll(keepingCapacity: true)
                }
                number += 1
                start = nl + 1
            }
            if chunk.count - start + carry.count > CSVReader.maxRecordBytes { throw TooLong(line: number) }
            carry += chunk[start...]
        }
        if !carry.isEmpty { try line(number, carry[...]) }
    }

    /// The report fields of one line, or what is wrong with it.
    public static func fields(_ bytes: ArraySlice<UInt8>) -> Result<ReportFields, FieldProblem>? {
        values(bytes, keys: ReportFileFormat.csvHeader, what: "report key").map { r in
            r.map { ReportFields(taskID: $0[0], status: $0[1], progress: $0[2], reportedAt: $0[3], note: $0[4], reportedBy: $0[5]) }
        }
    }

    /// One line's values in the order of `keys` (a missing key or null is empty), or what is wrong
    /// with it; nil for a blank line. `what` names the keys in the message about an unknown one.
    static func values(_ bytes: ArraySlice<UInt8>, keys: [String], what: String) -> Result<[String], FieldProblem>? {
        guard bytes.contains(where: { !($0 == 0x20 || $0 == 0x09 || $0 == 0x0D) }) else { return nil }
        guard String(validating: bytes, as: UTF8.self) != nil else {
            return .failure(FieldProblem(field: "line", message: "is not valid UTF-8"))
        }
        let object: JSONValue
        do {
            object = try JSONDecoder().decode(JSONValue.self, from: Data(bytes))
        } catch {
            return .failure(FieldProblem(field: "line", message: "is not valid JSON"))
        }
        guard case .object(let dict) = object else {
            return .failure(FieldProblem(field: "line", message: "is not a JSON object"))
        }
        if let unknown = dict.keys.filter({ !keys.contains($0) }).min() {
            return .failure(FieldProblem(field: unknown, message: "is not a \(what); expected \(keys.joined(separator: ", "))"))
        }
        var values: [String] = []
        for key in keys {
            switch dict[key] ?? .null {
            case .null: values.append("")
            case .string(let s): values.append(s)
            case .number(let n): values.append(n)
            case .bool: return .failure(FieldProblem(field: key, message: "is true or false, not a value"))
            case .array, .object: return .failure(FieldProblem(field: key, message: "is not a string or a number"))
            }
        }
        return .success(values)
    }
}

/// Any JSON value, decoded by `JSONDecoder`; a number is kept as the text a field would hold
/// (whole numbers without a fraction: `50`, not `50.0`).
enum JSONValue: Decodable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
        } else if let b = try? c.decode(Bool.self) {
            self = .bool(b)
        } else if let i = try? c.decode(Int64.self) {
            self = .number(String(i))
        } else if let d = try? c.decode(Double.self) {
            self = .number(d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d))
        } else if let s = try? c.decode(String.self) {
            self = .string(s)
        } else if let a = try? c.decode([JSONValue].self) {
            self = .array(a)
        } else {
            self = .object(try c.decode([String: JSONValue].self))
        }
    }
}
