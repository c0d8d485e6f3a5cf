import Foundation
import Hummingbird
import HummingbirdTesting
import ISOCatalog
import ISOStore
import Testing

@testable import Web

/// The held images list with many images: 200 per page, in the page's order across pages, with
/// links to every page; an out-of-range page shows the nearest one.
struct PagePaginationTests {
    @Test func manyImagesArePaginatedInOrder() async throws {
        let fixture = try WebFixture()
        // 448 more images (450 with the fixture's two), registered directly: 4 families × 4 names × 28 versions.
        var images: [StoredImage] = []
        for family in ["Alpha", "Beta", "Gamma", "Delta"] {
            for name in ["N1", "N2", "N3", "N4"] {
                for version in 1...28 {
                    let identity = ImageIdentity(
                        family: family, name: name, flavor: "Server", version: Version(major: "\(version)", minor: "0"))
                    images.append(
                        StoredImage(
                            identity: identity,
                            path: "\(family)/\(name) - Server/\(name.lowercased()).server-\(version).0.iso",
                            size: 1, source: .catalog))
                }
            }
        }
        try fixture.store.upsertImages(images)
        try await fixture.test { client in
            let first = try await client.execute(uri: "/", method: .get).text
            #expect(first.matches(of: /<tr class="image"/).count == 200)
            #expect(
                first.contains("images 1–200 of 450 · page <strong>1</strong> <a href=\"/?images_page=2#images\">2</a>")
            )
            // Natural order of families: Alpha first, newest version first.
            let firstPaths = first.matches(of: /data-path="([^"]+)"/).map { String($0.1) }
            #expect(firstPaths.first == "Alpha/N1 - Server/n1.server-28.0.iso")
            let last = try await client.execute(uri: "/?images_page=3", method: .get).text
            let lastPaths = last.matches(of: /data-path="([^"]+)"/).map { String($0.1) }
            #expect(lastPaths.count == 50)
            #expect(lastPaths.last == WebFixture.ubuntuPath, "Linux sorts last")
            #expect(last.contains("images 401–450 of 450"))
            // Every image on exactly one page.
            let middle = try await client.execute(uri: "/?images_page=2", method: .get).text
            let all = firstPaths + middle.matches(of: /data-path="([^"]+)"/).map { String($0.1) } + lastPaths
            #expect(Set(all).count == 450)
            #expect(all == PageModelOrder.paths(try fixture.store.images()))
            let beyond = try await client.execute(uri: "/?images_page=99", method: .get).text
            #expect(beyond.contains("images 401–450 of 450"))
            let garbage = try await client.execute(uri: "/?images_page=x", method: .get).text
            #expect(garbage.contains("images 1–200 of 450"))
        }
    }
}

/// The order the page promises, computed independently: family and name·flavor in natural order,
/// newest version first.
enum PageModelOrder {
    static func paths(_ images: [StoredImage]) -> [String] {
        images.sorted { a, b in
            let (x, y) = (a.identity, b.identity)
            if x.family != y.family { return x.family.localizedStandardCompare(y.family) == .orderedAscending }
            let (px, py) = ("\(x.name)\u{1}\(x.flavor)", "\(y.name)\u{1}\(y.flavor)")
            if px != py { return px.localizedStandardCompare(py) == .orderedAscending }
            return Version.precedes(y.version, x.version)
        }.map(\.path)
    }
}
