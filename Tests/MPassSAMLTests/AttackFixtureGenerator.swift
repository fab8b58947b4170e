import CXMLSec
import Foundation
@testable import MPassSAML
import Vocabulary

/// Builds every attack fixture from a validly signed MPass message made with the fixed
/// fixture keys, at `testNow`, with fixed IDs. RSA PKCS#1 v1.5 signatures are deterministic,
/// so the same code always writes the same bytes: the committed files can be checked
/// against it, and re-recorded on demand (`RECORD=1`).
///
/// Documents are mutated with the XML API. Only what that API cannot express on purpose
/// (a DOCTYPE, an undeclared entity reference, megabytes of padding) is spliced as text,
/// into the serialized signed original.
enum AttackFixtureGenerator {
    struct Fixture {
        let entry: AttackEntry
        let make: () throws -> Data
    }

    // MARK: The originals

    static let responseID = "_fixture-response-000000000000001"
    static let assertionID = "_fixture-assertion-00000000000001"
    static let evilResponseID = "_evil-response-00000000000000001"
    static let evilAssertionID = "_evil-assertion-0000000000000001"
    static let logoutRequestID = "_fixture-logout-request-00000001"
    static let authnRequestID = "_fixture-authn-request-000000001"
    /// The user MPass authenticated, and the one the attacker wants to be.
    static let victimNameID = "2001234567890"
    static let evilNameID = "2009999999999"

    static func response() -> Response {
        var response = Samples.response()
        response.id = responseID
        response.assertions[0].id = assertionID
        return response
    }

    /// A signed original, serialized and parsed back: the bytes an attacker intercepts.
    static func intercepted(signResponse: Bool = true, signAssertion: Bool = false,
                            identity: SigningIdentity = FixtureCredentials.idp, _ response: Response = response()) throws -> XMLDocument {
        let document = try response.signedDocument(signer: XMLSigner(identity: identity),
                                                    signResponse: signResponse, signAssertion: signAssertion)
        return try SafeXMLParser().parse(document.serialized())
    }

    static func interceptedText(signResponse: Bool = true, signAssertion: Bool = false) throws -> String {
        try intercepted(signResponse: signResponse, signAssertion: signAssertion).serializedString()
    }

    /// The unsigned original with a signature template the caller fills with `TemplateSigner`.
    static func unsignedResponse() throws -> XMLDocument {
        try SafeXMLParser().parse(response().document().serialized())
    }

    // MARK: Catalogue

    static let xsw = "Somorovsky et al., 'On Breaking SAML: Be Whoever You Want to Be', USENIX Security 2012; permutation as SAML Raider names it"

    static func all() -> [Fixture] {
        signatureWrapping() + keysAndCoverage() + algorithmsAndShape() + parsing() + requests()
    }

