import CNcursesw
import Testing
import NQ57Core
import NQ57Render
@testable import NQ57Terminal

@Suite struct KeyDecoderTests {
    func keys(_ raw: [RawInput]) -> [DecodedInput] { KeyDecoder.decode(raw) }
    func chars(_ s: String) -> [RawInput] { s.unicodeScalars.map { .character($0.value) } }

    @Test func functionKeys() {
        let codes: [(Int32, Key)] = [
            (KEY_UP, .up), (KEY_DOWN, .down), (KEY_LEFT, .left), (KEY_RIGHT, .right),
            (KEY_PPAGE, .pageUp), (KEY_NPAGE, .pageDown), (KEY_HOME, .home), (KEY_END, .end),
            (KEY_A1, .home), (KEY_C1, .end), (KEY_FIND, .home), (KEY_SELECT, .end),
            (KEY_ENTER, .enter), (KEY_BACKSPACE, .backspace), (KEY_BTAB, .backTab),
        ]
        for (code, key) in codes { #expect(keys([.keyCode(code)]) == [.key(key)]) }
        #expect(keys([.keyCode(KEY_RESIZE)]) == [.resize])
        #expect(keys([.keyCode(KEY_DC), .keyCode(KEY_F0 + 1)]).isEmpty)
    }

    @Test func controlCharacters() {
        #expect(keys([.character(3)]) == [.key(.interrupt)])
        #expect(keys([.character(10), .character(13)]) == [.key(.enter), .key(.enter)])
        #expect(keys([.character(8), .character(127)]) == [.key(.backspace), .key(.backspace)])
        #expect(keys([.character(9)]) == [.key(.tab)])
        #expect(keys([.character(1), .character(0x85)]).isEmpty)
    }

    @Test func loneEscapeIsEscape() {
        #expect(keys([.character(27)]) == [.key(.escape)])
        #expect(keys([.character(27), .character(27)]) == [.key(.escape), .key(.escape)])
    }

    @Test func altKeysAndUnknownSequencesAreDroppedWhole() {
        #expect(keys([.character(27), .character(0x78)]).isEmpty)  // Alt-x
        #expect(keys(chars("\u{1B}[1;5A") + chars("j")) == [.key(.char("j"))])  // Ctrl-Up, then j
        #expect(keys(chars("\u{1B}OP")) == [])  // F1 where terminfo lacks it
        #expect(keys(chars("\u{1B}[")) == [])
        #expect(keys([.character(27), .keyCode(KEY_UP)]).isEmpty)  // Alt-Up
    }

    @Test func textAndVietnamese() {
        #expect(keys(chars("qắ/")) == [.key(.char("q")), .key(.char("ắ")), .key(.char("/"))])
        // An input method sending NFD: the marks join the letter, and it comes out NFC.
        let out = keys(chars("a\u{0306}\u{0301}b"))
        #expect(out == [.key(.char("ắ")), .key(.char("b"))])
        if case .key(.char(let c)) = out.first { #expect(c.unicodeScalars.map(\.value) == [0x1EAF]) }
        #expect(keys(chars("日😀")) == [.key(.char("日")), .key(.char("😀"))])
    }

    @Test func keysBetweenTextKeepTheirOrder() {
        #expect(keys(chars("a") + [.keyCode(KEY_DOWN)] + chars("b")) == [.key(.char("a")), .key(.down), .key(.char("b"))])
    }

    @Test func extraSequencesAreDistinct() {
        let seqs = KeyDecoder.extraSequences.map(\.0)
        #expect(Set(seqs).count == seqs.count)
        for (_, code) in KeyDecoder.extraSequences where code != KEY_IC && code != KEY_DC {
            #expect(KeyDecoder.decode(keyCode: code) != nil)
        }
    }
}

@Suite struct ColorPlanTests {
    func theme(_ styles: [Role: Style]) -> Theme {
        Theme(name: "t", roles: styles.mapValues { RoleStyle(xterm256: $0, ansi16: $0, mono: $0) })
    }

    @Test func distinctPairsOnceEach() {
        let t = theme([.header: Style(fg: 231, bg: 24), .title: Style(fg: 231, bg: 24), .overdue: Style(fg: 196, bold: true)])
        let plan = ColorPlan(theme: t, depth: .xterm256, colors: 256, pairLimit: 65536, defaultColors: true)
        #expect(plan.pairs == [ColorPair(fg: 231, bg: 24), ColorPair(fg: 196, bg: -1)])
        #expect(plan.looks[.header] == .init(attributes: [], pair: 1))
        #expect(plan.looks[.title] == .init(attributes: [], pair: 1))
        #expect(plan.looks[.overdue] == .init(attributes: [.bold], pair: 2))
        #expect(plan.looks[.text] == .init(attributes: [], pair: 0))  // left out: plain, default colours
        #expect(plan.looks.count == Role.allCases.count)
    }

    @Test func monochromeDropsColoursKeepsAttributes() {
        let t = theme([.selection: Style(fg: 16, bg: 153, reverse: true), .dim: Style(fg: 8, dim: true)])
        let plan = ColorPlan(theme: t, depth: .mono, colors: 256, pairLimit: 256, defaultColors: true)
        #expect(plan.pairs.isEmpty)
        #expect(plan.looks[.selection] == .init(attributes: [.reverse], pair: 0))
        #expect(plan.looks[.dim] == .init(attributes: [.dim], pair: 0))
    }

    @Test func brightColoursOnEightColourTerminals() {
        let t = theme([.warning: Style(fg: 11, bg: 12)])
        let plan = ColorPlan(theme: t, depth: .ansi16, colors: 8, pairLimit: 64, defaultColors: true)
        #expect(plan.pairs == [ColorPair(fg: 3, bg: 4)])
        #expect(plan.looks[.warning] == .init(attributes: [.bold], pair: 1))
        let sixteen = ColorPlan(theme: t, depth: .ansi16, colors: 16, pairLimit: 256, defaultColors: true)
        #expect(sixteen.pairs == [ColorPair(fg: 11, bg: 12)])
        #expect(sixteen.looks[.warning]?.attributes == [])
    }

    @Test func greyStaysVisibleOnEightColourTerminals() {
        let t = theme([.dim: Style(fg: 8)])
        let plan = ColorPlan(theme: t, depth: .ansi16, colors: 8, pairLimit: 64, defaultColors: true)
        #expect(plan.pairs == [ColorPair(fg: 7, bg: -1)])
        #expect(plan.looks[.dim]?.attributes == [])
    }

    @Test func greyOnALightBackgroundStaysBlackInBold() {
        // The light theme's borders: bright black on white, which as white would vanish.
        let t = theme([.paneBorder: Style(fg: 8, bg: 15), .dim: Style(fg: 8, bg: 7)])
        let plan = ColorPlan(theme: t, depth: .ansi16, colors: 8, pairLimit: 64, defaultColors: true)
        #expect(plan.pairs == [ColorPair(fg: 0, bg: 7)])
        #expect(plan.looks[.paneBorder]?.attributes == [.bold])
        #expect(plan.looks[.dim]?.attributes == [.bold])
    }

    @Test func withoutDefaultColoursDefaultIsWhiteOnBlack() {
        let t = theme([.header: Style(fg: 4), .text: Style()])
        let plan = ColorPlan(theme: t, depth: .ansi16, colors: 8, pairLimit: 64, defaultColors: false)
        #expect(plan.pairs == [ColorPair(fg: 4, bg: 0)])
        #expect(plan.looks[.text]?.pair == 0)
    }

    @Test func pastThePairLimitRolesUseTheDefaultPair() {
        var styles: [Role: Style] = [:]
        for (i, role) in Role.allCases.enumerated() { styles[role] = Style(fg: i + 1) }
        let plan = ColorPlan(theme: theme(styles), depth: .xterm256, colors: 256, pairLimit: 5, defaultColors: true)
        #expect(plan.pairs.count == 4)
        #expect(plan.looks.values.filter { $0.pair == 0 }.count == Role.allCases.count - 4)
    }

    @Test func directColourSendsThePalettesRGBValues() {
        // xterm-direct as TerminalColors describes it: the eight ANSI colours stay indexes, the rest
        // of the palette goes as RGB, so amber is still amber (not 0x0000d6, a blue).
        let t = theme([.header: Style(fg: 214, bg: 4), .overdue: Style(fg: 9)])
        let colors = TerminalColors(terminalColors: 0x1000000, rgb: true, environment: [:])
        let plan = ColorPlan(theme: t, depth: colors.depth, colors: colors.colors, direct: colors.direct, pairLimit: 65536, defaultColors: true)
        #expect(plan.pairs == [ColorPair(fg: 0xffaf00, bg: 4), ColorPair(fg: 0xff0000, bg: -1)])
        #expect(plan.looks[.overdue]?.attributes == [])
    }

    @Test func outOfRangeColoursBecomeTheDefault() {
        let t = theme([.header: Style(fg: 300, bg: -3)])
        let plan = ColorPlan(theme: t, depth: .xterm256, colors: 256, pairLimit: 256, defaultColors: true)
        #expect(plan.pairs.isEmpty)
        #expect(plan.looks[.header]?.pair == 0)
    }
}

@Suite struct FrameDiffTests {
    @Test func firstFrameAndNewSizeWriteEverything() {
        let b = Buffer(width: 4, height: 2)
        #expect(FrameDiff.changedCells(from: nil, to: b) == Array(0..<8))
        #expect(FrameDiff.changedCells(from: Buffer(width: 3, height: 2), to: b) == Array(0..<8))
    }

    @Test func onlyChangedCells() {
        var a = Buffer(width: 10, height: 2)
        a.put("14:03:07", x: 1, y: 1)
        var b = a
        b.put("14:03:08", x: 1, y: 1)
        #expect(FrameDiff.changedCells(from: a, to: b) == [18])
        #expect(FrameDiff.changedCells(from: a, to: a).isEmpty)
        var c = a
        c.paint(Rect(x: 0, y: 0, width: 1, height: 1), .header)
        #expect(FrameDiff.changedCells(from: a, to: c) == [0])
    }

    @Test func wideGraphemesAreWrittenOnce() {
        var b = Buffer(width: 6, height: 1)
        b.put("a日b", x: 0, y: 0)
        #expect(FrameDiff.write(for: 0, in: b, visibleWidth: 6) == .glyph("a", width: 1))
        #expect(FrameDiff.write(for: 1, in: b, visibleWidth: 6) == .glyph("日", width: 2))
        #expect(FrameDiff.write(for: 2, in: b, visibleWidth: 6) == .skip)
        #expect(FrameDiff.write(for: 3, in: b, visibleWidth: 6) == .glyph("b", width: 1))
        // The right half off screen: a blank instead of half a glyph.
        #expect(FrameDiff.write(for: 1, in: b, visibleWidth: 2) == .glyph(" ", width: 1))
    }

    @Test func aStrayRightHalfIsBlanked() {
        var b = Buffer(width: 3, height: 1)
        b[0, 0] = Cell("", role: .text)
        #expect(FrameDiff.write(for: 0, in: b, visibleWidth: 3) == .glyph(" ", width: 1))
    }

    @Test func combiningMarksStayInTheirCell() {
        var b = Buffer(width: 3, height: 1)
        b[0, 0] = Cell("e\u{0323}\u{0302}")
        #expect(FrameDiff.write(for: 0, in: b, visibleWidth: 3) == .glyph("e\u{0323}\u{0302}", width: 1))
    }
}
