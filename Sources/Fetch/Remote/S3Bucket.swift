import Digest
public import Foundation

/// An S3 prefix (`s3://bucket/prefix/`), reached through libcurl with SigV4 signing
/// (`CURLOPT_AWS_SIGV4`) and the credentials of ``S3Settings/credentials``: path-style URLs
/// (`ENDPOINT/bucket/key`) when ``S3Settings/endpoint`` is set, else
/// `https://BUCKET.s3.REGION.amazonaws.com/KEY`.
///
/// Every request carries `x-amz-content-sha256` (`UNSIGNED-PAYLOAD`, or the hash of a small body)
/// and, for temporary credentials, `x-amz-security-token`; query keys are written sorted. Uploads
/// up to ``partSize`` are one PUT; larger ones a multipart upload of ``partSize`` parts, completed
/// last (the object appears whole or not at all) and aborted on failure or cancel. Both keep the
/// image's SHA-256 as `x-amz-meta-sha256`. Network failures and 5xx answers are tried
/// ``attempts`` times; credentials S3 calls expired are read again once.
///
/// Errors name the `s3://` URL: `.accessDenied` for a 403 (with S3's code, `SignatureDoesNotMatch`,
/// `InvalidAccessKeyId`, `AccessDenied`, and where the credentials came from), `.notFound` naming
/// the key (`NoSuchKey`) or the bucket (`NoSuchBucket`), `.network`/`.timeout`/`.http(5xx)`
/// retryable.
public final class S3Bucket: RemoteStore {
    public let root: RemoteLocation
    /// The bucket name.
    public let bucket: String
    /// The key prefix of ``root``: empty, or ending with `/`.
    public let prefix: String
    let settings: S3Settings
    let fetch: FetchSettings

    /// Size of multipart upload parts, and the largest file sent in one PUT.
    static let partSize = 8 << 20
    /// Bytes an ``openForReading(_:)`` reader asks for per ranged GET (it reads ahead).
    static let readAheadSize = 8 << 20
    /// Tries per request for network failures and 5xx answers.
    static let attempts = 3

