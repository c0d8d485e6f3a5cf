import Common
import Digest
import Foundation

/// One upload of a local file to an S3 key (``S3Bucket/upload(from:to:sha256:progress:)``): a
/// single PUT up to ``S3Bucket/partSize``, else a multipart upload: initiate, one PUT per part
/// (read from the file into memory, `UNSIGNED-PAYLOAD`, ``partsInFlight`` at once), complete with
/// the parts' ETags. The
/// object appears only at the completion; any failure or a cancel aborts the upload so S3 keeps
/// no parts. `x-amz-meta-sha256` carries the file's SHA-256. Blocking.
struct S3Upload {
    /// Parts sent at once: reading the file, signing and the server's work on one part overlap
    /// the others' transfers (awscli sends 10).
    static let partsInFlight = 4

    let bucket: S3Bucket
    let localPath: String
    let path: String
    let sha256: String
    let progress: (Int64) -> Bool

    private var location: RemoteLocation { bucket.root.appending(path) }
    private var key: String { bucket.key(path) }
    private var objectHeaders: [String] {
        ["Content-Type: application/octet-stream", "x-amz-meta-sha256: \(sha256)"]
    }

    func run() throws(FetchError) {
        let descriptor = open(localPath, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw FetchError.io("open", path: localPath, errno: errno) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw FetchError.io("stat", path: localPath, errno: errno) }
        let size = Int64(info.st_size)
        if size <= Int64(S3Bucket.partSize) {
            let body = try read(descriptor, at: 0, count: Int(size))
            let response = try bucket.send(
                "PUT", key: key, headers: objectHeaders, body: body, location: location, progress: progress)
            guard response.status == 200 else { throw bucket.failure(response, key: key, location: location) }
            _ = progress(size)  // the object is in place: too late to cancel
            return
        }
        try multipart(descriptor, size: size)
    }

    private func multipart(_ descriptor: Int32, size: Int64) throws(FetchError) {
        // At most 10,000 parts (S3's limit): larger files get larger parts.
        let partSize = max(Int64(S3Bucket.partSize), (size + 9_999) / 10_000)
        let started = try bucket.send(
            "POST", key: key, query: [(name: "uploads", value: "")], headers: objectHeaders, location: location)
        guard started.status == 200 else { throw bucket.failure(started, key: key, location: location) }
        guard let uploadID = AWSXMLElement.parse(started.body)?.first("UploadId")?.text, !uploadID.isEmpty else {
            throw FetchError(.badResponse, url: location.url, "\(location): InitiateMultipartUpload gave no UploadId")
        }
        let partCount = Int((size + partSize - 1) / partSize)
        let schedule = S3PartSchedule(partCount: partCount)
        // Each thread sends the next part not yet taken until none is left or one fails.
        ParallelThreads.run("isofleet-s3-upload", count: min(Self.partsInFlight, partCount)) { _ in
            while let index = schedule.take() {
                let offset = Int64(index) * partSize
                do throws(FetchError) {
                    let etag = try sendPart(
                        descriptor, number: index + 1, offset: offset, count: Int(min(partSize, size - offset)),
                        uploadID: uploadID
                    ) { sent in schedule.report(index, sent: sent, to: progress) }
                    schedule.finished(index, etag: etag)
                } catch {
                    schedule.fail(error)
                }
            }
        }
        do throws(FetchError) {
            let etags = try schedule.outcome().get()
            guard progress(size) else { throw FetchError.cancelled(location.url) }
            try complete(uploadID, etags: etags)
        } catch {
            abort(uploadID)
            throw error
        }
    }

    /// Reads part `number` from the file and PUTs it; returns its ETag. A `progress` answering false
    /// stops the transfer (`.cancelled`).
    private func sendPart(
        _ descriptor: Int32, number: Int, offset: Int64, count: Int, uploadID: String,
        progress: @escaping (Int64) -> Bool
    ) throws(FetchError) -> String {
        let body = try read(descriptor, at: offset, count: count)
        let response = try bucket.send(
            "PUT", key: key,
            query: [(name: "partNumber", value: "\(number)"), (name: "uploadId", value: uploadID)],
            headers: ["Content-Type: application/octet-stream"], body: body, location: location,
            progress: progress)
        guard response.status == 200, let etag = response.headers.value("ETag") else {
            throw bucket.failure(response, key: key, location: location)
        }
        guard progress(Int64(count)) else { throw FetchError.cancelled(location.url) }
        return etag
    }

    private func complete(_ uploadID: String, etags: [String]) throws(FetchError) {
        let parts = etags.enumerated().map { index, etag in
            "<Part><PartNumber>\(index + 1)</PartNumber><ETag>\(Self.escape(etag))</ETag></Part>"
        }
        let xml = Data(("<CompleteMultipartUpload>" + parts.joined() + "</CompleteMultipartUpload>").utf8)
        // Not retried: a completion that landed but whose answer was lost would fail again.
        let response = try bucket.send(
            "POST", key: key, query: [(name: "uploadId", value: uploadID)], headers: ["Content-Type: application/xml"],
            body: xml, payloadHash: SHA256.hex(of: xml), retry: false, location: location)
        // S3 may answer 200 with an <Error> body when the completion fails late.
        let root = AWSXMLElement.parse(response.body)
        guard response.status == 200, root?.name != "Error" else {
            throw bucket.failure(
                S3Call.Response(
                    status: response.status == 200 ? 500 : response.status, headers: response.headers,
                    body: response.body),
                key: key, location: location)
        }
    }

    /// Aborts the upload so S3 drops its parts; failures are ignored (a lifecycle rule cleans up
    /// what a dead network leaves).
    private func abort(_ uploadID: String) {
        _ = try? bucket.send(
            "DELETE", key: key, query: [(name: "uploadId", value: uploadID)], retry: false, location: location)
    }

    private func read(_ descriptor: Int32, at offset: Int64, count: Int) throws(FetchError) -> Data {
        var data = Data(count: count)
        var done = 0
        let failure: Int32? = data.withUnsafeMutableBytes { buffer in
            while done < count {
                let result = pread(descriptor, buffer.baseAddress! + done, count - done, off_t(offset) + off_t(done))
                if result < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                if result == 0 { return EIO }  // the file shrank under us
                done += result
            }
            return nil
        }
        if let failure { throw FetchError.io("read", path: localPath, errno: failure) }
        return data
    }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
