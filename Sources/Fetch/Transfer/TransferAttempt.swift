import CCurl
import Foundation

/// One GET of one mirror that continues the incomplete file from its current size, with a
/// `Range` request when the file is not empty. Blocking: runs on the thread that calls ``run()``.
///
/// The response is checked before its first body byte is kept: a 206 must start where we asked
/// and agree with the expected size; a 200 to a range request means the server ignored the range,
/// so the file restarts from zero and takes the whole body; a 416 whose `Content-Range` total is
/// exactly the file's size means the file was already complete. Error statuses are handled here
/// rather than by libcurl, so that their headers (`Retry-After`, `Content-Range`) are seen.
///
/// Every attempt is bounded: the file never grows past the expected size, or
/// ``FetchSettings/maxSize`` when none is known, and a mirror whose average rate stays below
/// ``FetchSettings/minimumRate`` over a window is abandoned (``FetchError/Code/tooSlow``).
final class TransferAttempt {
    /// How the attempt ended.
    struct Outcome: Sendable {
        /// nil when the whole body arrived.
        let error: FetchError?
        /// Body bytes received from the network.
        let bytesReceived: Int64
        /// The file size when the attempt started.
        let startOffset: Int64
        /// True when the server answered the range request with the bytes asked for.
        let continued: Bool
        /// True when the server ignored the range request and the file restarted from zero.
        let restartedFromZero: Bool
        /// The pause the server asked for (`Retry-After`) with a 429 or 503.
        let retryAfter: Duration?

        /// An attempt that failed before any byte moved.
        static func failed(_ error: FetchError, startOffset: Int64) -> Outcome {
            Outcome(
                error: error, bytesReceived: 0, startOffset: startOffset, continued: false, restartedFromZero: false,
                retryAfter: nil)
        }
    }

    /// The mirror, named in messages and errors (`https://…`, or `s3://bucket/key`).
    private let url: URL
    /// How an S3 object is requested and signed; nil for a plain http(s) mirror.
    private let s3: S3SignedGet?
    /// An S3 error answer (status ≥ 300) whose body is being collected for its code.
    private(set) var s3Error: S3ErrorResponse?
    private var s3ErrorStatus: Int?
    private var s3ErrorBody = Data()
    private let writer: HashingFileWriter
    private let expectedSize: Int64?
    /// The size the file may not exceed: the expected size, else ``FetchSettings/maxSize``.
    private let sizeCap: Int64
    private var rateFloor: RateFloor
    private let settings: FetchSettings
    private let progress: (@Sendable (FetchProgress) -> Void)?
    private let cancel: CancelFlag
    private let startOffset: Int64
    private var easy: CurlEasy?
    private var headers = ResponseHeaders()
    private var validated = false
    private var abortReason: FetchError?
    private var received: Int64 = 0
    private var total: Int64?
    private var continued = false
    private var restarted = false
    /// A 416 said the file already holds the server's whole file.
    private var alreadyComplete = false
    private var retryAfter: Duration?
    private var pacer: ProgressPacer

    init(
        url: URL, writer: HashingFileWriter, expectedSize: Int64?, settings: FetchSettings,
        cancel: CancelFlag, progress: (@Sendable (FetchProgress) -> Void)?, s3: S3SignedGet? = nil
    ) {
        self.url = url
        self.s3 = s3
        self.writer = writer
        self.expectedSize = expectedSize
        sizeCap = expectedSize ?? settings.maxSize
        rateFloor = RateFloor(settings: settings)
        self.settings = settings
        self.cancel = cancel
        self.progress = progress
        startOffset = writer.size
        pacer = ProgressPacer(interval: settings.progressInterval, size: writer.size)
        total = expectedSize
    }

