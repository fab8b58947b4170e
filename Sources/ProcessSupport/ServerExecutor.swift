import Foundation
import Synchronization

/// Threads of their own for the loopback servers' request handling (the simulator's, the
/// reference Service's, the Services the tests stand up): a `TaskExecutor` that a server's task
/// prefers, with `Task(executorPreference: ServerExecutor.shared)` or `withTaskExecutorPreference`.
///
/// Why: a Hummingbird handler is a Swift task, and Swift runs tasks on its cooperative pool,
/// which has one thread per core (two on the project's machines). Synchronous CPU-bound work
/// anywhere in the process (a test signing and verifying in a loop while a parallel test run
/// goes on) can hold every thread of the pool for seconds; a request then waits unanswered
/// until the browser's timeout fires, though the server has nothing else to do. A task's
/// executor preference is inherited by its child tasks (Hummingbird's task group: one child per
/// connection) and is where the default actors it calls run their jobs (the simulator, the
/// reference Service's core), so the whole answer is computed here, off the pool.
///
/// Plain threads, because NIO 2.101 makes its event loops serial executors but not task
/// executors (and a handler signing a Response would hold an event loop's I/O besides).
/// The threads live as long as the process, as NIO's shared event loop group does.
public final class ServerExecutor: TaskExecutor {
    /// Two threads: one handler busy signing does not hold up every other server's answer.
    public static let shared = ServerExecutor(threads: 2, name: "loopback-server")

    /// Jobs not started yet, oldest first.
    private let queue = Mutex<[UnownedJob]>([])
    /// Signalled once per queued job, so that a thread takes a job only when there is one.
    private let queued = DispatchSemaphore(value: 0)

    private init(threads: Int, name: String) {
        for index in 0..<threads {
            let thread = Thread { [self] in runJobs() }
            thread.name = "\(name)-\(index)"
            thread.start()
        }
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.withLock { $0.append(job) }
        queued.signal()
    }

    private func runJobs() {
        while true {
            queued.wait()
            let job = queue.withLock { $0.removeFirst() }
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}
