import Foundation

/// Reads the instance role's temporary credentials from IMDSv2, blocking (for transfer threads):
/// a token from `PUT latest/api/token`, then `GET meta-data/iam/security-credentials/` (the role)
/// and `GET meta-data/iam/security-credentials/ROLE` (a JSON document with `AccessKeyId`,
/// `SecretAccessKey`, `Token`, `Expiration`).
///
/// The Fleet target's `InstanceMetadataClient` speaks the same protocol asynchronously for
/// discovery; this reader is the small blocking part ``S3CredentialChain`` needs inside Fetch.
struct S3InstanceRoleReader: Sendable {
    /// What IMDS said.
    enum Answer: Sendable {
        /// No metadata service answers here, or the instance has no role: sign nothing.
        case noRole(String)
        /// The role's current credentials, valid until `expiration` (nil when IMDS gave none).
        case credentials(AWSCredentials, role: String, expiration: Date?)
    }

    /// The IMDS base URL (`http://169.254.169.254`).
    let endpoint: URL

    /// Reads the role's credentials.
    /// - Throws: ``FetchError`` `.network` when IMDS answers but not with usable credentials.
    func read() throws(FetchError) -> Answer {
        let tokenURL = endpoint.appendingPathComponent("latest/api/token")
        let tokenResponse: HTTPExchange.Response
        do {
            tokenResponse = try HTTPExchange(
                method: "PUT", url: tokenURL, headers: ["X-aws-ec2-metadata-token-ttl-seconds: 300"],
                timeout: .seconds(2), maxBytes: 4096
            ).perform()
        } catch {
            return .noRole("no instance metadata service at \(endpoint.absoluteString) (\(error.message))")
        }
        let token = tokenResponse.text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard tokenResponse.status == 200, !token.isEmpty else {
            return .noRole("IMDS \(tokenURL.absoluteString) gave no token (HTTP \(tokenResponse.status))")
        }
        let listing = try get("iam/security-credentials/", token: token)
        guard let listing else { return .noRole("the instance has no IAM role") }
        guard let role = listing.split(whereSeparator: \.isNewline).first.map(String.init), !role.isEmpty else {
            return .noRole("the instance has no IAM role")
        }
        guard let document = try get("iam/security-credentials/\(role)", token: token) else {
            throw FetchError(
                .network, url: endpoint, "IMDS \(endpoint.absoluteString): no credentials for role \(role)")
        }
        struct Document: Decodable {
            var AccessKeyId: String
            var SecretAccessKey: String
            var Token: String?
            var Expiration: String?
        }
        guard let parsed = try? JSONDecoder().decode(Document.self, from: Data(document.utf8)) else {
            throw FetchError(
                .network, url: endpoint,
                "IMDS \(endpoint.absoluteString): the credentials of role \(role) are not the expected JSON")
        }
        let credentials = AWSCredentials(
            accessKeyID: parsed.AccessKeyId, secretAccessKey: parsed.SecretAccessKey,
            sessionToken: parsed.Token?.isEmpty == false ? parsed.Token : nil)
        let expiration = parsed.Expiration.flatMap { try? Date($0, strategy: .iso8601) }
        return .credentials(credentials, role: role, expiration: expiration)
    }

    /// The text at `latest/meta-data/PATH`; nil for a 404.
    private func get(_ path: String, token: String) throws(FetchError) -> String? {
        let url = endpoint.appendingPathComponent("latest/meta-data/" + path)
        let response = try HTTPExchange(
            method: "GET", url: url, headers: ["X-aws-ec2-metadata-token: \(token)"], timeout: .seconds(2),
            maxBytes: 64 << 10
        ).perform()
        if response.status == 404 { return nil }
        guard response.status == 200 else {
            throw FetchError(.network, url: url, "IMDS GET \(url.absoluteString): HTTP \(response.status)")
        }
        return response.text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
