/// One image the manifest offers (design §3): its identity, what it should be, and where to get it.
public struct ManifestImage: Hashable, Sendable, Codable {
    public var family: String
    public var name: String
    public var flavor: String
    public var version: Version
    public var arch: String?
    /// A human title for pages and listings: `Ubuntu 22.04.3 LTS Server`.
    public var displayName: String?
    /// The publisher's file name; a leaf name, never a path.
    public var fileName: String?
    /// Exact size in bytes, when published.
    public var size: Int64?
    /// 64 lower-case hex digits, when published. Without it only piece hashes verify the image.
    public var sha256: String?
    /// Where the bytes can be had.
    public var sources: ImageSources

    private enum CodingKeys: String, CodingKey {
        case family, name, flavor, version, arch, sources, size, sha256
        case displayName = "display_name"
        case fileName = "file_name"
    }

    public init(
        identity: ImageIdentity, displayName: String? = nil, fileName: String? = nil,
        size: Int64? = nil, sha256: String? = nil, sources: ImageSources
    ) {
        family = identity.family
        name = identity.name
        flavor = identity.flavor
        version = identity.version
        arch = identity.arch
        self.displayName = displayName
        self.fileName = fileName
        self.size = size
        self.sha256 = sha256
        self.sources = sources
    }

    /// The identity fields of this image.
    public var identity: ImageIdentity {
        ImageIdentity(family: family, name: name, flavor: flavor, version: version, arch: arch)
    }

    /// Writes every key, absent optionals as `null`, so that `resolve --json` and `/manifest.json`
    /// always carry `arch`, `display_name`, `file_name`, `size` and `sha256`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(family, forKey: .family)
        try container.encode(name, forKey: .name)
        try container.encode(flavor, forKey: .flavor)
        try container.encode(version, forKey: .version)
        try container.encode(arch, forKey: .arch)
        try container.encode(displayName, forKey: .displayName)
        try container.encode(fileName, forKey: .fileName)
        try container.encode(size, forKey: .size)
        try container.encode(sha256, forKey: .sha256)
        try container.encode(sources, forKey: .sources)
    }
}

/// The places an image can be fetched from. At least one must be present.
public struct ImageSources: Hashable, Sendable, Codable {
    /// Mirrors serving the whole file over HTTP(S), tried in order.
    public var http: [String]
    /// URL of a `.torrent` file for the image.
    public var torrent: String?
    /// A magnet link for the image.
    public var magnet: String?
    /// `s3://bucket/key` locations.
    public var s3: [String]
    /// `smb://[user@]host[:port]/share/path` locations (SMB2/SMB3).
    public var smb: [String]
    /// `nfs://host[:port]/export/path` locations (NFSv3/v4, no mount needed).
    public var nfs: [String]
    /// `file:///path` locations on a share the node already mounts (EFS, a CIFS mount).
    public var file: [String]

    public init(
        http: [String] = [], torrent: String? = nil, magnet: String? = nil, s3: [String] = [], smb: [String] = [],
        nfs: [String] = [], file: [String] = []
    ) {
        self.http = http
        self.torrent = torrent
        self.magnet = magnet
        self.s3 = s3
        self.smb = smb
        self.nfs = nfs
        self.file = file
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        http = try container.decodeIfPresent([String].self, forKey: .http) ?? []
        torrent = try container.decodeIfPresent(String.self, forKey: .torrent)
        magnet = try container.decodeIfPresent(String.self, forKey: .magnet)
        s3 = try container.decodeIfPresent([String].self, forKey: .s3) ?? []
        smb = try container.decodeIfPresent([String].self, forKey: .smb) ?? []
        nfs = try container.decodeIfPresent([String].self, forKey: .nfs) ?? []
        file = try container.decodeIfPresent([String].self, forKey: .file) ?? []
    }

    /// Writes `http`, `torrent`, `magnet` and `s3` always (as before remote storage), and `smb`,
    /// `nfs` and `file` only when they hold a location.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(http, forKey: .http)
        try container.encodeIfPresent(torrent, forKey: .torrent)
        try container.encodeIfPresent(magnet, forKey: .magnet)
        try container.encode(s3, forKey: .s3)
        if !smb.isEmpty { try container.encode(smb, forKey: .smb) }
        if !nfs.isEmpty { try container.encode(nfs, forKey: .nfs) }
        if !file.isEmpty { try container.encode(file, forKey: .file) }
    }

    private enum CodingKeys: String, CodingKey {
        case http, torrent, magnet, s3, smb, nfs, file
    }

    /// The remote-storage locations, in the order they are tried: `s3`, `smb`, `nfs`, `file`.
    public var storage: [String] { s3 + smb + nfs + file }

    /// True when no source at all is given.
    public var isEmpty: Bool { http.isEmpty && torrent == nil && magnet == nil && storage.isEmpty }
}
