public import Fetch
import Foundation

extension RemoteAccess {
    /// Opens the mirror at `location`. A `file://` mirror whose folder was deleted under the
    /// node is created again, but only when its parent exists: a share that is not mounted is
    /// refused, not replaced by a folder on the local disk. S3, SMB and NFS stores create the
    /// folders an upload needs themselves.
    public func openMirror(_ location: RemoteLocation) throws(FetchError) -> any RemoteStore {
        do {
            return try open(location)
        } catch  where error.code == .notFound && location.scheme == .file {
            let folder = location.asFolder.path
            let parent = location.asFolder.parentFolder.path
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: parent, isDirectory: &isFolder), isFolder.boolValue else {
                throw FetchError(
                    .notFound, url: location.url,
                    "cannot open mirror \(location): neither it nor its parent folder \(parent) exists (is the share mounted?)"
                )
            }
            guard mkdir(folder, 0o755) == 0 || errno == EEXIST else {
                throw FetchError(
                    .accessDenied, url: location.url,
                    "cannot create mirror folder \(folder): \(String(cString: strerror(errno)))")
            }
            return try open(location)
        }
    }
}
