import Foundation
import ISOCatalog

/// The version parts the selection form offers for one family and name (`Linux/Ubuntu`), or for
/// a whole family (`Linux/`): so Ubuntu is never offered Windows' `22H2`. The page's script
/// swaps the major/minor/patch suggestions as the family and name are typed.
struct VersionHints: Sendable, Encodable, Equatable {
    var majors: [String] = []
    var minors: [String] = []
    var patches: [String] = []

    /// The hints of `identities` by `family/name` and by `family/`, each list in natural order.
    static func byName(_ identities: [ImageIdentity]) -> [String: VersionHints] {
        var versions: [String: [Version]] = [:]
        for identity in identities {
            versions["\(identity.family)/\(identity.name)", default: []].append(identity.version)
            versions["\(identity.family)/", default: []].append(identity.version)
        }
        return versions.mapValues { list in
            VersionHints(
                majors: natural(list.map(\.major)), minors: natural(list.compactMap(\.minor)),
                patches: natural(list.compactMap(\.patch)))
        }
    }

    /// The hints for what the form holds: the family and name's, else the family's, else nil
    /// (every version the node knows is then offered).
    static func lookup(_ hints: [String: VersionHints], family: String?, name: String?) -> VersionHints? {
        guard let family, !family.isEmpty else { return nil }
        if let name, !name.isEmpty, name != "*", let exact = hints["\(family)/\(name)"] { return exact }
        return hints["\(family)/"]
    }

    /// `hints` as the JSON the selection form carries in `data-version-hints`.
    static func json(_ hints: [String: VersionHints]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return (try? encoder.encode(hints)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    private static func natural(_ values: [String]) -> [String] {
        Array(Set(values)).sorted { $0.localizedStandardCompare($1) == .orderedAscending }
    }
}
