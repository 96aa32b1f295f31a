import CNcursesw
import Foundation
import NQ57Core

/// One result of `get_wch`: a character, or a key code (`KEY_CODE_YES`).
enum RawInput: Hashable, Sendable {
    case character(UInt32)
    case keyCode(Int32)
}

/// What raw input means to the dashboard.
enum DecodedInput: Hashable, Sendable {
    case key(Key)
    /// `KEY_RESIZE`: the size is read from the terminal.
    case resize
    /// An SGR (1006) mouse report.
    case mouse(MouseReport)
}

/// One SGR mouse report, `ESC [ < button ; column ; row M` (pressed) or `m` (released), with the
/// column and row made 0-based.
struct MouseReport: Hashable, Sendable {
    /// The button number with its modifier (4 shift, 8 meta, 16 control) and motion (32) bits.
    var button: Int
    var x: Int
    var y: Int
    var pressed: Bool
}

/// Turns what `get_wch` returned into keys. Pure: the terminal collects everything readable at one
/// wake-up and hands it over in one batch.
///
/// - Escape followed, in the same batch, by more input is an Alt-key or a sequence the terminfo
///   entry does not know (`ESC [ 1 ; 5 A`): it is dropped whole rather than read as Esc and text.
///   A terminal's late reply (an OSC string such as the background colour, ended by BEL or ST)
///   is dropped whole too. A lone Escape is `.escape`; ncurses has already waited `ESCDELAY` for what might follow it.
/// - Combining marks typed after a letter (an input method sending NFD) join it, and each character
///   comes out in NFC.
/// - Other control characters and function keys the dashboard does not use are dropped.
enum KeyDecoder {
    static func decode(_ input: [RawInput]) -> [DecodedInput] {
        var out: [DecodedInput] = []
        var text = String.UnicodeScalarView()
        func flushText() {
            guard !text.isEmpty else { return }
            for ch in String(text).precomposedStringWithCanonicalMapping { out.append(.key(.char(ch))) }
            text.removeAll()
        }
        var i = 0
        while i < input.count {
            switch input[i] {
            case .keyCode(KEY_MOUSE):
                // The entry's kmous (`ESC [ <` in xterm's, `ESC [ M` in tmux's and screen's) came as
                // a key code; the rest of the report follows as characters.
                flushText()
                let (report, next) = mouseTail(input, from: i + 1)
                if let report { out.append(.mouse(report)) }
                i = next
            case .keyCode(let code):
                flushText()
                if let decoded = decode(keyCode: code) { out.append(decoded) }
                i += 1
            case .character(27):
                flushText()
                if i + 1 < input.count, input[i + 1] != .character(27) {
                    let end = endOfEscapeSequence(input, from: i)
                    if let report = mouseReport(input[i..<end]) { out.append(.mouse(report)) }
                    i = end
                } else {
                    out.append(.key(.escape))
                    i += 1
                }
            case .character(let c):
                if let scalar = Unicode.Scalar(c), isPrintable(scalar) {
                    text.append(scalar)
                } else {
                    flushText()
                    if let key = controlKey(c) { out.append(.key(key)) }
                }
                i += 1
            }
        }
        flushText()
        return out
    }

    /// A curses key code as a key, or nil for keys the dashboard has no use for.
    static func decode(keyCode code: Int32) -> DecodedInput? {
        switch code {
        case KEY_UP: .key(.up)
        case KEY_DOWN: .key(.down)
        case KEY_LEFT: .key(.left)
        case KEY_RIGHT: .key(.right)
        case KEY_PPAGE, KEY_A3: .key(.pageUp)
        case KEY_NPAGE, KEY_C3: .key(.pageDown)
        // vt220-style keypads label Home and End "Find" and "Select".
        case KEY_HOME, KEY_A1, KEY_FIND: .key(.home)
        case KEY_END, KEY_C1, KEY_SELECT, KEY_LL: .key(.end)
        case KEY_ENTER: .key(.enter)
        case KEY_BACKSPACE: .key(.backspace)
        case KEY_BTAB: .key(.backTab)
        case KEY_RESIZE: .resize
        default: nil
        }
    }

    /// A control character as a key (raw mode: Ctrl-C arrives as 3), or nil.
    static func controlKey(_ c: UInt32) -> Key? {
        switch c {
        case 3: .interrupt
        case 8, 127: .backspace
        case 9: .tab
        case 10, 13: .enter
        case 27: .escape
        default: nil
        }
    }

