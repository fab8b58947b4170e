import Foundation
import MPassSAML

/// A logged-in user, as the Service keeps them server-side: who MPass said it is, the
/// SessionIndex needed to log out, and the attributes, all from the accepted Assertion.
public struct ServiceSession: Sendable, Equatable {
    /// The session cookie's value: random, made at login (never reused from before the login).
    public let id: String
    /// As received, Format and qualifiers included: the LogoutRequest must repeat it.
    public let nameID: NameID
    /// `AuthnStatement/@SessionIndex`, for logout in both directions.
    public let sessionIndex: String?
    public let attributes: [Attribute]
    public let loginTime: Date
    /// The AuthnRequest this login answered; nil when a weakness accepted an unsolicited Response.
    public let requestID: String?
}
