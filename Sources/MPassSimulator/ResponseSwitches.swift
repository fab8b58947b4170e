import Foundation
import MPassSAML

/// How the simulator shapes the Response it sends: MPass's five "SAML Advanced Options",
/// which AGE switches on for a registration to run the chapter-9 security cases, and more.
public struct ResponseSwitches: Sendable {
    // MARK: MPass's SAML Advanced Options

    /// "Do not sign SAML Response" (TC_SEC_01): neither Response nor Assertion is signed.
    public var doNotSign = false
    /// "Use compatible certificate for signing" (TC_SEC_02): signed by another key whose
    /// certificate copies the real one's subject and issuer, carried in KeyInfo.
    public var useCompatibleCertificate = false
    /// "SAML Response IssueInstant is specified in local time, instead of UTC" (TC_SEC_04):
    /// Moldova's local time written with a Z, 2 or 3 hours in the future.
    public var issueInstantInLocalTime = false
    /// "Do not specify Destination in SAML Response" (TC_SEC_05).
    public var omitDestination = false
    /// "Do not specify InResponseTo in SAML Response" (TC_SEC_06): absent everywhere.
    public var omitInResponseTo = false

    // MARK: More faults

    /// Every time in the Response and Assertion moved by this much (TC_SEC_03: hours in the past).
    public var timeShift: TimeInterval = 0
    /// Sign the Assertion as well (some Services ask for it).
    public var signAssertion = false
    /// Sign the Response itself (MPass always does; off, with `signAssertion`, gives the
    /// assertion-only shapes that signature-wrapping attacks start from).
    public var signResponse = true
    /// The SignatureMethod and DigestMethod used (MPass: RSA-SHA256 and SHA-256).
    public var signatureAlgorithm: SignatureAlgorithm = .rsaSha256
    public var digestAlgorithm: DigestAlgorithm = .sha256
    /// Leave KeyInfo out of the signature (the pinned key needs no hint).
    public var omitKeyInfo = false
    /// Answer with this InResponseTo instead of the request's ID (TC_SEC_07 variant).
    public var inResponseToOverride: String?
    /// Change the Response value before it is written (catalogue faults on values).
    public var shapeResponse: (@Sendable (inout Response) -> Void)?
    /// Change the signed document (catalogue faults on structure: wrapping, comments, …).
    public var mutateSignedDocument: (@Sendable (XMLDocument) throws -> Void)?
    /// Change the bytes last (faults no DOM can express: a DOCTYPE, an encoding, a BOM).
    public var mutateSerializedXML: (@Sendable (Data) -> Data)?
    /// Change the base64 form value (whitespace inside the base64, …).
    public var mutateEncodedMessage: (@Sendable (String) -> String)?

    public init() {}

    public static let none = ResponseSwitches()

    /// The names of the switches that are on, for reports.
    public var summary: [String] {
        var names: [String] = []
        if doNotSign { names.append("do not sign SAML Response") }
        if useCompatibleCertificate { names.append("use compatible certificate for signing") }
        if issueInstantInLocalTime { names.append("IssueInstant in local time instead of UTC") }
        if omitDestination { names.append("do not specify Destination") }
        if omitInResponseTo { names.append("do not specify InResponseTo") }
        if timeShift != 0 { names.append("times shifted by \(Int(timeShift)) s") }
        if signAssertion { names.append("Assertion signed too") }
        if !signResponse { names.append("Response itself not signed") }
        if signatureAlgorithm != .rsaSha256 { names.append("signed with \(signatureAlgorithm.name)") }
        if digestAlgorithm != .sha256 { names.append("digest \(digestAlgorithm.name)") }
        if omitKeyInfo { names.append("no KeyInfo") }
        if inResponseToOverride != nil { names.append("InResponseTo replaced") }
        if shapeResponse != nil { names.append("Response values changed") }
        if mutateSignedDocument != nil { names.append("signed document changed") }
        if mutateSerializedXML != nil { names.append("message bytes changed") }
        if mutateEncodedMessage != nil { names.append("base64 value changed") }
        return names
    }
}

/// How the simulator shapes a LogoutRequest it sends to a Service (single logout).
public struct LogoutSwitches: Sendable {
    public var doNotSign = false
    /// Signed by another key (whose certificate copies MPass's names), carried in KeyInfo.
    public var signWithOtherKey = false
    public var nameIDOverride: String?
    public var sessionIndexOverride: String?
    public var timeShift: TimeInterval = 0
    public var omitDestination = false
    /// Reuse the ID of the previous LogoutRequest (replay).
    public var reusePreviousID = false
    /// Change the LogoutRequest value before it is signed (catalogue faults on values).
    public var shapeRequest: (@Sendable (inout LogoutRequest) -> Void)?

    public init() {}
    public static let none = LogoutSwitches()
}

/// How the simulator shapes the LogoutResponse it sends a Service (Service-initiated logout).
public struct LogoutResponseSwitches: Sendable {
    public var doNotSign = false
    public var signWithOtherKey = false
    /// Answer a LogoutRequest ID the Service never sent.
    public var wrongInResponseTo = false
    public var status: Status = .success
    public var timeShift: TimeInterval = 0

    public init() {}
    public static let none = LogoutResponseSwitches()
}
