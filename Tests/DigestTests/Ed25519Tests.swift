import Digest
import Foundation
import TestSupport
import Testing

/// Ed25519 over OpenSSL's EVP (signed manifests, issue 15 item "signed manifests"): keys made and
/// signatures checked by the `openssl` command line agree with ours both ways.
struct Ed25519Tests {
    /// A fresh `openssl genpkey -algorithm ed25519` key in `directory`.
    static func generateKey(in directory: TemporaryDirectory, name: String) throws -> String {
        let path = directory.appending(name)
        let result = try CommandResult.run("openssl", ["genpkey", "-algorithm", "ed25519", "-out", path])
        try #require(result.status == 0, "openssl genpkey: \(result.stderr)")
        return path
    }

    @Test func signedManifest_ourSignatureVerifiesWithOpenSSLAndTheirsWithUs() throws {
        let directory = try TemporaryDirectory(prefix: "ed25519")
        let keyPath = try Self.generateKey(in: directory, name: "key.pem")
        let message = Data(#"{"format": "isofleet-manifest/1", "images": []}"#.utf8)
        let messagePath = directory.appending("message")
        try message.write(to: URL(fileURLWithPath: messagePath))

        let key = try Ed25519PrivateKey(pem: try Data(contentsOf: URL(fileURLWithPath: keyPath)))
        let signature = try key.signature(for: message)
        #expect(signature.count == 64)
        #expect(key.publicKey.isValidSignature(signature, for: message))

        // openssl verifies our signature with the public half it derives itself.
        let publicPath = directory.appending("public.pem")
        #expect(try CommandResult.run("openssl", ["pkey", "-in", keyPath, "-pubout", "-out", publicPath]).status == 0)
        let signaturePath = directory.appending("signature")
        try Data(signature).write(to: URL(fileURLWithPath: signaturePath))
        let verified = try CommandResult.run(
            "openssl",
            [
                "pkeyutl", "-verify", "-pubin", "-inkey", publicPath, "-rawin", "-in", messagePath, "-sigfile",
                signaturePath,
            ])
        #expect(verified.status == 0, "\(verified.stdout) \(verified.stderr)")

        // Its PEM public key is the key we derived; its signature verifies here.
        let pemPublic = try Ed25519PublicKey(pem: try Data(contentsOf: URL(fileURLWithPath: publicPath)))
        #expect(pemPublic == key.publicKey)
        let theirsPath = directory.appending("theirs")
        let signed = try CommandResult.run(
            "openssl", ["pkeyutl", "-sign", "-inkey", keyPath, "-rawin", "-in", messagePath, "-out", theirsPath])
        #expect(signed.status == 0, "\(signed.stderr)")
        let theirs = [UInt8](try Data(contentsOf: URL(fileURLWithPath: theirsPath)))
        #expect(pemPublic.isValidSignature(theirs, for: message))
    }

    @Test func signedManifest_anyChangedByteOrOtherKeyFails() throws {
        let directory = try TemporaryDirectory(prefix: "ed25519")
        let key = try Ed25519PrivateKey(
            pem: try Data(contentsOf: URL(fileURLWithPath: try Self.generateKey(in: directory, name: "a.pem"))))
        let other = try Ed25519PrivateKey(
            pem: try Data(contentsOf: URL(fileURLWithPath: try Self.generateKey(in: directory, name: "b.pem"))))
        let message = Data("the manifest's exact bytes\n".utf8)
        let signature = try key.signature(for: message)
        var changed = message
        changed[3] ^= 0x01
        #expect(!key.publicKey.isValidSignature(signature, for: changed))
        #expect(!key.publicKey.isValidSignature(signature, for: message + Data(" ".utf8)))
        #expect(!other.publicKey.isValidSignature(signature, for: message))
        var flipped = signature
        flipped[10] ^= 0x80
        #expect(!key.publicKey.isValidSignature(flipped, for: message))
        #expect(!key.publicKey.isValidSignature(Array(signature.prefix(63)), for: message))
        // The base64 form round-trips; other lengths are not keys.
        #expect(Ed25519PublicKey(base64: key.publicKey.base64) == key.publicKey)
        #expect(Ed25519PublicKey(base64: Data(repeating: 1, count: 31).base64EncodedString()) == nil)
        #expect(Ed25519PublicKey(base64: "not base64!") == nil)
    }

    @Test func signedManifest_nonEd25519AndGarbageKeysAreRefusedWithAReason() throws {
        let directory = try TemporaryDirectory(prefix: "ed25519")
        let rsaPath = directory.appending("rsa.pem")
        #expect(
            try CommandResult.run(
                "openssl", ["genpkey", "-algorithm", "rsa", "-pkeyopt", "rsa_keygen_bits:1024", "-out", rsaPath]
            ).status == 0)
        #expect(throws: Ed25519Error.self) {
            try Ed25519PrivateKey(pem: try Data(contentsOf: URL(fileURLWithPath: rsaPath)))
        }
        do {
            _ = try Ed25519PrivateKey(pem: Data("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n".utf8))
            Issue.record("garbage accepted as a key")
        } catch {
            #expect(error.message.contains("openssl genpkey -algorithm ed25519"))
        }
    }
}
