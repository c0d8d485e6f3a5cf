import Common
import Foundation
import Synchronization
import Testing

/// `ParallelThreads`, which S3 multipart uploads send their parts with.
struct ParallelThreadsTests {
    /// Every index is called once, and all calls are in flight at the same time: each waits until
    /// all have arrived (it would wait forever on fewer threads than calls).
    @Test func everyIndexRunsOnceAndAllRunAtOnce() {
        let count = 6
        let arrived = Mutex<[Int]>([])
        let allArrived = Atomic<Bool>(false)
        ParallelThreads.run("isofleet-test", count: count) { index in
            arrived.withLock { $0.append(index) }
            let deadline = ContinuousClock.now + .seconds(20)
            while arrived.withLock({ $0.count }) < count, ContinuousClock.now < deadline { usleep(1000) }
            if arrived.withLock({ $0.count }) == count { allArrived.store(true, ordering: .relaxed) }
        }
        let indices = arrived.withLock { $0.sorted() }
        #expect(indices == Array(0..<count))
        let ranAtOnce = allArrived.load(ordering: .relaxed)
        #expect(ranAtOnce, "the calls did not all run at once")
    }

    /// Many short runs in a row: a thread that still held the body after `run` returned made the
    /// process trap ("closure argument was escaped in withoutActuallyEscaping block"), once in a
    /// few hundred runs of eight threads on this machine.
    @Test func shortRunsInARowLeaveNoReferenceToTheirBody() {
        let total = Atomic<Int>(0)
        for _ in 0..<2000 {
            ParallelThreads.run("isofleet-test", count: 8) { index in total.add(index, ordering: .relaxed) }
        }
        let sum = total.load(ordering: .relaxed)
        #expect(sum == 2000 * (0..<8).reduce(0, +))
    }

    /// A count of 0 or 1 runs the body once, here.
    @Test(arguments: [0, 1]) func aCountBelowTwoRunsOnceOnThisThread(count: Int) {
        let calls = Mutex<[Int]>([])
        let caller = pthread_self()
        ParallelThreads.run("isofleet-test", count: count) { index in
            calls.withLock { $0.append(index) }
            #expect(pthread_equal(pthread_self(), caller) != 0)
        }
        let called = calls.withLock { $0 }
        #expect(called == [0])
    }
}
