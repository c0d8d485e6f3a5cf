public import Common

/// Decides when a swarm addition gives up (`add.stall_timeout`): no peer sent the magnet's
/// metadata within the timeout, or the bytes present did not grow for the timeout. A pure value
/// fed each look at the torrent; ``ImageIngest`` fails the addition with the error it returns.
public struct AdditionStallWatch: Sendable {
    /// How long an addition may wait for metadata, or for its next byte.
    public let timeout: Duration
    private let started: ContinuousClock.Instant
    private var lastChange: ContinuousClock.Instant
    private var lastBytes: Int64 = -1

    public init(timeout: Duration, started: ContinuousClock.Instant = .now) {
        self.timeout = timeout
        self.started = started
        lastChange = started
    }

    /// Records one look at the torrent; returns the failure when it has waited too long.
    public mutating func observe(
        hasMetadata: Bool, bytesDone: Int64, totalBytes: Int64?, peers: Int, at now: ContinuousClock.Instant = .now
    ) -> IngestError? {
        let connected = "\(peers) peer\(peers == 1 ? "" : "s") connected"
        guard hasMetadata else {
            guard now - started >= timeout else { return nil }
            return IngestError(
                .failure, "no peer sent metadata in \(Self.spoken(timeout)) (\(connected); add.stall_timeout)")
        }
        if bytesDone != lastBytes {
            lastBytes = bytesDone
            lastChange = now
            return nil
        }
        guard now - lastChange >= timeout else { return nil }
        let of = totalBytes.map { " of \(ByteCount.size($0))" } ?? ""
        return IngestError(
            .failure,
            "no progress for \(Self.spoken(timeout)) at \(ByteCount.size(bytesDone))\(of) (\(connected); add.stall_timeout)"
        )
    }

    /// `10m`, `90s`, `2h`: a duration as the configuration writes it.
    public static func spoken(_ duration: Duration) -> String {
        let seconds = duration.components.seconds
        for (unit, size) in [("d", Int64(86_400)), ("h", 3_600), ("m", 60)] where seconds >= size && seconds % size == 0
        {
            return "\(seconds / size)\(unit)"
        }
        return "\(seconds)s"
    }
}
