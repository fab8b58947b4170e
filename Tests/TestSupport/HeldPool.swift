import Foundation

/// Swift's cooperative pool with every thread held, as synchronous CPU-bound work elsewhere in a
/// parallel test run can hold it: for the tests proving that loopback servers answer anyway.
public enum HeldPool {
    /// The pool's threads: one per active core (Dispatch's cooperative width on Linux).
    public static var width: Int { ProcessInfo.processInfo.activeProcessorCount }

    /// Blocks every thread of the cooperative pool with a task that waits until released,
    /// runs `probe` on a thread of its own once all of them are held, then releases them and
    /// returns what `probe` returned. The caller's own task waits suspended, holding no thread.
    /// Throws when the pool could not be held within `patience` seconds (other tests holding
    /// its threads for that long).
    public static func run<T: Sendable>(patience: TimeInterval = 300,
                                        _ probe: @escaping @Sendable () -> T) async throws -> T {
        let width = width
        let held = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0)
        for _ in 0..<width {
            Task.detached { holdThread(held: held, release: release) }
        }
        return try await withCheckedThrowingContinuation { continuation in
            Thread {
                let deadline = DispatchTime.now() + patience
                let allHeld = (0..<width).allSatisfy { _ in held.wait(timeout: deadline) == .success }
                let result = allHeld ? probe() : nil
                // One signal per holder, so that a holder starting late passes straight through.
                for _ in 0..<width { release.signal() }
                if let result {
                    continuation.resume(returning: result)
                } else {
                    continuation.resume(throwing: ProcessFailure(
                        "the cooperative pool's \(width) threads could not all be held within \(Int(patience)) s: other work held them"))
                }
            }.start()
        }
    }

    /// Synchronous on purpose: the thread of the pool that runs it stays blocked until released.
    private static func holdThread(held: DispatchSemaphore, release: DispatchSemaphore) {
        held.signal()
        release.wait()
    }
}
