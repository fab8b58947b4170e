import Foundation
import MPassSAML

/// Builds and signs the Response MPass would send for a login, shaped by the switches.
struct ResponseFactory {
    let configuration: SimulatorConfiguration
    /// The look-alike identity for "use compatible certificate" (present when that switch is on).
    let compatibleIdentity: SigningIdentity?

    struct Login {
        let requestID: String?
        let acsURL: String
        let audience: String
        let user: SimulatedUser
        let sessionIndex: String
        let authnInstant: Date
    }

    /// A successful login.
    func success(_ login: Login, switches: ResponseSwitches) throws -> (Response, Data) {
        let now = configuration.now().addingTimeInterval(switches.timeShift)
        let issueInstant = switches.issueInstantInLocalTime ? Self.moldovaLocalTimeWrittenAsUTC(now) : now
        let inResponseTo = switches.omitInResponseTo ? nil : (switches.inResponseToOverride ?? login.requestID)
        var answer = LoginResponse(
            issuer: configuration.issuer, acsURL: login.acsURL, audience: login.audience, inResponseTo: inResponseTo,
            nameID: login.user.nameID, attributes: login.user.attributes, sessionIndex: login.sessionIndex,
            authnInstant: login.authnInstant.addingTimeInterval(switches.timeShift),
            messageLifetime: configuration.messageLifetime, sessionLifetime: configuration.sessionLifetime)
        if switches.omitDestination { answer.destination = nil }
        var response = answer.response(at: now, issueInstant: issueInstant)
        switches.shapeResponse?(&response)
        return (response, try sign(response, switches: switches))
    }

    /// A failed or cancelled login: signed, non-Success, no Assertion.
    func failure(requestID: String?, acsURL: String, status: Status, switches: ResponseSwitches) throws -> (Response, Data) {
        let now = configuration.now().addingTimeInterval(switches.timeShift)
        var response = Response(issueInstant: switches.issueInstantInLocalTime ? Self.moldovaLocalTimeWrittenAsUTC(now) : now,
                                destination: switches.omitDestination ? nil : acsURL,
                                inResponseTo: switches.omitInResponseTo ? nil : (switches.inResponseToOverride ?? requestID),
                                issuer: configuration.issuer, status: status)
        switches.shapeResponse?(&response)
        return (response, try sign(response, switches: switches))
    }

    private func sign(_ response: Response, switches: ResponseSwitches) throws -> Data {
        let document: XMLDocument
        if switches.doNotSign {
            document = try response.document()
        } else {
            let identity = switches.useCompatibleCertificate ? (compatibleIdentity ?? configuration.identity) : configuration.identity
            let signer = XMLSigner(identity: identity, signatureAlgorithm: switches.signatureAlgorithm,
                                   digestAlgorithm: switches.digestAlgorithm, includeKeyInfo: !switches.omitKeyInfo)
            document = try response.signedDocument(signer: signer, signResponse: switches.signResponse,
                                                   signAssertion: switches.signAssertion)
        }
        try switches.mutateSignedDocument?(document)
        let bytes = document.serialized()
        return switches.mutateSerializedXML?(bytes) ?? bytes
    }

    /// Moldova's local time (Europe/Chisinau: UTC+2, +3 in summer) written as if it were UTC.
    static func moldovaLocalTimeWrittenAsUTC(_ date: Date) -> Date {
        let offset = TimeZone(identifier: "Europe/Chisinau")?.secondsFromGMT(for: date) ?? 7200
        return date.addingTimeInterval(TimeInterval(offset))
    }
}
