import CNcursesw
import NQ57Core
import Testing
@testable import NQ57Terminal

/// The replies to the OSC 11 query and the values of COLORFGBG, as `BackgroundProbe` reads them.
@Suite struct BackgroundTests {
    func reply(_ s: String) -> TerminalBackground? { BackgroundProbe.parseReply(Array(s.utf8)) }

    @Test func fourDigitRepliesWithEitherTerminator() {
        #expect(reply("\u{1B}]11;rgb:ffff/ffff/ffff\u{07}") == .light)
        #expect(reply("\u{1B}]11;rgb:0000/0000/0000\u{07}") == .dark)
        #expect(reply("\u{1B}]11;rgb:ffff/ffff/ffff\u{1B}\\") == .light)
        #expect(reply("\u{1B}]11;rgb:0000/0000/0000\u{1B}\\") == .dark)
        // GNOME Terminal's default dark (#171421) and Solarized light (#fdf6e3).
        #expect(reply("\u{1B}]11;rgb:1717/1414/2121\u{1B}\\") == .dark)
        #expect(reply("\u{1B}]11;rgb:fdfd/f6f6/e3e3\u{07}") == .light)
    }

    @Test func shorterFormsScaleToTheirOwnRange() {
        #expect(reply("\u{1B}]11;rgb:ff/ff/ff\u{07}") == .light)
        #expect(reply("\u{1B}]11;rgb:00/00/00\u{07}") == .dark)
        #expect(reply("\u{1B}]11;rgb:f/f/f\u{07}") == .light)
        #expect(reply("\u{1B}]11;rgb:2/2/2\u{07}") == .dark)
        #expect(reply("\u{1B}]11;rgb:eee/eee/eee\u{07}") == .light)
        #expect(reply("\u{1B}]11;rgba:ffff/ffff/ffff/ffff\u{07}") == .light)
        #expect(reply("\u{1B}]11;#000000\u{07}") == .dark)
        // 0x80 of 0xff is mid-grey: about 0.22 relative luminance, light by the contrast rule;
        // 0x60 of 0xff is dark.
        #expect(reply("\u{1B}]11;rgb:80/80/80\u{07}") == .light)
        #expect(reply("\u{1B}]11;rgb:60/60/60\u{07}") == .dark)
        // The same grey in 2 and 4 digits reads the same.
        let two = BackgroundProbe.parseColor(Array("\u{1B}]11;rgb:80/80/80\u{07}".utf8))!
        let four = BackgroundProbe.parseColor(Array("\u{1B}]11;rgb:8080/8080/8080\u{07}".utf8))!
        #expect(abs(two.r - four.r) < 0.0001)
    }

    @Test func theReplyIsFoundAmongOtherReplies() {
        // Written by the probe: OSC 11 then DA1; the DA1 reply follows.
        #expect(reply("\u{1B}]11;rgb:ffff/ffff/ffff\u{07}\u{1B}[?64;1;2c") == .light)
        #expect(reply("x\u{1B}]11;rgb:0000/0000/0000\u{1B}\\\u{1B}[?1;2c") == .dark)
    }

    @Test func noReplyOrGarbageIsNil() {
        #expect(reply("") == nil)
        #expect(reply("\u{1B}[?64;1;2c") == nil)  // only DA1: OSC 11 not understood
        #expect(reply("\u{1B}]11;rgb:ffff/ffff/ffff") == nil)  // no terminator
        #expect(reply("\u{1B}]11;rgb:ffff/ffff\u{07}") == nil)
        #expect(reply("\u{1B}]11;rgb:fffff/ffff/ffff\u{07}") == nil)
        #expect(reply("\u{1B}]11;rgb:gg/gg/gg\u{07}") == nil)
        #expect(reply("\u{1B}]11;rgb:/ff/ff\u{07}") == nil)
        #expect(reply("\u{1B}]11;white\u{07}") == nil)
        #expect(reply("\u{1B}]10;rgb:ffff/ffff/ffff\u{07}") == nil)  // the foreground, not the background
        #expect(reply("\u{1B}]11;rgb:ff\u{1B}[A/ff/ff\u{07}") == nil)
    }

    @Test func theRepliesAreCompleteOnlyAfterDA1() {
        #expect(!BackgroundProbe.repliesComplete(Array("\u{1B}]11;rgb:ffff/ffff/ffff\u{07}".utf8)))
        #expect(!BackgroundProbe.repliesComplete(Array("\u{1B}]11;rgb:ffff/ffff/ffff\u{07}\u{1B}[?64;1".utf8)))
        #expect(BackgroundProbe.repliesComplete(Array("\u{1B}]11;rgb:ffff/ffff/ffff\u{07}\u{1B}[?64;1c".utf8)))
    }

    @Test func colorFGBG() {
        #expect(BackgroundProbe.colorFGBG("15;0") == .dark)
        #expect(BackgroundProbe.colorFGBG("0;15") == .light)
        #expect(BackgroundProbe.colorFGBG("0;default;7") == .light)
        #expect(BackgroundProbe.colorFGBG("7;8") == .dark)
        #expect(BackgroundProbe.colorFGBG("15;default") == nil)
        #expect(BackgroundProbe.colorFGBG(nil) == nil)
        #expect(BackgroundProbe.colorFGBG("") == nil)
        #expect(BackgroundProbe.colorFGBG("0;99") == nil)
    }
}

