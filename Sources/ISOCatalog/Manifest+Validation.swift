public import Foundation

/// Reading and writing manifests with every rule of design §3.
extension Manifest {
    /// Parses and validates manifest bytes.
    ///
    /// Refused: invalid JSON; a `format` other than `isofleet-manifest/1`; a `generated` that is not
    /// RFC 3339; wrong JSON types; a missing or empty `family`, `name`, `flavor` or `version.major`;
    /// an empty `minor`, `patch`, `arch` or `file_name`; a `/`, `\`, control character, or a value
    /// of `.` or `..` in any identity field or `file_name`, or what could be taken for one (a
    /// look-alike slash, an invisible character: ``IdentityText``) (and a `.` inside a version component,
    /// which `{version}` and selections could not tell apart); a `sha256` that is not 64 hex
    /// digits (upper case is accepted and stored lower case); a negative `size`; no source at all,
    /// an empty source string, a `magnet` not starting `magnet:`, an `s3` entry not starting `s3://`;
    /// two images with the same identity (family, name, flavor and arch compared case-insensitively,
    /// version components exactly); an object with one key twice (``JSONDuplicateKeys``).
    /// Integers given for version components become their decimal strings; unknown fields are ignored.
    public static func parse(_ data: Data) throws(ManifestError) -> Manifest {
        let root: JSONValue
        do {
            root = try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            throw ManifestError(.notJSON, detail: "manifest is not valid JSON")
        }
        if let path = JSONDuplicateKeys.firstDuplicate(in: data) {
            throw ManifestError(
                .duplicateKey, field: path,
                detail: "key \(path) appears twice in one object; JSON readers disagree on which one counts")
        }
        guard case .object(let top) = root else {
            throw ManifestError(.wrongType, detail: "manifest is \(root.typeName), not an object")
        }
        switch top["format"] {
        case nil:
            throw ManifestError(.missingField, field: "format", detail: "format is missing; expected \"\(format)\"")
        case .string(let value) where value == format:
            break
        case .string(let value):
            throw ManifestError(
                .unsupportedFormat, field: "format",
                detail: "format \"\(value)\" is not supported; expected \"\(format)\"")
        case let other?:
            throw ManifestError(.wrongType, field: "format", detail: "format is \(other.typeName), not a string")
        }
        var generated: Date?
        switch top["generated"] {
        case nil, .null?: break
        case .string(let text)?:
            guard let date = RFC3339.date(from: text) else {
                throw ManifestError(
                    .invalidDate, field: "generated", detail: "generated \"\(text)\" is not an RFC 3339 date-time")
            }
            generated = date
        case let other?:
            throw ManifestError(.wrongType, field: "generated", detail: "generated is \(other.typeName), not a string")
        }
        guard let imagesValue = top["images"] else {
            throw ManifestError(.missingField, field: "images", detail: "images is missing")
        }
        guard case .array(let values) = imagesValue else {
            throw ManifestError(.wrongType, field: "images", detail: "images is \(imagesValue.typeName), not an array")
        }
        var images: [ManifestImage] = []
        var seen: [String: Int] = [:]
        for (index, value) in values.enumerated() {
            var reader = ManifestImageReader(index: index, value: value)
            let image = try reader.read()
            let key = Self.duplicateKey(image.identity)
            if let first = seen[key] {
                throw ManifestError(
                    .duplicateIdentity, imageIndex: index, identity: image.identity,
                    detail: "same identity as images[\(first)]")
            }
            seen[key] = index
            images.append(image)
        }
        return Manifest(generated: generated, images: images)
    }

    /// The manifest as JSON for serving (`GET /manifest.json`): sorted keys, RFC 3339 dates, and
    /// optional image fields written as `null`. `parse(_:)` reads it back to an equal manifest.
    public func encoded() throws -> Data {
        try RFC3339.makeEncoder().encode(self)
    }

    private static func duplicateKey(_ identity: ImageIdentity) -> String {
        [
            identity.family.lowercased(), identity.name.lowercased(), identity.flavor.lowercased(),
            identity.version.major, identity.version.minor ?? "\u{0}", identity.version.patch ?? "\u{0}",
            identity.arch?.lowercased() ?? "\u{0}",
        ].joined(separator: "\u{1}")
    }
}
