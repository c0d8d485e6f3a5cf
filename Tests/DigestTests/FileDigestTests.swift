import Digest
import Foundation
import TestSupport
import Testing

struct FileDigestTests {
    @Test func fileDigestMatchesInMemoryDigestAcrossBlocks() throws {
        let directory = try TemporaryDirectory(prefix: "digest")
        let size = FileDigest.blockSize + 12_345
        let path = try ImageGenerator.write(to: directory.appending("image.iso"), seed: 7, size: size)

        var reported: [Int64] = []
        let digest = try FileDigest.sha256(ofFileAt: path) { reported.append($0) }
        #expect(digest == SHA256.hex(of: ImageGenerator.bytes(seed: 7, size: size)))
        #expect(reported == [Int64(FileDigest.blockSize), Int64(size)])
    }

    @Test func digestAgreesWithOpenSSLCommandLine() throws {
        let directory = try TemporaryDirectory(prefix: "digest")
        let path = try ImageGenerator.write(to: directory.appending("image.iso"), seed: 42, size: 3 << 20)
        let openssl = try CommandResult.run("openssl", ["dgst", "-sha256", "-r", path])
        #expect(openssl.status == 0)
        #expect(try FileDigest.sha256(ofFileAt: path) == String(openssl.stdout.prefix(64)))
    }

    @Test func missingFileNamesThePath() {
        #expect(throws: FileDigestError(path: "/nonexistent/isofleet.iso", errno: ENOENT)) {
            try FileDigest.sha256(ofFileAt: "/nonexistent/isofleet.iso")
        }
        let error = FileDigestError(path: "/nonexistent/isofleet.iso", errno: ENOENT)
        #expect(error.description == "cannot read /nonexistent/isofleet.iso: No such file or directory")
    }
}