    /// A store for `root` (`s3://bucket/prefix/`, or the folder of `s3://bucket/key`). Makes no
    /// request: S3 is reached per call.
    /// - Throws: `.invalidRequest` for a bucket name S3 would refuse.
    public init(root: RemoteLocation, settings: S3Settings, fetch: FetchSettings) throws(FetchError) {
        guard root.scheme == .s3 else {
            throw FetchError(.invalidRequest, url: root.url, "\(root) is not an s3:// URL")
        }
        let bucket = root.host
        let allowed = bucket.utf8.allSatisfy {
            ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z")) || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9"))
                || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".")
        }
        guard (3...63).contains(bucket.count), allowed else {
            throw FetchError(
                .invalidRequest, url: root.url,
                "\(root): \"\(bucket)\" is not an S3 bucket name (3–63 characters: a–z, 0–9, '-', '.')")
        }
        self.root = root.asFolder
        self.bucket = bucket
        prefix = String(root.asFolder.path.drop { $0 == "/" })
        self.settings = settings
        self.fetch = fetch
    }

    // MARK: RemoteStore

    public func listFiles() throws(FetchError) -> [RemoteEntry] {
        var found: [RemoteEntry] = []
        var token: String?
        repeat {
            var query = [(name: "list-type", value: "2"), (name: "prefix", value: prefix)]
            if let token { query.append((name: "continuation-token", value: token)) }
            let response = try send("GET", key: "", query: query, location: root)
            guard response.status == 200 else { throw failure(response, key: prefix, location: root) }
            guard let result = AWSXMLElement.parse(response.body), result.name == "ListBucketResult" else {
                throw FetchError(.badResponse, url: root.url, "\(root): the bucket listing is not ListObjectsV2 XML")
            }
            for object in result.children("Contents") {
                guard let key = object.value("Key"), key.hasPrefix(prefix), !key.hasSuffix("/"),
                    let size = object.value("Size").flatMap(Int64.init)
                else { continue }
                found.append(RemoteEntry(path: String(key.dropFirst(prefix.count)), size: size))
            }
            token = result.value("IsTruncated") == "true" ? result.value("NextContinuationToken") : nil
        } while token != nil
        return found.sorted { $0.path < $1.path }
    }

    public func size(of path: String) throws(FetchError) -> Int64? {
        let key = key(path)
        let response = try send("HEAD", key: key, location: root.appending(path))
        if response.status == 200, let length = response.headers.value("Content-Length").flatMap(Int64.init) {
            return length
        }
        // A HEAD answer has no body to say why: ask for one byte to learn S3's code.
        let probe = try send(
            "GET", key: key, headers: ["Range: bytes=0-0"], maxBytes: 64 << 10, location: root.appending(path))
        switch probe.status {
        case 206: return probe.headers.contentRange?.total
        case 200: return Int64(probe.body.count)
        case 416: return 0  // an empty object has no byte 0
        default:
            let error = S3ErrorResponse(status: probe.status, body: probe.body)
            if error.status == 404 && error.code != "NoSuchBucket" { return nil }
            throw failure(probe, key: key, location: root.appending(path))
        }
    }

    public func openForReading(_ path: String) throws(FetchError) -> any RemoteFileReader {
        guard let size = try size(of: path) else {
            throw S3ErrorResponse(status: 404, body: Data()).error(
                location: root.appending(path), bucket: bucket, key: key(path), signer: settings.credentials.source)
        }
        return S3ObjectReader(bucket: self, path: path, size: size)
    }

    public func upload(
        from localPath: String, to path: String, sha256: String, progress: (Int64) -> Bool
    ) throws(FetchError) {
        // S3Upload keeps `progress` only for the duration of this call.
        let outcome: Result<Void, FetchError> = withoutActuallyEscaping(progress) { progress in
            do throws(FetchError) {
                try S3Upload(bucket: self, localPath: localPath, path: path, sha256: sha256, progress: progress).run()
                return .success(())
            } catch {
                return .failure(error)
            }
        }
        try outcome.get()
    }

    public func remove(_ path: String) throws(FetchError) {
        let response = try send("DELETE", key: key(path), location: root.appending(path))
        guard (200...299).contains(response.status) || response.status == 404 else {
            throw failure(response, key: key(path), location: root.appending(path))
        }
    }

    public func readSmallFile(_ path: String, maxBytes: Int) throws(FetchError) -> Data? {
        let location = root.appending(path)
        let response: S3Call.Response
        do {
            response = try send("GET", key: key(path), maxBytes: maxBytes, location: location)
        } catch  where error.code == .tooLarge {
            throw FetchError(.tooLarge, url: location.url, "\(location) is larger than \(maxBytes) bytes")
        }
        if response.status == 200 { return response.body }
        let error = S3ErrorResponse(status: response.status, body: response.body)
        if error.status == 404 && error.code != "NoSuchBucket" { return nil }
        throw failure(response, key: key(path), location: location)
    }

    public func writeSmallFile(_ path: String, _ data: Data) throws(FetchError) {
        let location = root.appending(path)
        let response = try send(
            "PUT", key: key(path), headers: ["Content-Type: application/octet-stream"], body: data,
            payloadHash: SHA256.hex(of: data), location: location)
        guard response.status == 200 else { throw failure(response, key: key(path), location: location) }
    }

    /// The bytes `range` of the object at `path`: one signed ranged GET, answered with exactly
    /// those bytes (or the whole object with a 200 when the range covers it).
    public func read(_ path: String, range: Range<Int64>) throws(FetchError) -> Data {
        let location = root.appending(path)
        let key = key(path)
        let response = try send(
            "GET", key: key, headers: ["Range: bytes=\(range.lowerBound)-\(range.upperBound - 1)"],
            maxBytes: Int(range.count), location: location)
        guard response.status == 206 || response.status == 200 else {
            throw failure(response, key: key, location: location)
        }
        let first = response.status == 200 ? 0 : response.headers.contentRange?.first
        guard first == range.lowerBound, response.body.count == range.count else {
            throw FetchError(
                .badResponse, url: location.url,
                "\(location): asked for bytes \(range.lowerBound)-\(range.upperBound - 1), got \(response.body.count) bytes from \(first.map(String.init) ?? "an unknown offset")"
            )
        }
        return response.body
    }

    // MARK: Requests

    /// The object key of `path` (relative to the root).
    func key(_ path: String) -> String { prefix + path.drop { $0 == "/" } }

    /// Sends one request with the chain's current credentials. Credentials S3 calls stale are read
    /// again and the request sent once more; network failures and 5xx answers are tried
    /// ``attempts`` times (unless `retry` is false), with a short pause.
    func send(
        _ method: String, key: String, query: [(name: String, value: String)] = [], headers: [String] = [],
        body: Data? = nil, payloadHash: String? = nil, maxBytes: Int = 16 << 20, retry: Bool = true,
        location: RemoteLocation, progress: ((Int64) -> Bool)? = nil
    ) throws(FetchError) -> S3Call.Response {
        let url = settings.url(bucket: bucket, key: key, query: query)
        var refreshed = false
        var attempt = 1
        while true {
            let credentials = try settings.credentials.current()
            let call = S3Call(
                method: method, url: url, headers: headers, body: body, payloadHash: payloadHash, maxBytes: maxBytes,
                progress: progress)
            let response: S3Call.Response
            do {
                response = try call.perform(credentials: credentials, settings: fetch, scope: settings.signingScope)
            } catch {
                guard retry, error.isRetryable, attempt < Self.attempts else {
                    throw FetchError(error.code, url: location.url, "\(location): \(error.message)")
                }
                Self.pause(before: attempt)
                attempt += 1
                continue
            }
            if !refreshed, let credentials,
                S3ErrorResponse(status: response.status, body: response.body).isStaleCredentials,
                settings.credentials.invalidate(credentials)
            {
                refreshed = true
                continue
            }
            if retry, response.status >= 500 || response.status == 429 || response.status == 408,
                attempt < Self.attempts
            {
                Self.pause(before: attempt)
                attempt += 1
                continue
            }
            return response
        }
    }

    /// The error for an unexpected answer to a request for `key`.
    func failure(_ response: S3Call.Response, key: String, location: RemoteLocation) -> FetchError {
        S3ErrorResponse(
            status: response.status, body: response.body, bucketRegion: response.headers.value("x-amz-bucket-region")
        ).error(location: location, bucket: bucket, key: key, signer: settings.credentials.source)
    }

    /// Waits a little before another try: 0.25 s, then 1 s.
    private static func pause(before attempt: Int) {
        Thread.sleep(forTimeInterval: attempt == 1 ? 0.25 : 1)
    }
}
