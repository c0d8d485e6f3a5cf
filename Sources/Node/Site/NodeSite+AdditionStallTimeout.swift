public import Common

extension NodeSite {
    /// How long an addition waits for a magnet's metadata or its next byte (`add.stall_timeout`,
    /// default 10 minutes).
    /// - Throws: ``DaemonError`` `invalidInput` naming the key for a value that is not a duration
    ///   of at least one second.
    public func additionStallTimeout() throws(DaemonError) -> Duration {
        do throws(ConfigurationError) {
            guard let timeout = try configuration.duration(.addStallTimeout) else { return .seconds(600) }
            guard timeout >= .seconds(1) else { throw ConfigurationError("add.stall_timeout: must be at least 1s") }
            return timeout
        } catch {
            throw DaemonError(.invalidInput, error.description)
        }
    }
}