@Suite struct ThemeChoiceTests {
    @Test func aChosenThemeIsKeptAndAutoOrNothingAsksTheTerminal() {
        var asked = 0
        func light() -> TerminalBackground { asked += 1; return .light }
        #expect(BackgroundProbe.themeName(chosen: "high-contrast", detect: light) == "high-contrast")
        #expect(asked == 0)
        #expect(BackgroundProbe.themeName(chosen: "auto", detect: light) == "light")
        #expect(BackgroundProbe.themeName(chosen: nil, detect: light) == "light")
        #expect(BackgroundProbe.themeName(chosen: nil) { .dark } == "dark")
        #expect(asked == 2)
    }
}

extension KeyDecoderTests {
    @Test func lateTerminalRepliesAreDroppedWhole() {
        #expect(keys(chars("\u{1B}]11;rgb:ffff/ffff/ffff\u{07}j")) == [.key(.char("j"))])
        #expect(keys(chars("\u{1B}]11;rgb:0000/0000/0000\u{1B}\\k")) == [.key(.char("k"))])
        #expect(keys(chars("\u{1B}]11;rgb:00\u{1B}[A")) == [])
        #expect(keys(chars("\u{1B}[?64;1;2cq")) == [.key(.char("q"))])
    }
}

@Suite struct MouseDecodingTests {
    func chars(_ s: String) -> [RawInput] { s.unicodeScalars.map { .character($0.value) } }

    @Test func sgrReportsWholeOrAfterTheKeyCodeOfTheirStart() {
        let press = MouseReport(button: 0, x: 69, y: 13, pressed: true)
        #expect(KeyDecoder.decode(chars("\u{1B}[<0;70;14M")) == [.mouse(press)])
        // xterm's entry: kmous is ESC [ <, so ncurses gives KEY_MOUSE and the rest as characters.
        #expect(KeyDecoder.decode([.keyCode(KEY_MOUSE)] + chars("0;70;14Mj")) == [.mouse(press), .key(.char("j"))])
        #expect(KeyDecoder.decode([.keyCode(KEY_MOUSE)] + chars("0;70;14m")) == [.mouse(MouseReport(button: 0, x: 69, y: 13, pressed: false))])
        #expect(KeyDecoder.decode(chars("\u{1B}[<65;300;2M")) == [.mouse(MouseReport(button: 65, x: 299, y: 1, pressed: true))])
        // tmux's entry: kmous is ESC [ M, then X10's three bytes.
        #expect(KeyDecoder.decode([.keyCode(KEY_MOUSE)] + chars(" !!")) == [.mouse(MouseReport(button: 0, x: 0, y: 0, pressed: true))])
        #expect(KeyDecoder.decode([.keyCode(KEY_MOUSE)] + chars("#!!")) == [.mouse(MouseReport(button: 0, x: 0, y: 0, pressed: false))])
        #expect(KeyDecoder.decode([.keyCode(KEY_MOUSE)] + chars("a!!")) == [.mouse(MouseReport(button: 65, x: 0, y: 0, pressed: true))])
    }

    @Test func brokenReportsAreNoMouseAndNoKeys() {
        #expect(KeyDecoder.decode(chars("\u{1B}[<0;70M")) == [])
        #expect(KeyDecoder.decode(chars("\u{1B}[<0;0;5M")) == [])
        #expect(KeyDecoder.decode([.keyCode(KEY_MOUSE)]) == [])
        #expect(KeyDecoder.decode(chars("\u{1B}[1;5A")) == [])
    }

    @Test func clicksDoubleClicksAndTheWheel() {
        var t = ClickTracker()
        func press(_ b: Int, _ x: Int, _ y: Int, at ms: Int) -> MouseKind? { t.kind(of: MouseReport(button: b, x: x, y: y, pressed: true), at: ms) }
        #expect(press(0, 5, 5, at: 1000) == .click)
        #expect(t.kind(of: MouseReport(button: 0, x: 5, y: 5, pressed: false), at: 1050) == nil)  // release
        #expect(press(0, 5, 5, at: 1300) == .doubleClick)
        #expect(press(0, 5, 5, at: 1400) == .click, "a third press starts again")
        #expect(press(0, 5, 5, at: 1900) == .click, "too late for a double click")
        #expect(press(0, 6, 5, at: 2000) == .click, "another cell")
        #expect(press(16, 6, 5, at: 2100) == .doubleClick, "with Ctrl held")
        #expect(press(64, 1, 1, at: 3000) == .wheelUp)
        #expect(press(65, 1, 1, at: 3000) == .wheelDown)
        #expect(press(2, 1, 1, at: 3000) == nil)  // the right button
        #expect(press(32, 1, 1, at: 3000) == nil)  // motion
    }
}