    // XSW1-XSW8 in SAML Raider's definitions. XSW1-2 wrap the signed Response (MPass signs
    // the Response); XSW3-8 wrap a signed Assertion in an unsigned Response, which only a
    // Service that accepts assertion-only signatures (profile signed-assertion) would read.
    static func signatureWrapping() -> [Fixture] {
        [
            fixture("xsw1-response-copy-inside-signature.xml", .signedResponse,
                    checks: ["response.signature.signed-info", "response.assertion-count", "document.ids-unique"],
                    "XSW1: evil Response as root, the signed original kept as an unsigned copy inside the root's ds:Signature",
                    shape: "root Response re-IDed and its NameID changed; a copy of the original Response (its own ds:Signature removed) appended as the last child of the root's ds:Signature, so #<original ID> still resolves to signed content",
                    reference: xsw) {
                let document = try intercepted()
                let root = document.root
                let original = root.deepCopy()
                original.child("Signature", .ds)!.remove()
                root.child("Signature", .ds)!.append(original)
                root.setAttribute("ID", evilResponseID)
                nameID(in: root.child("Assertion", .saml)!).setText(evilNameID)
                return document.serialized()
            },
            fixture("xsw2-response-copy-before-signature.xml", .signedResponse,
                    checks: ["response.signature.position", "response.assertion-count", "document.ids-unique"],
                    "XSW2: evil Response as root, the signed original as an unsigned copy placed right before the ds:Signature (a detached-signature shape)",
                    shape: "as XSW1, but the copy of the original Response is inserted as the root's child right before ds:Signature",
                    reference: xsw) {
                let document = try intercepted()
                let root = document.root
                let original = root.deepCopy()
                original.child("Signature", .ds)!.remove()
                root.child("Signature", .ds)!.insertBefore(original)
                root.setAttribute("ID", evilResponseID)
                nameID(in: root.child("Assertion", .saml)!).setText(evilNameID)
                return document.serialized()
            },
            fixture("xsw3-evil-assertion-before-signed.xml", .signedAssertion,
                    checks: ["response.assertion-count", "message.signed"],
                    "XSW3: an unsigned evil Assertion inserted before the signed one",
                    shape: "Response unsigned, Assertion signed; a copy of the Assertion (new ID, NameID changed, ds:Signature removed) inserted as the Response's child right before the signed Assertion",
                    reference: xsw) {
                let document = try intercepted(signResponse: false, signAssertion: true)
                let signed = document.root.child("Assertion", .saml)!
                let evil = evilCopy(of: signed, id: evilAssertionID)
                signed.insertBefore(evil)
                return document.serialized()
            },
            fixture("xsw4-evil-assertion-wrapping-signed.xml", .signedAssertion,
                    checks: ["response.assertion-count", "assertion.signature.present", "message.signed"],
                    "XSW4: an unsigned evil Assertion that wraps the signed one",
                    shape: "Response unsigned, Assertion signed; an evil copy (new ID, NameID changed, no signature) appended to the Response, and the signed Assertion moved inside it as its last child",
                    reference: xsw) {
                let document = try intercepted(signResponse: false, signAssertion: true)
                let signed = document.root.child("Assertion", .saml)!
                let evil = evilCopy(of: signed, id: evilAssertionID)
                document.root.append(evil)
                evil.append(signed)
                return document.serialized()
            },
            fixture("xsw5-signature-in-evil-assertion-copy-appended.xml", .signedAssertion,
                    checks: ["response.assertion-count", "message.signed"],
                    "XSW5: the signed Assertion altered in place (keeping its ds:Signature), an unsigned copy of the original appended to the Response",
                    shape: "Response unsigned, Assertion signed; the Assertion in place gets a new ID and the evil NameID and keeps its ds:Signature; a copy of the original (ds:Signature removed, original ID) appended as the Response's last child",
                    reference: xsw) {
                let document = try intercepted(signResponse: false, signAssertion: true)
                let assertion = document.root.child("Assertion", .saml)!
                let original = assertion.deepCopy()
                original.child("Signature", .ds)!.remove()
                document.root.append(original)
                assertion.setAttribute("ID", evilAssertionID)
                nameID(in: assertion).setText(evilNameID)
                return document.serialized()
            },
            fixture("xsw6-original-inside-evil-assertion-signature.xml", .signedAssertion,
                    checks: ["response.assertion-count", "assertion.signature.signed-info", "message.signed"],
                    "XSW6: the signed Assertion altered in place, an unsigned copy of the original inside its own ds:Signature",
                    shape: "Response unsigned, Assertion signed; the Assertion in place gets a new ID and the evil NameID; a copy of the original (ds:Signature removed, original ID) appended inside that ds:Signature",
                    reference: xsw) {
                let document = try intercepted(signResponse: false, signAssertion: true)
                let assertion = document.root.child("Assertion", .saml)!
                let original = assertion.deepCopy()
                original.child("Signature", .ds)!.remove()
                assertion.child("Signature", .ds)!.append(original)
                assertion.setAttribute("ID", evilAssertionID)
                nameID(in: assertion).setText(evilNameID)
                return document.serialized()
            },
            fixture("xsw7-evil-assertion-in-extensions.xml", .signedAssertion,
                    checks: ["document.ids-unique", "response.assertion-count"],
                    "XSW7: an unsigned evil Assertion with the signed one's ID, hidden in samlp:Extensions before it",
                    shape: "Response unsigned, Assertion signed; a samlp:Extensions inserted before the signed Assertion, holding a copy of it (same ID, NameID changed, ds:Signature removed); the signed Assertion itself untouched",
                    reference: xsw) {
                let document = try intercepted(signResponse: false, signAssertion: true)
                let signed = document.root.child("Assertion", .saml)!
                let extensions = document.root.addChild("Extensions", .samlp)
                signed.insertBefore(extensions)
                extensions.append(evilCopy(of: signed, id: assertionID))
                return document.serialized()
            },
            fixture("xsw8-original-in-signature-object.xml", .signedAssertion,
                    checks: ["document.ids-unique", "response.assertion-count", "assertion.signature.signed-info", "message.signed"],
                    "XSW8: the signed Assertion altered in place, an unsigned copy of the original (same ID) inside a ds:Object of its ds:Signature",
                    shape: "Response unsigned, Assertion signed; the Assertion in place keeps its ID and ds:Signature but gets the evil NameID; a ds:Object appended to that ds:Signature holds a copy of the original (ds:Signature removed)",
                    reference: xsw) {
                let document = try intercepted(signResponse: false, signAssertion: true)
                let assertion = document.root.child("Assertion", .saml)!
                let original = assertion.deepCopy()
                original.child("Signature", .ds)!.remove()
                assertion.child("Signature", .ds)!.addChild("Object", .ds).append(original)
                nameID(in: assertion).setText(evilNameID)
                return document.serialized()
            },
            fixture("cve-2022-41912-assertion-appended-after-signed.xml", .signedAssertion,
                    checks: ["response.assertion-count", "message.signed"],
                    "a second, unsigned Assertion appended after the signed one: the reader must not pick it",
                    shape: "Response unsigned, Assertion signed; an evil copy (new ID, NameID changed, no signature) appended after the signed Assertion",
                    reference: "CVE-2022-41912, crewjam/saml GHSA-j2jp-wvqg-wc2g: multiple Assertion elements, the signature of one checked and another read") {
                let document = try intercepted(signResponse: false, signAssertion: true)
                let signed = document.root.child("Assertion", .saml)!
                document.root.append(evilCopy(of: signed, id: evilAssertionID))
                return document.serialized()
            },
            fixture("namespace-lookalike-assertion.xml", .signedAssertion,
                    checks: ["response.assertion-count"],
                    "an evil Assertion whose saml2 prefix is rebound to another namespace, before the signed one: a reader that matches prefixes or local names reads it, a namespace-aware one does not see it",
                    shape: "Response unsigned, Assertion signed; an evil copy (new ID, NameID changed, no signature) inserted before the signed Assertion, declaring xmlns:saml2=\"urn:oasis:names:tc:SAML:2.0:assertion:lookalike\" on itself, so it and everything in it are saml2:* by prefix only",
                    reference: "parser differentials in the spirit of CVE-2025-25291/25292 (ruby-saml, GHSA-4vc4-m8qh-g8jm, GHSA-754f-8gm6-c4r2): two readers disagreeing on which element is the Assertion") {
                let document = try intercepted(signResponse: false, signAssertion: true)
                let signed = document.root.child("Assertion", .saml)!
                let evil = evilCopy(of: signed, id: evilAssertionID)
                rebindPrefix(of: evil, to: "urn:oasis:names:tc:SAML:2.0:assertion:lookalike")
                signed.insertBefore(evil)
                return document.serialized()
            },
        ]
    }

