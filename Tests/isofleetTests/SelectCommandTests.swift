import Foundation
import TestSupport
import Testing

struct SelectCommandTests {
    @Test func addListRemove() throws {
        let cli = try CLI()
        let added = try #require(
            try cli.json(
                "select", "add", "Linux/Ubuntu/Server@22.latest.latest", "--arch", "amd64", "--keep", "2", "--json")
                as? [String: Any])
        #expect(added["selection"] as? String == "Linux/Ubuntu/Server@22")
        #expect(added["change"] as? String == "added")
        #expect(try cli.run("select", "add", "Linux/*/*@latest", "--no-auto-update").status == 0)
        let again = try #require(
            try cli.json("select", "add", "Linux/Ubuntu/Server@22", "--arch", "amd64", "--keep", "2", "--json")
                as? [String: Any])
        #expect(again["change"] as? String == "unchanged")
        #expect(again["id"] as? Int == added["id"] as? Int)

        let list = try #require(try cli.json("select", "list", "--json") as? [[String: Any]])
        #expect(list.count == 2)
        #expect(keys(list[0]) == ["id", "selection", "arch", "keep", "auto_update", "created"])
        #expect(list[0]["arch"] as? String == "amd64")
        #expect(list[0]["keep"] as? Int == 2)
        #expect(list[0]["auto_update"] as? Bool == true)
        #expect(list[1]["auto_update"] as? Bool == false)
        #expect(list[1]["arch"] is NSNull)

        #expect(try cli.run("select", "remove", "Linux/*/*@latest").status == 0)
        #expect(try cli.run("select", "remove", "\(added["id"] as? Int ?? 0)").status == 0)
        #expect((try cli.json("select", "list", "--json") as? [Any])?.isEmpty == true)
    }

    @Test(arguments: [
        "Linux/Ubuntu/Server@latest.04.2", "Linux/Ubuntu/Server@22.latest.3", "*/Ubuntu/Server", "Linux/Ubuntu",
    ])
    func anInvalidSpecIsExit2NamingTheRule(spec: String) throws {
        let cli = try CLI()
        let result = try cli.run("select", "add", spec)
        #expect(result.status == 2)
        #expect(result.hasOneLineError)
        #expect(result.stderr.contains("invalid selection \"\(spec)\""))
        #expect(result.stdout.isEmpty)
    }

    @Test func removingAnUnknownSelectionIsARuntimeFailure() throws {
        let cli = try CLI()
        let result = try cli.run("select", "remove", "41")
        #expect(result.status == 1)
        #expect(result.hasOneLineError)
        #expect(result.stderr.contains("41"))
    }

    @Test func keepBelowOneIsInvalid() throws {
        let result = try CLI().run("select", "add", "Linux/Debian/Netinst@12", "--keep", "0")
        #expect(result.status == 2)
        #expect(result.stderr.contains("keep"))
    }
}
