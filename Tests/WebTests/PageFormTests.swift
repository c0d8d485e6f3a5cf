import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ISOCatalog
import ISOStore
import TestSupport
import Testing

@testable import Web

/// The page's forms when refused: a signed-in form without its CSRF field says so (not "sign
/// in"), a refused catalog form comes back with its own fields filled (and not the selection
/// form's) and names the daemon's directory for a relative path; version suggestions are per
/// family and name.
@Suite(.timeLimit(.minutes(1)))
struct PageFormTests {
    @Test func aSignedInFormWithoutItsCSRFFieldSaysTheFormExpired() async throws {
        let fixture = try WebFixture()
        try await fixture.test { client in
            let session = try await PageTests.signIn(client)
            let refused = try await client.execute(
                uri: "/ui/selections", method: .post, headers: PageTests.form + [.cookie: session.cookie],
                body: ByteBuffer(string: "form=selection&family=Linux&name=Ubuntu"))
            #expect(refused.status == .unauthorized)
            #expect(refused.text.contains("The form expired or lacks its CSRF token; reload the page."))
            #expect(!refused.text.contains("Sign in with the admin token first."))
            // What was typed is kept.
            #expect(refused.text.contains(#"<input name="name" list="names" placeholder="* (all)" value="Ubuntu">"#))
            #expect(try fixture.store.selections().isEmpty)

            let anonymous = try await client.execute(
                uri: "/ui/selections", method: .post, headers: PageTests.form,
                body: ByteBuffer(string: "family=Linux"))
            #expect(anonymous.text.contains("Sign in with the admin token first."))
        }
    }

