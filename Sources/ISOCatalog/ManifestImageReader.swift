/// Validates one element of a manifest's `images` array and builds the `ManifestImage`.
/// Every error names the index, the identity once it is known, and the field.
struct ManifestImageReader {
    let index: Int
    let value: JSONValue
    private var identity: ImageIdentity?
    private var fields: [String: JSONValue] = [:]

    init(index: Int, value: JSONValue) {
        self.index = index
        self.value = value
    }

    private func fail(_ code: ManifestError.Code, _ field: String?, _ detail: String) -> ManifestError {
        ManifestError(code, imageIndex: index, identity: identity, field: field, detail: detail)
    }

    mutating func read() throws(ManifestError) -> ManifestImage {
        guard case .object(let fields) = value else {
            throw fail(.wrongType, nil, "image is \(value.typeName), not an object")
        }
        self.fields = fields
        let family = try requiredName("family")
        let name = try requiredName("name")
        let flavor = try requiredName("flavor")
        let version = try readVersion()
        let arch = try optionalString("arch", in: fields, path: "arch", pathSafe: true)
        identity = ImageIdentity(family: family, name: name, flavor: flavor, version: version, arch: arch)

        let displayName = try optionalString("display_name", in: fields, path: "display_name", pathSafe: false)
        let fileName = try optionalString("file_name", in: fields, path: "file_name", pathSafe: true)
        let size = try readSize()
        let sha256 = try readSHA256()
        let sources = try readSources()
        return ManifestImage(
            identity: identity!, displayName: displayName, fileName: fileName,
            size: size, sha256: sha256, sources: sources)
    }

    // MARK: Identity

    private func requiredName(_ key: String) throws(ManifestError) -> String {
        guard let value = try optionalString(key, in: fields, path: key, pathSafe: true) else {
            throw fail(.missingField, key, "\(key) is missing")
        }
        return value
    }

    private func readVersion() throws(ManifestError) -> Version {
        guard let value = fields["version"], value != .null else {
            throw fail(.missingField, "version", "version is missing")
        }
        guard case .object(let object) = value else {
            throw fail(.wrongType, "version", "version is \(value.typeName), not an object")
        }
        guard let major = try component("major", in: object) else {
            throw fail(.missingField, "version.major", "version.major is missing")
        }
        return Version(
            major: major, minor: try component("minor", in: object), patch: try component("patch", in: object))
    }

    private func component(_ key: String, in object: [String: JSONValue]) throws(ManifestError) -> String? {
        let path = "version.\(key)"
        switch object[key] {
        case nil, .null?: return nil
        case .integer(let number)?:
            guard number >= 0 else { throw fail(.wrongType, path, "\(path) is a negative integer (\(number))") }
            return String(number)
        case .string?:
            let text = try optionalString(key, in: object, path: path, pathSafe: true)
            if let text, text.contains(".") {
                throw fail(.unsafeValue, path, "\(path) \"\(text)\" contains '.', which separates components")
            }
            return text
        case let other?:
            throw fail(.wrongType, path, "\(path) is \(other.typeName), not a string or an integer")
        }
    }

    // MARK: Strings

    /// A string field that may be absent or null; when present it must be non-empty and, if
    /// `pathSafe`, free of separators, control characters and `.`/`..`.
    private func optionalString(
        _ key: String, in object: [String: JSONValue], path: String, pathSafe: Bool
    ) throws(ManifestError) -> String? {
        switch object[key] {
        case nil, .null?: return nil
        case .string(let text)?:
            guard !text.isEmpty else { throw fail(.emptyField, path, "\(path) is empty") }
            if pathSafe, let problem = Self.unsafety(of: text) {
                throw fail(.unsafeValue, path, "\(path) \(problem)")
            }
            return text
        case let other?:
            throw fail(.wrongType, path, "\(path) is \(other.typeName), not a string")
        }
    }

    private static func unsafety(of text: String) -> String? {
        if text == "." || text == ".." { return "is '\(text)'" }
        if text.contains("/") || text.contains("\\") { return "contains a path separator" }
        if let scalar = text.unicodeScalars.first(where: \.isControl) {
            return "contains control character U+\(scalar.hex)"
        }
        return IdentityText.confusion(in: text)
    }

    // MARK: Size, checksum, sources

    private func readSize() throws(ManifestError) -> Int64? {
        switch fields["size"] {
        case nil, .null?: return nil
        case .integer(let size)?:
            guard size >= 0 else { throw fail(.negativeSize, "size", "size is negative (\(size))") }
            return size
        case let other?:
            throw fail(.wrongType, "size", "size is \(other.typeName), not an integer")
        }
    }

    private func readSHA256() throws(ManifestError) -> String? {
        guard let text = try optionalString("sha256", in: fields, path: "sha256", pathSafe: false) else { return nil }
        let isHex = text.unicodeScalars.allSatisfy {
            ("0"..."9").contains($0) || ("a"..."f").contains($0) || ("A"..."F").contains($0)
        }
        guard text.unicodeScalars.count == 64, isHex else {
            throw fail(.invalidSHA256, "sha256", "sha256 is not 64 hex digits")
        }
        return text.lowercased()
    }

    private func readSources() throws(ManifestError) -> ImageSources {
        guard let value = fields["sources"], value != .null else {
            throw fail(.noSource, "sources", "sources is missing; at least one source is required")
        }
        guard case .object(let object) = value else {
            throw fail(.wrongType, "sources", "sources is \(value.typeName), not an object")
        }
        let sources = ImageSources(
            http: try stringList("http", in: object),
            torrent: try optionalString("torrent", in: object, path: "sources.torrent", pathSafe: false),
            magnet: try optionalString("magnet", in: object, path: "sources.magnet", pathSafe: false),
            s3: try stringList("s3", in: object), smb: try stringList("smb", in: object),
            nfs: try stringList("nfs", in: object), file: try stringList("file", in: object))
        if let magnet = sources.magnet, !magnet.lowercased().hasPrefix("magnet:") {
            throw fail(.invalidSource, "sources.magnet", "sources.magnet is not a magnet: link")
        }
        for (key, urls) in [("s3", sources.s3), ("smb", sources.smb), ("nfs", sources.nfs), ("file", sources.file)] {
            for (offset, url) in urls.enumerated() where !url.lowercased().hasPrefix("\(key)://") {
                throw fail(
                    .invalidSource, "sources.\(key)[\(offset)]", "sources.\(key)[\(offset)] is not an \(key):// URL")
            }
        }
        guard !sources.isEmpty else {
            throw fail(
                .noSource, "sources",
                "sources has none of http, torrent, magnet, s3, smb, nfs, file; at least one source is required")
        }
        return sources
    }

    private func stringList(_ key: String, in object: [String: JSONValue]) throws(ManifestError) -> [String] {
        let path = "sources.\(key)"
        switch object[key] {
        case nil, .null?: return []
        case .array(let items)?:
            var result: [String] = []
            for (offset, item) in items.enumerated() {
                guard case .string(let text) = item else {
                    throw fail(.wrongType, "\(path)[\(offset)]", "\(path)[\(offset)] is \(item.typeName), not a string")
                }
                guard !text.isEmpty else {
                    throw fail(.emptyField, "\(path)[\(offset)]", "\(path)[\(offset)] is empty")
                }
                result.append(text)
            }
            return result
        case let other?:
            throw fail(.wrongType, path, "\(path) is \(other.typeName), not an array of strings")
        }
    }
}
