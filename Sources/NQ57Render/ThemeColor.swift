/// Colour arithmetic for themes: the basic colour names, xterm's 256-colour palette as RGB, and the
/// fallbacks derived from it.
enum ThemeColor {
    /// The 16 basic colours by their index: what theme files may name instead of a number.
    static let basicNames = [
        "black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
        "bright-black", "bright-red", "bright-green", "bright-yellow",
        "bright-blue", "bright-magenta", "bright-cyan", "bright-white",
    ]

    /// The index of a basic colour name, or nil.
    static func basicIndex(_ name: String) -> Int? { basicNames.firstIndex(of: name) }

    /// xterm's default RGB for a palette index 0–255. Indexes 0–15 are the terminal's own and vary
    /// with its colour scheme; these are xterm's defaults.
    static func rgb(_ index: Int) -> (r: Int, g: Int, b: Int) {
        switch index {
        case 0..<16:
            return basicRGB[index]
        case 16..<232:
            let i = index - 16
            return (cubeLevels[i / 36], cubeLevels[(i / 6) % 6], cubeLevels[i % 6])
        default:
            let v = 8 + 10 * (min(index, 255) - 232)
            return (v, v, v)
        }
    }

    static let basicRGB: [(r: Int, g: Int, b: Int)] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
        (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
    ]
    static let cubeLevels = [0, 95, 135, 175, 215, 255]

    /// The basic colour (0–15) that stands in for a palette index on an 8/16-colour terminal.
    ///
    /// Chosen by hue rather than by plain RGB distance, which would turn a soft green into cyan and
    /// grays into colours: a colour with little chroma becomes black, bright-black, white or
    /// bright-white; any other becomes the basic colour of its hue (red, yellow, green, cyan, blue,
    /// magenta), normal or bright, whichever is closer.
    static func nearestBasic(_ index: Int) -> Int {
        if index < 16 { return max(0, index) }
        let c = rgb(index)
        let hi = max(c.r, c.g, c.b), lo = min(c.r, c.g, c.b)
        let candidates: [Int]
        if hi - lo < 30 {
            candidates = [0, 8, 7, 15]
        } else {
            let base = hueFamily(c, hi: hi, lo: lo)
            candidates = [base, base + 8]
        }
        return candidates.min { distance(c, basicRGB[$0]) < distance(c, basicRGB[$1]) }!
    }

    /// 1 red, 2 green, 3 yellow, 4 blue, 5 magenta, 6 cyan, from the hue in degrees. Orange counts as
    /// yellow (many terminals draw yellow as brown or orange); sky blues from 200° count as blue.
    static func hueFamily(_ c: (r: Int, g: Int, b: Int), hi: Int, lo: Int) -> Int {
        let chroma = Double(hi - lo)
        let r = Double(c.r), g = Double(c.g), b = Double(c.b)
        var hue: Double
        if hi == c.r {
            hue = 60 * ((g - b) / chroma)
        } else if hi == c.g {
            hue = 60 * ((b - r) / chroma + 2)
        } else {
            hue = 60 * ((r - g) / chroma + 4)
        }
        if hue < 0 { hue += 360 }
        switch hue {
        case 20..<75: return 3
        case 75..<165: return 2
        case 165..<200: return 6
        case 200..<270: return 4
        case 270..<345: return 5
        default: return 1
        }
    }

    /// The index 16–255 closest to an RGB colour (the fixed part of the palette; 0–15 vary by terminal).
    static func nearest256(r: Int, g: Int, b: Int) -> Int {
        (16...255).min { distance((r, g, b), rgb($0)) < distance((r, g, b), rgb($1)) }!
    }

    static func distance(_ a: (r: Int, g: Int, b: Int), _ b: (r: Int, g: Int, b: Int)) -> Int {
        let dr = a.r - b.r, dg = a.g - b.g, db = a.b - b.b
        return dr * dr + dg * dg + db * db
    }

    /// A `#rrggbb` colour as its nearest palette index, or nil when the text is not one.
    static func hex(_ text: String) -> Int? {
        guard text.count == 7, text.first == "#", let v = Int(text.dropFirst(), radix: 16) else { return nil }
        return nearest256(r: (v >> 16) & 0xFF, g: (v >> 8) & 0xFF, b: v & 0xFF)
    }
}
