/// A key press as the dashboard understands it; the terminal front end translates key codes into these.
public enum Key: Hashable, Sendable {
    /// A printable character, typed as is (`q`, `/`, `ắ`).
    case char(Character)
    case up, down, left, right
    case pageUp, pageDown, home, end
    case enter, escape, backspace, tab, backTab
    /// Ctrl-C: quits, like `q`.
    case interrupt
}
