import Foundation
import Vocabulary

/// `samlp:AuthnRequest`, as a Service sends it to MPass's SSO URL.
public struct AuthnRequest: RequestAbstractMessage, Equatable {
    /// ID, Version, IssueInstant, Destination (MPass's SSO URL; the `lang` query parameter,
    /// when used, is part of the URL the browser goes to, see `destinationURL(language:)`),
    /// Consent and Issuer.
    public var requestAbstract: RequestAbstract
    public var assertionConsumerServiceURL: String?
    public var protocolBinding: String?
    public var forceAuthn: Bool?
    public var isPassive: Bool?
    /// `NameIDPolicy/@AllowCreate`; nil when NameIDPolicy is absent (MPass requires it, true).
    public var nameIDPolicyAllowCreate: Bool?
    /// The raw `AllowCreate` text as found (so a check can say "AllowCreate is \"yes\"").
    public var nameIDPolicyAllowCreateText: String?
    public var nameIDPolicyFormat: String?

    public init(id: String = SAMLIdentifier.make(), issueInstant: Date, destination: String, issuer: String,
                assertionConsumerServiceURL: String? = nil, protocolBinding: String? = SAMLURI.bindingHTTPPost,
                forceAuthn: Bool? = nil, isPassive: Bool? = nil) {
        self.requestAbstract = RequestAbstract(id: id, issueInstant: issueInstant, destination: destination, issuer: issuer)
        self.assertionConsumerServiceURL = assertionConsumerServiceURL
        self.protocolBinding = protocolBinding
        self.forceAuthn = forceAuthn
        self.isPassive = isPassive
        self.nameIDPolicyAllowCreate = true
        self.nameIDPolicyAllowCreateText = "true"
    }

    public init(parsing element: XMLElement) {
        requestAbstract = RequestAbstract(parsing: element)
        assertionConsumerServiceURL = element.attribute("AssertionConsumerServiceURL")
        protocolBinding = element.attribute("ProtocolBinding")
        forceAuthn = element.boolean("ForceAuthn")
        isPassive = element.boolean("IsPassive")
        let policy = element.child("NameIDPolicy", .samlp)
        nameIDPolicyAllowCreateText = policy?.attribute("AllowCreate")
        nameIDPolicyAllowCreate = policy == nil ? nil : (policy!.boolean("AllowCreate") ?? false)
        nameIDPolicyFormat = policy?.attribute("Format")
    }

    /// The URL the browser is sent to: the destination with `lang=ro|ru|en` when asked.
    public func destinationURL(language: String?) -> String? {
        guard let destination = requestAbstract.destination else { return nil }
        guard let language else { return destination }
        return destination + (destination.contains("?") ? "&" : "?") + "lang=" + language
    }

    public func document() throws(HarnessError) -> XMLDocument {
        let doc = try requestAbstract.document(rootName: "AuthnRequest")
        let root = doc.root
        root.setOptional("AssertionConsumerServiceURL", assertionConsumerServiceURL)
        root.setOptional("ProtocolBinding", protocolBinding)
        root.setOptional("ForceAuthn", forceAuthn.map { $0 ? "true" : "false" })
        root.setOptional("IsPassive", isPassive.map { $0 ? "true" : "false" })
        if nameIDPolicyAllowCreate != nil || nameIDPolicyAllowCreateText != nil {
            let policy = root.addChild("NameIDPolicy", .samlp)
            policy.setOptional("Format", nameIDPolicyFormat)
            policy.setOptional("AllowCreate", nameIDPolicyAllowCreateText ?? nameIDPolicyAllowCreate.map { $0 ? "true" : "false" })
        }
        return doc
    }
}
