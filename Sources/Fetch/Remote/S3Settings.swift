public import Foundation

/// How the node reaches S3 (`s3.region`, `s3.endpoint`) and whose credentials it signs with.
public struct S3Settings: Sendable {
    /// The bucket's region, signed into every request. Default `us-east-1`.
    public var region: String
    /// An endpoint to use instead of AWS's (moto, MinIO, a VPC endpoint): requests are then
    /// path-style (`ENDPOINT/bucket/key`). nil: `https://BUCKET.s3.REGION.amazonaws.com/KEY`.
    public var endpoint: URL?
    /// Where the credentials come from: the environment, the instance role, else anonymous.
    public var credentials: S3CredentialChain

    public init(
        region: String = "us-east-1", endpoint: URL? = nil, credentials: S3CredentialChain = S3CredentialChain()
    ) {
        self.region = region
        self.endpoint = endpoint
        self.credentials = credentials
    }

    /// The `CURLOPT_AWS_SIGV4` scope: `aws:amz:REGION:s3`.
    var signingScope: String { "aws:amz:\(region):s3" }

    /// The URL of `key` in `bucket` (the bucket itself when `key` is empty), with `query` written
    /// the way libcurl 7.88 must sign it: keys sorted, every value percent-encoded (RFC 3986
    /// unreserved characters kept), a valueless key written `key=`.
    ///
    /// Path-style (`ENDPOINT/bucket/key`) with an endpoint, and on AWS for a bucket whose name
    /// holds a dot (the `*.s3.REGION.amazonaws.com` certificate cannot cover it); virtual-hosted
    /// (`https://bucket.s3.REGION.amazonaws.com/key`) otherwise.
    func url(bucket: String, key: String, query: [(name: String, value: String)] = []) -> URL {
        let path = Self.encode(key, keepingSlash: true)
        let base: String
        if let endpoint {
            var text = endpoint.absoluteString
            while text.hasSuffix("/") { text.removeLast() }
            base = "\(text)/\(bucket)/\(path)"
        } else if bucket.contains(".") {
            base = "https://s3.\(region).amazonaws.com/\(bucket)/\(path)"
        } else {
            base = "https://\(bucket).s3.\(region).amazonaws.com/\(path)"
        }
        let sorted = query.sorted { ($0.name, $0.value) < ($1.name, $1.value) }
        let queryText = sorted.map {
            Self.encode($0.name, keepingSlash: false) + "=" + Self.encode($0.value, keepingSlash: false)
        }
        .joined(separator: "&")
        // Every character outside the unreserved set is already encoded: URL(string:) accepts it.
        return URL(string: queryText.isEmpty ? base : base + "?" + queryText)!
    }

    /// `text` percent-encoded as SigV4 wants it: everything but `A–Z a–z 0–9 - . _ ~` (and `/`
    /// in an object key's path).
    static func encode(_ text: String, keepingSlash: Bool) -> String {
        var result = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: "/") where keepingSlash:
                result.append("/")
            default:
                result += String(format: "%%%02X", byte)
            }
        }
        return result
    }
}
