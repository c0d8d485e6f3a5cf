import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ISOCatalog
import ISOStore
import Testing

@testable import Web

/// `/api/v1/selections` and `/api/v1/images`, with the token rules.
struct SelectionAPITests {
    @Test func imagesListEveryHeldImageWithItsURL() async throws {
        let fixture = try WebFixture()
        try await fixture.test { client in
            let response = try await client.execute(uri: "/api/v1/images", method: .get)
            #expect(response.status == .ok)
            let images = try #require(try response.json() as? [[String: Any]])
            #expect(images.count == 2)
            let ubuntu = try #require(images.first { $0["name"] as? String == "Ubuntu" })
            #expect(
                Set(ubuntu.keys) == [
                    "family", "name", "flavor", "version", "arch", "id", "path", "size", "sha256", "display_name",
                    "source", "state", "added", "url",
                ])
            #expect(ubuntu["path"] as? String == WebFixture.ubuntuPath)
            #expect(ubuntu["source"] as? String == "scan")
            #expect(ubuntu["state"] as? String == "present")
            #expect(
                (ubuntu["url"] as? String)?.hasSuffix("/files/Linux/Ubuntu%20-%20Server/ubuntu.server-22.04.3.iso")
                    == true)
        }
    }

    @Test func addListAndRemoveASelection() async throws {
        let fixture = try WebFixture()
        try await fixture.test { client in
            let added = try await client.execute(
                uri: "/api/v1/selections", method: .post, headers: WebFixture.bearer,
                body: ByteBuffer(
                    json:
                        #"{"selection": "Linux/Ubuntu/Server@22.latest", "arch": "amd64", "keep": 2, "auto_update": false}"#
                ))
            #expect(added.status == .created)
            let object = try #require(try added.json() as? [String: Any])
            #expect(object["selection"] as? String == "Linux/Ubuntu/Server@22")
            #expect(object["arch"] as? String == "amd64")
            #expect(object["keep"] as? Int == 2)
            #expect(object["auto_update"] as? Bool == false)
            #expect(object["change"] as? String == "added")
            let id = try #require(object["id"] as? Int)

            let again = try await client.execute(
                uri: "/api/v1/selections", method: .post, headers: WebFixture.bearer,
                body: ByteBuffer(
                    json: #"{"selection": "Linux/Ubuntu/Server@22", "arch": "amd64", "keep": 2, "auto_update": true}"#))
            #expect(again.status == .ok)
            #expect((try again.json() as? [String: Any])?["change"] as? String == "updated")

            let list = try #require(
                try await client.execute(uri: "/api/v1/selections", method: .get).json() as? [[String: Any]])
            #expect(list.count == 1)
            #expect(list.first?["auto_update"] as? Bool == true)

            let removed = try await client.execute(
                uri: "/api/v1/selections/\(id)", method: .delete, headers: WebFixture.bearer)
            #expect(removed.status == .ok)
            #expect(try fixture.store.selections().isEmpty)
            let gone = try await client.execute(
                uri: "/api/v1/selections/\(id)", method: .delete, headers: WebFixture.bearer)
            #expect(gone.status == .notFound)
            #expect(gone.errorMessage == "no selection with id \(id)")
        }
    }

    @Test(arguments: [
        ("Linux/Ubuntu/Server@latest.04.2", "'latest' runs right to left only"),
        ("Linux/Ubuntu/Server@22.latest.3", "'latest' runs right to left only"),
        ("*/Ubuntu/Server@22", "FAMILY may not be '*'"),
        ("Linux/Ubuntu@22", "expected FAMILY/NAME/FLAVOR@VERSION"),
    ])
    func invalidSelectionsAre400NamingTheRule(spec: String, rule: String) async throws {
        let fixture = try WebFixture()
        try await fixture.test { client in
            let response = try await client.execute(
                uri: "/api/v1/selections", method: .post, headers: WebFixture.bearer,
                body: ByteBuffer(json: #"{"selection": "\#(spec)"}"#))
            #expect(response.status == .badRequest)
            let message = try #require(response.errorMessage)
            #expect(message.hasPrefix("invalid selection \"\(spec)\""))
            #expect(message.contains(rule))
            #expect(try fixture.store.selections().isEmpty)
        }
    }

    @Test(arguments: [
        ("not json", "invalid JSON body"),
        (#"{"spec": "Linux/Ubuntu/Server@22"}"#, "missing field .selection"),
        (#"{"selection": "Linux/Ubuntu/Server@22", "keep": "two"}"#, ".keep"),
    ])
    func badJSONIs400(body: String, expected: String) async throws {
        let fixture = try WebFixture()
        try await fixture.test { client in
            let response = try await client.execute(
                uri: "/api/v1/selections", method: .post, headers: WebFixture.bearer, body: ByteBuffer(json: body))
            #expect(response.status == .badRequest)
            #expect(response.errorMessage?.contains(expected) == true, "\(response.errorMessage ?? "")")
        }
    }

    @Test(
        arguments: [
            [:] as HTTPFields,
            [.authorization: "Bearer wrong-token"],
            [.authorization: "Basic dGVzdC10b2tlbg=="],
            [.authorization: "Bearer test-token-and-more"],
            [.cookie: "isofleet_session=forged"],
        ] as [HTTPFields])
    func mutationsWithoutTheTokenAre401(headers: HTTPFields) async throws {
        let fixture = try WebFixture()
        let existing = try fixture.store.addSelection(try Selection(parsing: "Linux/Debian/Netinst@12")).selection
        try await fixture.test { client in
            let requests: [(String, HTTPRequest.Method, String?)] = [
                ("/api/v1/selections", .post, #"{"selection": "Linux/Ubuntu/Server@22"}"#),
                ("/api/v1/selections/\(existing.id)", .delete, nil),
                ("/api/v1/settings", .put, #"{"manifest_interval": "2h"}"#),
                ("/api/v1/catalog", .post, "{}"),
                ("/api/v1/update", .post, nil),
                ("/api/v1/add", .post, #"{"source": "magnet:?xt=urn:btih:abc"}"#),
            ]
            for (uri, method, body) in requests {
                let response = try await client.execute(
                    uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(json: $0) })
                #expect(response.status == .unauthorized, "\(method) \(uri)")
                #expect(response.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
                #expect(response.errorMessage?.contains("admin token required") == true)
                #expect(response.errorMessage?.contains("wrong-token") == false)
            }
        }
        #expect(try fixture.store.selections().map(\.id) == [existing.id])
        #expect(try fixture.store.setting("manifest.interval") == nil)
        #expect(fixture.server.auth.failures == 6)
    }

    @Test func nonNumericSelectionIdIs400() async throws {
        let fixture = try WebFixture()
        try await fixture.test { client in
            let response = try await client.execute(
                uri: "/api/v1/selections/abc", method: .delete, headers: WebFixture.bearer)
            #expect(response.status == .badRequest)
        }
    }
}
