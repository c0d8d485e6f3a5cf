public import Acquisition
public import ServiceLifecycle

/// Additions (`POST /api/v1/add`, the page's magnet box) in the daemon's `ServiceGroup`: at
/// shutdown every running addition is cancelled and awaited, so none outlives the swarm session
/// or the store; what was fetched stays in `incomplete/` for a later addition.
public struct IngestService: Service, CustomStringConvertible {
    public let ingest: ImageIngest

    public init(ingest: ImageIngest) { self.ingest = ingest }

    /// The name the service group logs.
    public var description: String { "IngestService" }

    public func run() async throws {
        try? await gracefulShutdown()
        await ingest.cancelAll()
    }
}
