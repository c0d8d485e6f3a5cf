public import Common
public import Fetch
public import Foundation
import Synchronization

/// The EC2 instance metadata service, IMDSv2 only: a token from `PUT /latest/api/token` (with its
/// TTL header), then GETs carrying it. The token is reused until shortly before it expires.
public final class InstanceMetadataClient: Sendable {
    /// Base URL, `http://169.254.169.254` in EC2 (`aws.imds_endpoint`).
    public let endpoint: URL
    /// Lifetime asked for each token.
    public let tokenTTL: Duration
    private let token = Mutex<(value: String, expires: ContinuousClock.Instant)?>(nil)

    /// A client for the service at `endpoint`.
    public init(endpoint: URL, tokenTTL: Duration = .seconds(21600)) {
        self.endpoint = endpoint
        self.tokenTTL = tokenTTL
    }

    /// `meta-data/instance-id`.
    public func instanceID() async throws(DiscoveryError) -> String { try await metadata("instance-id") }
    /// `meta-data/local-ipv4`, the private address.
    public func localIPv4() async throws(DiscoveryError) -> String { try await metadata("local-ipv4") }
    /// `meta-data/placement/region`.
    public func region() async throws(DiscoveryError) -> String { try await metadata("placement/region") }

    /// `meta-data/autoscaling/target-lifecycle-state`: `InService`, `Terminated`, `Standby`, …
    /// (the scale-in signal, design §10).
    public func targetLifecycleState() async throws(DiscoveryError) -> String {
        try await metadata("autoscaling/target-lifecycle-state")
    }

    /// The instance role's temporary credentials (`meta-data/iam/security-credentials/ROLE`, the
    /// role being the first line of the listing).
    public func roleCredentials() async throws(DiscoveryError) -> AWSCredentials {
        let listing = try await metadata("iam/security-credentials/")
        guard let role = listing.split(whereSeparator: \.isNewline).first.map(String.init), !role.isEmpty else {
            throw DiscoveryError(.metadata, "IMDS \(endpoint.absoluteString): the instance has no IAM role")
        }
        let document = try await metadata("iam/security-credentials/\(role)")
        struct Answer: Decodable {
            var AccessKeyId: String
            var SecretAccessKey: String
            var Token: String?
        }
        guard let answer = try? JSONDecoder().decode(Answer.self, from: Data(document.utf8)) else {
            throw DiscoveryError(
                .metadata, "IMDS \(endpoint.absoluteString): credentials of role \(role) are not the expected JSON")
        }
        return AWSCredentials(
            accessKeyID: answer.AccessKeyId, secretAccessKey: answer.SecretAccessKey, sessionToken: answer.Token)
    }

    /// The text at `latest/meta-data/PATH`. A 401 (token expired or revoked) gets one new token.
    public func metadata(_ path: String) async throws(DiscoveryError) -> String {
        let url = endpoint.appendingPathComponent("latest/meta-data/" + path)
        for attempt in 0..<2 {
            let token = try await currentToken(renew: attempt > 0)
            let exchange = HTTPExchange(
                method: "GET", url: url, headers: ["X-aws-ec2-metadata-token: \(token)"], timeout: .seconds(5))
            let response = try await exchange.sendForDiscovery()
            if response.status == 401 && attempt == 0 { continue }
            guard response.status == 200 else {
                throw DiscoveryError(.metadata, "IMDS GET \(url.absoluteString): HTTP \(response.status)")
            }
            return response.text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        throw DiscoveryError(.metadata, "IMDS GET \(url.absoluteString): token refused twice")
    }

    private func currentToken(renew: Bool) async throws(DiscoveryError) -> String {
        if !renew, let current = token.withLock({ $0 }), ContinuousClock.now < current.expires { return current.value }
        let url = endpoint.appendingPathComponent("latest/api/token")
        let seconds = tokenTTL.components.seconds
        let exchange = HTTPExchange(
            method: "PUT", url: url, headers: ["X-aws-ec2-metadata-token-ttl-seconds: \(seconds)"], timeout: .seconds(5)
        )
        let response = try await exchange.sendForDiscovery()
        let value = response.text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard response.status == 200, !value.isEmpty else {
            throw DiscoveryError(.metadata, "IMDS PUT \(url.absoluteString): no token (HTTP \(response.status))")
        }
        // Renew a minute early (or at half the TTL for short ones) so a GET never races expiry.
        let margin = min(Duration.seconds(60), tokenTTL / 2)
        token.withLock { $0 = (value, ContinuousClock.now + tokenTTL - margin) }
        return value
    }
}
