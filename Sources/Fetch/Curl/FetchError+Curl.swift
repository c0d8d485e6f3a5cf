import CCurl
import Foundation

extension FetchError {
    /// The error for a transfer of `url` that libcurl ended with `code`; `status` is the last HTTP
    /// status seen and `detail` libcurl's explanation.
    static func curl(_ code: CURLcode, status: Int, detail: String, url: URL) -> FetchError {
        let target = url.absoluteString
        switch code {
        case CURLE_HTTP_RETURNED_ERROR:
            return FetchError(.http(status: status), url: url, "\(target): HTTP \(status)")
        case CURLE_OPERATION_TIMEDOUT:
            return FetchError(.timeout, url: url, "\(target): timed out (\(detail))")
        case CURLE_ABORTED_BY_CALLBACK:
            return .cancelled(url)
        case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CONNECT_ERROR, CURLE_SSL_CERTPROBLEM,
            CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CIPHER, CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ISSUER_ERROR,
            CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CRL_BADFILE:
            return FetchError(.tls, url: url, "\(target): TLS failed (\(detail))")
        case CURLE_UNSUPPORTED_PROTOCOL, CURLE_URL_MALFORMAT:
            return FetchError(.invalidRequest, url: url, "\(target): \(detail)")
        case CURLE_TOO_MANY_REDIRECTS, CURLE_RANGE_ERROR, CURLE_WEIRD_SERVER_REPLY, CURLE_BAD_CONTENT_ENCODING:
            return FetchError(.badResponse, url: url, "\(target): \(detail)")
        case CURLE_REMOTE_ACCESS_DENIED:
            return FetchError(.hostRefused, url: url, "\(target): \(detail)")
        case CURLE_FILESIZE_EXCEEDED:
            return FetchError(.tooLarge, url: url, "\(target): \(detail)")
        default:
            return FetchError(.network, url: url, "\(target): \(detail)")
        }
    }
}
