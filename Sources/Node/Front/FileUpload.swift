public import Common
public import Fetch
import Foundation

/// `isofleet upload`: one local file to an s3, smb, nfs or file URL through the remote stores the
/// mirrors use (S3 multipart with the SHA-256 in the object's metadata; SMB, NFS and file through
/// a temporary name and a rename), so the file appears whole or not at all. The size of what
/// landed is checked afterwards.
public struct FileUpload: Sendable {
    /// How far an upload has got.
    public struct Progress: Sendable {
        public var bytesDone: Int64
        public var totalBytes: Int64
    }

    /// The local file.
    public var source: String
    /// Where it goes: a file URL (`s3://bucket/key`, `smb://host/share/dir/name.iso`, …).
    public var destination: String
    /// The file's SHA-256 when known; computed (one extra read) when nil.
    public var sha256: String?
    public var remote: RemoteAccess

    public init(source: String, destination: String, sha256: String? = nil, remote: RemoteAccess) {
        self.source = source
        self.destination = destination
        self.sha256 = sha256?.lowercased()
        self.remote = remote
    }

    /// Uploads the file; returns its SHA-256.
    /// - Throws: ``RequestError``: `invalidInput` for a bad URL or a missing file, `failure` for
    ///   the transfer.
    public func run(progress: (@Sendable (Progress) -> Void)? = nil) async throws(RequestError) -> String {
        let location: RemoteLocation
        do throws(FetchError) {
            location = try RemoteLocation(parsing: destination)
        } catch {
            throw RequestError(.invalidInput, error.message)
        }
        guard !location.isFolder else {
            throw RequestError(.invalidInput, "\(destination) names a folder; give the file's name too")
        }
        var info = stat()
        guard stat(source, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            throw RequestError(.invalidInput, "\(source) is not a readable file")
        }
        let size = Int64(info.st_size)
        let remote = remote
        let source = source
        let known = sha256
        return try await OffPool.run("isofleet-upload") { () throws(RequestError) -> String in
            var digest = known ?? ""
            if known == nil { digest = try FileChecksum.sha256(ofFileAt: source) }
            do throws(FetchError) {
                let (store, path) = try remote.openFile(location)
                try store.upload(from: source, to: path, sha256: digest) { sent in
                    progress?(Progress(bytesDone: sent, totalBytes: size))
                    return true
                }
                guard let landed = try store.size(of: path), landed == size else {
                    throw FetchError(
                        .badResponse, url: location.url, "\(location): the uploaded file does not have \(size) bytes")
                }
            } catch {
                throw RequestError(error.code == .invalidRequest ? .invalidInput : .failure, error.description)
            }
            return digest
        }
    }
}
