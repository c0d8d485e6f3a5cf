import Common
import Foundation
import ISOCatalog
import Repository
import WireTypes

/// `NAME.iso.json` beside an ISO given to `isofleet manifest build`: the image's identity when its
/// file name does not tell it (or tells it wrong). The catalog addition JSON (`catalog add
/// --json`, ``CatalogAdditionRequest``) without `path`, which is the ISO itself: `family`, `name`,
/// `flavor`, `version` (object or `"X.Y.Z"`), optional `arch`, `display_name` and `sha256` (when
/// given, the file's hash must match it). Unknown fields are ignored; a key written twice is refused.
struct ManifestSidecar {
    /// The identity the sidecar gives.
    var identity: ImageIdentity
    var displayName: String?
    /// The SHA-256 the publisher expects, if written down.
    var sha256: String?

    /// The sidecar of the ISO at `isoPath` (`isoPath + ".json"`), nil when there is none.
    /// Malformed JSON is invalid input naming the sidecar and the field.
    static func read(besides isoPath: String) throws(RequestError) -> ManifestSidecar? {
        let path = isoPath + ".json"
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw RequestError(.invalidInput, "\(path): cannot read (\(error.localizedDescription))")
        }
        return try parse(data, named: path, isoPath: isoPath)
    }

    /// The largest sidecar read from remote storage: an identity is a few hundred bytes.
    static let maximumSize = 64 << 10

    /// The sidecar `data`, read from `name` (for messages), describing the ISO at `isoPath` (a
    /// local path or a URL). Malformed JSON is invalid input naming the sidecar and the field.
    static func parse(_ data: Data, named name: String, isoPath: String) throws(RequestError) -> ManifestSidecar {
        let request: CatalogAdditionRequest
        do {
            if let key = JSONDuplicateKeys.firstDuplicate(in: data) {
                throw RequestError(.invalidInput, "\(name): key \(key) appears twice")
            }
            guard var object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw RequestError(.invalidInput, "\(name): not a JSON object")
            }
            object["path"] = isoPath
            request = try JSONDecoder().decode(
                CatalogAdditionRequest.self, from: try JSONSerialization.data(withJSONObject: object))
        } catch let error as RequestError {
            throw error
        } catch let error as DecodingError {
            throw RequestError(.invalidInput, "\(name): \(DecodingProblem.describe(error))")
        } catch {
            throw RequestError(.invalidInput, "\(name): not valid JSON (\(error.localizedDescription))")
        }
        let addition = request.addition(mode: .link)
        return ManifestSidecar(identity: addition.identity, displayName: addition.displayName, sha256: addition.sha256)
    }
}
