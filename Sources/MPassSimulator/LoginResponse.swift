import Foundation
import MPassSAML

/// The Response MPass sends after a successful login (`mpass-saml.md`; the guide's chapter 5):
/// Destination and the SubjectConfirmation's Recipient are the ACS URL, the Audience is the
/// Service's Issuer, the AuthnStatement carries the SessionIndex a later logout names, and
/// the Assertion holds the user's NameID (an IDNP) and attributes. The simulator's
/// `ResponseFactory` builds every login answer with it; `sign response` too.
public struct LoginResponse: Sendable {
    /// MPass's Issuer, on the Response and the Assertion.
    public var issuer: String
    /// The Service's ACS URL: Recipient, and Destination unless `destination` says otherwise.
    public var acsURL: String
    /// The Destination attribute; nil leaves it out (MPass's "Do not specify Destination").
    public var destination: String?
    /// The Service's Issuer, the Audience.
    public var audience: String
    /// The AuthnRequest answered, on the Response and the SubjectConfirmationData.
    public var inResponseTo: String?
    public var nameID: String
    /// In the order given; `addAttribute` puts a repeated name's values into one Attribute.
    public var attributes: [Attribute]
    public var sessionIndex: String
    public var authnInstant: Date
    /// How long the Assertion may be used (Conditions and SubjectConfirmationData NotOnOrAfter).
    public var messageLifetime: TimeInterval
    /// How long the session lasts (SessionNotOnOrAfter).
    public var sessionLifetime: TimeInterval

    public init(issuer: String, acsURL: String, audience: String, inResponseTo: String?, nameID: String,
                attributes: [Attribute] = [], sessionIndex: String, authnInstant: Date,
                messageLifetime: TimeInterval = 600, sessionLifetime: TimeInterval = 8 * 3600) {
        self.issuer = issuer
        self.acsURL = acsURL
        self.destination = acsURL
        self.audience = audience
        self.inResponseTo = inResponseTo
        self.nameID = nameID
        self.attributes = attributes
        self.sessionIndex = sessionIndex
        self.authnInstant = authnInstant
        self.messageLifetime = messageLifetime
        self.sessionLifetime = sessionLifetime
    }

    /// Adds one value: to the Attribute of that name when there is one (a multi-valued
    /// attribute is one Attribute with several AttributeValues), else as a new Attribute.
    public mutating func addAttribute(_ name: String, value: String) {
        if let index = attributes.firstIndex(where: { $0.name == name }) {
            attributes[index].values.append(value)
        } else {
            attributes.append(Attribute(name: name, values: [value]))
        }
    }

    /// The unsigned Response issued at `now`: the Assertion is valid from a second before
    /// `now` for `messageLifetime`. `issueInstant` is what both IssueInstants say (`now`
    /// unless MPass's local-time option is on).
    public func response(id: String = SAMLIdentifier.make(), at now: Date, issueInstant: Date? = nil) -> Response {
        let issued = issueInstant ?? now
        let assertion = Assertion(
            issueInstant: SAMLInstant(issued), issuer: issuer,
            subject: Subject(nameID: NameID(nameID), confirmations: [
                SubjectConfirmation(data: SubjectConfirmationData(
                    notOnOrAfter: SAMLInstant(now.addingTimeInterval(messageLifetime)),
                    recipient: acsURL, inResponseTo: inResponseTo)),
            ]),
            conditions: Conditions(notBefore: SAMLInstant(now.addingTimeInterval(-1)),
                                   notOnOrAfter: SAMLInstant(now.addingTimeInterval(messageLifetime)),
                                   audienceRestrictions: [[audience]]),
            authnStatements: [AuthnStatement(
                authnInstant: SAMLInstant(authnInstant), sessionIndex: sessionIndex,
                sessionNotOnOrAfter: SAMLInstant(now.addingTimeInterval(sessionLifetime)),
                authnContextClassRef: SAMLURI.authnContextSmartcardPKI)],
            attributes: attributes)
        return Response(id: id, issueInstant: issued, destination: destination, inResponseTo: inResponseTo, issuer: issuer,
                        assertions: [assertion])
    }
}
