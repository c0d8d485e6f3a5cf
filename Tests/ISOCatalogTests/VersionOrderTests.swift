import ISOCatalog
import PropertyBased
import Testing

struct VersionOrderTests {
    /// `(lower, higher)` pairs: the first must order strictly before the second.
    static let ascending: [(Version, Version)] = [
        (v("9"), v("10")),
        (v("21H2"), v("22H2")),
        (v("22H2"), v("23H2")),
        (v("22", "04"), v("22", "10")),
        (v("22", "04", "3"), v("22", "04", "10")),
        (v("22", "04"), v("22", "04", "0")),
        (v("22"), v("22", "04")),
        (v("12", "4", "0"), v("12", "5", "0")),
        (v("12", "5"), v("13")),
        (v("1a"), v("11")),
        (v("0"), v("0rc1")),
        (v("14", "0"), v("14", "1")),
        (v("2019"), v("2022")),
        (v("2022"), v("2025")),
        (v("39", "1", "5"), v("40", "1", "14")),
        (v("8"), v("08", "1")),
        (v("999999999999999999999"), v("1000000000000000000000")),
        (v(""), v("0")),
        (v("rc"), v("0")),
        (v("22", nil, "1"), v("22", "0")),
    ]

    static let same: [(Version, Version)] = [
        (v("04"), v("4")),
        (v("22", "04", "3"), v("22", "4", "03")),
        (v("22h2"), v("22H2")),
        (v("0"), v("000")),
        (v("10", "0"), v("10", "00")),
    ]

    @Test(arguments: ascending)
    func ordersStrictlyBefore(lower: Version, higher: Version) {
        #expect(Version.order(lower, higher) == .ascending)
        #expect(Version.order(higher, lower) == .descending)
        #expect(lower.precedes(higher))
        #expect(!higher.precedes(lower))
    }

    @Test(arguments: same)
    func ordersSameWithoutBeingEqual(a: Version, b: Version) {
        #expect(Version.order(a, b) == .same)
        #expect(Version.order(b, a) == .same)
        #expect(a.ordersSame(as: b))
        #expect(a != b)
    }

    @Test func sortingUsesTheNumericOrder() {
        let versions = [v("10"), v("9"), v("22H2"), v("9", "1"), v("21H2")]
        #expect(versions.sorted(by: Version.precedes).map(\.description) == ["9", "9.1", "10", "21H2", "22H2"])
    }

    @Test func absentComponentOrdersBeforeAnyPresentOne() {
        #expect(Version.orderComponent(nil, "") == .ascending)
        #expect(Version.orderComponent(nil, "0") == .ascending)
        #expect(Version.orderComponent(nil, nil) == .same)
        #expect(Version.orderComponent("a", nil) == .descending)
    }

    // MARK: Properties

    static let alphabet: [Character] = Array("0123456789aH.")
    static let component = Gen.int(in: 0...12).map { Self.alphabet[$0] }.array(of: 0...4).map { String($0) }
    static let version = zip(component, component.optional, component.optional).map { major, minor, patch in
        Version(major: major, minor: minor, patch: patch)
    }

    @Test func orderIsReflexiveAndAntisymmetric() async {
        await propertyCheck(count: 500, input: Self.version, Self.version) { a, b in
            #expect(Version.order(a, a) == .same)
            #expect(Version.order(a, b) == Version.order(b, a).reversed)
            if a == b { #expect(Version.order(a, b) == .same) }
        }
    }

    @Test func orderIsTransitive() async {
        await propertyCheck(count: 500, input: Self.version, Self.version, Self.version) { a, b, c in
            let sorted = [a, b, c].sorted(by: Version.precedes)
            #expect(Version.order(sorted[0], sorted[1]) != .descending)
            #expect(Version.order(sorted[1], sorted[2]) != .descending)
            #expect(Version.order(sorted[0], sorted[2]) != .descending)
            if Version.order(a, b) == .same, Version.order(b, c) == .same {
                #expect(Version.order(a, c) == .same)
            }
        }
    }
}

private func v(_ major: String, _ minor: String? = nil, _ patch: String? = nil) -> Version {
    Version(major: major, minor: minor, patch: patch)
}
