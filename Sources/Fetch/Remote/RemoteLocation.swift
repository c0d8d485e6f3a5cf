public import Foundation

/// A file or folder on remote storage, parsed from its URL:
///
/// - `s3://bucket/key` (or `s3://bucket/prefix/` for a folder);
/// - `smb://[user@]host[:port]/share/path`;
/// - `nfs://host[:port]/export/path` (libnfs URL arguments such as `?version=4&nfsport=2049` are kept);
/// - `file:///path`, a share the host already mounts.
///
/// A password in the URL is refused: credentials come from the settings (`smb.password_file`,
/// the AWS credential chain), never from a URL that ends up in logs and manifests.
public struct RemoteLocation: Sendable, Hashable, CustomStringConvertible {
    /// The storage protocols isofleet reads and writes.
    public enum Scheme: String, Sendable, Hashable, CaseIterable, Codable {
        case s3, smb, nfs, file
    }

    public let scheme: Scheme
    /// The bucket (s3), the server (smb, nfs); empty for file.
    public let host: String
    public let port: Int?
    /// The SMB user named in the URL (`smb://user@host/…`).
    public let user: String?
    /// The path after the host, starting with `/`: `/share/dir/file` (smb), `/export/dir/file`
    /// (nfs), `/key` (s3), `/mnt/share/file` (file). A folder ends with `/`.
    public let path: String
    /// The URL's query (nfs arguments), without `?`.
    public let query: String?

    /// Parses `text`; nil when it is not an s3, smb, nfs or file URL with the parts its scheme needs.
    public init?(_ text: String) {
        try? self.init(parsing: text)
    }

    /// Parses `text`, saying what is wrong with it.
    public init(parsing text: String) throws(FetchError) {
        guard let components = URLComponents(string: text), let schemeText = components.scheme?.lowercased(),
            let scheme = Scheme(rawValue: schemeText)
        else {
            throw FetchError(
                .invalidRequest, url: nil, "\"\(text)\" is not an s3://, smb://, nfs:// or file:// URL")
        }
        if components.password != nil {
            throw FetchError(
                .invalidRequest, url: nil,
                "\(scheme.rawValue) URL \"\(Self.withoutPassword(text))\" carries a password; give it in the settings instead"
            )
        }
        let host = components.host ?? ""
        let path = components.percentEncodedPath.removingPercentEncoding ?? components.path
        switch scheme {
        case .file:
            guard host.isEmpty || host == "localhost", path.hasPrefix("/") else {
                throw FetchError(
                    .invalidRequest, url: nil, "\"\(text)\": a file URL needs an absolute path (file:///mnt/share/…)")
            }
        case .s3, .smb, .nfs:
            guard !host.isEmpty else {
                throw FetchError(
                    .invalidRequest, url: nil, "\"\(text)\" names no \(scheme == .s3 ? "bucket" : "server")")
            }
            if scheme != .s3 && path.split(separator: "/").isEmpty {
                throw FetchError(
                    .invalidRequest, url: nil, "\"\(text)\" names no \(scheme == .smb ? "share" : "export")")
            }
        }
        self.scheme = scheme
        self.host = scheme == .file ? "" : host
        self.port = components.port
        self.user = components.user.flatMap { $0.isEmpty ? nil : $0 }
        self.path = path.isEmpty ? "/" : path
        self.query = components.percentEncodedQuery.flatMap { $0.isEmpty ? nil : $0 }
    }

    init(scheme: Scheme, host: String, port: Int?, user: String?, path: String, query: String?) {
        self.scheme = scheme
        self.host = host
        self.port = port
        self.user = user
        self.path = path
        self.query = query
    }

    /// True when the URL names a folder (its path ends with `/`).
    public var isFolder: Bool { path.hasSuffix("/") }

    /// The same location seen as a folder (a trailing `/` added).
    public var asFolder: RemoteLocation {
        isFolder
            ? self : RemoteLocation(scheme: scheme, host: host, port: port, user: user, path: path + "/", query: query)
    }

    /// The file or folder `relative` below this folder (`a/b.iso`).
    public func appending(_ relative: String) -> RemoteLocation {
        let trimmed = relative.drop { $0 == "/" }
        return RemoteLocation(
            scheme: scheme, host: host, port: port, user: user, path: asFolder.path + trimmed, query: query)
    }

    /// The last path component: the file's name.
    public var name: String { path.split(separator: "/").last.map(String.init) ?? "" }

    /// The URL as text, with the path percent-encoded where needed.
    public var description: String {
        var components = URLComponents()
        components.scheme = scheme.rawValue
        components.user = user
        components.host = scheme == .file ? "" : host
        components.port = port
        components.path = path
        components.percentEncodedQuery = query
        return components.string ?? "\(scheme.rawValue)://\(host)\(path)"
    }

    /// The URL (for `FetchError.url` and progress events).
    public var url: URL { URL(string: description) ?? URL(fileURLWithPath: path) }

    /// `text` with any `:password@` removed, for messages.
    static func withoutPassword(_ text: String) -> String {
        guard var components = URLComponents(string: text) else { return text }
        components.password = nil
        return components.string ?? text
    }
}
