import Foundation
import MPassSAML
import MPassSimulator
import Vocabulary

/// The small vocabulary the catalogue's data is written in: switches, changes to the
/// Response value before signing, changes to the signed document after signing.
package enum Faults {
    static func switches(_ configure: (inout ResponseSwitches) -> Void) -> ResponseSwitches {
        var switches = ResponseSwitches()
        configure(&switches)
        return switches
    }

    /// Log in; the Response value is changed before it is signed.
    static func response(_ change: @escaping @Sendable (inout Response) -> Void) -> ConformanceCase.Scenario {
        .login(switches { $0.shapeResponse = change })
    }

    /// Log in; the (only) Assertion is changed before signing.
    static func assertion(_ change: @escaping @Sendable (inout Assertion) -> Void) -> ConformanceCase.Scenario {
        response { response in
            guard !response.assertions.isEmpty else { return }
            change(&response.assertions[0])
        }
    }

    /// Log in; the bearer SubjectConfirmationData is changed before signing.
    static func confirmationData(_ change: @escaping @Sendable (inout SubjectConfirmationData) -> Void) -> ConformanceCase.Scenario {
        assertion { assertion in
            guard var data = assertion.subject?.confirmations.first?.data else { return }
            change(&data)
            assertion.subject?.confirmations[0].data = data
        }
    }

    static func conditions(_ change: @escaping @Sendable (inout Conditions) -> Void) -> ConformanceCase.Scenario {
        assertion { assertion in
            guard var conditions = assertion.conditions else { return }
            change(&conditions)
            assertion.conditions = conditions
        }
    }

    static func authnStatement(_ change: @escaping @Sendable (inout AuthnStatement) -> Void) -> ConformanceCase.Scenario {
        assertion { assertion in
            guard !assertion.authnStatements.isEmpty else { return }
            change(&assertion.authnStatements[0])
        }
    }

    /// Log in; the signed document is changed after signing (and `configure` sets switches).
    static func signed(_ configure: (inout ResponseSwitches) -> Void = { _ in },
                       _ change: @escaping @Sendable (XMLDocument) throws -> Void) -> ConformanceCase.Scenario {
        .login(switches { switches in
            configure(&switches)
            switches.mutateSignedDocument = change
        })
    }

    /// `instant` moved by `seconds` (nil stays nil).
    static func shifted(_ instant: SAMLInstant?, _ seconds: TimeInterval) -> SAMLInstant? {
        instant?.date.map { SAMLInstant($0.addingTimeInterval(seconds)) }
    }

    /// `instant` rewritten by `format` (a deliberately malformed spelling of the same time).
    static func respelled(_ instant: SAMLInstant?, _ format: @Sendable (String) -> String) -> SAMLInstant? {
        instant.map { SAMLInstant(text: format($0.text)) }
    }

    // MARK: The signed document

    static func first(_ name: String, _ namespace: XMLNamespace, in document: XMLDocument) -> XMLElement? {
        document.allElements().first { $0.is(name, namespace) }
    }

    /// The root's own ds:Signature.
    static func rootSignature(_ document: XMLDocument) -> XMLElement? { document.root.child("Signature", .ds) }

    /// `text` with its first base64 character changed (still base64, another value).
    static func flipped(_ text: String) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let first = trimmed.first else { return "AAAA" }
        return (first == "A" ? "B" : "A") + trimmed.dropFirst()
    }

    /// The attacker's user.
    package static let evilNameID = "2009999999999"

    static func nameID(in assertion: XMLElement) -> XMLElement? {
        assertion.child("Subject", .saml)?.child("NameID", .saml)
    }

    /// An unsigned copy of `assertion` for the attacker's user, not yet placed.
    static func evilCopy(of assertion: XMLElement, id: String = SAMLIdentifier.make()) -> XMLElement {
        let copy = assertion.deepCopy()
        copy.child("Signature", .ds)?.remove()
        copy.setAttribute("ID", id)
        nameID(in: copy)?.setText(evilNameID)
        return copy
    }

    /// Another key than MPass's, made once per process (key generation is slow). A failure
    /// is kept, not dropped: every case that needs this signer then ends in ERROR saying why.
    static let foreignSigner: Result<SigningIdentity, HarnessError> = Result { () throws(HarnessError) in
        try TestCredentialFactory.make(.init(commonName: "mpass-harness foreign signer"))
    }

    /// The foreign signer, or the reason the fault cannot be applied.
    static func foreignIdentity(_ made: Result<SigningIdentity, HarnessError> = foreignSigner) throws(FaultNotApplied) -> SigningIdentity {
        do {
            return try made.get()
        } catch {
            throw FaultNotApplied("the key of \"another signer\" could not be made (\(error.reason)), so the Response could not be signed by another key")
        }
    }

    /// Removes the root's signature and signs the root again with `identity`.
    static func resign(_ document: XMLDocument, identity: SigningIdentity, keyInfo: Bool) throws {
        rootSignature(document)?.remove()
        try XMLSigner(identity: identity, includeKeyInfo: keyInfo).sign(document.root)
    }
}

/// A case's fault that could not be made: the case must end in ERROR, never run unfaulted.
struct FaultNotApplied: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = "the fault could not be applied: " + description
    }
}
