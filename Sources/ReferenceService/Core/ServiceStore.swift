import Foundation
import MPassSAML

/// The Service's server-side state, in memory: started logins, sessions, IDs already used,
/// outstanding logouts. An actor, so that "check for replay, then consume" is one step.
actor ServiceStore {
    private var pending: [String: PendingLogin] = [:]
    private var sessions: [String: ServiceSession] = [:]
    /// Response and Assertion IDs of accepted logins (kept for the life of the process; a
    /// Service with a long life would drop them once their messages can no longer be fresh).
    private var acceptedMessageIDs: Set<String> = []
    /// LogoutRequest ID → when it was sent.
    private var outstandingLogouts: [String: Date] = [:]
    /// IDs of MPass's LogoutRequests already acted on.
    private var seenLogoutRequestIDs: Set<String> = []

    // MARK: Logins

    func addPending(_ login: PendingLogin, timeout: TimeInterval) {
        pending = pending.filter { $0.value.issuedAt.addingTimeInterval(timeout) > login.issuedAt }
        pending[login.key] = login
    }

    /// The unexpired pending logins under any of `keys` (RelayState, cookie).
    func pendingLogins(keys: [String], now: Date, timeout: TimeInterval) -> [PendingLogin] {
        var seen: Set<String> = []
        return keys.compactMap { key -> PendingLogin? in
            guard seen.insert(key).inserted, let login = pending[key],
                  login.issuedAt.addingTimeInterval(timeout) > now else { return nil }
            return login
        }
    }

    /// `response.replay`: the Response, its Assertion, or the login it answers was used before.
    func replayCheck(inResponseTo: String?, messageIDs: [String], candidates: [PendingLogin]) -> CheckResult {
        let id = CheckID.responseReplay
        if let used = messageIDs.first(where: acceptedMessageIDs.contains) {
            return .fail(id, "the ID \"\(used)\" belongs to a Response already accepted: this is a replay")
        }
        if let inResponseTo {
            // Current state, not the snapshot: another request may have completed it meanwhile.
            let matching = candidates.compactMap { pending[$0.key] }.filter { $0.requestID == inResponseTo }
            if !matching.isEmpty, matching.allSatisfy(\.completed) {
                return .fail(id, "the login \"\(inResponseTo)\" was already completed; a Response is accepted once")
            }
        }
        return .pass(id, "first use")
    }

    /// Opens `session` and consumes what it used, unless a replay happened since the checks
    /// ran (then nil). With `allowReplay` the replay check is not repeated.
    func completeLogin(_ session: ServiceSession, messageIDs: [String], candidates: [PendingLogin],
                       allowReplay: Bool) -> CheckResult? {
        if !allowReplay {
            let check = replayCheck(inResponseTo: session.requestID, messageIDs: messageIDs, candidates: candidates)
            if check.isFailure { return check }
        }
        if let requestID = session.requestID,
           let key = candidates.first(where: { pending[$0.key]?.requestID == requestID && pending[$0.key]?.completed == false })?.key {
            pending[key]?.completed = true
        }
        acceptedMessageIDs.formUnion(messageIDs)
        sessions[session.id] = session
        return nil
    }

    // MARK: Sessions

    func session(id: String) -> ServiceSession? { sessions[id] }

    var allSessions: [ServiceSession] { Array(sessions.values) }

    @discardableResult
    func endSession(id: String) -> ServiceSession? { sessions.removeValue(forKey: id) }

    /// Sessions of `nameID` (nil: of anyone); with `sessionIndexes`, only those whose SessionIndex is listed.
    func sessions(nameID: String?, sessionIndexes: [String]?) -> [ServiceSession] {
        sessions.values.filter { session in
            if let nameID, session.nameID.value != nameID { return false }
            guard let sessionIndexes else { return true }
            return session.sessionIndex.map(sessionIndexes.contains) ?? false
        }
    }

    // MARK: Logout

    func addOutstandingLogout(id: String, at date: Date) { outstandingLogouts[id] = date }

    func outstandingLogoutIDs(now: Date, timeout: TimeInterval) -> Set<String> {
        Set(outstandingLogouts.filter { $0.value.addingTimeInterval(timeout) > now }.keys)
    }

    func completeLogout(id: String) { outstandingLogouts.removeValue(forKey: id) }

    var seenSingleLogoutIDs: Set<String> { seenLogoutRequestIDs }

    /// Records a LogoutRequest ID; false when it was already recorded (a replay raced the check).
    func markSingleLogoutSeen(_ id: String) -> Bool { seenLogoutRequestIDs.insert(id).inserted }
}
