import Synchronization

/// Set once from a task's cancellation handler, read by transfer threads between blocks and in
/// libcurl's callbacks, which then abort.
public final class CancelFlag: Sendable {
    private let flag = Atomic<Bool>(false)

    public init() {}

    public var isSet: Bool { flag.load(ordering: .relaxed) }

    public func set() { flag.store(true, ordering: .relaxed) }
}
