/// The numeric-aware order of versions (design §1).
///
/// `Version` is deliberately not `Comparable`: equality is exact (`"04" != "4"`) while the order
/// treats `"04"` and `"4"` as the same, and `Comparable` requires the two to agree. Use
/// `Version.order(_:_:)`, `precedes(_:)` or `sorted(by: Version.precedes)` instead.
///
/// The rules, component by component from `major` to `patch`:
/// - an absent component orders before any present one (`22.04` before `22.04.0`);
/// - a component is split into runs of ASCII digits and runs of other characters
///   (`"22H2"` → `22`, `H`, `2`), compared run by run:
///   - two digit runs compare as numbers of any length (`"10"` after `"9"`, `"04"` same as `"4"`);
///   - two text runs compare case-insensitively by Unicode scalars (`"rc"` same as `"RC"`);
///   - a text run orders before a digit run (`"1a"` before `"11"`);
///   - when one component's runs are a prefix of the other's, the shorter orders first
///     (`"0"` before `"0rc1"`, and the empty string before everything but absence).
///
/// This is a total preorder: reflexive, antisymmetric up to `.same`, and transitive.
extension Version {
    /// Compares two versions in the numeric-aware order.
    public static func order(_ lhs: Version, _ rhs: Version) -> VersionOrder {
        orderComponent(lhs.major, rhs.major)
            .then(orderComponent(lhs.minor, rhs.minor))
            .then(orderComponent(lhs.patch, rhs.patch))
    }

    /// True when `self` orders strictly before `other`; a strict weak order usable with `sorted(by:)`.
    public func precedes(_ other: Version) -> Bool {
        Self.order(self, other) == .ascending
    }

    /// True when both order equal (`22.04` and `22.4`), even if they are not `==`.
    public func ordersSame(as other: Version) -> Bool {
        Self.order(self, other) == .same
    }

    /// `sorted(by: Version.precedes)` sorts ascending, worst first.
    public static func precedes(_ lhs: Version, _ rhs: Version) -> Bool {
        lhs.precedes(rhs)
    }

    /// Compares one component; `nil` (absent) orders before any present component.
    public static func orderComponent(_ lhs: String?, _ rhs: String?) -> VersionOrder {
        switch (lhs, rhs) {
        case (nil, nil): return .same
        case (nil, _): return .ascending
        case (_, nil): return .descending
        case (let left?, let right?):
            let leftRuns = runs(of: left)
            let rightRuns = runs(of: right)
            for (a, b) in zip(leftRuns, rightRuns) {
                let order = compare(a, b)
                if order != .same { return order }
            }
            return compareCounts(leftRuns.count, rightRuns.count)
        }
    }

    // MARK: Runs

    private enum Run {
        case number(Substring.UnicodeScalarView)
        case text(String)
    }

    private static func runs(of component: String) -> [Run] {
        var result: [Run] = []
        let scalars = component.unicodeScalars
        var start = scalars.startIndex
        while start < scalars.endIndex {
            let isDigit = isASCIIDigit(scalars[start])
            var end = scalars.index(after: start)
            while end < scalars.endIndex, isASCIIDigit(scalars[end]) == isDigit {
                end = scalars.index(after: end)
            }
            let slice = Substring(scalars[start..<end])
            if isDigit {
                let significant = slice.unicodeScalars.drop { $0 == "0" }
                result.append(.number(Substring.UnicodeScalarView(significant)))
            } else {
                result.append(.text(slice.lowercased()))
            }
            start = end
        }
        return result
    }

    private static func isASCIIDigit(_ scalar: Unicode.Scalar) -> Bool {
        ("0"..."9").contains(scalar)
    }

    private static func compare(_ a: Run, _ b: Run) -> VersionOrder {
        switch (a, b) {
        case (.number(let x), .number(let y)):
            // Leading zeros are already dropped: a longer digit run is a larger number.
            return compareCounts(x.count, y.count).then(compareSequences(x, y))
        case (.text(let x), .text(let y)):
            return compareSequences(x.unicodeScalars, y.unicodeScalars)
        case (.text, .number): return .ascending
        case (.number, .text): return .descending
        }
    }

    private static func compareCounts(_ a: Int, _ b: Int) -> VersionOrder {
        a < b ? .ascending : (a > b ? .descending : .same)
    }

    private static func compareSequences<S: Sequence>(_ a: S, _ b: S) -> VersionOrder
    where S.Element == Unicode.Scalar {
        var left = a.makeIterator()
        var right = b.makeIterator()
        while true {
            switch (left.next(), right.next()) {
            case (nil, nil): return .same
            case (nil, _): return .ascending
            case (_, nil): return .descending
            case (let x?, let y?):
                if x.value != y.value { return x.value < y.value ? .ascending : .descending }
            }
        }
    }
}
