import Fleet
import Testing

struct PeerHoldingsTests {
    @Test(arguments: [
        ("10.0.0.5:6881", "http://10.0.0.5:8080"), ("[fd00::5]:6881", "http://[fd00::5]:8080"),
        ("node-a.internal:6881", "http://node-a.internal:8080"),
    ])
    func webURLOfAPeer(peer: String, expected: String) {
        #expect(PeerHoldings(webPort: 8080).webURL(of: peer) == expected)
    }

    @Test func aPeerThatIsNotHostPortHasNoWebURL() {
        #expect(PeerHoldings(webPort: 8080).webURL(of: "not a peer") == nil)
    }
}
