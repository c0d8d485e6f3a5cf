import CCurl
import Foundation

/// One GET whose body is collected in memory, up to a cap: conditional (validators given), or of
/// one byte range (`range` given; the answer must be a 206 for exactly that range). Blocking: runs
/// on the thread that calls ``run()``.
///
/// A conditional GET is decided by the status alone: `If-None-Match` and `If-Modified-Since` go out
/// as plain headers and only a 304 means "not modified" (libcurl's own time condition would call a
/// 200 with a new body "unmet" when its `Last-Modified` second did not advance). A `file://`
/// document's validator is its own ETag, `"<mtime in ns>-<size>"`, compared here. Redirects lead
/// only to http(s) (see ``CurlEasy``); the average rate is held to ``FetchSettings/minimumRate``.
final class MemoryTransfer {
    private let url: URL
    private let settings: FetchSettings
    private let maxBytes: Int
    private let cancel: CancelFlag
    private let ifNoneMatch: String?
    private let ifModifiedSince: Date?
    private let range: ClosedRange<Int64>?
    private var headers = ResponseHeaders()
    private var body = Data()
    private var abortReason: FetchError?
    private var easy: CurlEasy?
    private var rateFloor: RateFloor
    private let handles: CurlHandlePool?

    /// With `handles`, the transfer reuses a connection an earlier one left open (``CurlHandlePool``).
    init(
        url: URL, settings: FetchSettings, maxBytes: Int, cancel: CancelFlag, ifNoneMatch: String?,
        ifModifiedSince: Date?, range: ClosedRange<Int64>? = nil, handles: CurlHandlePool? = nil
    ) {
        self.handles = handles
        self.url = url
        self.settings = settings
        self.maxBytes = maxBytes
        self.cancel = cancel
        self.ifNoneMatch = ifNoneMatch
        self.ifModifiedSince = ifModifiedSince
        self.range = range
        rateFloor = RateFloor(settings: settings)
    }

    func run() throws(FetchError) -> ConditionalResponse {
        // Stat before reading: a file changed in between gets an older ETag, so it is read again.
        let fileETag = url.isFileURL && range == nil ? Self.fileETag(url.path) : nil
        if let fileETag, fileETag == ifNoneMatch { return .notModified }
        let easy = try CurlEasy(
            url: url, settings: settings, protocols: "http,https,file", failOnHTTPError: true, pool: handles)
        self.easy = easy
        defer { self.easy = nil }
        try install(on: easy)
        if let range {
            try easy.set(CURLOPT_RANGE, "\(range.lowerBound)-\(range.upperBound)")
        } else {
            try easy.set(CURLOPT_ACCEPT_ENCODING, "")
        }
        try easy.set(CURLOPT_FILETIME, 1)
        if !url.isFileURL {
            if let ifNoneMatch { try easy.addHeader("If-None-Match: \(ifNoneMatch)") }
            if let ifModifiedSince { try easy.addHeader("If-Modified-Since: \(Self.httpDate(ifModifiedSince))") }
        }
        let code = easy.perform()
        guard code == CURLE_OK else {
            if let abortReason { throw abortReason }
            if code == CURLE_ABORTED_BY_CALLBACK || cancel.isSet { throw .cancelled(url) }
            if code == CURLE_FILE_COULDNT_READ_FILE {
                throw FetchError(.io, url: url, "\(url.absoluteString): \(easy.errorText(code))")
            }
            throw .curl(code, status: easy.responseCode, detail: easy.errorText(code), url: url)
        }
        let status = easy.responseCode
        if let range { return .fetched(data: try rangeBody(range, status: status), etag: nil, lastModified: nil) }
        if status == 304 { return .notModified }
        guard status == 200 || (status == 0 && url.isFileURL) else {
            throw FetchError(.badResponse, url: url, "\(url.absoluteString): unexpected HTTP \(status)")
        }
        let fileTime = easy.info(offset: CURLINFO_FILETIME_T)
        return .fetched(
            data: body, etag: fileETag ?? headers.value("ETag"),
            lastModified: fileTime >= 0 ? Date(timeIntervalSince1970: TimeInterval(fileTime)) : nil)
    }