    static func keysAndCoverage() -> [Fixture] {
        [
            fixture("keyinfo-attacker-certificate.xml", .signedResponse,
                    checks: ["response.signature.key-info", "response.signature.value", "message.signed"],
                    "signed by the attacker, whose certificate is in KeyInfo: KeyInfo is never trusted",
                    shape: "the original Response with the evil NameID, signed with the attacker's key (XMLSigner, MPass profile), KeyInfo carrying the attacker's certificate",
                    reference: "MPass guide, security considerations 1 (the pinned certificate, never KeyInfo); russellhaering/goxmldsig validate.go verifyCertificate") {
                var forged = response()
                forged.assertions[0].subject?.nameID = NameID(evilNameID)
                return try intercepted(identity: FixtureCredentials.attacker, forged).serialized()
            },
            fixture("keyinfo-pinned-certificate-attacker-key.xml", .signedResponse,
                    checks: ["response.signature.value", "message.signed"],
                    "signed by the attacker, KeyInfo claiming the pinned certificate: the key comes from the pin, so the value fails",
                    shape: "as keyinfo-attacker-certificate, then the KeyInfo X509Certificate replaced by the pinned IdP certificate",
                    reference: "MPass guide, security considerations 1; W3C XML Signature Best Practices (KeyInfo is a hint, not a trust anchor)") {
                var forged = response()
                forged.assertions[0].subject?.nameID = NameID(evilNameID)
                let document = try intercepted(identity: FixtureCredentials.attacker, forged)
                first("X509Certificate", .ds, in: document).setText(FixtureCredentials.idp.certificate.base64)
                return document.serialized()
            },
            fixture("signature-removed.xml", .signedResponse,
                    checks: ["response.signature.present", "message.signed"],
                    "the Response's signature stripped and the NameID changed",
                    shape: "the original Response with its ds:Signature removed and the evil NameID",
                    reference: "MPass guide, security considerations 1 (the signature on the message, with the pinned certificate)") {
                let document = try intercepted()
                document.root.child("Signature", .ds)!.remove()
                nameID(in: document.root.child("Assertion", .saml)!).setText(evilNameID)
                return document.serialized()
            },
            fixture("assertion-signed-response-read.xml", .signedResponse,
                    checks: ["response.signature.present", "message.signed"],
                    "only the Assertion is signed while the Service requires (and reads) a signed Response",
                    shape: "the original with the Assertion signed by the IdP and no signature on the Response",
                    reference: "MPass guide, 'MPass signs the Response'; security considerations 1") {
                try intercepted(signResponse: false, signAssertion: true).serialized()
            },
            fixture("second-assertion-in-signed-response.xml", .signedResponse,
                    checks: ["response.assertion-count"],
                    "a second (unsigned) Assertion for another user, inside a Response whose signature is valid",
                    shape: "a Response built with two Assertions (the second with a new ID and the evil NameID) and signed on the root by the IdP key",
                    reference: "MPass guide (one Assertion on success); CVE-2022-41912 (crewjam/saml), the same shape with a valid signature") {
                var both = response()
                var evil = both.assertions[0]
                evil.id = evilAssertionID
                evil.subject?.nameID = NameID(evilNameID)
                both.assertions.append(evil)
                return try intercepted(both).serialized()
            },
            fixture("duplicate-ids.xml", .signedResponse,
                    checks: ["document.ids-unique"],
                    "the Assertion carries the Response's ID: two elements answer to #ID",
                    shape: "a Response whose Assertion ID equals the Response ID, signed on the root by the IdP key (the signature itself is valid)",
                    reference: "Somorovsky et al. 2012 (ID-based wrapping); russellhaering/goxmldsig (IDs unique)") {
                var same = response()
                same.assertions[0].id = responseID
                return try intercepted(same).serialized()
            },
            fixture("nameid-changed-after-signing.xml", .signedResponse,
                    checks: ["response.signature.value", "message.signed"],
                    "the NameID changed after signing: the digest no longer matches",
                    shape: "the original Response with the NameID text replaced by the evil one",
                    reference: "W3C XML Signature 1.1 §3.2.1 (reference validation)") {
                let document = try intercepted()
                nameID(in: document.root.child("Assertion", .saml)!).setText(evilNameID)
                return document.serialized()
            },
            fixture("signature-object-manifest.xml", .signedResponse,
                    checks: ["response.signature.signed-info", "message.signed"],
                    "a ds:Object with a Manifest of 500 same-document References and one loopback URL, added to the genuine signature: outside SignedInfo, so the signature stays valid, while a verifier that processes Manifests digests the document 500 times (and may fetch the URL)",
                    shape: "the original IdP-signed Response, untouched except for a ds:Object appended to its ds:Signature, holding a ds:Manifest with 500 References to #\(responseID) (exc-c14n, SHA-256) and one to http://127.0.0.1:8080/manifest-ssrf",
                    reference: "W3C XML Signature 1.1 §5.1 (Manifest) and \(bestPractices) (limit Manifest and Reference processing: denial of service)") {
                let document = try intercepted()
                let manifest = document.root.child("Signature", .ds)!.addChild("Object", .ds).addChild("Manifest", .ds)
                func reference(_ uri: String) {
                    let element = manifest.addChild("Reference", .ds)
                    element.setAttribute("URI", uri)
                    element.addChild("Transforms", .ds).addChild("Transform", .ds).setAttribute("Algorithm", XMLDSigURI.exclusiveC14N)
                    element.addChild("DigestMethod", .ds).setAttribute("Algorithm", DigestAlgorithm.sha256.uri)
                    element.addChild("DigestValue", .ds, text: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")
                }
                for _ in 0..<500 { reference("#\(responseID)") }
                reference("http://127.0.0.1:8080/manifest-ssrf")
                return document.serialized()
            },
            fixture("tampered-digest-value.xml", .signedResponse,
                    checks: ["response.signature.value", "message.signed"],
                    "the DigestValue altered (to match altered content): SignedInfo no longer verifies",
                    shape: "the original Response with one character of ds:DigestValue changed",
                    reference: "W3C XML Signature 1.1 §3.2.2 (signature validation)") {
                let document = try intercepted()
                let digest = first("DigestValue", .ds, in: document)
                digest.setText(flippedBase64(digest.text))
                return document.serialized()
            },
            fixture("tampered-signature-value.xml", .signedResponse,
                    checks: ["response.signature.value", "message.signed"],
                    "the SignatureValue altered",
                    shape: "the original Response with one character of ds:SignatureValue changed",
                    reference: "W3C XML Signature 1.1 §3.2.2 (signature validation)") {
                let document = try intercepted()
                let value = first("SignatureValue", .ds, in: document)
                value.setText(flippedBase64(value.text))
                return document.serialized()
            },
            Fixture(entry: AttackEntry(
                file: "nameid-comment.xml", profile: .signedResponse, expect: .validWholeText, nameID: victimNameID,
                description: "a comment inside the signed NameID: exclusive c14n drops comments, so the signature stays valid; the value read must be the whole text, 2001234567890, never 2001",
                shape: "the original Response with NameID rewritten as the text nodes 2001 and 234567890 around an empty comment (2001<!---->234567890)",
                reference: "CVE-2017-11427 (python-saml) and its siblings, Duo Labs 2018 'Duo Finds SAML Vulnerabilities Affecting Multiple Implementations'")) {
                let document = try intercepted()
                let element = nameID(in: document.root.child("Assertion", .saml)!)
                element.setText(String(victimNameID.prefix(4)))
                element.appendComment("")
                element.appendText(String(victimNameID.dropFirst(4)))
                return document.serialized()
            },
        ]
    }

    static let bestPractices = "W3C XML Signature Best Practices (Note, 2013)"

    static func algorithmsAndShape() -> [Fixture] {
        [
            fixture("rsa-sha1.xml", .signedResponse,
                    checks: ["response.signature.algorithm", "message.signed"],
                    "signed with RSA-SHA1 and a SHA-1 digest: refused as weak",
                    shape: "the original Response signed by the IdP key with XMLSigner(signatureAlgorithm: .rsaSha1, digestAlgorithm: .sha1)",
                    reference: "SHAttered (Stevens et al. 2017); \(bestPractices); MPass signs with RSA-SHA256") {
                let document = try response().signedDocument(
                    signer: XMLSigner(identity: FixtureCredentials.idp, signatureAlgorithm: .rsaSha1, digestAlgorithm: .sha1))
                return document.serialized()
            },
            fixture("sha1-digest.xml", .signedResponse,
                    checks: ["response.signature.digest-algorithm", "message.signed"],
                    "RSA-SHA256 over a SHA-1 Reference digest: the digest is the weak link",
                    shape: "the original Response signed by the IdP key with XMLSigner(signatureAlgorithm: .rsaSha256, digestAlgorithm: .sha1)",
                    reference: "SHAttered (Stevens et al. 2017); \(bestPractices)") {
                let document = try response().signedDocument(
                    signer: XMLSigner(identity: FixtureCredentials.idp, signatureAlgorithm: .rsaSha256, digestAlgorithm: .sha1))
                return document.serialized()
            },
            fixture("rsa-md5.xml", .signedResponse,
                    checks: ["response.signature.algorithm", "message.signed"],
                    "SignatureMethod rsa-md5",
                    shape: "the original Response with the SignatureMethod Algorithm rewritten to \(XMLDSigURI.rsaMD5)",
                    reference: "RFC 6931 §2.3.1 (RSA-MD5 must not be used); \(bestPractices)") {
                let document = try intercepted()
                first("SignatureMethod", .ds, in: document).setAttribute("Algorithm", XMLDSigURI.rsaMD5)
                return document.serialized()
            },
            fixture("hmac-sha1-public-certificate-as-secret.xml", .signedResponse,
                    checks: ["response.signature.algorithm", "message.signed"],
                    "SignatureMethod hmac-sha1 keyed with the IdP's public certificate: the message must not choose the algorithm",
                    shape: "the original Response with the evil NameID, signed (validly, by xmlsec) with HMAC-SHA1 whose secret is the DER of the pinned IdP certificate; KeyInfo carries that certificate",
                    reference: "algorithm confusion (the HMAC-with-public-key family); CVE-2009-0217 (XML-DSig HMAC handling); \(bestPractices)") {
                let document = try unsignedResponse()
                nameID(in: document.root.child("Assertion", .saml)!).setText(evilNameID)
                var template = SignatureTemplate.mpass(for: document.root, keyInfo: .none)
                template.signatureMethod = XMLDSigURI.hmacSha1
                try TemplateSigner.sign(template.insert(into: document.root), key: .hmac(FixtureCredentials.idp.certificate.derBytes),
                                        ids: [document.root], certificate: FixtureCredentials.idp.certificate)
                return document.serialized()
            },
            fixture("c14n-with-comments.xml", .signedResponse,
                    checks: ["response.signature.canonicalization", "message.signed"],
                    "SignedInfo canonicalized with exclusive c14n WithComments",
                    shape: "the original Response signed (validly, by xmlsec) with CanonicalizationMethod \(XMLDSigURI.exclusiveC14NWithComments)",
                    reference: "MPass profile (exclusive c14n); Duo Labs 2018 (comment handling differences)") {
                let document = try unsignedResponse()
                var template = SignatureTemplate.mpass(for: document.root, keyInfo: .none)
                template.canonicalizationMethod = XMLDSigURI.exclusiveC14NWithComments
                try TemplateSigner.sign(template.insert(into: document.root), key: .rsa(FixtureCredentials.idp),
                                        ids: [document.root], certificate: FixtureCredentials.idp.certificate)
                return document.serialized()
            },
            fixture("reference-empty-uri.xml", .signedResponse,
                    checks: ["response.signature.reference-targets-root", "message.signed"],
                    "a Reference with URI=\"\" (the whole document) instead of #<Response ID>",
                    shape: "the original Response signed (validly, by xmlsec) with one Reference URI=\"\", enveloped + exclusive c14n",
                    reference: "\(bestPractices), 'know what is signed'; russellhaering/goxmldsig validateShape (URI = #ID of the element read)") {
                let document = try unsignedResponse()
                let template = SignatureTemplate(references: [.init(uri: "")])
                try TemplateSigner.sign(template.insert(into: document.root), key: .rsa(FixtureCredentials.idp),
                                        ids: [], certificate: FixtureCredentials.idp.certificate)
                return document.serialized()
            },
            fixture("reference-xpointer.xml", .signedResponse,
                    checks: ["response.signature.reference-targets-root", "message.signed"],
                    "a Reference written as an XPointer, #xpointer(id('...')), instead of the bare #ID",
                    shape: "the original Response signed (validly, by xmlsec) with Reference URI=\"#xpointer(id('\(responseID)'))\"",
                    reference: "W3C XML Signature 1.1 §4.4.3.3 (XPointer references are optional); \(bestPractices)") {
                let document = try unsignedResponse()
                let template = SignatureTemplate(references: [.init(uri: "#xpointer(id('\(responseID)'))")])
                try TemplateSigner.sign(template.insert(into: document.root), key: .rsa(FixtureCredentials.idp),
                                        ids: [document.root], certificate: FixtureCredentials.idp.certificate)
                return document.serialized()
            },
            fixture("two-references.xml", .signedResponse,
                    checks: ["response.signature.reference-count", "message.signed"],
                    "two References in SignedInfo (#Response and #Assertion)",
                    shape: "the original Response signed (validly, by xmlsec) with References #\(responseID) (enveloped, exc-c14n) and #\(assertionID) (exc-c14n)",
                    reference: "russellhaering/goxmldsig validateShape (exactly one Reference); Somorovsky et al. 2012") {
                let document = try unsignedResponse()
                let assertion = document.root.child("Assertion", .saml)!
                let template = SignatureTemplate(references: [
                    .init(uri: "#\(responseID)"),
                    .init(uri: "#\(assertionID)", transforms: [.algorithm(XMLDSigURI.exclusiveC14N)]),
                ])
                try TemplateSigner.sign(template.insert(into: document.root), key: .rsa(FixtureCredentials.idp),
                                        ids: [document.root, assertion], certificate: FixtureCredentials.idp.certificate)
                return document.serialized()
            },
            fixture("transform-xpath-excludes-nameid.xml", .signedResponse,
                    checks: ["response.signature.transforms", "message.signed"],
                    "an XPath filter transform that leaves the NameID out of the digest, then the NameID changed: valid for a verifier that runs any transform",
                    shape: "the original Response signed (validly, by xmlsec) with transforms enveloped, XPath not(ancestor-or-self::saml2:NameID), exc-c14n; then the NameID replaced by the evil one",
                    reference: "\(bestPractices) (avoid XPath transforms: they narrow what is signed)") {
                let document = try unsignedResponse()
                let template = SignatureTemplate(references: [.init(uri: "#\(responseID)", transforms: [
                    .algorithm(XMLDSigURI.envelopedSignature), .xpath("not(ancestor-or-self::saml2:NameID)"),
                    .algorithm(XMLDSigURI.exclusiveC14N),
                ])])
                try TemplateSigner.sign(template.insert(into: document.root), key: .rsa(FixtureCredentials.idp),
                                        ids: [document.root], certificate: FixtureCredentials.idp.certificate)
                nameID(in: document.root.child("Assertion", .saml)!).setText(evilNameID)
                return document.serialized()
            },
            fixture("transform-xslt.xml", .signedResponse,
                    checks: ["response.signature.transforms", "message.signed"],
                    "an XSLT transform whose stylesheet calls document() on a loopback URL: the verifier must refuse before running it",
                    shape: "the original Response with a Transform \(XMLDSigURI.xslt) appended to the Reference, holding a stylesheet that copies document('http://127.0.0.1:8080/xslt-ssrf')",
                    reference: "\(bestPractices) (avoid XSLT transforms: denial of service, file and network access)") {
                let document = try intercepted()
                let xsl = XMLNamespace(uri: "http://www.w3.org/1999/XSL/Transform", prefix: "xsl")
                let transform = first("Transforms", .ds, in: document).addChild("Transform", .ds)
                transform.setAttribute("Algorithm", XMLDSigURI.xslt)
                let stylesheet = transform.addChild("stylesheet", xsl)
                stylesheet.setAttribute("version", "1.0")
                let template = stylesheet.addChild("template", xsl)
                template.setAttribute("match", "/")
                template.addChild("copy-of", xsl).setAttribute("select", "document('http://127.0.0.1:8080/xslt-ssrf')")
                return document.serialized()
            },
        ]
    }

    static let xxe = "OWASP XML External Entity Prevention Cheat Sheet; CWE-611"

    /// Refused by `SafeXMLParser` before any validator runs. The DTD cases are spliced as
    /// text into the signed original, so a parser that did process them would see a
    /// document whose signature is otherwise intact.
    static func parsing() -> [Fixture] {
        let doctypeRoot = "saml2p:Response"
        return [
            refused("parser-differential-doctype-entity.xml", .xmlDTDRefused,
                    "the signed NameID written as an internal entity: DTD-expanding and non-expanding parsers read different documents",
                    shape: "the original Response; DOCTYPE with <!ENTITY idnp \"\(victimNameID)\"> and the NameID text replaced by &idnp;",
                    reference: "CVE-2025-25291/25292 (ruby-saml, REXML vs Nokogiri parser differential)") {
                try withDoctype(interceptedText().replacingOccurrences(of: ">\(victimNameID)<", with: ">&idnp;<"),
                                "<!DOCTYPE \(doctypeRoot) [\n<!ENTITY idnp \"\(victimNameID)\">\n]>")
            },
            refused("parser-differential-doctype-attlist-id.xml", .xmlDTDRefused,
                    "a DTD that declares Assertion/@ID an XML ID, on the XSW7 document: DTD-aware and DTD-unaware parsers resolve #ID to different elements",
                    shape: "xsw7-evil-assertion-in-extensions.xml with DOCTYPE <!ATTLIST saml2:Assertion ID ID #IMPLIED>",
                    reference: "CVE-2025-25291/25292 (ruby-saml); Somorovsky et al. 2012 (ID resolution)") {
                let xsw7 = try all().first { $0.entry.file.hasPrefix("xsw7") }!.make()
                return withDoctype(String(decoding: xsw7, as: UTF8.self),
                                   "<!DOCTYPE \(doctypeRoot) [\n<!ATTLIST saml2:Assertion ID ID #IMPLIED>\n]>")
            },
            refused("parser-differential-doctype-quoted-bracket.xml", .xmlDTDRefused,
                    "a quoted ']>' inside the internal subset: a scanner that ends the DTD at the first ']>' sees a different document than libxml2",
                    shape: "the original Response; DOCTYPE with <!ATTLIST saml2p:Response Note CDATA \"]> \">",
                    reference: "CVE-2025-25291/25292 (ruby-saml parser differential); PortSwigger Research 2025, 'SAML roulette'") {
                try withDoctype(interceptedText(), "<!DOCTYPE \(doctypeRoot) [\n<!ATTLIST saml2p:Response Note CDATA \"]> \">\n]>")
            },
            refused("xxe-file.xml", .xmlDTDRefused,
                    "XXE: an external entity naming a local file, used as the NameID",
                    shape: "the original Response; DOCTYPE with <!ENTITY xxe SYSTEM \"file:///etc/passwd\"> and the NameID text replaced by &xxe;",
                    reference: xxe) {
                try withDoctype(interceptedText().replacingOccurrences(of: ">\(victimNameID)<", with: ">&xxe;<"),
                                "<!DOCTYPE \(doctypeRoot) [\n<!ENTITY xxe SYSTEM \"file:///etc/passwd\">\n]>")
            },
            refused("xxe-loopback-url.xml", .xmlDTDRefused,
                    "XXE: an external entity naming a loopback URL (server-side request forgery)",
                    shape: "the original Response; DOCTYPE with <!ENTITY xxe SYSTEM \"http://127.0.0.1:8080/xxe\"> and the NameID text replaced by &xxe;",
                    reference: xxe) {
                try withDoctype(interceptedText().replacingOccurrences(of: ">\(victimNameID)<", with: ">&xxe;<"),
                                "<!DOCTYPE \(doctypeRoot) [\n<!ENTITY xxe SYSTEM \"http://127.0.0.1:8080/xxe\">\n]>")
            },
            refused("xxe-parameter-entity-loopback.xml", .xmlDTDRefused,
                    "XXE through a parameter entity that pulls a DTD from a loopback URL (out-of-band exfiltration shape)",
                    shape: "the original Response; DOCTYPE with <!ENTITY % remote SYSTEM \"http://127.0.0.1:8080/evil.dtd\"> %remote;",
                    reference: xxe) {
                try withDoctype(interceptedText(),
                                "<!DOCTYPE \(doctypeRoot) [\n<!ENTITY % remote SYSTEM \"http://127.0.0.1:8080/evil.dtd\">\n%remote;\n]>")
            },
            refused("external-dtd-loopback.xml", .xmlDTDRefused,
                    "an external DTD subset on a loopback URL",
                    shape: "the original Response; <!DOCTYPE saml2p:Response SYSTEM \"http://127.0.0.1:8080/saml.dtd\">",
                    reference: xxe) {
                try withDoctype(interceptedText(), "<!DOCTYPE \(doctypeRoot) SYSTEM \"http://127.0.0.1:8080/saml.dtd\">")
            },
            refused("billion-laughs.xml", .xmlDTDRefused,
                    "entity expansion (billion laughs): ten nested entities, 10^9 'lol's in the NameID",
                    shape: "the original Response; DOCTYPE with lol .. lol9, each ten of the previous, and the NameID text replaced by &lol9;",
                    reference: "CWE-776 (XML entity expansion)") {
                var subset = "<!DOCTYPE \(doctypeRoot) [\n<!ENTITY lol \"lol\">\n"
                for level in 1...9 {
                    let previous = level == 1 ? "lol" : "lol\(level - 1)"
                    subset += "<!ENTITY lol\(level) \"\(String(repeating: "&\(previous);", count: 10))\">\n"
                }
                subset += "]>"
                return try withDoctype(interceptedText().replacingOccurrences(of: ">\(victimNameID)<", with: ">&lol9;<"), subset)
            },
            refused("undeclared-entity-reference.xml", .xmlEntityRefused,
                    "an entity reference with no DTD at all (a parser with a permissive entity hook could resolve it)",
                    shape: "the original Response with the NameID text replaced by &xxe; (no DOCTYPE)",
                    reference: xxe) {
                Data(try interceptedText().replacingOccurrences(of: ">\(victimNameID)<", with: ">&xxe;<").utf8)
            },
            refused("oversized-document.xml", .xmlTooLarge,
                    "a document over the 4 MB default limit (a few KB is a real Response)",
                    shape: "the original Response preceded by a comment of about 4.2 MB (52,000 lines of padding)",
                    reference: "CWE-400 (uncontrolled resource consumption)") {
                let line = String(repeating: "padding ", count: 10) + "\n"
                let padding = "<!--\n" + String(repeating: line, count: 52_000) + "-->\n"
                let text = try interceptedText()
                let end = text.range(of: "?>\n")!.upperBound
                return Data((text[..<end] + padding + text[end...]).utf8)
            },
            refused("deeply-nested.xml", .xmlTooDeep,
                    "elements nested 100 deep inside samlp:Extensions (the default limit is 64; a Response needs about 10)",
                    shape: "the original Response with a samlp:Extensions holding 100 nested f:Nest elements",
                    reference: "CWE-674 (uncontrolled recursion)") {
                let document = try intercepted()
                let extensions = document.root.addChild("Extensions", .samlp)
                document.root.child("Status", .samlp)!.insertBefore(extensions)
                var current = extensions
                let nest = XMLNamespace(uri: "urn:mpass-harness:fixture", prefix: "f")
                for _ in 0..<100 { current = current.addChild("Nest", nest) }
                return document.serialized()
            },
        ]
    }

    static func requests() -> [Fixture] {
        [
            fixture("logout-request-attacker-signed.xml", .mpassLogoutRequest,
                    checks: ["logout-request.signature.key-info", "logout-request.signature.value"],
                    "a LogoutRequest 'from MPass' signed by the attacker (attacker certificate in KeyInfo): forced logout of the victim",
                    shape: "LogoutRequest for the victim's NameID and SessionIndex, signed with the attacker's key (XMLSigner, MPass profile)",
                    reference: "MPass guide, LogoutRequest (a Service must validate it); security considerations 1") {
                let request = LogoutRequest(id: logoutRequestID, issueInstant: testNow, destination: AttackProfile.serviceSLOURL,
                                            issuer: Samples.idpIssuer, nameID: NameID(victimNameID), sessionIndex: "_session-1")
                return try request.signedDocument(signer: XMLSigner(identity: FixtureCredentials.attacker)).serialized()
            },
            fixture("authn-request-rsa-sha1.xml", .serviceAuthnRequest,
                    checks: ["authn-request.signature.algorithm"],
                    "an AuthnRequest signed with RSA-SHA1 by the registered Service key: refused as weak",
                    shape: "AuthnRequest signed by the Service key with XMLSigner(signatureAlgorithm: .rsaSha1, digestAlgorithm: .sha1)",
                    reference: "SHAttered (Stevens et al. 2017); MPass profile (RSA-SHA256)") {
                let request = AuthnRequest(id: authnRequestID, issueInstant: testNow, destination: Samples.ssoURL,
                                           issuer: Samples.spIssuer, assertionConsumerServiceURL: Samples.acsURL)
                return try request.signedDocument(signer: XMLSigner(identity: FixtureCredentials.service, signatureAlgorithm: .rsaSha1,
                                                                    digestAlgorithm: .sha1)).serialized()
            },
        ]
    }

    // MARK: Helpers

    private static func fixture(_ file: String, _ profile: AttackProfile, checks: [String], _ description: String,
                                shape: String, reference: String, make: @escaping () throws -> Data) -> Fixture {
        Fixture(entry: AttackEntry(file: file, profile: profile, expect: .invalid, checks: checks, description: description,
                                   shape: shape, reference: reference), make: make)
    }

    private static func refused(_ file: String, _ code: HarnessError.Code, _ description: String, shape: String, reference: String,
                                make: @escaping () throws -> Data) -> Fixture {
        Fixture(entry: AttackEntry(file: file, profile: .signedResponse, expect: .parserError, error: code.rawValue,
                                   description: description, shape: shape, reference: reference), make: make)
    }

    static func nameID(in assertion: XMLElement) -> XMLElement {
        assertion.child("Subject", .saml)!.child("NameID", .saml)!
    }

    static func first(_ name: String, _ namespace: XMLNamespace, in document: XMLDocument) -> XMLElement {
        document.allElements().first { $0.is(name, namespace) }!
    }

    /// An unsigned copy of `assertion` for the attacker's user, not yet placed.
    private static func evilCopy(of assertion: XMLElement, id: String) -> XMLElement {
        let copy = assertion.deepCopy()
        copy.child("Signature", .ds)?.remove()
        copy.setAttribute("ID", id)
        nameID(in: copy).setText(evilNameID)
        return copy
    }

    /// Declares the element's own prefix again, bound to `uri`: the element and every
    /// descendant written with that prefix then belong to `uri` when the text is read back,
    /// while a reader that looks at prefixes still sees `saml2:Assertion`.
    private static func rebindPrefix(of element: XMLElement, to uri: String) {
        let prefix = element.node.pointee.ns.pointee.prefix
        // A detached deep copy re-declares its namespace on itself; rebinding that
        // declaration moves the element and its descendants at once.
        var declaration = element.node.pointee.nsDef
        while let current = declaration {
            if xmlStrEqual(current.pointee.prefix, prefix) == 1 {
                CXMLSec_xmlFree(UnsafeMutableRawPointer(mutating: current.pointee.href))
                current.pointee.href = UnsafePointer(xmlStrdup(uri))
                return
            }
            declaration = current.pointee.next
        }
        xmlSetNs(element.node, xmlNewNs(element.node, uri, prefix))
    }

    private static func withDoctype(_ text: String, _ doctype: String) -> Data {
        let end = text.range(of: "?>\n")!.upperBound
        return Data((text[..<end] + doctype + "\n" + text[end...]).utf8)
    }

    /// The same base64 text with its first character changed (still valid base64).
    private static func flippedBase64(_ text: String) -> String {
        let first = text.first!
        return (first == "A" ? "B" : "A") + text.dropFirst()
    }
}
