import NIOConcurrencyHelpers

/// Runs `operation` and gives up after `timeout`, whether or not the operation
/// honours cancellation: the caller gets `onTimeout()` at the deadline and the
/// operation is cancelled and left to finish on its own. This is how "every
/// network step has a timeout" holds even for an in-process host that hangs.
func withTimeout<T: Sendable>(
    _ timeout: Duration,
    onTimeout: @escaping @Sendable () -> any Error,
    operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    let race = TimeoutRace<T>()
    return try await withTaskCancellationHandler {
        try await withCheckedThrowingContinuation { continuation in
            race.start(continuation: continuation, timeout: timeout, onTimeout: onTimeout, operation: operation)
        }
    } onCancel: {
        race.finish(.failure(CancellationError()))
    }
}

/// The shared state of one race between an operation and its deadline: the
/// first to finish resumes the continuation, the other is cancelled.
private final class TimeoutRace<T: Sendable>: Sendable {
    private struct State {
        var continuation: CheckedContinuation<T, any Error>?
        var finished = false
        var pendingResult: Result<T, any Error>?
        var work: Task<Void, Never>?
        var timer: Task<Void, Never>?
    }

    private let state = NIOLockedValueBox(State())

    func start(
        continuation: CheckedContinuation<T, any Error>,
        timeout: Duration,
        onTimeout: @escaping @Sendable () -> any Error,
        operation: @escaping @Sendable () async throws -> T
    ) {
        let alreadyFinished = state.withLockedValue { state -> Result<T, any Error>? in
            if state.finished { return state.pendingResult ?? .failure(CancellationError()) }
            state.continuation = continuation
            return nil
        }
        if let alreadyFinished {
            continuation.resume(with: alreadyFinished)
            return
        }
        let work = Task {
            do {
                self.finish(.success(try await operation()))
            } catch {
                self.finish(.failure(error))
            }
        }
        let timer = Task {
            do {
                try await Task.sleep(for: timeout)
                self.finish(.failure(onTimeout()))
            } catch {
                // Cancelled: the operation finished first.
            }
        }
        let finishedMeanwhile = state.withLockedValue { state -> Bool in
            state.work = work
            state.timer = timer
            return state.finished
        }
        if finishedMeanwhile {
            work.cancel()
            timer.cancel()
        }
    }

    func finish(_ result: Result<T, any Error>) {
        let (continuation, work, timer) = state.withLockedValue { state in
            if state.finished { return (nil as CheckedContinuation<T, any Error>?, nil as Task<Void, Never>?, nil as Task<Void, Never>?) }
            state.finished = true
            state.pendingResult = result
            let taken = state.continuation
            state.continuation = nil
            return (taken, state.work, state.timer)
        }
        continuation?.resume(with: result)
        work?.cancel()
        timer?.cancel()
    }
}
