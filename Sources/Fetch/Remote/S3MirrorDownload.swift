import Foundation

/// How ``TransferAttempt`` requests an S3 object: the bucket's https (or endpoint) URL, signed
/// with SigV4, and how S3's error answers become errors naming the `s3://` URL.
struct S3SignedGet {
    /// `https://bucket.s3.REGION.amazonaws.com/key`, or `ENDPOINT/bucket/key`.
    let requestURL: URL
    /// nil: an anonymous (unsigned) request.
    let credentials: AWSCredentials?
    /// `aws:amz:REGION:s3`.
    let scope: String
    let location: RemoteLocation
    let bucket: String
    let key: String
    /// Where the credentials came from, for access-denied messages.
    let signer: String

    func error(_ answer: S3ErrorResponse) -> FetchError {
        answer.error(location: location, bucket: bucket, key: key, signer: signer)
    }
}

/// One attempt of ``ImageFetcher`` on an `s3://bucket/key` mirror: a single signed GET through
/// ``TransferAttempt`` (libcurl at full speed, continuing the incomplete file with a `Range`),
/// so S3 mirrors resume, retry, cap and verify exactly as http ones. Credentials S3 calls
/// stale are read again once and the GET repeated. Blocking.
struct S3MirrorDownload {
    let mirror: URL
    let access: RemoteAccess
    let writer: HashingFileWriter
    let expectedSize: Int64?
    let cancel: CancelFlag
    let progress: (@Sendable (FetchProgress) -> Void)?

    func run() -> TransferAttempt.Outcome {
        let location: RemoteLocation
        let bucket: S3Bucket
        do throws(FetchError) {
            location = try RemoteLocation(parsing: mirror.absoluteString)
            bucket = try S3Bucket(root: location.parentFolder, settings: access.s3, fetch: access.fetch)
        } catch {
            return .failed(error, startOffset: writer.size)
        }
        let key = bucket.key(location.name)
        guard !location.isFolder, !location.name.isEmpty else {
            return .failed(
                FetchError(.invalidRequest, url: mirror, "\(location) names a folder, not an object"),
                startOffset: writer.size)
        }
        let chain = access.s3.credentials
        var refreshed = false
        while true {
            let credentials: AWSCredentials?
            do throws(FetchError) {
                credentials = try chain.current()
            } catch {
                return .failed(
                    FetchError(error.code, url: mirror, "\(location): \(error.message)"), startOffset: writer.size)
            }
            let signed = S3SignedGet(
                requestURL: access.s3.url(bucket: bucket.bucket, key: key), credentials: credentials,
                scope: access.s3.signingScope, location: location, bucket: bucket.bucket, key: key,
                signer: chain.source)
            let attempt = TransferAttempt(
                url: mirror, writer: writer, expectedSize: expectedSize, settings: access.fetch, cancel: cancel,
                progress: progress, s3: signed)
            let outcome = attempt.run()
            if !refreshed, let credentials, attempt.s3Error?.isStaleCredentials == true, chain.invalidate(credentials) {
                refreshed = true
                continue
            }
            return outcome
        }
    }
}