    /// Performs the request to its end, then waits until every kept byte is written.
    func run() -> Outcome {
        var error: FetchError?
        do {
            let easy = try CurlEasy(
                url: s3?.requestURL ?? url, settings: settings, protocols: "http,https", failOnHTTPError: false)
            self.easy = easy
            if let s3 {
                try easy.signAWS(credentials: s3.credentials, scope: s3.scope, payloadHash: "UNSIGNED-PAYLOAD")
            }
            try install(on: easy)
            if startOffset > 0 { try easy.set(CURLOPT_RANGE, "\(startOffset)-") }
            error = conclude(easy.perform(), easy)
        } catch let setupError {
            error = setupError
        }
        // A local write failure outranks whatever the network did: it ends the whole fetch.
        do throws(FetchError) { try writer.drain() } catch let writeError { error = writeError }
        if error == nil { reportProgress(final: true) }
        easy = nil
        return Outcome(
            error: error, bytesReceived: received, startOffset: startOffset, continued: continued,
            restartedFromZero: restarted, retryAfter: retryAfter)
    }

    private func install(on easy: CurlEasy) throws(FetchError) {
        let context = Unmanaged.passUnretained(self).toOpaque()
        let body = ifc_set_write_callback(
            easy.handle,
            { data, size, count, context in
                let attempt = Unmanaged<TransferAttempt>.fromOpaque(context!).takeUnretainedValue()
                return attempt.receive(UnsafeRawBufferPointer(start: data, count: size * count))
            }, context)
        let header = ifc_set_header_callback(
            easy.handle,
            { data, size, count, context in
                let attempt = Unmanaged<TransferAttempt>.fromOpaque(context!).takeUnretainedValue()
                let line = UnsafeRawBufferPointer(start: data, count: size * count)
                attempt.headers.consume(String(decoding: line, as: UTF8.self))
                return size * count
            }, context)
        let progress = ifc_set_xferinfo_callback(
            easy.handle,
            { context, _, _, _, _ in
                Unmanaged<TransferAttempt>.fromOpaque(context!).takeUnretainedValue().tick()
            }, context)
        for code in [body, header, progress] where code != CURLE_OK {
            throw FetchError(
                .invalidRequest, url: url, "libcurl refused a callback: \(String(cString: curl_easy_strerror(code)))")
        }
    }

    // MARK: libcurl callbacks (transfer thread)

    private func receive(_ bytes: UnsafeRawBufferPointer) -> Int {
        if cancel.isSet {
            abortReason = .cancelled(url)
            return 0
        }
        if !validated, let easy, let problem = validate(easy) {
            abortReason = problem
            return 0
        }
        if s3ErrorStatus != nil {
            // S3's error document, read for its code; never part of the file.
            guard s3ErrorBody.count + bytes.count <= 64 << 10 else { return 0 }
            s3ErrorBody.append(contentsOf: bytes)
            return bytes.count
        }
        // The body of a 416 is the server's error page, not part of the file.
        if alreadyComplete { return 0 }
        received += Int64(bytes.count)
        if writer.size + Int64(bytes.count) > sizeCap {
            let limit =
                expectedSize.map { "the expected \($0) bytes" } ?? "fetch.max_size (\(settings.maxSize) bytes)"
            abortReason = FetchError(.tooLarge, url: url, "\(url.absoluteString): sent more than \(limit)")
            return 0
        }
        // On false the writer failed; `run()` reports its error after draining.
        return writer.append(bytes) ? bytes.count : 0
    }

    private func tick() -> Int32 {
        if cancel.isSet { return 1 }
        if !alreadyComplete, let rate = rateFloor.shortfall(received: received) {
            abortReason = rateFloor.error(url: url, rate: rate)
            return 1
        }
        if progress != nil, pacer.isDue {
            reportProgress(final: false)
        }
        return 0
    }

    // MARK: Checking the response

