import Common
import Digest
import Foundation
import ISOCatalog
import ISOStore
import Node
import NodeFixtures
import TestSupport
import Testing

/// Manifest trust (issue 15): signed manifests, images without sha256, sources limited to allowed
/// hosts (redirects and DNS names included), unverified images never served. Real nginx, libcurl,
/// SQLite and OpenSSL; the node is assembled by `NodeSite` from configuration as the daemon is.
@Suite(.timeLimit(.minutes(2)))
struct ManifestTrustTests {
    // MARK: Helpers

    /// The manifest text for `entries`: each image with its mirrors, with or without its sha256.
    static func manifestText(
        _ entries: [(image: OriginFixture.Image, mirrors: [String], sha256: Bool)]
    ) throws -> String {
        let images: [[String: Any]] = entries.map { entry in
            let identity = entry.image.identity
            var version: [String: Any] = ["major": identity.version.major]
            if let minor = identity.version.minor { version["minor"] = minor }
            if let patch = identity.version.patch { version["patch"] = patch }
            var object: [String: Any] = [
                "family": identity.family, "name": identity.name, "flavor": identity.flavor, "version": version,
                "file_name": entry.image.fileName, "size": entry.image.size, "sources": ["http": entry.mirrors],
            ]
            if entry.sha256 { object["sha256"] = entry.image.sha256 }
            return object
        }
        let data = try JSONSerialization.data(
            withJSONObject: ["format": "isofleet-manifest/1", "images": images], options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    /// A node over `fixture`'s data directory configured with `settings`.
    static func site(_ fixture: OriginFixture, _ settings: [ConfigurationKey: String]) throws -> NodeSite {
        try NodeSite(
            configuration: try Configuration(file: nil, environment: [:], overrides: settings),
            dataDirectory: fixture.dataDirectory)
    }

    static func runner(_ site: NodeSite, _ fixture: OriginFixture) throws -> UpdateRunner {
        try site.updateRunner(store: fixture.store, swarm: nil, fleet: StaticFleetMembership(peers: []))
    }

    /// A fresh Ed25519 key from `openssl genpkey`: its PEM path and base64 public key.
    static func key(_ fixture: OriginFixture, _ name: String) throws -> (path: String, publicKey: String) {
        let path = fixture.directory.appending(name + ".pem")
        let result = try CommandResult.run("openssl", ["genpkey", "-algorithm", "ed25519", "-out", path])
        try #require(result.status == 0, "openssl genpkey: \(result.stderr)")
        return (path, try ManifestSigning.publicKey(ofKeyAt: path))
    }

    // MARK: Signed manifests

    @Test func item1_signedManifestIsAcceptedAndTamperedOrUnsignedRefusedKeepingTheLastGood() async throws {
        let fixture = try OriginFixture()
        let nginx = try await fixture.nginx(root: fixture.directory.path)
        let key = try Self.key(fixture, "origin")
        let ubuntu = try fixture.image("Linux/Ubuntu/Server@22.04.3", seed: 1, size: 4096)
        let debian = try fixture.image("Linux/Debian/Netinst@12.5", seed: 2, size: 4096)
        let mirror = { (image: OriginFixture.Image) in [nginx.url("origin/\(image.fileName)").absoluteString] }
        try fixture.writeManifestText(try Self.manifestText([(ubuntu, mirror(ubuntu), true)]))
        try ManifestSigning.sign(manifestAt: fixture.manifestPath, keyAt: key.path)

        let url = nginx.url("upstream/manifest.json").absoluteString
        let site = try Self.site(fixture, [.manifestURL: url, .manifestKeys: key.publicKey])
        let synchronizer = try site.manifestSynchronizer(store: fixture.store)
        #expect(synchronizer.trust.requiresSignature)
        let signed = await synchronizer.sync(force: true)
        #expect(signed.outcome == .fetched, "\(signed.failure?.message ?? "")")
        #expect(try await nginx.waitForRequests(2).map(\.path).contains("/upstream/manifest.json.sig"))

        // Rewritten (one image more) without signing again: refused, the signed one stays in force.
        let signedBody = try #require(FileManager.default.contents(atPath: fixture.manifestPath))
        try fixture.writeManifestText(
            try Self.manifestText([(ubuntu, mirror(ubuntu), true), (debian, mirror(debian), true)]))
        let tampered = await synchronizer.sync(force: true)
        let failure = try #require(tampered.failure)
        #expect(failure.code == .invalid)
        #expect(failure.message.contains("does not verify under any key of manifest.keys"), "\(failure.message)")
        #expect(failure.message.contains("keeping the last good manifest"))
        #expect(!failure.message.contains("\n"))
        #expect(tampered.manifest?.images.map(\.identity) == [ubuntu.identity])
        #expect(try fixture.store.cachedManifest()?.body == signedBody)

        // No signature at all: refused too.
        try FileManager.default.removeItem(atPath: fixture.manifestPath + ".sig")
        let unsigned = await synchronizer.sync(force: true)
        #expect(unsigned.failure?.code == .invalid)
        #expect(unsigned.failure?.message.contains("is not signed") == true, "\(unsigned.failure?.message ?? "")")
        #expect(unsigned.manifest?.images.count == 1)

        // Signed again: accepted.
        try ManifestSigning.sign(manifestAt: fixture.manifestPath, keyAt: key.path)
        let resigned = await synchronizer.sync(force: true)
        #expect(resigned.outcome == .fetched)
        #expect(resigned.manifest?.images.count == 2)

        // Without manifest.keys, signatures are not asked for.
        try FileManager.default.removeItem(atPath: fixture.manifestPath + ".sig")
        let open = try Self.site(fixture, [.manifestURL: url]).manifestSynchronizer(store: fixture.store)
        #expect(await open.sync(force: true).failure == nil)
    }

    @Test func item1_aManifestCachedBeforeKeysWereConfiguredIsNotKeptInForce() async throws {
        let fixture = try OriginFixture()
        let nginx = try await fixture.nginx(root: fixture.directory.path)
        let key = try Self.key(fixture, "origin")
        let image = try fixture.image("Linux/Ubuntu/Server@22.04.3", seed: 1, size: 4096)
        try fixture.writeManifestText(
            try Self.manifestText([(image, [nginx.url("origin/\(image.fileName)").absoluteString], true)]))
        let url = nginx.url("upstream/manifest.json").absoluteString
        // Cached while no key was configured (unsigned).
        let open = try Self.site(fixture, [.manifestURL: url]).manifestSynchronizer(store: fixture.store)
        #expect(await open.sync().outcome == .fetched)
        #expect(await open.sync().outcome == .skippedFresh)

        // Keys configured: the unsigned cached copy is neither fresh nor the last good one.
        let strict = try Self.site(fixture, [.manifestURL: url, .manifestKeys: key.publicKey])
            .manifestSynchronizer(store: fixture.store)
        let refused = await strict.sync()
        #expect(refused.failure?.code == .invalid, "\(refused.outcome)")
        #expect(refused.manifest == nil)
        #expect(refused.failure?.message.contains("no good manifest held") == true)

        // Signed: accepted, and then kept in force (fresh) across new synchronizers (restarts).
        try ManifestSigning.sign(manifestAt: fixture.manifestPath, keyAt: key.path)
        #expect(await strict.sync().outcome == .fetched)
        let restarted = try Self.site(fixture, [.manifestURL: url, .manifestKeys: key.publicKey])
            .manifestSynchronizer(store: fixture.store)
        let fresh = await restarted.sync()
        #expect(fresh.outcome == .skippedFresh && fresh.manifest?.images.count == 1)
    }

    @Test func item1_twoTrustedKeysRotateAndAnUntrustedOneIsRefused() async throws {
        let fixture = try OriginFixture()
        let nginx = try await fixture.nginx(root: fixture.directory.path)
        let old = try Self.key(fixture, "old")
        let new = try Self.key(fixture, "new")
        let stranger = try Self.key(fixture, "stranger")
        let image = try fixture.image("Linux/Ubuntu/Server@22.04.3", seed: 1, size: 4096)
        try fixture.writeManifestText(
            try Self.manifestText([(image, [nginx.url("origin/\(image.fileName)").absoluteString], true)]))
        // The new key given as a PEM public key file (openssl pkey -pubout), the old one as base64.
        let newPublicFile = fixture.directory.appending("new.pub.pem")
        #expect(
            try CommandResult.run("openssl", ["pkey", "-in", new.path, "-pubout", "-out", newPublicFile]).status == 0)
        let url = nginx.url("upstream/manifest.json").absoluteString
        let site = try Self.site(fixture, [.manifestURL: url, .manifestKeys: "\(old.publicKey), \(newPublicFile)"])
        #expect(try site.manifestTrust().keys.count == 2)
        let synchronizer = try site.manifestSynchronizer(store: fixture.store)

        try ManifestSigning.sign(manifestAt: fixture.manifestPath, keyAt: old.path)
        #expect(await synchronizer.sync(force: true).outcome == .fetched)
        // During rotation the publisher signs with both: two lines.
        try ManifestSigning.sign(manifestAt: fixture.manifestPath, keyAt: new.path)
        let both = try ManifestSignature.parse(
            try Data(contentsOf: URL(fileURLWithPath: fixture.manifestPath + ".sig")))
        #expect(both.entries.count == 2)
        #expect(await synchronizer.sync(force: true).failure == nil)
        // The new key alone.
        try FileManager.default.removeItem(atPath: fixture.manifestPath + ".sig")
        try ManifestSigning.sign(manifestAt: fixture.manifestPath, keyAt: new.path)
        #expect(await synchronizer.sync(force: true).failure == nil)
        // A key nobody configured: refused.
        try FileManager.default.removeItem(atPath: fixture.manifestPath + ".sig")
        try ManifestSigning.sign(manifestAt: fixture.manifestPath, keyAt: stranger.path)
        #expect(await synchronizer.sync(force: true).failure?.code == .invalid)
        // A malformed manifest.keys entry is a configuration error naming the key.
        #expect(throws: DaemonError.self) {
            try Self.site(fixture, [.manifestURL: url, .manifestKeys: "not-a-key"]).manifestTrust()
        }
    }

