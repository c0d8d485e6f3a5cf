import ISOCatalog

/// `"Linux/Ubuntu/Server@22.04.3"` or `"Linux/Ubuntu/Server@22.04.3[amd64]"` as an identity.
func identity(_ text: String) -> ImageIdentity {
    var rest = Substring(text)
    var arch: String?
    if let open = rest.firstIndex(of: "[") {
        arch = String(rest[rest.index(after: open)..<rest.index(before: rest.endIndex)])
        rest = rest[..<open]
    }
    let halves = rest.split(separator: "@", maxSplits: 1)
    let parts = halves[0].split(separator: "/").map(String.init)
    let version = halves[1].split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    return ImageIdentity(
        family: parts[0], name: parts[1], flavor: parts[2],
        version: Version(
            major: version[0], minor: version.count > 1 ? version[1] : nil,
            patch: version.count > 2 ? version[2] : nil),
        arch: arch)
}

/// A manifest image for `text` (see `identity(_:)`) with an HTTP source and a file name.
func image(_ text: String) -> ManifestImage {
    let id = identity(text)
    return ManifestImage(
        identity: id, fileName: "\(id.name)-\(id.version).iso",
        sources: ImageSources(http: ["https://origin.example/\(id.name)-\(id.version).iso"]))
}

/// A manifest of `images` (see `identity(_:)`).
func manifest(_ images: [String]) -> Manifest {
    Manifest(images: images.map(image))
}
