import Foundation

/// WCAG 2 contrast between colours, for checking themes and for telling a dark background from a
/// light one.
public enum Contrast {
    /// WCAG relative luminance of an sRGB colour given as fractions 0–1.
    public static func luminance(red: Double, green: Double, blue: Double) -> Double {
        func linear(_ c: Double) -> Double { c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4) }
        return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
    }

    /// The relative luminance of an xterm palette index (0–15 at xterm's defaults).
    public static func luminance(index: Int) -> Double {
        let c = ThemeColor.rgb(index)
        return luminance(red: Double(c.r) / 255, green: Double(c.g) / 255, blue: Double(c.b) / 255)
    }

    /// The contrast ratio (1–21) between two luminances.
    public static func ratio(_ a: Double, _ b: Double) -> Double {
        (max(a, b) + 0.05) / (min(a, b) + 0.05)
    }

    /// The RGB of an xterm palette index, 0–255 per component.
    public static func rgb(index: Int) -> (r: Int, g: Int, b: Int) { ThemeColor.rgb(index) }
}
