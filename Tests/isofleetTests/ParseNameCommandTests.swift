import Foundation
import TestSupport
import Testing

struct ParseNameCommandTests {
    @Test func jsonHasOneElementPerArgumentInOrder() throws {
        let cli = try CLI()
        let result = try cli.run(
            "parse-name", "--json", "ubuntu-22.04.3-live-server-amd64.iso", "Win11_23H2_English_x64v2.iso",
            "Linux/Ubuntu - Server/ubuntu.server-22.04.3.iso")
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
        let array = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(array.count == 3)
        #expect(
            array.map { $0["input"] as? String } == [
                "ubuntu-22.04.3-live-server-amd64.iso", "Win11_23H2_English_x64v2.iso",
                "Linux/Ubuntu - Server/ubuntu.server-22.04.3.iso",
            ])
        #expect(keys(array[0]) == ["input", "identity"])
        let identity = try #require(array[0]["identity"] as? [String: Any])
        #expect(keys(identity) == ["family", "name", "flavor", "version", "arch"])
        #expect(identity["family"] as? String == "Linux")
        #expect(identity["name"] as? String == "Ubuntu")
        #expect(identity["flavor"] as? String == "Server")
        #expect(identity["arch"] as? String == "amd64")
        let version = try #require(identity["version"] as? [String: Any])
        #expect(keys(version) == ["major", "minor", "patch"])
        #expect(version["minor"] as? String == "04")
        // Absent values are null, not missing.
        let layout = try #require(array[2]["identity"] as? [String: Any])
        #expect(layout["arch"] is NSNull)
    }

    @Test func anUnparseableNameIsNullWithAnErrorAndExits2() throws {
        let cli = try CLI()
        let result = try cli.run("parse-name", "--json", "debian-12.5.0-amd64-netinst.iso", "holiday-photos.iso")
        #expect(result.status == 2)
        #expect(result.hasOneLineError)
        #expect(result.stderr.contains("holiday-photos.iso"))
        let array = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(array.count == 2)
        #expect(keys(array[1]) == ["input", "identity", "error"])
        #expect(array[1]["identity"] is NSNull)
        #expect((array[1]["error"] as? String)?.isEmpty == false)
        #expect(keys(array[0]) == ["input", "identity"])
    }

    @Test func textOutputIsATable() throws {
        let cli = try CLI()
        let result = try cli.run("parse-name", "FreeBSD-14.0-RELEASE-amd64-disc1.iso")
        #expect(result.status == 0)
        #expect(result.stdout.contains("FreeBSD"))
        #expect(result.stdout.hasPrefix("INPUT"))
    }

    @Test func noArgumentsIsABadArgument() throws {
        let result = try CLI().run("parse-name")
        #expect(result.status == 2)
        #expect(result.hasOneLineError)
    }
}
