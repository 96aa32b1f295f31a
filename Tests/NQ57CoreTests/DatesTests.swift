import Testing
@testable import NQ57Core

@Suite struct CivilDateTests {
    @Test func parsesAndPrintsDays() throws {
        let d = try #require(CivilDate("2025-07-02"))
        #expect(d.year == 2025 && d.month == 7 && d.day == 2)
        #expect(d.description == "2025-07-02")
    }

    @Test(arguments: ["2025-02-29", "2025-13-01", "2025-00-10", "2025-7-2", "25-07-02", "2025/07/02", "", "2025-07-02x"])
    func rejectsWhatIsNotADay(_ text: String) {
        #expect(CivilDate(text) == nil)
    }

    @Test func leapDaysExistOnlyInLeapYears() {
        #expect(CivilDate("2024-02-29") != nil)
        #expect(CivilDate("2100-02-29") == nil)
        #expect(CivilDate("2000-02-29") != nil)
    }

    @Test func daysSinceEpochRoundTrips() {
        for n in stride(from: -800_000, through: 800_000, by: 997) {
            #expect(CivilDate(daysSinceEpoch: n).daysSinceEpoch == n)
        }
        #expect(CivilDate("1970-01-01")!.daysSinceEpoch == 0)
        #expect(CivilDate("2025-12-31")!.adding(days: 1) == CivilDate("2026-01-01"))
    }
}

@Suite struct TimestampTests {
    @Test func printsUTC() {
        #expect(Timestamp(iso: "2025-07-02T09:30:00Z")!.description == "2025-07-02T09:30:00Z")
        #expect(Timestamp(iso: "2025-07-02T16:30:00+07:00")!.description == "2025-07-02T09:30:00Z")
    }

    @Test func withoutAnOffsetTheTimeIsVietnams() {
        #expect(Timestamp(iso: "2025-07-02 16:30")!.description == "2025-07-02T09:30:00Z")
        #expect(Timestamp(iso: "2025-07-02")!.description == "2025-07-01T17:00:00Z")
    }

    @Test func acceptsFractionsAndCompactOffsets() {
        #expect(Timestamp(iso: "2025-07-02T09:30:00.123Z")!.description == "2025-07-02T09:30:00Z")
        #expect(Timestamp(iso: "2025-07-02T09:30:00-0130")!.description == "2025-07-02T11:00:00Z")
    }

    @Test(arguments: ["2025-07-02T25:00", "2025-07-02T09:60", "2025-07-02T09:30:00+", "2025-07-02T09:30:00Q",
                      "2025-07-02T09", "2025-07-02T09:30:00.Z", "yesterday", "2025-07-02T09:30:00+15:00"])
    func rejectsMalformedTimes(_ text: String) {
        #expect(Timestamp(iso: text) == nil)
    }

    @Test func aLateEveningInHanoiIsStillThatDay() {
        // 23:30 in Hà Nội is 16:30 UTC the same day.
        let t = Timestamp(iso: "2025-12-31T16:30:00Z")!
        #expect(t.vietnamDate == CivilDate("2025-12-31"))
        #expect(t.vietnamClock == "23:30:00")
        #expect(Timestamp(iso: "2025-12-31T17:00:00Z")!.vietnamDate == CivilDate("2026-01-01"))
    }
}
