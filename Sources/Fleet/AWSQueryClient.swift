import Common
import Fetch
import Foundation

/// Calls an AWS query API (Auto Scaling, EC2): a POST form with sorted keys, signed with SigV4 by
/// libcurl, whose XML answer is parsed. An AWS error answer becomes a ``DiscoveryError`` naming
/// the action, the endpoint and AWS's code and message.
struct AWSQueryClient: Sendable {
    /// Where the API answers (`https://autoscaling.eu-west-1.amazonaws.com/`).
    var endpoint: URL
    /// The signing name: `autoscaling`, `ec2`.
    var service: String
    /// The API version the form names.
    var version: String
    var region: String
    var timeout: Duration = .seconds(15)

    /// Calls `action` with `parameters` signed with `credentials`; returns the parsed response.
    func call(
        _ action: String, _ parameters: [String: String], credentials: AWSCredentials
    ) async throws(DiscoveryError) -> AWSXMLElement {
        var form = parameters
        form["Action"] = action
        form["Version"] = version
        let body = Self.formBody(form)
        let exchange = HTTPExchange(
            method: "POST", url: endpoint, body: Data(body.utf8),
            signing: .init(credentials: credentials, region: region, service: service), timeout: timeout)
        let what = "\(service):\(action) at \(endpoint.absoluteString)"
        let response: HTTPExchange.Response
        do {
            response = try await exchange.send()
        } catch {
            throw DiscoveryError(.transport, "\(what): \(error.message)")
        }
        let document = AWSXMLElement.parse(response.body)
        guard (200..<300).contains(response.status) else {
            let code =
                document?.first("Code")?.text.trimmingCharacters(in: .whitespacesAndNewlines)
                ?? "HTTP \(response.status)"
            let message =
                document?.first("Message")?.text.trimmingCharacters(in: .whitespacesAndNewlines)
                ?? String(response.text.prefix(200))
            throw DiscoveryError(.refused, "\(what) refused (HTTP \(response.status)): \(code): \(message)")
        }
        guard let document else {
            throw DiscoveryError(.badResponse, "\(what): the answer is not XML: \(response.text.prefix(200))")
        }
        return document
    }

    /// `key=value&…` with keys sorted (libcurl 7.88 mis-signs unsorted ones) and both sides
    /// percent-encoded as SigV4 wants (unreserved characters only left as is).
    static func formBody(_ form: [String: String]) -> String {
        form.sorted { $0.key < $1.key }.map { "\(encode($0.key))=\(encode($0.value))" }.joined(separator: "&")
    }

    static func encode(_ text: String) -> String {
        var allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        allowed.insert(charactersIn: "-_.~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
