@testable import NQ57Render
import Testing

/// Issue 14 (render): a unit's kind is taken off its name by comparing bytes, not graphemes by
/// canonical equivalence. It must give what `hasPrefix` and `dropFirst` gave, NFD and marks included.
@Suite struct PlaceFastPathTests {
    static func referenceProvince(_ name: String) -> String {
        let nfc = Text.clean(name)
        for prefix in ["Thành phố ", "Tỉnh "] where nfc.hasPrefix(prefix) { return String(nfc.dropFirst(prefix.count)) }
        return nfc
    }

    static func referenceUnit(_ name: String) -> String {
        let nfc = Text.clean(name)
        for (prefix, short) in [("Phường ", "P. "), ("Xã ", "X. "), ("Đặc khu ", "ĐK ")] where nfc.hasPrefix(prefix) {
            return short + nfc.dropFirst(prefix.count)
        }
        return nfc
    }

    static let names = [
        "Thành phố Hà Nội", "Tỉnh Đắk Lắk", "Tỉnh ", "Tỉnh", "Thành phố", "Hà Nội", "", "Phường Hoàn Kiếm", "Xã Tân Thành",
        "Đặc khu Phú Quốc", "Phường ", "Xã", "Thành phố 越南", "Xã 🇻🇳 Cờ",
        // NFD: the same names once cleaned.
        "Tha\u{0300}nh pho\u{0302}\u{0301} Hue\u{0302}\u{0301}", "Ti\u{0309}nh Gia Lai", "Phu\u{031B}o\u{031B}\u{0300}ng Ba\u{0300}",
        // A mark after the space joins it: by graphemes the prefix is not there.
        "Tỉnh \u{0301}Gia Lai", "Xã \u{0323}A", "Phường \u{200D}B",
    ]

    @Test func kindsComeOffAsHasPrefixTakesThemOff() {
        for name in Self.names {
            #expect(Place.shortProvince(name) == Self.referenceProvince(name), "\(name.unicodeScalars.map { String($0.value, radix: 16) })")
            #expect(Place.shortUnit(name) == Self.referenceUnit(name), "\(name.unicodeScalars.map { String($0.value, radix: 16) })")
        }
        #expect(Place.shortProvince("Thành phố Hồ Chí Minh") == "Hồ Chí Minh")
        #expect(Place.shortUnit("Đặc khu Côn Đảo") == "ĐK Côn Đảo")
    }
}
