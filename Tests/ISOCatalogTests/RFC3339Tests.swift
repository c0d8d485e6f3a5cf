import Foundation
import ISOCatalog
import PropertyBased
import Testing

struct RFC3339Tests {
    static let formatted: [(Double, String)] = [
        (0, "1970-01-01T00:00:00Z"),
        (1_795_737_600, "2026-11-27T00:00:00Z"),
        (1_795_000_000.25, "2026-11-18T11:06:40.250Z"),
        (1_795_000_000.000_125, "2026-11-18T11:06:40.000125Z"),
        (951_782_400, "2000-02-29T00:00:00Z"),
        (-1, "1969-12-31T23:59:59Z"),
        (253_402_300_799, "9999-12-31T23:59:59Z"),
    ]

    @Test(arguments: formatted)
    func formatsAndParses(seconds: Double, text: String) throws {
        #expect(RFC3339.string(from: Date(timeIntervalSince1970: seconds)) == text)
        let parsed = try #require(RFC3339.date(from: text))
        #expect(abs(parsed.timeIntervalSince1970 - seconds) < 1e-6)
    }

    static let parsed: [(String, Double?)] = [
        ("2026-11-27T02:00:00+02:00", 1_795_737_600),
        ("2026-11-26T19:30:00-04:30", 1_795_737_600),
        ("2026-11-27t00:00:00z", 1_795_737_600),
        ("2026-11-27T00:00:00.5Z", 1_795_737_600.5),
        ("2026-11-27T00:00:00", nil),
        ("2026-11-27 00:00:00Z", nil),
        ("2026-13-01T00:00:00Z", nil),
        ("2026-02-29T00:00:00Z", nil),
        ("2026-11-27T24:00:00Z", nil),
        ("2026-11-27T00:00:00.Z", nil),
        ("2026-11-27T00:00:00Zjunk", nil),
        ("26-11-27T00:00:00Z", nil),
        ("yesterday", nil),
        ("", nil),
    ]

    @Test(arguments: parsed)
    func parsesOffsetsAndRefusesNonsense(text: String, seconds: Double?) {
        #expect(RFC3339.date(from: text)?.timeIntervalSince1970 == seconds)
    }

    /// From 1600 on: before the 1582 cut-over Foundation switches to the Julian calendar, while
    /// RFC 3339 stays proleptic Gregorian.
    @Test func agreesWithFoundationOnRandomDates() async {
        await propertyCheck(count: 500, input: Gen.int64(in: -11_676_096_000...253_402_300_799)) { seconds in
            let date = Date(timeIntervalSince1970: Double(seconds))
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime]
            #expect(RFC3339.string(from: date) == formatter.string(from: date))
            #expect(RFC3339.date(from: formatter.string(from: date)) == date)
        }
    }
}
