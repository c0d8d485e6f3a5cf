import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ISOCatalog
import ISOStore
import Node
import Repository
import Testing

@testable import Web

/// `GET /` and the page's forms: sign-in, session cookie, CSRF field, server-side refusals.
struct PageTests {
    static let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]

    @Test func pageListsImagesGroupedAndEscapesEverything() async throws {
        let fixture = try WebFixture()
        var ubuntu = try #require(try fixture.store.image(path: WebFixture.ubuntuPath))
        ubuntu.displayName = "<script>alert('x')</script> & Co"
        try fixture.store.upsertImage(ubuntu)
        try await fixture.test { client in
            let response = try await client.execute(uri: "/", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/html; charset=utf-8")
            #expect(response.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true)
            let html = response.text
            #expect(html.contains("<h3>Linux</h3>"))
            #expect(html.contains("Ubuntu · Server"))
            #expect(html.contains("Debian · Netinst"))
            #expect(html.contains("22.04.3"))
            #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Co"))
            #expect(!html.contains("<script>alert"))
            #expect(html.contains("id=\"selection-form\""))
            #expect(html.contains("id=\"login-form\""))
            #expect(!html.contains("name=\"csrf\""))
            #expect(html.contains("id=\"update-unavailable\""))
        }
    }

    @Test func signInSetsAStrictHttpOnlyCookieAndFormsNeedTheCSRFField() async throws {
        let fixture = try WebFixture()
        try await fixture.test { client in
            let wrong = try await client.execute(
                uri: "/login", method: .post, headers: Self.form, body: ByteBuffer(string: "token=nope"))
            #expect(wrong.status == .unauthorized)
            #expect(wrong.text.contains("Wrong admin token."))
            #expect(wrong.headers[.setCookie] == nil)

            let session = try await Self.signIn(client)
            #expect(session.setCookie.contains("HttpOnly"))
            #expect(session.setCookie.contains("SameSite=Strict"))
            #expect(session.setCookie.contains("Path=/"))

            // The session cookie alone is not enough: the CSRF field must match.
            let spec = "family=Linux&name=Ubuntu&flavor=Server&major=22&auto_update=on"
            let noCSRF = try await client.execute(
                uri: "/ui/selections", method: .post, headers: Self.form + [.cookie: session.cookie],
                body: ByteBuffer(string: spec))
            #expect(noCSRF.status == .unauthorized)
            let badCSRF = try await client.execute(
                uri: "/ui/selections", method: .post, headers: Self.form + [.cookie: session.cookie],
                body: ByteBuffer(string: spec + "&csrf=" + String(repeating: "0", count: 64)))
            #expect(badCSRF.status == .unauthorized)
            #expect(try fixture.store.selections().isEmpty)

            let added = try await client.execute(
                uri: "/ui/selections", method: .post, headers: Self.form + [.cookie: session.cookie],
                body: ByteBuffer(string: spec + "&keep=2&csrf=" + session.csrf))
            #expect(added.status == .seeOther)
            #expect(added.headers[.location] == "/?done=selection-added")
            let stored = try #require(try fixture.store.selections().first)
            #expect(stored.spec == "Linux/Ubuntu/Server@22")
            #expect(stored.selection.keep == 2)
            #expect(stored.autoUpdate)

            let page = try await client.execute(
                uri: "/?done=selection-added", method: .get, headers: [.cookie: session.cookie])
            #expect(page.text.contains("Selection saved."))
            #expect(page.text.contains("<span class=\"spec\">Linux/Ubuntu/Server@22</span>"))

            // The JSON API takes the session too, with the CSRF token in a header.
            let api = try await client.execute(
                uri: "/api/v1/selections/\(stored.id)", method: .delete,
                headers: [.cookie: session.cookie, HTTPField.Name("X-CSRF-Token")!: session.csrf])
            #expect(api.status == .ok)
        }
    }

    @Test func theServerRefusesALatestLeftOfAPreciseValue() async throws {
        let fixture = try WebFixture()
        try await fixture.test { client in
            let session = try await Self.signIn(client)
            let response = try await client.execute(
                uri: "/ui/selections", method: .post, headers: Self.form + [.cookie: session.cookie],
                body: ByteBuffer(
                    string: "family=Linux&name=Ubuntu&flavor=Server&major=latest&minor=04&patch=2&csrf=\(session.csrf)")
            )
            #expect(response.status == .badRequest)
            #expect(response.text.contains("id=\"error\""))
            #expect(
                response.text.contains(
                    "&#39;latest&#39; runs right to left only: MAJOR is &#39;latest&#39; but MINOR is precise"))
            // The refused values are shown again, escaped, for correction.
            #expect(response.text.contains("name=\"minor\" list=\"minors\" placeholder=\"latest\" value=\"04\""))
            #expect(
                response.text.contains(
                    "name=\"family\" list=\"families\" required placeholder=\"Linux\" value=\"Linux\""))
            #expect(try fixture.store.selections().isEmpty)
        }
    }

    @Test func settingsCatalogAndPendingFormsFromThePage() async throws {
        let fixture = try WebFixture()
        try await fixture.test { client in
            let session = try await Self.signIn(client)
            let headers = Self.form + [.cookie: session.cookie]
            let saved = try await client.execute(
                uri: "/ui/settings", method: .post, headers: headers,
                body: ByteBuffer(string: "manifest_interval=2h&csrf=\(session.csrf)"))
            #expect(saved.status == .seeOther)
            #expect(try fixture.store.setting("manifest.interval") == "2h")

            let refused = try await client.execute(
                uri: "/ui/settings", method: .post, headers: headers,
                body: ByteBuffer(string: "manifest_interval=soon&csrf=\(session.csrf)"))
            #expect(refused.status == .badRequest)
            #expect(refused.text.contains("manifest_interval: &#39;soon&#39; is not a duration"))

            let inRepository = fixture.repository.absolutePath(of: WebFixture.debianPath)
            let json =
                #"{"family": "Linux", "name": "Debian", "flavor": "Netinst", "version": "12.5.0", "path": "\#(inRepository)", "display_name": "Debian 12.5"}"#
            let catalog = try await client.execute(
                uri: "/ui/catalog", method: .post, headers: headers,
                body: ByteBuffer(
                    string:
                        "json=\(json.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)&csrf=\(session.csrf)"
                ))
            #expect(catalog.status == .seeOther, "\(catalog.text.prefix(300))")
            #expect(try fixture.store.image(path: WebFixture.debianPath)?.displayName == "Debian 12.5")

            let update = try await client.execute(
                uri: "/ui/update", method: .post, headers: headers, body: ByteBuffer(string: "csrf=\(session.csrf)"))
            #expect(update.status == .serviceUnavailable)
            #expect(update.text.contains("update runs (the update runner) not running on this node"))

            let signedOut = try await client.execute(
                uri: "/logout", method: .post, headers: headers, body: ByteBuffer(string: "csrf=\(session.csrf)"))
            #expect(signedOut.status == .seeOther)
            let after = try await client.execute(
                uri: "/ui/settings", method: .post, headers: headers,
                body: ByteBuffer(string: "manifest_interval=3h&csrf=\(session.csrf)"))
            #expect(after.status == .unauthorized)
        }
    }

    /// Signs in with the admin token; the cookie to send back and the page's CSRF token.
    static func signIn(
        _ client: any TestClientProtocol
    ) async throws -> (cookie: String, setCookie: String, csrf: String) {
        let response = try await client.execute(
            uri: "/login", method: .post, headers: form, body: ByteBuffer(string: "token=\(WebFixture.token)"))
        #expect(response.status == .seeOther)
        let setCookie = try #require(response.headers[.setCookie])
        let cookie = String(setCookie.split(separator: ";")[0])
        let page = try await client.execute(uri: "/", method: .get, headers: [.cookie: cookie])
        let match = try #require(page.text.firstMatch(of: /name="csrf" value="([0-9a-f]{64})"/))
        return (cookie, setCookie, String(match.1))
    }
}

extension HTTPFields {
    static func + (lhs: HTTPFields, rhs: HTTPFields) -> HTTPFields {
        var result = lhs
        for field in rhs { result.append(field) }
        return result
    }
}
