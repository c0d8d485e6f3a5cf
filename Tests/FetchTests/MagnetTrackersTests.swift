import Fetch
import Foundation
import Testing

/// Issue 15, item 14: a magnet's `tr=` makes the node announce only to http(s)/udp trackers on
/// public hosts.
struct MagnetTrackersTests {
    static let topic = "magnet:?xt=urn:btih:0123456789abcdef0123456789abcdef01234567&dn=a.iso"

    static func escaped(_ tracker: String) -> String {
        tracker.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
    }

    @Test func item14_magnetKeepsOnlyPublicHTTPAndUDPTrackers() {
        let kept = ["http://tracker.example.org/announce", "https://t.example.net:8443/a", "udp://9.9.9.9:6969"]
        let dropped = [
            "http://127.0.0.1:6969/announce", "udp://[::1]:6969", "http://localhost/announce",
            "http://169.254.169.254/latest/meta-data", "http://10.0.0.8/announce", "https://192.168.1.1/",
            "http://[fd00::1]/announce", "http://2130706433/announce", "ftp://tracker.example.org/",
            "file:///etc/passwd", "wss://tracker.example.org/", "not a url",
        ]
        let magnet =
            Self.topic
            + (kept + dropped).enumerated().map { index, tracker in
                (index % 2 == 0 ? "&tr=" : "&tr.\(index)=") + Self.escaped(tracker)
            }.joined() + "&x.pe=10.0.0.9:6881"

        let (filtered, removed) = MagnetTrackers.filter(magnet)

        #expect(Set(removed) == Set(dropped))
        for tracker in kept { #expect(filtered.contains(Self.escaped(tracker)), "\(tracker) was dropped") }
        for tracker in dropped { #expect(!filtered.contains(Self.escaped(tracker)), "\(tracker) was kept") }
        // Everything else of the link stays as written (peers are not trackers).
        #expect(filtered.hasPrefix(Self.topic + "&tr="))
        #expect(filtered.hasSuffix("&x.pe=10.0.0.9:6881"))
    }

    @Test func item14_anInternalTrackerIsKeptWhenAllowed() {
        let magnet = Self.topic + "&tr=" + Self.escaped("http://10.1.2.3:6969/announce")

        #expect(MagnetTrackers.filter(magnet).dropped == ["http://10.1.2.3:6969/announce"])
        let allowed = MagnetTrackers.filter(magnet) { $0 == "10.1.2.3" }
        #expect(allowed.dropped.isEmpty && allowed.magnet == magnet)
        #expect(MagnetTrackers.filter(Self.topic) == (Self.topic, []))
    }
}
