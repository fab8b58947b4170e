import Foundation
import Synchronization
import Testing
import TestSupport

/// ServerExecutor, the threads the loopback servers answer on, keeps running a server's task
/// while every thread of Swift's cooperative pool is held, as synchronous CPU-bound suites of a
/// parallel test run hold it.
@Suite(.serialized, .timeLimit(.minutes(10))) struct ServerExecutorTests {
    /// A default actor, as the simulator and the reference Service's core are.
    actor Counter {
        private var value = 0
        func increment() -> Int {
            value += 1
            return value
        }
    }

    /// What a server task does: awaits a default actor, sleeps, and awaits child tasks (one per
    /// connection in Hummingbird). All of it must run to its end off the held pool; a task
    /// without the preference, started in the same hold, must not run at all (the control that
    /// proves the pool was held).
    @Test func aTaskPreferringTheServerThreadsRunsToItsEndWhileThePoolIsHeld() async throws {
        let (controlRan, serverTaskEnded, count) = try await HeldPool.run { () -> (Bool, Bool, Int) in
            let control = DispatchSemaphore(value: 0)
            Task { control.signal() }
            // Nothing can run it while the pool is held: two seconds only bound the look.
            let controlRan = control.wait(timeout: .now() + 2) == .success

            let ended = DispatchSemaphore(value: 0)
            let total = Mutex(0)
            Task(executorPreference: ServerExecutor.shared) {
                let counter = Counter()
                _ = await counter.increment()
                try? await Task.sleep(for: .milliseconds(10))
                let last = await withTaskGroup(of: Int.self) { group in
                    for _ in 0..<3 { group.addTask { await counter.increment() } }
                    return await group.reduce(0) { max($0, $1) }
                }
                total.withLock { $0 = last }
                ended.signal()
            }
            // A bound, not a speed check: a broken executor would leave the pool held for ever.
            let serverTaskEnded = ended.wait(timeout: .now() + 60) == .success
            return (controlRan, serverTaskEnded, total.withLock { $0 })
        }
        #expect(!controlRan, "a task without the preference ran: the pool was not held, so this test proves nothing")
        #expect(serverTaskEnded)
        #expect(count == 4)
    }
}
