import Foundation
import Hummingbird
import TestSupport
import Testing

@testable import Web

/// `docs/openapi.yaml` is a valid OpenAPI 3 document and describes every API route the server has.
struct OpenAPIDocumentTests {
    static let document = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/openapi.yaml").path

    @Test func documentIsValidOpenAPI() throws {
        let result = try CommandResult.run("openapi-spec-validator", [Self.document])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    }

    @Test func documentDescribesEveryRoute() throws {
        let script = """
            import json, sys, yaml
            paths = yaml.safe_load(open(sys.argv[1]))["paths"]
            print(json.dumps({path: sorted(k.upper() for k in ops if k in ("get", "put", "post", "delete", "head")) for path, ops in paths.items()}))
            """
        let result = try CommandResult.run("python3", ["-c", script, Self.document])
        #expect(result.status == 0, "\(result.stderr)")
        let described = try JSONDecoder().decode([String: [String]].self, from: Data(result.stdout.utf8))

        let fixture = try WebFixture()
        let pageOnly = ["/", "/assets/page.js", "/login", "/logout"]
        var expected: [String: Set<String>] = [:]
        for route in fixture.server.router().routes {
            var path = route.path.description
            if !path.hasPrefix("/") { path = "/" + path }
            guard !pageOnly.contains(path), !path.hasPrefix("/ui/") else { continue }
            path = path.replacingOccurrences(of: "**", with: "{path}")
            expected[path, default: []].insert(route.method.rawValue)
        }
        #expect(expected.count >= 12)
        for (path, methods) in expected {
            let documented = Set(described[path] ?? [])
            #expect(
                methods.isSubset(of: documented), "\(path): \(methods) not all in docs/openapi.yaml (\(documented))")
        }
    }
}
