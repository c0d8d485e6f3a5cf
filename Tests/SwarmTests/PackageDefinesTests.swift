import Foundation
import TestSupport
import Testing

/// The shim must be compiled with exactly Debian's flags (design §11): a missing define changes the
/// ABI and fails at link or run time. Package.swift carries them by hand, so check them.
struct PackageDefinesTests {
    @Test func packageDefinesMatchPkgConfig() throws {
        let result = try CommandResult.run("pkg-config", ["--cflags", "libtorrent-rasterbar"])
        #expect(result.status == 0, "pkg-config: \(result.stderr)")
        let flags = result.stdout.split(whereSeparator: \.isWhitespace).map(String.init)
        let expected = Set(flags.filter { $0.hasPrefix("-D") }.map { String($0.dropFirst(2)) })
        #expect(!expected.isEmpty)
        #expect(
            flags.allSatisfy { $0.hasPrefix("-D") || $0 == "-fexceptions" || $0.hasPrefix("-I") },
            "pkg-config printed a flag Package.swift does not handle: \(flags)")

        let manifest = try String(contentsOfFile: Self.packageRoot + "/Package.swift", encoding: .utf8)
        let start = try #require(manifest.range(of: "let libtorrentDefines"))
        let end = try #require(manifest.range(of: "].map", range: start.upperBound..<manifest.endIndex))
        let block = manifest[start.upperBound..<end.lowerBound]
        let declared = Set(
            block.split(separator: "\"").enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) })
        #expect(declared == expected)
        #expect(!declared.contains("TORRENT_NO_DEPRECATE"))
        if flags.contains("-fexceptions") { #expect(manifest.contains("\"-fexceptions\"")) }
    }

    static var packageRoot: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
    }
}
