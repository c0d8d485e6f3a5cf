public import Common
public import Fetch
public import Foundation

extension NodeSite {
    /// How s3, smb, nfs and file sources and mirrors are reached: `s3.region`, `s3.endpoint`, the
    /// AWS credential chain (environment, then the instance role through `aws.imds_endpoint`),
    /// `smb.user`, `smb.password_file`, `smb.workgroup`, with `settings` for every transfer.
    /// - Throws: ``DaemonError`` `invalidInput` naming the key for a malformed endpoint or an
    ///   unreadable password file.
    public func remoteAccess(
        settings: FetchSettings = FetchSettings(), environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(DaemonError) -> RemoteAccess {
        var endpoint: URL?
        if let text = configuration[.s3Endpoint], !text.isEmpty {
            guard let url = URL(string: text), ["http", "https"].contains(url.scheme?.lowercased() ?? ""),
                url.host != nil
            else { throw DaemonError(.invalidInput, "s3.endpoint: '\(text)' is not an http(s) URL") }
            endpoint = url
        }
        var imds = URL(string: "http://169.254.169.254")
        if let text = configuration[.awsIMDSEndpoint], !text.isEmpty { imds = URL(string: text) }
        let s3 = S3Settings(
            region: configuration[.s3Region] ?? "us-east-1", endpoint: endpoint,
            credentials: S3CredentialChain(environment: environment, instanceMetadata: imds))
        return RemoteAccess(s3: s3, smb: try smbCredentials(), fetch: settings)
    }

    /// The folders `file://` sources may be read from: `import.roots` and the `file://` folders of
    /// `storage.mirrors`, symbolic links resolved.
    public func allowedFileSourceRoots() throws(DaemonError) -> [String] {
        let mirrors = configuration.list(.storageMirrors).compactMap(RemoteLocation.init).filter { $0.scheme == .file }
        let folders = configuration.list(.importRoots) + mirrors.map(\.path)
        return folders.filter { $0.hasPrefix("/") }.map { URL(fileURLWithPath: $0).resolvingSymlinksInPath().path }
    }

    /// `smb.user` and the first line of `smb.password_file`.
    private func smbCredentials() throws(DaemonError) -> SMBCredentials {
        var credentials = SMBCredentials(user: configuration[.smbUser], workgroup: configuration[.smbWorkgroup])
        if let file = configuration[.smbPasswordFile], !file.isEmpty {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw DaemonError(.invalidInput, "smb.password_file: cannot read \(file)")
            }
            credentials.password =
                text.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? ""
        }
        return credentials
    }
}
