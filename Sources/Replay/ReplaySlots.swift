import Foundation

/// One slot per unit of parallel work, each written once from whichever thread ran it and
/// read after all are done: results come out in input order whatever the scheduling, which
/// keeps a replay deterministic.
final class ReplaySlots<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [Value?]

    init(count: Int) { storage = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: Value) {
        lock.lock()
        defer { lock.unlock() }
        storage[index] = value
    }

    var values: [Value?] {
        lock.lock()
        defer { lock.unlock() }
        return storage
    }
}
