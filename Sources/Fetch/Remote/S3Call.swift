import CCurl
import Foundation

/// One S3 request and its whole answer in memory (capped), blocking, through libcurl: signed with
/// SigV4 (``CurlEasy/signAWS(credentials:scope:payloadHash:)``) unless anonymous, with the
/// transfer settings' timeouts and host policy. The status is handed back as is; ``S3Bucket``
/// turns error statuses into ``FetchError``s with ``FetchError/s3(_:location:bucket:key:credentials:)``.
final class S3Call {
    /// What came back.
    struct Response {
        var status: Int
        var headers: ResponseHeaders
        var body: Data
    }

    private let method: String
    private let url: URL
    private let headers: [String]
    private let body: Data?
    private let payloadHash: String
    private let maxBytes: Int
    private let progress: ((Int64) -> Bool)?
    private var collected = Data()
    private var responseHeaders = ResponseHeaders()
    private var overflowed = false
    private var stopped = false

    /// - Parameters:
    ///   - body: sent with `Content-Type` from `headers` (give one: moto swallows form-encoded bodies).
    ///   - payloadHash: `x-amz-content-sha256`: the body's hex SHA-256, or nil for `UNSIGNED-PAYLOAD`.
    ///   - progress: body bytes sent so far; false stops the request (``perform(credentials:settings:scope:)`` throws `.cancelled`).
    init(
        method: String, url: URL, headers: [String] = [], body: Data? = nil, payloadHash: String? = nil,
        maxBytes: Int = 16 << 20, progress: ((Int64) -> Bool)? = nil
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.payloadHash = payloadHash ?? "UNSIGNED-PAYLOAD"
        self.maxBytes = maxBytes
        self.progress = progress
    }

    /// Performs the request on the calling thread.
    /// - Throws: ``FetchError`` `.network`, `.timeout`, `.tls`, `.hostRefused`, `.tooLarge`
    ///   (the answer passed `maxBytes`), `.cancelled`, naming the method and URL.
    func perform(credentials: AWSCredentials?, settings: FetchSettings, scope: String) throws(FetchError) -> Response {
        collected = Data()
        responseHeaders = ResponseHeaders()
        let easy = try CurlEasy(url: url, settings: settings, protocols: "http,https", failOnHTTPError: false)
        try easy.signAWS(credentials: credentials, scope: scope, payloadHash: payloadHash)
        switch method {
        case "GET": break
        case "HEAD": try easy.set(CURLOPT_NOBODY, 1)
        default: try easy.set(CURLOPT_CUSTOMREQUEST, method)
        }
        for line in headers { try easy.addHeader(line) }
        try install(on: easy)
        let code: CURLcode
        if let body {
            try easy.set(CURLOPT_POSTFIELDSIZE_LARGE, offset: Int64(body.count))
            // The bytes stay put for the whole perform (POSTFIELDS does not copy them).
            let result: (set: CURLcode, perform: CURLcode) = body.withUnsafeBytes { bytes in
                let set = ifc_setopt_pointer(
                    easy.handle, CURLOPT_POSTFIELDS, UnsafeMutableRawPointer(mutating: bytes.baseAddress))
                return (set, set == CURLE_OK ? easy.perform() : set)
            }
            guard result.set == CURLE_OK else {
                throw FetchError(
                    .invalidRequest, url: url, "\(method) \(url.absoluteString): libcurl refused the request body")
            }
            code = result.perform
        } else {
            if method == "POST" || method == "PUT" {
                try easy.set(CURLOPT_POSTFIELDSIZE_LARGE, offset: 0)
                try easy.set(CURLOPT_POSTFIELDS, "")
            }
            code = easy.perform()
        }
        let what = "\(method) \(url.absoluteString)"
        guard code == CURLE_OK else {
            if overflowed {
                throw FetchError(.tooLarge, url: url, "\(what): the answer is larger than \(maxBytes) bytes")
            }
            if stopped { throw .cancelled(url) }
            let error = FetchError.curl(code, status: easy.responseCode, detail: easy.errorText(code), url: url)
            throw FetchError(error.code, url: url, "\(what): \(easy.errorText(code))")
        }
        return Response(status: easy.responseCode, headers: responseHeaders, body: collected)
    }

    /// The status code of an HTTP status line (`HTTP/1.1 404 Not Found`).
    private static func status(_ line: String) -> Int? {
        let parts = line.split(separator: " ")
        return parts.count >= 2 ? Int(parts[1]) : nil
    }

    private func install(on easy: CurlEasy) throws(FetchError) {
        let context = Unmanaged.passUnretained(self).toOpaque()
        let codes = [
            ifc_set_write_callback(
                easy.handle,
                { data, size, count, context in
                    let call = Unmanaged<S3Call>.fromOpaque(context!).takeUnretainedValue()
                    return call.receive(UnsafeRawBufferPointer(start: data, count: size * count))
                }, context),
            ifc_set_header_callback(
                easy.handle,
                { data, size, count, context in
                    let call = Unmanaged<S3Call>.fromOpaque(context!).takeUnretainedValue()
                    call.responseHeaders.consume(
                        String(decoding: UnsafeRawBufferPointer(start: data, count: size * count), as: UTF8.self))
                    return size * count
                }, context),
            ifc_set_xferinfo_callback(
                easy.handle,
                { context, _, _, _, uploaded in
                    let call = Unmanaged<S3Call>.fromOpaque(context!).takeUnretainedValue()
                    guard let progress = call.progress else { return 0 }
                    if progress(Int64(uploaded)) { return 0 }
                    call.stopped = true
                    return 1
                }, context),
        ]
        for code in codes where code != CURLE_OK {
            throw FetchError(
                .invalidRequest, url: url, "libcurl refused a callback: \(String(cString: curl_easy_strerror(code)))")
        }
    }

    private func receive(_ bytes: UnsafeRawBufferPointer) -> Int {
        // An error document is read whole (up to 64 KiB) whatever the cap for the object's bytes.
        let isError = (responseHeaders.statusLine.flatMap(Self.status) ?? 200) >= 300
        guard collected.count + bytes.count <= (isError ? max(maxBytes, 64 << 10) : maxBytes) else {
            overflowed = true
            return 0
        }
        collected.append(contentsOf: bytes)
        return bytes.count
    }
}
