extension Theme {
    /// The default theme, `dark`, built into the program so that it draws with no theme files at all:
    /// `themes/dark.toml`'s text (`builtinDarkText`, made by scripts/embed-themes), parsed.
    public static let builtinDark: Theme = {
        do {
            return try ThemeDocument.builtinDark.resolve(name: ThemeLibrary.defaultName)
        } catch {
            // Unreachable while the tests pass (they resolve this document); plain beats a crash.
            return Theme(name: ThemeLibrary.defaultName, roles: [:])
        }
    }()
}

extension ThemeDocument {
    /// `themes/dark.toml` as built in; its messages name it "built-in theme dark".
    static let builtinDark: ThemeDocument = {
        do {
            return try parse(Theme.builtinDarkText, file: ThemeLocation.builtin.file)
        } catch {
            // Unreachable while the tests pass (they parse this text): no roles, drawn plain.
            return ThemeDocument(file: ThemeLocation.builtin.file, name: ThemeLocated(value: ThemeLibrary.defaultName, at: .builtin))
        }
    }()
}