    /// A local file's validator: `"<mtime in ns>-<size>"`, nil when it cannot be stat'ed.
    static func fileETag(_ path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return "\"\(Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec))-\(info.st_size)\""
    }

    /// `date` as an HTTP-date (RFC 9110 IMF-fixdate): `Sun, 06 Nov 1994 08:49:37 GMT`.
    static func httpDate(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: date)
    }

    /// The body of a range request, when the server answered with exactly `range`.
    private func rangeBody(_ range: ClosedRange<Int64>, status: Int) throws(FetchError) -> Data {
        let expected = Int(range.upperBound - range.lowerBound + 1)
        if status == 0, url.isFileURL, body.count == expected { return body }
        guard status == 206 else { throw notARangeAnswer(status, range) }
        let answered = headers.value("Content-Range").flatMap(ContentRange.init(parsing:))
        guard answered?.first == range.lowerBound, answered?.last == range.upperBound, body.count == expected else {
            throw FetchError(
                .badResponse, url: url,
                "\(url.absoluteString): asked for bytes \(range.lowerBound)-\(range.upperBound), got \(headers.value("Content-Range") ?? "no Content-Range") with \(body.count) bytes"
            )
        }
        return body
    }

    private func notARangeAnswer(_ status: Int, _ range: ClosedRange<Int64>) -> FetchError {
        FetchError(
            .badResponse, url: url,
            "\(url.absoluteString): answered HTTP \(status) to a range request (\(range.lowerBound)-\(range.upperBound)); byte ranges are needed"
        )
    }

    private func install(on easy: CurlEasy) throws(FetchError) {
        let context = Unmanaged.passUnretained(self).toOpaque()
        let codes = [
            ifc_set_write_callback(
                easy.handle,
                { data, size, count, context in
                    let transfer = Unmanaged<MemoryTransfer>.fromOpaque(context!).takeUnretainedValue()
                    return transfer.receive(UnsafeRawBufferPointer(start: data, count: size * count))
                }, context),
            ifc_set_header_callback(
                easy.handle,
                { data, size, count, context in
                    let transfer = Unmanaged<MemoryTransfer>.fromOpaque(context!).takeUnretainedValue()
                    transfer.headers.consume(
                        String(decoding: UnsafeRawBufferPointer(start: data, count: size * count), as: UTF8.self))
                    return size * count
                }, context),
            ifc_set_xferinfo_callback(
                easy.handle,
                { context, _, _, _, _ in
                    Unmanaged<MemoryTransfer>.fromOpaque(context!).takeUnretainedValue().tick()
                }, context),
        ]
        for code in codes where code != CURLE_OK {
            throw FetchError(
                .invalidRequest, url: url, "libcurl refused a callback: \(String(cString: curl_easy_strerror(code)))")
        }
    }

    private func tick() -> Int32 {
        if cancel.isSet { return 1 }
        if let rate = rateFloor.shortfall(received: Int64(body.count)) {
            abortReason = rateFloor.error(url: url, rate: rate)
            return 1
        }
        return 0
    }

    private func receive(_ bytes: UnsafeRawBufferPointer) -> Int {
        if body.isEmpty, let range, let easy, !url.isFileURL, easy.responseCode != 206 {
            abortReason = notARangeAnswer(easy.responseCode, range)
            return 0
        }
        if body.isEmpty, let length = easy?.contentLength, length > maxBytes {
            abortReason = tooLarge("announces \(length) bytes")
            return 0
        }
        guard body.count + bytes.count <= maxBytes else {
            abortReason = tooLarge("sent more than that")
            return 0
        }
        body.append(contentsOf: bytes)
        return bytes.count
    }

    private func tooLarge(_ what: String) -> FetchError {
        FetchError(.tooLarge, url: url, "\(url.absoluteString): larger than the \(maxBytes)-byte cap (\(what))")
    }
}
