import ArgumentParser
import Foundation
import Node

/// `isofleet manifest sign MANIFEST --key KEYFILE [--out FILE]`, and `--print-public-key`: writes a
/// manifest's detached Ed25519 signature (``ManifestSigning``), or prints the key's public half
/// for the nodes' `manifest.keys` (docs/origin.md).
struct ManifestSignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign",
        abstract: "Sign a manifest (Ed25519) for nodes whose manifest.keys require it.",
        discussion: """
            KEYFILE is an unencrypted PEM private key: openssl genpkey -algorithm ed25519 -out KEYFILE. \
            The signature covers the manifest file's exact bytes and goes to MANIFEST.sig (isofleet-signature/1: \
            one 'ed25519 PUBLIC_KEY SIGNATURE' line per key), which nodes fetch from the manifest URL + .sig. \
            Signing again with another key adds its line (key rotation: sign with the old and the new key \
            until every node trusts the new one); lines that no longer match the manifest are dropped. \
            --print-public-key prints the base64 public key to put in manifest.keys, and signs nothing.
            """)

    @Argument(help: "The manifest file to sign.")
    var manifest: String?

    @Option(help: ArgumentHelp("The Ed25519 private key (PEM).", valueName: "keyfile"))
    var key: String

    @Option(help: ArgumentHelp("Where to write the signature (default: MANIFEST.sig).", valueName: "file"))
    var out: String?

    @Flag(help: "Print the key's public half (base64, for manifest.keys) and sign nothing.")
    var printPublicKey = false

    func validate() throws {
        if !printPublicKey && manifest == nil { throw ValidationError("missing the MANIFEST to sign") }
    }

    func run() throws {
        if printPublicKey {
            print(try request { () throws(RequestError) in try ManifestSigning.publicKey(ofKeyAt: key) })
            return
        }
        guard let manifest else { return }
        let (written, publicKey) = try request { () throws(RequestError) in
            try ManifestSigning.sign(manifestAt: manifest, keyAt: key, signaturePath: out)
        }
        print("signed \(manifest) with \(publicKey): \(written)")
    }
}
