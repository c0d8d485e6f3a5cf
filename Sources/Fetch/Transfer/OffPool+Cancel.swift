import Common

extension OffPool {
    /// Runs `body` on its own thread; cancelling the awaiting task sets `flag`, which `body` polls.
    static func run<T: Sendable>(
        _ name: String, cancel flag: CancelFlag, _ body: @escaping @Sendable () -> T
    ) async -> T {
        await run(name, onCancel: { flag.set() }, body)
    }

    /// Runs a throwing `body` on its own thread, cancelled through `flag`, and rethrows its error.
    static func run<T: Sendable>(
        _ name: String, cancel flag: CancelFlag, throwing body: @escaping @Sendable () throws(FetchError) -> T
    ) async throws(FetchError) -> T {
        let result = await run(name, cancel: flag) { () -> Result<T, FetchError> in
            do throws(FetchError) { return .success(try body()) } catch { return .failure(error) }
        }
        return try result.get()
    }
}
