import Acquisition
import Common
import Testing

/// When an addition gives up (`add.stall_timeout`), decided from the looks at its torrent with
/// an explicit clock: no metadata for the timeout, or bytes that stopped growing for it.
struct AdditionStallWatchTests {
    let start = ContinuousClock.now

    @Test func noMetadataWithinTheTimeoutFails() {
        var watch = AdditionStallWatch(timeout: .seconds(600), started: start)
        #expect(
            watch.observe(hasMetadata: false, bytesDone: 0, totalBytes: nil, peers: 2, at: start + .seconds(599)) == nil
        )
        let failure = watch.observe(
            hasMetadata: false, bytesDone: 0, totalBytes: nil, peers: 2, at: start + .seconds(600))
        #expect(failure?.message == "no peer sent metadata in 10m (2 peers connected; add.stall_timeout)")
    }

    @Test func bytesThatStopGrowingFailAfterTheTimeoutAndEachByteRestartsIt() {
        var watch = AdditionStallWatch(timeout: .seconds(90), started: start)
        #expect(
            watch.observe(hasMetadata: true, bytesDone: 0, totalBytes: 4096, peers: 1, at: start + .seconds(10)) == nil)
        #expect(
            watch.observe(hasMetadata: true, bytesDone: 1024, totalBytes: 4096, peers: 1, at: start + .seconds(80))
                == nil)
        // 80 s + 89 s without a byte: still waiting; at 80 s + 90 s it gives up.
        #expect(
            watch.observe(hasMetadata: true, bytesDone: 1024, totalBytes: 4096, peers: 1, at: start + .seconds(169))
                == nil)
        let failure = watch.observe(
            hasMetadata: true, bytesDone: 1024, totalBytes: 4096, peers: 1, at: start + .seconds(170))
        #expect(failure?.message == "no progress for 90s at 1.0 KiB of 4.0 KiB (1 peer connected; add.stall_timeout)")
    }

    @Test(arguments: [
        (Duration.seconds(600), "10m"), (.seconds(90), "90s"), (.seconds(7200), "2h"), (.seconds(3), "3s"),
    ])
    func durationsAreSpokenAsTheConfigurationWritesThem(duration: Duration, text: String) {
        #expect(AdditionStallWatch.spoken(duration) == text)
    }
}
