public import Common
public import Fetch
import Foundation

extension NodeSite {
    /// What manifests must satisfy here: `manifest.keys` and `manifest.allow_unverified`.
    /// - Throws: ``DaemonError`` `invalidInput` naming the key for an unreadable key or switch.
    public func manifestTrust() throws(DaemonError) -> ManifestTrust {
        do throws(ManifestTrustError) {
            let keys = try ManifestKeys.parse(configuration.list(.manifestKeys))
            let allowUnverified: Bool
            do { allowUnverified = try configuration.flag(.manifestAllowUnverified) ?? false } catch {
                throw ManifestTrustError(error.description)
            }
            return ManifestTrust(keys: keys, allowUnverified: allowUnverified)
        } catch {
            throw DaemonError(.invalidInput, error.message)
        }
    }
}

extension NodeSite {
    /// The hosts the sources a manifest names may use: `fetch.allow_hosts` (default `public`: any
    /// address outside the internal ranges) plus the manifest's own host (`manifest.url`'s; for a
    /// `file://` manifest, this machine's loopback addresses).
    /// - Throws: ``DaemonError`` `invalidInput` naming the entry that cannot be read.
    public func sourceHostPolicy() throws(DaemonError) -> HostPolicy {
        let entries = configuration.list(.fetchAllowHosts)
        var policy: HostPolicy
        do { policy = try HostPolicy(parsing: entries.isEmpty ? ["public"] : entries) } catch {
            throw DaemonError(.invalidInput, error.message)
        }
        if let text = configuration[.manifestURL], let url = URL(string: text) {
            policy = policy.allowing(manifestURL: url)
            // An s3:// manifest's host is its bucket; the connection goes to the endpoint.
            if url.scheme?.lowercased() == "s3", let endpoint = configuration[.s3Endpoint].flatMap(URL.init(string:)) {
                policy = policy.allowing(manifestURL: endpoint)
            }
        }
        return policy
    }

    /// ``fetchSettings()`` limited to ``sourceHostPolicy()``: the settings of every fetch of what a
    /// manifest names (image mirrors, origin pieces, `sources.torrent`).
    public func manifestSourceFetchSettings() throws(DaemonError) -> FetchSettings {
        var settings = try fetchSettings()
        settings.hostPolicy = try sourceHostPolicy()
        return settings
    }
}
