import Common
public import Fleet
public import Logging
public import ServiceLifecycle

/// Watches for scale-in (aws-asg only, design §10): reads IMDS
/// `autoscaling/target-lifecycle-state` every ``interval``; when it says `Terminated`, marks the
/// node draining for scale-in and returns, which (run with `.gracefullyShutdownGroup`, see
/// ``NodeDaemon/shutdownTriggers``) starts the group's graceful shutdown: the drain service then
/// hands over and completes the lifecycle action.
public struct ScaleInWatchService: Service, CustomStringConvertible {
    public let metadata: InstanceMetadataClient
    public let interval: Duration
    public let drain: DrainState
    public let logger: Logger

    public init(metadata: InstanceMetadataClient, interval: Duration, drain: DrainState, logger: Logger) {
        self.metadata = metadata
        self.interval = interval
        self.drain = drain
        self.logger = logger
    }

    /// The name the service group logs.
    public var description: String { "ScaleInWatchService" }

    public func run() async throws {
        let (metadata, interval, logger) = (metadata, interval, logger)
        let terminated = await cancelWhenGracefulShutdown { () async -> Bool in
            var lastProblem: String?
            while !Task.isCancelled {
                switch await Self.read(metadata) {
                case .success(let state):
                    lastProblem = nil
                    if state == "Terminated" { return true }
                case .failure(let error):
                    // Outside an autoscaling group IMDS has no such entry: say so once, keep asking.
                    if lastProblem != error.message {
                        logger.warning("scale-in watch: cannot read the target lifecycle state: \(error.message)")
                        lastProblem = error.message
                    }
                }
                do { try await Task.sleep(for: interval) } catch { return false }
            }
            return false
        }
        if terminated == true {
            drain.begin(.scaleIn)
            logger.notice("scale-in: IMDS target lifecycle state is Terminated; stopping new work and draining")
        }
    }

    private static func read(_ metadata: InstanceMetadataClient) async -> Result<String, DiscoveryError> {
        do throws(DiscoveryError) { return .success(try await metadata.targetLifecycleState()) } catch {
            return .failure(error)
        }
    }
}
