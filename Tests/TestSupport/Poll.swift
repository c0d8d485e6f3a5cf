/// Waiting for something a server or another task does in its own time.
public enum Poll {
    /// Calls `probe` every 20 ms until it returns a value, or throws after `timeout` naming `what`.
    public static func until<T>(timeout: Duration = .seconds(5), _ what: String, _ probe: () -> T?) async throws -> T {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let value = probe() { return value }
            guard ContinuousClock.now < deadline else { throw ChildProcessError("timed out waiting for \(what)") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}
