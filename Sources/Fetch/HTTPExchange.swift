import CCurl
import Common
public import Foundation

/// One small HTTP request and its whole answer in memory (capped): the IMDS token PUT and GETs,
/// the SigV4-signed AWS query POSTs, a fleet peer's `/api/v1/images`, the command line talking
/// to its daemon. Downloads of images and manifests use ``ImageFetcher`` and
/// ``ManifestDownloader`` instead, which resume, retry and verify.
///
/// No redirects, no retries, one deadline for the whole exchange; the status is handed back as
/// is, whatever it is.
public struct HTTPExchange: Sendable {
    /// Credentials and scope libcurl signs the request with (`CURLOPT_AWS_SIGV4`).
    public struct Signing: Sendable {
        public var credentials: AWSCredentials
        public var region: String
        public var service: String

        public init(credentials: AWSCredentials, region: String, service: String) {
            self.credentials = credentials
            self.region = region
            self.service = service
        }
    }

    /// What came back.
    public struct Response: Sendable {
        public var status: Int
        public var body: Data
        /// The body as UTF-8 text.
        public var text: String { String(decoding: body, as: UTF8.self) }
    }

    public var method: String
    public var url: URL
    /// Header lines, `Name: value`.
    public var headers: [String]
    public var body: Data?
    public var signing: Signing?
    /// The deadline for the whole exchange (connecting takes at most 5 s of it).
    public var timeout: Duration
    /// A longer body fails the exchange.
    public var maxBytes: Int

    public init(
        method: String, url: URL, headers: [String] = [], body: Data? = nil, signing: Signing? = nil,
        timeout: Duration = .seconds(10), maxBytes: Int = 4 << 20
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.signing = signing
        self.timeout = timeout
        self.maxBytes = maxBytes
    }

    /// Performs the exchange on a thread of its own.
    /// - Throws: ``FetchError`` (`.network`, `.timeout`, `.tooLarge`, `.invalidRequest`) naming
    ///   the method and URL; an HTTP error status is not an error here.
    public func send() async throws(FetchError) -> Response {
        try await OffPool.run("isofleet-http-exchange") { () throws(FetchError) in try perform() }
    }

    /// Performs the exchange on the calling thread, which it blocks.
    public func perform() throws(FetchError) -> Response {
        let collector = Collector(maxBytes: maxBytes)
        let easy = try CurlEasy(url: url, settings: FetchSettings(), protocols: "http,https", failOnHTTPError: false)
        let milliseconds = Int(
            timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
        try easy.set(CURLOPT_FOLLOWLOCATION, 0)
        try easy.set(CURLOPT_CONNECTTIMEOUT_MS, min(milliseconds, 5000))
        try easy.set(CURLOPT_TIMEOUT_MS, milliseconds)
        try easy.set(CURLOPT_CUSTOMREQUEST, method)
        try easy.set(CURLOPT_NOPROXY, Self.noProxy)
        if let body {
            try easy.set(CURLOPT_POSTFIELDSIZE_LARGE, offset: Int64(body.count))
            // COPYPOSTFIELDS copies the bytes, so they need not outlive this call.
            let copied = body.withUnsafeBytes { bytes in
                ifc_setopt_pointer(
                    easy.handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: bytes.baseAddress))
            }
            guard copied == CURLE_OK else {
                throw FetchError(.invalidRequest, url: url, "\(url.absoluteString): libcurl refused the request body")
            }
        } else if method == "PUT" || method == "POST" {
            try easy.set(CURLOPT_POSTFIELDS, "")
        }
        var lines = headers
        if let signing {
            try easy.set(CURLOPT_AWS_SIGV4, "aws:amz:\(signing.region):\(signing.service)")
            try easy.set(CURLOPT_USERNAME, signing.credentials.accessKeyID)
            try easy.set(CURLOPT_PASSWORD, signing.credentials.secretAccessKey)
            if let token = signing.credentials.sessionToken, !token.isEmpty {
                lines.append("x-amz-security-token: \(token)")
            }
        }
        for line in lines { try easy.addHeader(line) }
        let context = Unmanaged.passUnretained(collector).toOpaque()
        let installed = ifc_set_write_callback(
            easy.handle,
            { data, size, count, context in
                let collector = Unmanaged<Collector>.fromOpaque(context!).takeUnretainedValue()
                return collector.receive(UnsafeRawBufferPointer(start: data, count: size * count))
            }, context)
        guard installed == CURLE_OK else {
            throw FetchError(.invalidRequest, url: url, "\(url.absoluteString): libcurl refused the body callback")
        }
        let code = withExtendedLifetime(collector) { easy.perform() }
        guard code == CURLE_OK else {
            let what = "\(method) \(url.absoluteString)"
            if collector.overflowed {
                throw FetchError(.tooLarge, url: url, "\(what): the answer is larger than \(maxBytes) bytes")
            }
            let kind: FetchError.Code = code == CURLE_OPERATION_TIMEDOUT ? .timeout : .network
            throw FetchError(kind, url: url, "\(what): \(easy.errorText(code))")
        }
        return Response(status: easy.responseCode, body: collector.body)
    }

    /// Hosts never reached through an `http_proxy`: IMDS (link-local, only the instance itself can
    /// reach it) and loopback, plus whatever `no_proxy`/`NO_PROXY` lists (setting the option
    /// replaces libcurl's reading of that variable).
    private static let noProxy: String = {
        let environment = ProcessInfo.processInfo.environment
        let inherited = environment["no_proxy"] ?? environment["NO_PROXY"] ?? ""
        return (["169.254.169.254", "fd00:ec2::254", "127.0.0.1", "localhost", "::1"] + [inherited])
            .filter { !$0.isEmpty }.joined(separator: ",")
    }()

    /// The response body as it arrives; used by one transfer on one thread.
    private final class Collector {
        let maxBytes: Int
        var body = Data()
        var overflowed = false
        init(maxBytes: Int) { self.maxBytes = maxBytes }

        func receive(_ bytes: UnsafeRawBufferPointer) -> Int {
            guard body.count + bytes.count <= maxBytes else {
                overflowed = true
                return 0
            }
            body.append(contentsOf: bytes)
            return bytes.count
        }
    }
}
