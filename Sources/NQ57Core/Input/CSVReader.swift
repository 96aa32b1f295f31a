/// A streaming RFC 4180 reader: quoted fields may hold commas, doubled quotes and line breaks.
///
/// Bytes arrive in chunks from `next`, so a file of any size is read in constant memory. Each record
/// comes with the line it starts on. Fields are decoded as UTF-8. A record with a field that is not
/// valid UTF-8, or with text after a closing quote, still comes back, with its `problem` set, so a
/// caller can list every bad row; only a quote that is never closed ends the reading. A final line
/// break is optional; `\r\n` and `\n` both end a record.
///
/// A field longer than `maxFieldBytes`, or a record longer than `maxRecordBytes`, ends the reading
/// there (`Problem.fieldTooLong`, `.recordTooLong`) with the record's line: memory stays bounded
/// whatever the file holds (a 2 GB field is refused after 64 KB).
public struct CSVReader {
    /// The longest field, in bytes: far above any field nq57 accepts (a note is at most 8,000 bytes).
    public static let maxFieldBytes = 1 << 16
    /// The longest record, in bytes (separators included).
    public static let maxRecordBytes = 1 << 20

    public struct Record: Sendable {
        /// The 1-based line the record starts on.
        public var line: Int
        public var fields: [String]
        /// What was wrong with this record, if anything; its fields are then unreliable.
        public var problem: Problem?
    }

    public enum Problem: Error, Equatable, Sendable {
        case invalidUTF8(line: Int, column: Int)
        case unterminatedQuote(line: Int)
        case textAfterQuote(line: Int, column: Int)
        case fieldTooLong(line: Int, column: Int)
        case recordTooLong(line: Int)

        public var line: Int {
            switch self {
            case .invalidUTF8(let line, _), .unterminatedQuote(let line), .textAfterQuote(let line, _),
                 .fieldTooLong(let line, _), .recordTooLong(let line): line
            }
        }

        public var message: String {
            switch self {
            case .invalidUTF8(_, let column): "field \(column) is not valid UTF-8"
            case .unterminatedQuote: "a quoted field is never closed"
            case .textAfterQuote(_, let column): "field \(column) has text after its closing quote"
            case .fieldTooLong(_, let column):
                "field \(column) is longer than \(CSVReader.maxFieldBytes) bytes; the file is not read further"
            case .recordTooLong: "the row is longer than \(CSVReader.maxRecordBytes) bytes; the file is not read further"
            }
        }
    }

    private let next: () throws -> [UInt8]?
    private var chunk: [UInt8] = []
    private var index = 0
    private var finished = false
    private var line = 1
    private var field: [UInt8] = []

    /// - Parameter next: returns the next chunk of bytes, or nil at the end of input.
    public init(next: @escaping () throws -> [UInt8]?) {
        self.next = next
    }

    /// A reader over bytes already in memory.
    public init(bytes: [UInt8]) {
        var given: [UInt8]? = bytes
        self.init(next: { defer { given = nil }; return given })
    }

    private mutating func byte() throws -> UInt8? {
        while index == chunk.count {
            if finished { return nil }
            guard let more = try next() else {
                finished = true
                return nil
            }
            chunk = more
            index = 0
        }
        defer { index += 1 }
        return chunk[index]
    }

    private mutating func peek() throws -> UInt8? {
        guard let b = try byte() else { return nil }
        index -= 1
        return b
    }

    /// The bytes as text, or nil when they are not valid UTF-8. ASCII, the common case, skips the
    /// generic validation (a large part of the cost of reading a big file).
    private static func text(_ bytes: [UInt8]) -> String? {
        var ascii = true
        for b in bytes where b >= 0x80 {
            ascii = false
            break
        }
        return ascii ? String(decoding: bytes, as: UTF8.self) : String(validating: bytes, as: UTF8.self)
    }

    /// The next record, or nil at the end of input. Throws `Problem.unterminatedQuote`, and whatever
    /// `next` throws.
    public mutating func read() throws -> Record? {
        guard try peek() != nil else { return nil }
        let start = line
        var fields: [String] = []
        var problem: Problem?
        var column = 1
        var recordBytes = 0
        /// Appends a byte of the field, within the limits.
        func add(_ c: UInt8) throws {
            if field.count == Self.maxFieldBytes { throw Problem.fieldTooLong(line: start, column: column) }
            field.append(c)
        }
        while true {
            field.removeAll(keepingCapacity: true)
            var b = try byte()
            if b == UInt8(ascii: "\"") {
                // Quoted field: runs to the closing quote; "" is a quote.
                while true {
                    guard let c = try byte() else { throw Problem.unterminatedQuote(line: start) }
                    if c == UInt8(ascii: "\"") {
                        if try peek() == UInt8(ascii: "\"") {
                            _ = try byte()
                            try add(c)
                        } else {
                            break
                        }
                    } else {
                        if c == UInt8(ascii: "\n") { line += 1 }
                        try add(c)
                    }
                }
                b = try byte()
                if b == UInt8(ascii: "\r"), try peek() == UInt8(ascii: "\n") { b = try byte() }
                if b != nil, b != UInt8(ascii: ","), b != UInt8(ascii: "\n") {
                    problem = problem ?? .textAfterQuote(line: line, column: column)
                    var skipped = 0
                    while let c = b, c != UInt8(ascii: ","), c != UInt8(ascii: "\n") {
                        skipped += 1
                        if skipped > Self.maxFieldBytes { throw Problem.fieldTooLong(line: start, column: column) }
                        b = try byte()
                    }
                }
            } else {
                while let c = b, c != UInt8(ascii: ","), c != UInt8(ascii: "\n") {
                    if c == UInt8(ascii: "\r"), try peek() == UInt8(ascii: "\n") {
                        b = try byte()
                        break
                    }
                    try add(c)
                    b = try byte()
                }
            }
            if let text = Self.text(field) {
                fields.append(text)
            } else {
                problem = problem ?? .invalidUTF8(line: line, column: column)
                fields.append(String(decoding: field, as: UTF8.self))
            }
            column += 1
            recordBytes += field.count + 1
            if recordBytes > Self.maxRecordBytes { throw Problem.recordTooLong(line: start) }
            if b == UInt8(ascii: ",") { continue }
            if b == UInt8(ascii: "\n") { line += 1 }
            return Record(line: start, fields: fields, problem: problem)
        }
    }
}