    /// One base64 key in 64 starts with `/`: it is that key, not a path to read.
    @Test func item1_aBase64KeyThatStartsWithASlashIsAKeyNotAPath() throws {
        let slashKey = Data([0xFC] + [UInt8](repeating: 7, count: 31)).base64EncodedString()
        #expect(slashKey.hasPrefix("/"))
        let keys = try ManifestKeys.parse([slashKey, " \(slashKey) "])
        #expect(keys == [try #require(Ed25519PublicKey(rawBytes: [0xFC] + [UInt8](repeating: 7, count: 31)))])
        // A path that is not a key is still read as a file, and a missing file is named.
        #expect {
            try ManifestKeys.parse(entry: "/nonexistent/key.pub")
        } throws: { error in
            (error as? ManifestTrustError)?.message.contains("cannot read /nonexistent/key.pub") == true
        }
    }

    // MARK: Images without sha256

    /// An nginx origin and a manifest of two selected images, the second without `sha256`.
    static func verifiedAndUnverified() async throws -> (
        OriginFixture, NginxOrigin, OriginFixture.Image, OriginFixture.Image
    ) {
        let fixture = try OriginFixture()
        let nginx = try await fixture.nginx()
        let verified = try fixture.image("Linux/Ubuntu/Server@22.04.3", seed: 1, size: 8192)
        let unverified = try fixture.image("Linux/Debian/Netinst@12.5", seed: 2, size: 8192)
        try fixture.writeManifestText(
            try Self.manifestText([
                (verified, [nginx.url(verified.fileName).absoluteString], true),
                (unverified, [nginx.url(unverified.fileName).absoluteString], false),
            ]))
        try fixture.select("Linux/Ubuntu/Server@22.04.3")
        try fixture.select("Linux/Debian/Netinst@12.5")
        return (fixture, nginx, verified, unverified)
    }

    @Test func item2_imageWithoutSHA256IsRefusedAloneUnlessAllowed() async throws {
        let (fixture, nginx, verified, unverified) = try await Self.verifiedAndUnverified()

        // Default (manifest.allow_unverified off): the dry run says the image will be refused, and
        // the run fetches the rest of the manifest.
        let strictRunner = try Self.runner(try Self.site(fixture, [.manifestURL: fixture.manifestURL]), fixture)
        let preview = try await strictRunner.preview(forceSync: true)
        #expect(preview.plan.fetch.map(\.identity) == [verified.identity])
        #expect(
            preview.plan.skip.contains { $0.identity == unverified.identity && $0.reason.contains("gives no sha256") })
        let strict = try await strictRunner.run(forceSync: true)
        #expect(strict.fetched.map(\.identity) == [verified.identity])
        let refusal = try #require(strict.failed.first)
        #expect(strict.failed.count == 1 && refusal.identity == unverified.identity)
        #expect(refusal.reason.contains("gives no sha256") && refusal.reason.contains("manifest.allow_unverified"))
        #expect(nginx.requests(for: "/\(unverified.fileName)").isEmpty)

        // Allowed: fetched, and recorded as unverified.
        let lenient = try await Self.runner(
            try Self.site(fixture, [.manifestURL: fixture.manifestURL, .manifestAllowUnverified: "on"]), fixture
        ).run(forceSync: true)
        #expect(lenient.failed.isEmpty, "\(lenient.failed.map(\.reason))")
        #expect(lenient.fetched.map(\.identity) == [unverified.identity])
        #expect(try fixture.store.image(identity: unverified.identity)?.verified == false)
        #expect(try fixture.store.image(identity: verified.identity)?.verified == true)
    }

    @Test func item4_unverifiedImageIsNeitherServedNorAdvertised() async throws {
        let (fixture, nginx, verified, unverified) = try await Self.verifiedAndUnverified()
        defer { withExtendedLifetime(nginx) {} }  // the origin serves until the test ends
        let site = try Self.site(fixture, [.manifestURL: fixture.manifestURL, .manifestAllowUnverified: "on"])
        let report = try await Self.runner(site, fixture).run(forceSync: true)
        #expect(report.fetched.count == 2, "\(report.failed.map(\.reason))")

        let node = NodeEnvironment(site: site, store: fixture.store)
        let verifiedPath = try fixture.layoutPath(verified)
        let unverifiedPath = try fixture.layoutPath(unverified)
        #expect(try node.servableFile(atRelativePath: verifiedPath).path.hasSuffix("/" + verifiedPath))
        do {
            _ = try node.servableFile(atRelativePath: unverifiedPath)
            Issue.record("an image fetched without sha256 is served")
        } catch {
            #expect(error.code == .notFound)
            #expect(error.message.contains("unverified"))
        }
        let (data, _) = try await node.holdingsManifest(baseURL: "http://node.example") {
            "http://node.example/files/" + $0
        }
        let advertised = try Manifest.parse(data)
        #expect(advertised.images.map(\.identity) == [verified.identity])
        // A scan keeps the flag: hashing the file again does not make it verified.
        var stored = try #require(try fixture.store.image(identity: unverified.identity))
        stored.checksumStamp = nil
        _ = try fixture.store.upsertImage(stored)
        _ = try node.scan()
        #expect(try fixture.store.image(identity: unverified.identity)?.verified == false)
        #expect(throws: RequestError.self) { try node.servableFile(atRelativePath: unverifiedPath) }
    }

    // MARK: Allowed hosts

    @Test func item6_sourcesOnInternalHostsAreRefusedRedirectsAndDNSNamesIncluded() async throws {
        let fixture = try OriginFixture()
        // /go/NAME redirects to the same server under the name `localhost`: another host, internal.
        let nginx = try await NginxOrigin.start(
            root: fixture.directory.path, directory: try fixture.serverDirectory("nginx"),
            serverConfig: "location /go/ { rewrite ^/go/(.*)$ http://localhost:$server_port/origin/$1 redirect; }")
        let byName = try fixture.image("Linux/Alpha/Server@1.0", seed: 1, size: 4096)
        let redirected = try fixture.image("Linux/Beta/Server@1.0", seed: 2, size: 4096)
        let fallback = try fixture.image("Linux/Gamma/Server@1.0", seed: 3, size: 4096)
        let localhost = { (image: OriginFixture.Image) in "http://localhost:\(nginx.port)/origin/\(image.fileName)" }
        try fixture.writeManifestText(
            try Self.manifestText([
                (byName, [localhost(byName)], true),
                (redirected, [nginx.url("go/\(redirected.fileName)").absoluteString], true),
                (fallback, [localhost(fallback), nginx.url("origin/\(fallback.fileName)").absoluteString], true),
            ]))
        for name in ["Alpha", "Beta", "Gamma"] { try fixture.select("Linux/\(name)/Server@1.0") }
        // The manifest's own host is 127.0.0.1: allowed, whatever fetch.allow_hosts says.
        let url = nginx.url("upstream/manifest.json").absoluteString

        let report = try await Self.runner(try Self.site(fixture, [.manifestURL: url]), fixture).run(forceSync: true)
        #expect(report.fetched.map(\.identity) == [fallback.identity])
        #expect(Set(report.failed.map(\.identity)) == [byName.identity, redirected.identity])
        for failed in report.failed {
            #expect(
                failed.reason.contains("localhost") && failed.reason.contains("fetch.allow_hosts"), "\(failed.reason)")
        }
        // The refused connections were never made; the redirect itself was answered.
        let served = nginx.requests()
        #expect(served.filter { $0.path.hasPrefix("/origin/") }.map(\.path) == ["/origin/\(fallback.fileName)"])
        #expect(served.contains { $0.path == "/go/\(redirected.fileName)" && $0.status == 302 })

        // Allowed by name: fetched.
        let allowed = try await Self.runner(
            try Self.site(fixture, [.manifestURL: url, .fetchAllowHosts: "public, localhost"]), fixture
        ).run(forceSync: true)
        #expect(allowed.failed.isEmpty, "\(allowed.failed.map(\.reason))")
        #expect(Set(allowed.fetched.map(\.identity)) == [byName.identity, redirected.identity])
        #expect(throws: DaemonError.self) {
            try Self.site(fixture, [.manifestURL: url, .fetchAllowHosts: "http://x/"]).sourceHostPolicy()
        }
    }
}