    /// Checks the response before its first body byte; nil when the body may be kept.
    private func validate(_ easy: CurlEasy) -> FetchError? {
        validated = true
        let status = easy.responseCode
        let target = url.absoluteString
        switch status {
        case 206:
            guard let range = headers.contentRange, let first = range.first else {
                return FetchError(.badResponse, url: url, "\(target): 206 without a usable Content-Range")
            }
            guard first == startOffset else {
                return FetchError(
                    .badResponse, url: url, "\(target): asked for bytes from \(startOffset), got them from \(first)")
            }
            if let problem = sizeProblem(announced: range.total, what: "Content-Range total") { return problem }
            total = range.total ?? expectedSize
            continued = startOffset > 0
        case 200:
            if let problem = sizeProblem(announced: easy.contentLength, what: "Content-Length") { return problem }
            if startOffset > 0 {
                do throws(FetchError) { try writer.restart() } catch { return error }
                restarted = true
                pacer.restart()
            }
            total = easy.contentLength ?? expectedSize
        case 416 where startOffset > 0 && headers.contentRange?.total == startOffset:
            if let problem = sizeProblem(announced: startOffset, what: "Content-Range total") { return problem }
            alreadyComplete = true
            total = startOffset
        case 300...399 where s3 != nil, 400... where s3 != nil:
            // Read S3's <Error> document before judging (conclude()).
            s3ErrorStatus = status
        case 400...:
            if status == 429 || status == 503 { retryAfter = headers.value("Retry-After").flatMap(Self.retryDelay) }
            return FetchError(.http(status: status), url: url, "\(target): HTTP \(status)")
        default:
            return FetchError(.badResponse, url: url, "\(target): unexpected HTTP \(status) for a download")
        }
        return nil
    }

    /// A `Retry-After` value: delay-seconds or an HTTP date.
    static func retryDelay(_ value: String) -> Duration? {
        if let seconds = Int(value.trimmingCharacters(in: .whitespaces)), seconds >= 0 { return .seconds(seconds) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: value) else { return nil }
        return .milliseconds(max(0, Int64(date.timeIntervalSinceNow * 1000)))
    }

    private func sizeProblem(announced: Int64?, what: String) -> FetchError? {
        guard let announced else { return nil }
        guard let expectedSize else {
            guard announced > settings.maxSize else { return nil }
            return FetchError(
                .tooLarge, url: url,
                "\(url.absoluteString): \(what) says \(announced) bytes, more than fetch.max_size (\(settings.maxSize) bytes)"
            )
        }
        guard announced != expectedSize else { return nil }
        let message = "\(url.absoluteString): \(what) says \(announced) bytes, the manifest \(expectedSize)"
        return FetchError(announced > expectedSize ? .tooLarge : .sizeMismatch, url: url, message)
    }

    /// The error for a finished `perform`, nil when the whole body arrived.
    private func conclude(_ code: CURLcode, _ easy: CurlEasy) -> FetchError? {
        if !validated, code == CURLE_OK, let problem = validate(easy) { return problem }
        if let s3, let status = s3ErrorStatus, code == CURLE_OK || (abortReason == nil && !cancel.isSet) {
            let answer = S3ErrorResponse(
                status: status, body: s3ErrorBody, bucketRegion: headers.value("x-amz-bucket-region"))
            s3Error = answer
            return s3.error(answer)
        }
        guard code == CURLE_OK else {
            if alreadyComplete { return nil }
            if let abortReason { return abortReason }
            if code == CURLE_ABORTED_BY_CALLBACK || cancel.isSet { return .cancelled(url) }
            return .curl(code, status: easy.responseCode, detail: easy.errorText(code), url: url)
        }
        if alreadyComplete { return nil }
        if let expectedSize, writer.size != expectedSize {
            return FetchError(
                .network, url: url,
                "\(url.absoluteString): connection closed after \(writer.size) of \(expectedSize) bytes")
        }
        return nil
    }

    private func reportProgress(final: Bool) {
        guard let progress else { return }
        progress(pacer.event(size: writer.size, received: received, total: total, final: final, mirror: url))
    }
}
