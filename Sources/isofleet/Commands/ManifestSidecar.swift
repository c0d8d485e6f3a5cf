import Foundation
import ISOCatalog
import Node

/// `NAME.iso.json` beside an ISO given to `isofleet manifest build`: the image's identity when its
/// file name does not tell it (or tells it wrong). The fields of the catalog addition JSON
/// (`catalog add --json`) without `path`: `family`, `name`, `flavor`, `version` (object or
/// `"X.Y.Z"`), optional `arch` and `display_name`. Unknown fields are ignored.
struct ManifestSidecar: Decodable {
    var family: String
    var name: String
    var flavor: String
    var version: Version
    var arch: String?
    var displayName: String?

    enum CodingKeys: String, CodingKey {
        case family, name, flavor, version, arch
        case displayName = "display_name"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        family = try container.decode(String.self, forKey: .family)
        name = try container.decode(String.self, forKey: .name)
        flavor = try container.decode(String.self, forKey: .flavor)
        if let text = try? container.decode(String.self, forKey: .version) {
            guard let parsed = IdentityFields.version(text) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .version, in: container, debugDescription: "'\(text)' is not MAJOR[.MINOR[.PATCH]]")
            }
            version = parsed
        } else {
            version = try container.decode(Version.self, forKey: .version)
        }
        arch = try container.decodeIfPresent(String.self, forKey: .arch).flatMap { $0.isEmpty ? nil : $0 }
        displayName = try container.decodeIfPresent(String.self, forKey: .displayName).flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The identity the sidecar gives.
    var identity: ImageIdentity {
        ImageIdentity(family: family, name: name, flavor: flavor, version: version, arch: arch)
    }

    /// The sidecar of the ISO at `isoPath` (`isoPath + ".json"`), nil when there is none.
    /// Malformed JSON is invalid input naming the sidecar.
    static func read(besides isoPath: String) throws(CLIError) -> ManifestSidecar? {
        let path = isoPath + ".json"
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            return try JSONDecoder().decode(ManifestSidecar.self, from: data)
        } catch let error as DecodingError {
            throw CLIError.invalidInput("\(path): \(DecodingProblem.describe(error))")
        } catch {
            throw CLIError.invalidInput("cannot read \(path): \(error.localizedDescription)")
        }
    }
}
