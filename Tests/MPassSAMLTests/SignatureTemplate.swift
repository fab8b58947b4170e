import CXMLSec
import Foundation
@testable import MPassSAML
import Vocabulary

/// A `ds:Signature` template, written with the library's XML API (never as a string).
///
/// Two uses: the xmlsec1 interop tests hand a template to `xmlsec1 --sign` (an independent
/// signer), and the attack fixtures sign templates that `XMLSigner` refuses to make
/// (`URI=""`, two References, an XPath filter, c14n with comments, HMAC) so that each such
/// fixture carries a *cryptographically valid* signature: only the verifier's shape check,
/// not a broken digest, can then be what refuses it.
struct SignatureTemplate {
    enum Transform {
        case algorithm(String)
        /// An XPath filter transform and its expression (evaluated in the ds:XPath element's
        /// namespace context, so `saml2:` and `ds:` prefixes resolve).
        case xpath(String)
    }

    struct Reference {
        var uri: String
        var transforms: [Transform] = [.algorithm(XMLDSigURI.envelopedSignature), .algorithm(XMLDSigURI.exclusiveC14N)]
        var digestMethod = DigestAlgorithm.sha256.uri
    }

    enum KeyInfo {
        case none
        /// `<ds:KeyInfo><ds:X509Data/></ds:KeyInfo>`: xmlsec1 fills in the certificate it signs with.
        case emptyX509Data
    }

    static let xpathFilter = "http://www.w3.org/TR/1999/REC-xpath-19991116"

    var canonicalizationMethod = XMLDSigURI.exclusiveC14N
    var signatureMethod = SignatureAlgorithm.rsaSha256.uri
    var references: [Reference]
    var keyInfo = KeyInfo.none

    /// The MPass profile (RSA-SHA256, exclusive c14n, SHA-256, enveloped) for `element`.
    static func mpass(for element: XMLElement, keyInfo: KeyInfo = .emptyX509Data) -> SignatureTemplate {
        SignatureTemplate(references: [Reference(uri: "#\(element.attribute("ID") ?? "")")], keyInfo: keyInfo)
    }

    /// Writes the template into `element`, right after its Issuer (schema order, as MPass
    /// places it), and returns the `ds:Signature`.
    @discardableResult
    func insert(into element: XMLElement) -> XMLElement {
        let signature: XMLElement
        if let issuer = element.child("Issuer", .saml) {
            signature = issuer.addSibling(after: "Signature", .ds)
        } else {
            signature = element.addChild("Signature", .ds)
            element.prepend(signature)
        }
        let signedInfo = signature.addChild("SignedInfo", .ds)
        signedInfo.addChild("CanonicalizationMethod", .ds).setAttribute("Algorithm", canonicalizationMethod)
        signedInfo.addChild("SignatureMethod", .ds).setAttribute("Algorithm", signatureMethod)
        for reference in references {
            let referenceElement = signedInfo.addChild("Reference", .ds)
            referenceElement.setAttribute("URI", reference.uri)
            if !reference.transforms.isEmpty {
                let transforms = referenceElement.addChild("Transforms", .ds)
                for transform in reference.transforms {
                    let transformElement = transforms.addChild("Transform", .ds)
                    switch transform {
                    case .algorithm(let uri):
                        transformElement.setAttribute("Algorithm", uri)
                    case .xpath(let expression):
                        transformElement.setAttribute("Algorithm", Self.xpathFilter)
                        transformElement.addChild("XPath", .ds, text: expression)
                    }
                }
            }
            referenceElement.addChild("DigestMethod", .ds).setAttribute("Algorithm", reference.digestMethod)
            referenceElement.addChild("DigestValue", .ds)
        }
        signature.addChild("SignatureValue", .ds)
        if case .emptyX509Data = keyInfo {
            signature.addChild("KeyInfo", .ds).addChild("X509Data", .ds)
        }
        return signature
    }
}

/// Signs a template in place with libxmlsec, whatever it names: the raw xmlsec call,
/// without `XMLSigner`'s profile, so that fixtures can hold validly signed shapes the
/// profile forbids. Test-only on purpose: the library must never be able to make these.
enum TemplateSigner {
    enum Key {
        case rsa(SigningIdentity)
        /// An HMAC secret (the key-confusion attack uses the IdP's public certificate bytes).
        case hmac(Data)
    }

    /// Signs `signature`. `ids` are the elements whose `ID` the References name (SAML
    /// schemas are not loaded, so libxml2 does not know `ID` is an ID until told).
    /// `certificate`, when given, goes into KeyInfo after signing, as `XMLSigner` does it.
    static func sign(_ signature: XMLElement, key: Key, ids: [XMLElement], certificate: Certificate? = nil) throws {
        for element in ids {
            try XMLSigner.registerID(of: element, value: element.attribute("ID") ?? "")
        }
        guard let context = xmlSecDSigCtxCreate(nil) else { throw HarnessError(.signingFailed, "xmlSecDSigCtxCreate failed") }
        defer { xmlSecDSigCtxDestroy(context) }
        switch key {
        case .rsa(let identity):
            context.pointee.signKey = try XMLSecKey.make(from: identity.privateKey.pointer, name: "fixture")
        case .hmac(let secret):
            let made = secret.withUnsafeBytes { raw in
                xmlSecKeyReadMemory(xmlSecOpenSSLKeyDataHmacGetKlass(),
                                    raw.baseAddress!.assumingMemoryBound(to: UInt8.self), UInt32(raw.count))
            }
            guard let made else { throw HarnessError(.signingFailed, "xmlsec could not make the HMAC key") }
            context.pointee.signKey = made
        }
        let (status, log) = XMLSecErrorLog.capture { xmlSecDSigCtxSign(context, signature.node) }
        guard status == 0 else { throw HarnessError(.signingFailed, "xmlsec could not sign the template: \(log.summary)") }
        if let certificate {
            signature.addChild("KeyInfo", .ds).addChild("X509Data", .ds).addChild("X509Certificate", .ds, text: certificate.base64)
        }
    }
}
