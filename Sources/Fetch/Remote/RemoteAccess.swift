/// What the node needs to reach remote storage: the S3 region, endpoint and credentials, the SMB
/// user and password, and the transfer settings (timeouts, host policy). Opens the right
/// ``RemoteStore`` for a URL.
public struct RemoteAccess: Sendable {
    public var s3: S3Settings
    public var smb: SMBCredentials
    /// Timeouts, the size cap and the host policy every remote transfer keeps.
    public var fetch: FetchSettings

    public init(
        s3: S3Settings = S3Settings(), smb: SMBCredentials = SMBCredentials(), fetch: FetchSettings = FetchSettings()
    ) {
        self.s3 = s3
        self.smb = smb
        self.fetch = fetch
    }

    /// Opens the folder (or the folder of the file) `location` names. Blocking: connects and
    /// authenticates where the protocol does (SMB, NFS); S3 and file stores connect per call.
    public func open(_ location: RemoteLocation) throws(FetchError) -> any RemoteStore {
        switch location.scheme {
        case .s3: try S3Bucket(root: location, settings: s3, fetch: fetch)
        case .smb: try SMBShare(root: location, credentials: smb, fetch: fetch)
        case .nfs: try NFSExport(root: location, fetch: fetch)
        case .file: try LocalShare(root: location)
        }
    }

    /// Opens the folder holding the file `location` names and returns it with the file's path
    /// inside that folder.
    public func openFile(_ location: RemoteLocation) throws(FetchError) -> (store: any RemoteStore, path: String) {
        let store = try open(location.parentFolder)
        return (store, location.name)
    }
}

extension RemoteLocation {
    /// The folder holding this file.
    public var parentFolder: RemoteLocation {
        let trimmed = path.hasSuffix("/") ? String(path.dropLast()) : path
        guard let slash = trimmed.lastIndex(of: "/") else { return self }
        return RemoteLocation(
            scheme: scheme, host: host, port: port, user: user, path: String(trimmed[...slash]), query: query)
    }
}
