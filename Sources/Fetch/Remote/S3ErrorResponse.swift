import Foundation

/// An S3 error answer: the status and, when the answer had a body (not for HEAD), S3's
/// `<Error><Code>…</Code><Message>…</Message></Error>`.
struct S3ErrorResponse: Sendable {
    let status: Int
    /// `NoSuchKey`, `NoSuchBucket`, `AccessDenied`, `SignatureDoesNotMatch`, `InvalidAccessKeyId`,
    /// `ExpiredToken`, …; nil when the answer had no parsable body.
    let code: String?
    let message: String?
    /// `x-amz-bucket-region`, sent with a redirect to the bucket's region.
    let bucketRegion: String?

    init(status: Int, body: Data, bucketRegion: String? = nil) {
        self.status = status
        let root = body.isEmpty ? nil : AWSXMLElement.parse(body)
        let error = root?.name == "Error" ? root : root?.first("Error")
        code = error?.value("Code")
        message = error?.value("Message")
        self.bucketRegion = bucketRegion
    }

    /// The codes S3 gives for credentials that expired or that it does not know (a rotated role
    /// key): worth reading the instance role's credentials again and retrying once.
    var isStaleCredentials: Bool {
        guard status == 400 || status == 403 else { return false }
        return ["ExpiredToken", "InvalidToken", "TokenRefreshRequired", "InvalidAccessKeyId"].contains(code ?? "")
    }

    /// The ``FetchError`` for this answer to a request for `location` (`s3://bucket/key`).
    /// - Parameter signer: where the credentials came from (``S3CredentialChain/source``), named
    ///   in access-denied messages; never the secret.
    func error(location: RemoteLocation, bucket: String, key: String, signer: String) -> FetchError {
        let detail = [code, message].compactMap { $0 }.joined(separator: ": ")
        let because = detail.isEmpty ? "HTTP \(status)" : "HTTP \(status) \(detail)"
        let url = location.url
        switch (status, code) {
        case (404, "NoSuchBucket"):
            return FetchError(.notFound, url: url, "\(location): no such bucket \(bucket) (\(because))")
        case (404, "NoSuchKey"), (404, nil):
            return FetchError(.notFound, url: url, "\(location): no such key \(key) in bucket \(bucket) (\(because))")
        case (404, _):
            return FetchError(.notFound, url: url, "\(location): not found in bucket \(bucket) (\(because))")
        case (403, _), (400, "ExpiredToken"), (400, "InvalidToken"), (400, "TokenRefreshRequired"):
            return FetchError(
                .accessDenied, url: url,
                "\(location): S3 denied access to bucket \(bucket) (\(because)), signed with \(signer)")
        case (301, _), (307, _), (400, "AuthorizationHeaderMalformed"):
            let region = bucketRegion.map { "the bucket is in region \($0); set s3.region" } ?? "check s3.region"
            return FetchError(.badResponse, url: url, "\(location): bucket \(bucket) answered \(because): \(region)")
        case (400, "EntityTooLarge"):
            return FetchError(.tooLarge, url: url, "\(location): \(because)")
        default:
            return FetchError(.http(status: status), url: url, "\(location): \(because)")
        }
    }
}