    @Test func aRefusedCatalogFormKeepsItsInputAndNamesTheDaemonsDirectory() async throws {
        let fixture = try WebFixture()
        try await fixture.test { client in
            let session = try await PageTests.signIn(client)
            let refused = try await client.execute(
                uri: "/ui/catalog", method: .post, headers: PageTests.form + [.cookie: session.cookie],
                body: ByteBuffer(
                    string: "form=catalog&path=incoming%2Frocky.iso&family=Linux&name=Rocky&flavor=Minimal"
                        + "&version=9.4&sha256=&csrf=\(session.csrf)"))
            #expect(refused.status == .badRequest)
            let directory = FileManager.default.currentDirectoryPath
            #expect(
                refused.text.contains(
                    HTML.escape(
                        "incoming/rocky.iso is a relative path: the daemon adds files by absolute path only "
                            + "(it runs in \(directory), so this would have been \(directory)/incoming/rocky.iso)")),
                "\(refused.text)")
            let catalog = try #require(section("catalog-form", of: refused.text))
            #expect(catalog.contains(#"value="incoming/rocky.iso""#))
            #expect(catalog.contains(#"<input name="name" list="names" required value="Rocky">"#))
            #expect(catalog.contains(#"value="Minimal""#))
            #expect(catalog.contains(#"value="9.4""#))
            let selection = try #require(section("selection-form", of: refused.text))
            #expect(!selection.contains("Rocky"), "the selection form stays empty")
        }
    }

    @Test func versionSuggestionsArePerFamilyAndName() async throws {
        let fixture = try WebFixture()
        let incoming = fixture.directory.appending("incoming")
        _ = try ImageGenerator.write(to: incoming + "/win.iso", seed: 5, size: 10_000)
        try await fixture.test { client in
            let added = try await client.execute(
                uri: "/api/v1/catalog", method: .post, headers: WebFixture.bearer,
                body: ByteBuffer(
                    string:
                        #"{"family": "Windows", "name": "11", "flavor": "Pro", "version": "22H2", "path": "\#(incoming)/win.iso"}"#
                ))
            #expect(added.status == .created, "\(added.text)")
            let page = try await client.execute(uri: "/", method: .get).text
            let attribute = try #require(page.firstMatch(of: /data-version-hints="([^"]*)"/).map { String($0.1) })
            let json = attribute.replacingOccurrences(of: "&quot;", with: "\"")
            let hints = try #require(
                try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: [String: [String]]])
            #expect(hints["Linux/Ubuntu"]?["majors"] == ["22"])
            #expect(hints["Linux/"]?["majors"] == ["12", "22"])
            #expect(hints["Windows/11"]?["majors"] == ["22H2"])

            // A refused selection form for Ubuntu is offered Ubuntu's versions only.
            let session = try await PageTests.signIn(client)
            let refused = try await client.execute(
                uri: "/ui/selections", method: .post, headers: PageTests.form + [.cookie: session.cookie],
                body: ByteBuffer(
                    string: "form=selection&family=Linux&name=Ubuntu&major=latest&minor=04&csrf=\(session.csrf)"))
            #expect(refused.status == .badRequest)
            let majors = try #require(section("majors", of: refused.text, tag: "datalist"))
            #expect(majors.contains(#"<option value="22">"#))
            #expect(!majors.contains("22H2"))
        }
    }

    @Test func aRefusedClassifyFormKeepsWhatWasTypedInItsOwnRow() async throws {
        let fixture = try WebFixture()
        // Two files an import could not classify; neither exists any more, so classifying is refused.
        let incoming = fixture.directory.appending("incoming")
        let guess = FileNameGuess(family: "Linux", name: "Rocky Linux", flavor: "DVD", version: nil, arch: "x86_64")
        try fixture.store.replaceUnclassified(
            origin: .import, under: incoming,
            with: [
                UnclassifiedFile(
                    path: incoming + "/a.iso", origin: .import, size: 1, reason: "missing version", guess: guess),
                UnclassifiedFile(
                    path: incoming + "/b.iso", origin: .import, size: 1, reason: "missing version", guess: guess),
            ])
        try await fixture.test { client in
            let session = try await PageTests.signIn(client)
            let page = try await client.execute(uri: "/", method: .get, headers: [.cookie: session.cookie]).text
            let form = try #require(section("classify-1", of: page))
            #expect(form.contains(#"<input type="hidden" name="form" value="classify">"#), "\(form)")

            let path = (incoming + "/b.iso").addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            let refused = try await client.execute(
                uri: "/ui/catalog", method: .post, headers: PageTests.form + [.cookie: session.cookie],
                body: ByteBuffer(
                    string: "form=classify&path=\(path)&family=Linux&name=Rocky+Linux&flavor=Minimal"
                        + "&version=9.4&arch=x86_64&csrf=\(session.csrf)"))
            #expect(refused.status.code >= 400, "\(refused.text)")
            let typed = try #require(section("classify-1", of: refused.text))
            #expect(typed.contains(#"<input name="flavor" list="flavors" required value="Minimal">"#), "\(typed)")
            #expect(typed.contains(#"<input name="version" required placeholder="22.04.3" value="9.4">"#))
            // The other file's row keeps the parser's guess; the selection form stays empty.
            let other = try #require(section("classify-0", of: refused.text))
            #expect(other.contains(#"value="DVD""#) && !other.contains("9.4"))
            let selection = try #require(section("selection-form", of: refused.text))
            #expect(!selection.contains("Minimal") && !selection.contains("Rocky"), "the selection form stays empty")
        }
    }

    @Test func theVersionHintsAreEncodedWithTheModel() throws {
        let ubuntu = ImageIdentity(
            family: "Linux", name: "Ubuntu", flavor: "Server", version: Version(major: "22", minor: "04"), arch: nil)
        var choices = PageModel.Choices(versionHints: VersionHints.byName([ubuntu]))
        #expect(choices.versionHintsJSON == VersionHints.json(choices.versionHints))
        #expect(
            choices.versionHintsJSON.contains(#""Linux\/Ubuntu""#)
                || choices.versionHintsJSON.contains(#""Linux/Ubuntu""#))
        choices.versionHints = [:]
        #expect(choices.versionHintsJSON == "{}")
    }

    /// The element `<tag … id="id" …>…</tag>` of `html`.
    func section(_ id: String, of html: String, tag: String = "form") -> String? {
        guard let start = html.range(of: "id=\"\(id)\"") else { return nil }
        guard let end = html.range(of: "</\(tag)>", range: start.upperBound..<html.endIndex) else { return nil }
        return String(html[start.lowerBound..<end.upperBound])
    }
}
