import Foundation
import TestSupport
import Testing

/// Signed manifests end to end (issue 15): `manifest build --sign`, `manifest sign`,
/// `--print-public-key`, and `sync` against nginx with `manifest.keys`: exit 0 when signed, exit 2
/// with one line when not, the last good manifest kept.
@Suite(.timeLimit(.minutes(2)))
struct ManifestSignCommandTests {
    @Test func item1_buildSignsAndSyncRefusesAnUnsignedChangeWithExit2() async throws {
        let cli = try CLI()
        let origin = cli.directory.appending("origin")
        try FileManager.default.createDirectory(atPath: origin, withIntermediateDirectories: true)
        try ImageGenerator.bytes(seed: 3, size: 64 * 1024).write(
            to: URL(fileURLWithPath: origin + "/ubuntu-22.04.3-live-server-amd64.iso"))
        let key = cli.directory.appending("origin-key.pem")
        #expect(try CommandResult.run("openssl", ["genpkey", "-algorithm", "ed25519", "-out", key]).status == 0)

        let printed = try cli.run("manifest", "sign", "--key", key, "--print-public-key")
        #expect(printed.status == 0, "\(printed.stderr)")
        let publicKey = printed.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(Data(base64Encoded: publicKey)?.count == 32)

        let nginx = try await NginxOrigin.start(root: origin, directory: cli.directory.appending("nginx"))
        let built = try cli.run(
            "manifest", "build", origin, "--base-url", nginx.url("").absoluteString, "--sign", key)
        #expect(built.status == 0, "\(built.stderr)")
        let signature = try String(contentsOfFile: origin + "/manifest.json.sig", encoding: .utf8)
        #expect(signature.hasPrefix("isofleet-signature/1\ned25519 \(publicKey) "))

        let config = try cli.writeFile(
            "isofleet.conf",
            "manifest.url = \(nginx.url("manifest.json").absoluteString)\nmanifest.keys = \(publicKey)\n")
        let first = try cli.run("sync", "--config", config)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.hasPrefix("fetched"))

        // The manifest changes without a new signature: exit 2, one line, the last good one kept.
        let manifest = origin + "/manifest.json"
        let text = try String(contentsOfFile: manifest, encoding: .utf8)
        try text.replacingOccurrences(of: "\"Server\"", with: "\"Desktop\"").write(
            toFile: manifest, atomically: true, encoding: .utf8)
        let refused = try cli.run("sync", "--force", "--config", config, "--json")
        #expect(refused.status == 2)
        #expect(refused.hasOneLineError, "\(refused.stderr)")
        #expect(refused.stderr.contains("does not verify under any key of manifest.keys"))
        let report = try #require(try JSONSerialization.jsonObject(with: Data(refused.stdout.utf8)) as? [String: Any])
        #expect(report["outcome"] as? String == "invalid" && report["images"] as? Int == 1)

        // `manifest sign` signs the new bytes: accepted.
        let signed = try cli.run("manifest", "sign", manifest, "--key", key)
        #expect(signed.status == 0, "\(signed.stderr)")
        let accepted = try cli.run("sync", "--force", "--config", config)
        #expect(accepted.status == 0, "\(accepted.stderr)")

        // A wrong key file is invalid input, before any hashing.
        let wrong = try cli.run("manifest", "build", origin, "--sign", cli.directory.appending("missing.pem"))
        #expect(wrong.status == 2 && wrong.hasOneLineError, "\(wrong.stderr)")
    }

    @Test func item12_aSidecarWithADuplicateKeyIsRefused() throws {
        let cli = try CLI()
        let origin = cli.directory.appending("origin")
        try FileManager.default.createDirectory(atPath: origin, withIntermediateDirectories: true)
        try ImageGenerator.bytes(seed: 4, size: 16 * 1024).write(to: URL(fileURLWithPath: origin + "/build.iso"))
        try #"{"family": "Linux", "name": "Custom", "flavor": "Desktop", "version": "1.0", "name": "Other"}"#
            .write(toFile: origin + "/build.iso.json", atomically: true, encoding: .utf8)
        let result = try cli.run("manifest", "build", origin)
        #expect(result.status == 2 && result.hasOneLineError, "\(result.stderr)")
        #expect(result.stderr.contains("key name appears twice"))
        #expect(!FileManager.default.fileExists(atPath: origin + "/manifest.json"))
    }
}
