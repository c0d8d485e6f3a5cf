import CCurl
import Foundation

/// One small HTTP request/response over libcurl, blocking on the calling thread: the IMDS token
/// PUT and GETs, and the SigV4-signed AWS query POSTs. The body is collected in memory (capped).
///
/// Fetch's curl wrapper is internal to that module and shaped for downloads, so discovery keeps
/// this one: no redirects, no retries, short timeouts, the status handed back as is.
struct HTTPExchange: Sendable {
    /// Credentials and scope libcurl signs the request with (`CURLOPT_AWS_SIGV4`).
    struct Signing: Sendable {
        var credentials: AWSCredentials
        var region: String
        var service: String
    }

    /// What came back.
    struct Response: Sendable {
        var status: Int
        var body: Data
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    var method: String
    var url: URL
    var headers: [String] = []
    var body: Data?
    var signing: Signing?
    var timeout: Duration = .seconds(10)
    var maxBytes = 4 << 20

    /// Performs the request on the calling thread (call through ``BlockingCall``).
    func perform() throws(DiscoveryError) -> Response {
        let collector = Collector(maxBytes: maxBytes)
        guard HTTPExchange.globalInit == CURLE_OK, let handle = curl_easy_init() else {
            throw DiscoveryError(.transport, "\(url.absoluteString): libcurl could not be initialised")
        }
        var headerList: UnsafeMutablePointer<curl_slist>?
        let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
        defer {
            curl_easy_cleanup(handle)
            curl_slist_free_all(headerList)
            errorBuffer.deallocate()
        }
        let milliseconds = Int(timeout.components.seconds * 1000)
        var codes: [CURLcode] = [
            ifc_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer),
            ifc_setopt_string(handle, CURLOPT_URL, url.absoluteString),
            ifc_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "http,https"),
            ifc_setopt_long(handle, CURLOPT_NOSIGNAL, 1),
            ifc_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 0),
            ifc_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, min(milliseconds, 5000)),
            ifc_setopt_long(handle, CURLOPT_TIMEOUT_MS, milliseconds),
            ifc_setopt_string(handle, CURLOPT_USERAGENT, "isofleet-discovery"),
            ifc_setopt_string(handle, CURLOPT_CUSTOMREQUEST, method),
            ifc_setopt_string(handle, CURLOPT_NOPROXY, Self.noProxy),
        ]
        var lines = headers
        if let body {
            codes.append(ifc_setopt_off_t(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count)))
            codes.append(body.withUnsafeBytes { bytes in
                // COPYPOSTFIELDS copies the bytes, so they need not outlive this call.
                ifc_setopt_pointer(handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: bytes.baseAddress ?? UnsafeRawPointer(errorBuffer)))
            })
        } else if method == "PUT" || method == "POST" {
            codes.append(ifc_setopt_string(handle, CURLOPT_POSTFIELDS, ""))
        }
        if let signing {
            codes.append(ifc_setopt_string(handle, CURLOPT_AWS_SIGV4, "aws:amz:\(signing.region):\(signing.service)"))
            codes.append(ifc_setopt_string(handle, CURLOPT_USERNAME, signing.credentials.accessKeyID))
            codes.append(ifc_setopt_string(handle, CURLOPT_PASSWORD, signing.credentials.secretAccessKey))
            if let token = signing.credentials.sessionToken, !token.isEmpty {
                lines.append("x-amz-security-token: \(token)")
            }
        }
        for line in lines {
            guard let list = curl_slist_append(headerList, line) else {
                throw DiscoveryError(.transport, "\(url.absoluteString): out of memory adding a header")
            }
            headerList = list
        }
        codes.append(ifc_setopt_pointer(handle, CURLOPT_HTTPHEADER, headerList))
        let context = Unmanaged.passUnretained(collector).toOpaque()
        codes.append(ifc_set_write_callback(handle, { data, size, count, context in
            let collector = Unmanaged<Collector>.fromOpaque(context!).takeUnretainedValue()
            return collector.receive(UnsafeRawBufferPointer(start: data, count: size * count))
        }, context))
        if let refused = codes.first(where: { $0 != CURLE_OK }) {
            throw DiscoveryError(.transport, "\(url.absoluteString): libcurl refused an option: \(String(cString: curl_easy_strerror(refused)))")
        }
        let code = withExtendedLifetime(collector) { curl_easy_perform(handle) }
        guard code == CURLE_OK else {
            let detail = String(cString: errorBuffer)
            throw DiscoveryError(.transport,
                "\(method) \(url.absoluteString): \(detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail)")
        }
        var status = 0
        _ = ifc_getinfo_long(&status, handle, CURLINFO_RESPONSE_CODE)
        return Response(status: status, body: collector.body)
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

    /// `curl_global_init` once, before the first handle.
    private static let globalInit: CURLcode = ifc_global_init()

    /// The response body as it arrives; used by one transfer on one thread.
    private final class Collector {
        let maxBytes: Int
        var body = Data()
        init(maxBytes: Int) { self.maxBytes = maxBytes }

        func receive(_ bytes: UnsafeRawBufferPointer) -> Int {
            guard body.count + bytes.count <= maxBytes else { return 0 }
            body.append(contentsOf: bytes)
            return bytes.count
        }
    }
}
