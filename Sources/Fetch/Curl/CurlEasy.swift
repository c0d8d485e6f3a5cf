import CCurl
import Foundation

/// One libcurl easy handle, its error buffer and request headers; cleaned up on deinit.
///
/// Used by one thread at a time (the transfer's own); never shared.
final class CurlEasy {
    /// `curl_global_init` runs once, before the first handle (Swift initialises statics once).
    private static let globalInit: CURLcode = ifc_global_init()

    let handle: UnsafeMutableRawPointer
    /// The URL being fetched, for messages.
    let url: URL
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private var headers: UnsafeMutablePointer<curl_slist>?
    /// Checks every connection's address against `settings.hostPolicy` (HostPolicy.swift); nil when unrestricted.
    private var hostGuard: HostGuard?
    /// Where the handle came from and goes back to, nil when it is this transfer's alone.
    private let pool: CurlHandlePool?

    /// A handle for `url` with the options every isofleet transfer shares: user agent, limited
    /// redirects (to http and https only), verified TLS, timeouts, no signals (threads). With `failOnHTTPError`, libcurl
    /// itself ends a transfer whose status is ≥ 400 (before that response's other headers). With a
    /// `pool`, the handle (and the connection it keeps open) comes from it and goes back to it.
    /// The pool must serve one `settings.hostPolicy` only: a reused connection is not checked again.
    init(
        url: URL, settings: FetchSettings, protocols: String, failOnHTTPError: Bool, pool: CurlHandlePool? = nil
    ) throws(FetchError) {
        guard Self.globalInit == CURLE_OK, let handle = pool?.checkOut() ?? curl_easy_init() else {
            throw FetchError(.io, url: url, "libcurl could not be initialised")
        }
        self.handle = handle
        self.pool = pool
        self.url = url
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
        try set(CURLOPT_ERRORBUFFER, pointer: errorBuffer)
        try set(CURLOPT_URL, url.absoluteString)
        try set(CURLOPT_PROTOCOLS_STR, protocols)
        // A redirect never leads off the network (file://, a FIFO, a device), whatever `protocols` allows.
        try set(CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
        try set(CURLOPT_FOLLOWLOCATION, 1)
        try set(CURLOPT_MAXREDIRS, settings.maxRedirects)
        try set(CURLOPT_USERAGENT, settings.userAgent)
        try set(CURLOPT_NOSIGNAL, 1)
        try set(CURLOPT_FAILONERROR, failOnHTTPError ? 1 : 0)
        try set(CURLOPT_SSL_VERIFYPEER, 1)
        try set(CURLOPT_SSL_VERIFYHOST, 2)
        if let bundle = settings.caBundlePath { try set(CURLOPT_CAINFO, bundle) }
        try set(CURLOPT_CONNECTTIMEOUT_MS, Int(settings.connectTimeout.seconds * 1000))
        try set(CURLOPT_LOW_SPEED_LIMIT, max(1, settings.lowSpeedLimit))
        try set(CURLOPT_LOW_SPEED_TIME, max(1, Int(settings.lowSpeedTime.seconds.rounded(.up))))
        try set(CURLOPT_TCP_KEEPALIVE, 1)
        try set(CURLOPT_BUFFERSIZE, min(max(settings.receiveBufferSize, 16 << 10), 10 << 20))
        if !settings.hostPolicy.isUnrestricted {
            let hostGuard = HostGuard(policy: settings.hostPolicy, handle: handle)
            self.hostGuard = hostGuard
            try check(hostGuard.install(), CURLOPT_OPENSOCKETFUNCTION)
        }
    }

    deinit {
        // Back to the pool first: its reset drops the handle's pointers to the buffers freed below.
        if let pool { pool.checkIn(handle) } else { curl_easy_cleanup(handle) }
        curl_slist_free_all(headers)
        errorBuffer.deallocate()
    }

    func set(_ option: CURLoption, _ value: Int) throws(FetchError) {
        try check(ifc_setopt_long(handle, option, value), option)
    }

    func set(_ option: CURLoption, offset value: Int64) throws(FetchError) {
        try check(ifc_setopt_off_t(handle, option, curl_off_t(value)), option)
    }

    func set(_ option: CURLoption, _ value: String) throws(FetchError) {
        try check(ifc_setopt_string(handle, option, value), option)
    }

    func set(_ option: CURLoption, pointer value: UnsafeMutableRawPointer?) throws(FetchError) {
        try check(ifc_setopt_pointer(handle, option, value), option)
    }

    /// Adds a request header line (`Name: value`).
    func addHeader(_ line: String) throws(FetchError) {
        guard let list = curl_slist_append(headers, line) else {
            throw FetchError(.io, url: url, "out of memory adding header to \(url.absoluteString)")
        }
        headers = list
        try set(CURLOPT_HTTPHEADER, pointer: UnsafeMutableRawPointer(list))
    }

    /// Signs the request with SigV4 for `scope` (`aws:amz:REGION:SERVICE`), libcurl's
    /// `CURLOPT_AWS_SIGV4`, and adds the headers libcurl 7.88 leaves out: `x-amz-content-sha256`
    /// (`payloadHash`: `UNSIGNED-PAYLOAD` or the body's hex SHA-256; curl signs the value sent) and,
    /// for temporary credentials, `x-amz-security-token`. nil `credentials`: an anonymous request,
    /// unsigned, with the payload header only. Redirects are turned off: a signed request is never
    /// replayed against another host.
    func signAWS(credentials: AWSCredentials?, scope: String, payloadHash: String) throws(FetchError) {
        try set(CURLOPT_FOLLOWLOCATION, 0)
        try addHeader("x-amz-content-sha256: \(payloadHash)")
        guard let credentials else { return }
        try set(CURLOPT_AWS_SIGV4, scope)
        try set(CURLOPT_USERNAME, credentials.accessKeyID)
        try set(CURLOPT_PASSWORD, credentials.secretAccessKey)
        if let token = credentials.sessionToken, !token.isEmpty {
            try addHeader("x-amz-security-token: \(token)")
        }
    }

    /// Runs the transfer to its end on the calling thread.
    /// A connection the host policy refused ends as `CURLE_REMOTE_ACCESS_DENIED` (libcurl's own
    /// is a plain "could not connect"), which ``errorText(_:)`` explains.
    func perform() -> CURLcode {
        let code = curl_easy_perform(handle)
        return code == CURLE_COULDNT_CONNECT && hostGuard?.refusal != nil ? CURLE_REMOTE_ACCESS_DENIED : code
    }

    /// libcurl's explanation of the last failure, or its generic text for `code`.
    func errorText(_ code: CURLcode) -> String {
        if code == CURLE_REMOTE_ACCESS_DENIED, let refusal = hostGuard?.refusal { return refusal }
        let detail = String(cString: errorBuffer)
        return detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
    }

    func info(long info: CURLINFO) -> Int {
        var value = 0
        return ifc_getinfo_long(&value, handle, info) == CURLE_OK ? value : 0
    }

    func info(offset info: CURLINFO) -> Int64 {
        var value: curl_off_t = -1
        return ifc_getinfo_off_t(&value, handle, info) == CURLE_OK ? Int64(value) : -1
    }

    /// The HTTP status of the last response (0 before one arrives, or for file://).
    var responseCode: Int { info(long: CURLINFO_RESPONSE_CODE) }

    /// The body length the server announced for the current response, nil when it did not.
    var contentLength: Int64? {
        let length = info(offset: CURLINFO_CONTENT_LENGTH_DOWNLOAD_T)
        return length >= 0 ? length : nil
    }

    private func check(_ code: CURLcode, _ option: CURLoption) throws(FetchError) {
        guard code == CURLE_OK else {
            throw FetchError(
                .invalidRequest, url: url,
                "libcurl refused option \(option.rawValue) for \(url.absoluteString): \(String(cString: curl_easy_strerror(code)))"
            )
        }
    }
}
