import Foundation
import Synchronization

/// One slot per unit of parallel work, each written once from whichever thread ran it and
/// read after all are done: results come out in input order whatever the scheduling, which
/// keeps a replay deterministic.
final class ReplaySlots<Value: Sendable>: Sendable {
    private let storage: Mutex<[Value?]>

    init(count: Int) { storage = Mutex(Array(repeating: nil, count: count)) }

    func set(_ index: Int, _ value: Value) {
        storage.withLock { $0[index] = value }
    }

    var values: [Value?] {
        storage.withLock { $0 }
    }
}
