public import Fetch

/// How a sync checks an uploaded image on the mirror.
public enum MirrorVerification: Sendable, Hashable {
    /// The size, then the whole file read back and hashed: the only check that covers what the
    /// server stored. It doubles the bytes moved (once up, once back), once per upload: later
    /// syncs trust the ownership record and the size.
    case readBack
    /// The size only: for a store whose upload is verified by the server itself (an S3 upload
    /// whose parts are sent with their signed SHA-256, `x-amz-content-sha256`, which S3 checks).
    case size

    /// The check a mirror of `scheme` gets: a read-back for every scheme. SMB, NFS and file
    /// writes carry no end-to-end checksum; the S3 store sends its parts as `UNSIGNED-PAYLOAD`,
    /// so S3 checks nothing either. Once it signs each part's SHA-256, S3 can move to ``size``.
    public static func `default`(for scheme: RemoteLocation.Scheme) -> MirrorVerification {
        .readBack
    }
}