    static func isPrintable(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0..<0x20, 0x7F..<0xA0: false
        default: true
        }
    }

    /// The SGR mouse report that `sequence` (a whole escape sequence) is, or nil.
    static func mouseReport(_ sequence: ArraySlice<RawInput>) -> MouseReport? {
        var text = ""
        for item in sequence {
            guard case .character(let c) = item, let s = Unicode.Scalar(c), c < 0x80 else { return nil }
            text.unicodeScalars.append(s)
        }
        guard text.hasPrefix("\u{1B}[<"), let last = text.last, last == "M" || last == "m" else { return nil }
        let fields = text.dropFirst(3).dropLast().split(separator: ";", omittingEmptySubsequences: false).map { Int($0) }
        guard fields.count == 3, let b = fields[0], let x = fields[1], let y = fields[2], x >= 1, y >= 1 else { return nil }
        return MouseReport(button: b, x: x - 1, y: y - 1, pressed: last == "M")
    }

    /// The rest of a mouse report after the key code for its start, and the index after it: the SGR
    /// form `button ; column ; row M|m`, else the X10 form's three bytes (32 + button, 33 + column,
    /// 33 + row); nothing when neither follows.
    static func mouseTail(_ input: [RawInput], from start: Int) -> (MouseReport?, Int) {
        var j = start
        var text = ""
        while j < input.count, case .character(let c) = input[j], let s = Unicode.Scalar(c), "0123456789;".unicodeScalars.contains(s) {
            text.unicodeScalars.append(s)
            j += 1
        }
        if j < input.count, case .character(let c) = input[j], c == 0x4D || c == 0x6D {
            let prefix = "\u{1B}[<" + text + (c == 0x4D ? "M" : "m")
            let report = mouseReport(ArraySlice(prefix.unicodeScalars.map { RawInput.character($0.value) }))
            if report != nil { return (report, j + 1) }
        }
        guard start + 3 <= input.count else { return (nil, start) }
        var bytes: [Int] = []
        for item in input[start..<(start + 3)] {
            guard case .character(let c) = item, c >= 32 else { return (nil, start) }
            bytes.append(Int(c))
        }
        // X10 says "released" with button 3 and not which; the wheel (64, 65) has no release.
        let raw = bytes[0] - 32
        let released = raw & 3 == 3 && raw & 64 == 0
        let report = MouseReport(button: released ? raw & ~3 : raw, x: bytes[1] - 33, y: bytes[2] - 33, pressed: !released)
        return (report.x >= 0 && report.y >= 0 ? report : nil, start + 3)
    }

    /// The index after the escape sequence that starts at `start` (an ESC with input after it).
    static func endOfEscapeSequence(_ input: [RawInput], from start: Int) -> Int {
        var j = start + 1
        switch input[j] {
        case .character(0x5B):  // CSI: ESC [ parameters intermediates final
            j += 1
            while j < input.count, case .character(let c) = input[j], (0x20...0x3F).contains(c) { j += 1 }
            if j < input.count, case .character(let c) = input[j], (0x40...0x7E).contains(c) { j += 1 }
            return j
        case .character(0x4F):  // SS3: ESC O final
            return min(j + 2, input.count)
        case .character(0x5D), .character(0x50), .character(0x5F):  // OSC, DCS, APC: a string to BEL or ST
            j += 1
            while j < input.count {
                if input[j] == .character(0x07) { return j + 1 }
                if input[j] == .character(0x1B) { return j + 1 < input.count && input[j + 1] == .character(0x5C) ? j + 2 : j }
                j += 1
            }
            return j
        default:  // Alt-key: ESC and one key
            return j + 1
        }
    }

    /// Escape sequences that terminals send for the keys the dashboard uses, xterm's and the vt220's,
    /// with their key codes: defined with `define_key` where the terminfo entry lacks them (`vt100`
    /// has no Home, End or PgUp), so that they arrive as one key rather than as Esc and text.
    static let extraSequences: [(String, Int32)] = [
        ("\u{1B}[A", KEY_UP), ("\u{1B}[B", KEY_DOWN), ("\u{1B}[C", KEY_RIGHT), ("\u{1B}[D", KEY_LEFT),
        ("\u{1B}OA", KEY_UP), ("\u{1B}OB", KEY_DOWN), ("\u{1B}OC", KEY_RIGHT), ("\u{1B}OD", KEY_LEFT),
        ("\u{1B}[H", KEY_HOME), ("\u{1B}OH", KEY_HOME), ("\u{1B}[1~", KEY_HOME), ("\u{1B}[7~", KEY_HOME),
        ("\u{1B}[F", KEY_END), ("\u{1B}OF", KEY_END), ("\u{1B}[4~", KEY_END), ("\u{1B}[8~", KEY_END),
        ("\u{1B}[5~", KEY_PPAGE), ("\u{1B}[6~", KEY_NPAGE), ("\u{1B}[Z", KEY_BTAB),
        ("\u{1B}[2~", KEY_IC), ("\u{1B}[3~", KEY_DC), ("\u{1B}OM", KEY_ENTER),
    ]
}
