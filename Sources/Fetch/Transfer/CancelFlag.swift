import Synchronization

/// Set once from a task's cancellation handler, read by transfer threads between blocks and in
/// libcurl's callbacks, which then abort.
final class CancelFlag: Sendable {
    private let flag = Atomic<Bool>(false)

    var isSet: Bool { flag.load(ordering: .relaxed) }

    func set() { flag.store(true, ordering: .relaxed) }
}
