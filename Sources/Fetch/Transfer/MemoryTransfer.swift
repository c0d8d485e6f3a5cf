import CCurl
import Foundation

/// One GET whose body is collected in memory, up to a cap: conditional (validators given), or of
/// one byte range (`range` given; the answer must be a 206 for exactly that range). Blocking: runs
/// on the thread that calls ``run()``.
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

    init(
        url: URL, settings: FetchSettings, maxBytes: Int, cancel: CancelFlag, ifNoneMatch: String?,
        ifModifiedSince: Date?, range: ClosedRange<Int64>? = nil
    ) {
        self.url = url
        self.settings = settings
        self.maxBytes = maxBytes
        self.cancel = cancel
        self.ifNoneMatch = ifNoneMatch
        self.ifModifiedSince = ifModifiedSince
        self.range = range
    }

    func run() throws(FetchError) -> ConditionalResponse {
        let easy = try CurlEasy(url: url, settings: settings, protocols: "http,https,file", failOnHTTPError: true)
        self.easy = easy
        defer { self.easy = nil }
        try install(on: easy)
        if let range {
            try easy.set(CURLOPT_RANGE, "\(range.lowerBound)-\(range.upperBound)")
        } else {
            try easy.set(CURLOPT_ACCEPT_ENCODING, "")
        }
        try easy.set(CURLOPT_FILETIME, 1)
        if let ifNoneMatch { try easy.addHeader("If-None-Match: \(ifNoneMatch)") }
        if let ifModifiedSince {
            try easy.set(CURLOPT_TIMECONDITION, Int(CURL_TIMECOND_IFMODSINCE.rawValue))
            try easy.set(CURLOPT_TIMEVALUE_LARGE, offset: Int64(ifModifiedSince.timeIntervalSince1970.rounded(.down)))
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
        if status == 304 || easy.info(long: CURLINFO_CONDITION_UNMET) != 0 { return .notModified }
        guard status == 200 || (status == 0 && url.isFileURL) else {
            throw FetchError(.badResponse, url: url, "\(url.absoluteString): unexpected HTTP \(status)")
        }
        let fileTime = easy.info(offset: CURLINFO_FILETIME_T)
        return .fetched(
            data: body, etag: headers.value("ETag"),
            lastModified: fileTime >= 0 ? Date(timeIntervalSince1970: TimeInterval(fileTime)) : nil)
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
                    Unmanaged<MemoryTransfer>.fromOpaque(context!).takeUnretainedValue().cancel.isSet ? 1 : 0
                }, context),
        ]
        for code in codes where code != CURLE_OK {
            throw FetchError(
                .invalidRequest, url: url, "libcurl refused a callback: \(String(cString: curl_easy_strerror(code)))")
        }
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
