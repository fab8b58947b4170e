internal import CXMLSec
import Foundation
import Vocabulary

/// Signs SAML elements the way MPass and its official library do: an enveloped signature,
/// RSA-SHA256, exclusive c14n, SHA-256 digest, one Reference to the element's own ID,
/// KeyInfo carrying the certificate, and the Signature right after Issuer (schema order).
public struct XMLSigner: Sendable {
    public let identity: SigningIdentity
    public var signatureAlgorithm: SignatureAlgorithm
    public var digestAlgorithm: DigestAlgorithm
    /// Write KeyInfo/X509Data with the certificate (MPass does). Off only to craft faults.
    public var includeKeyInfo: Bool
    /// Who computes the digest and the value (the round-trip tests compare the two).
    package var engine: SignatureEngine = .fixedProfileThenXMLSec

    public init(identity: SigningIdentity, signatureAlgorithm: SignatureAlgorithm = .rsaSha256,
                digestAlgorithm: DigestAlgorithm = .sha256, includeKeyInfo: Bool = true) {
        self.identity = identity
        self.signatureAlgorithm = signatureAlgorithm
        self.digestAlgorithm = digestAlgorithm
        self.includeKeyInfo = includeKeyInfo
    }

    /// Signs `element` in place. The element must carry an `ID`; the Signature goes right
    /// after its `saml2:Issuer` child (or first, when there is none).
    ///
    /// Sign inner elements first (the Assertion before the Response that contains it): the
    /// outer digest covers the inner signature.
    public func sign(_ element: XMLElement) throws(HarnessError) {
        try element.document.withTree { () throws(HarnessError) in try signLocked(element) }
    }

    private func signLocked(_ element: XMLElement) throws(HarnessError) {
        try CLibraries.ensureInitialised()
        guard let id = element.attribute("ID"), !id.isEmpty else {
            throw HarnessError(.signingFailed, "\(element.displayName) has no ID attribute to reference")
        }
        let doc = element.document.pointer
        try Self.registerID(of: element, value: id)

        guard let signature = xmlSecTmplSignatureCreateNsPref(
            doc, CXMLSec_transformExclC14N(), signatureAlgorithm.xmlsecTransform, nil, "ds") else {
            throw HarnessError(.signingFailed, "xmlsec could not create the signature template")
        }
        if let issuer = element.child("Issuer", .saml) {
            xmlAddNextSibling(issuer.node, signature)
        } else if let first = element.node.pointee.children {
            xmlAddPrevSibling(first, signature)
        } else {
            xmlAddChild(element.node, signature)
        }
        guard let reference = xmlSecTmplSignatureAddReference(signature, digestAlgorithm.xmlsecTransform, nil, "#\(id)", nil),
              xmlSecTmplReferenceAddTransform(reference, CXMLSec_transformEnveloped()) != nil,
              xmlSecTmplReferenceAddTransform(reference, CXMLSec_transformExclC14N()) != nil else {
            Self.discard(signature)
            throw HarnessError(.signingFailed, "xmlsec could not build the Reference")
        }

        let key = identity.privateKey.pointer
        if engine == .fixedProfileThenXMLSec, signatureAlgorithm == .rsaSha256, digestAlgorithm == .sha256,
           EVP_PKEY_get_base_id(key) == EVP_PKEY_RSA {
            do {
                try FixedProfile.sign(signature: signature, of: element.node, key: key)
            } catch {
                Self.discard(signature)
                throw error
            }
            addKeyInfo(to: signature, in: element.document)
            return
        }

        guard let context = xmlSecDSigCtxCreate(nil) else {
            Self.discard(signature)
            throw HarnessError(.signingFailed, "xmlSecDSigCtxCreate failed")
        }
        defer { xmlSecDSigCtxDestroy(context) }
        do {
            context.pointee.signKey = try XMLSecKey.make(from: key, name: "signing")
        } catch {
            Self.discard(signature)
            throw error
        }
        let (status, log) = XMLSecErrorLog.capture { xmlSecDSigCtxSign(context, signature) }
        guard status == 0 else {
            Self.discard(signature)
            throw HarnessError(.signingFailed, "xmlsec could not sign \(element.displayName): \(log.summary)")
        }
        addKeyInfo(to: signature, in: element.document)
    }

    /// KeyInfo sits outside SignedInfo, so it is added after signing; writing it ourselves
    /// keeps xmlsec's KeyInfo writer (and its key-data lookups) out of the way.
    private func addKeyInfo(to signature: xmlNodePtr, in document: XMLDocument) {
        guard includeKeyInfo else { return }
        let keyInfo = XMLElement(node: signature, document: document).addChild("KeyInfo", .ds)
        keyInfo.addChild("X509Data", .ds).addChild("X509Certificate", .ds, text: identity.certificate.base64)
    }

    /// Registers `element`'s ID attribute as an XML ID so `#id` resolves to it (SAML schemas
    /// are not loaded, so libxml2 does not know `ID` is of type ID).
    static func registerID(of element: XMLElement, value: String) throws(HarnessError) {
        try element.document.withTree { () throws(HarnessError) in try registerIDLocked(of: element, value: value) }
    }

    private static func registerIDLocked(of element: XMLElement, value: String) throws(HarnessError) {
        let doc = element.document.pointer
        guard let attribute = xmlHasProp(element.node, "ID") else {
            throw HarnessError(.signingFailed, "\(element.displayName) has no ID attribute")
        }
        if let existing = xmlGetID(doc, value) {
            guard existing == attribute else {
                throw HarnessError(.signingFailed, "the ID \(value) is already used by another element")
            }
            return
        }
        guard xmlAddID(nil, doc, value, attribute) != nil else {
            throw HarnessError(.signingFailed, "libxml2 refused to register the ID \(value)")
        }
    }

    private static func discard(_ node: xmlNodePtr) {
        xmlUnlinkNode(node)
        xmlFreeNode(node)
    }
}
