import Foundation
import MPassSAML
import MPassSimulator

/// SIG: signatures and keys. What is signed, by whom, how, and where the Signature sits;
/// signature wrapping (XSW1-XSW8 as SAML Raider names them), the duplicate-Assertion shape
/// of CVE-2022-41912 and the namespace parser differentials of CVE-2025-25292 (look-alike and empty
/// namespaces around the signed Assertion, each carrying the attacker's NameID).
extension Catalogue {
    static let signatures: [CatalogueEntry] = {
        let sig = AreaBuilder(area: .signature)
        let sc1 = "MPass guide, security considerations 1 (the signature, with the pinned MPass certificate)"
        let profile = "MPass guide, bindings and signatures (RSA-SHA256, exclusive c14n, SHA-256, one Reference to the root's ID, enveloped)"
        let xsw = "Somorovsky et al., 'On Breaking SAML: Be Whoever You Want to Be', USENIX Security 2012"
        let wrapping = "MPass guide, the official library's weak points (the signed Reference not tied to the root); \(sc1)"
        let assertionOnly: (inout ResponseSwitches) -> Void = { switches in
            switches.signResponse = false
            switches.signAssertion = true
        }
        return [
            // MARK: What is signed, and by whom
            sig.make(1, "Only the Assertion signed, the Response not, is refused",
                     rule: "\(sc1); MPass guide, Response: \"MPass signs the Response\"",
                     fault: "the Response carries no Signature; the Assertion is validly signed by MPass",
                     .login(Faults.switches(assertionOnly))),
            sig.make(2, "Signed by another key, its certificate in KeyInfo, is refused",
                     rule: "\(sc1) (never a certificate carried in the message's KeyInfo)",
                     fault: "signed with an unrelated key whose certificate is carried in KeyInfo",
                     Faults.signed { try Faults.resign($0, identity: Faults.foreignIdentity(), keyInfo: true) }),
            sig.make(3, "Signed by another key, no KeyInfo, is refused",
                     rule: sc1, fault: "signed with an unrelated key; no KeyInfo",
                     Faults.signed { try Faults.resign($0, identity: Faults.foreignIdentity(), keyInfo: false) }),
            sig.make(4, "Signed by another key, MPass's own certificate in KeyInfo, is refused",
                     rule: "\(sc1) (KeyInfo is at most a hint)",
                     fault: "signed with an unrelated key; KeyInfo carries MPass's genuine certificate",
                     Faults.signed { document in
                         let keyInfo = Faults.rootSignature(document)?.child("KeyInfo", .ds)?.deepCopy()
                         try Faults.resign(document, identity: Faults.foreignIdentity(), keyInfo: false)
                         if let keyInfo { Faults.rootSignature(document)?.append(keyInfo) }
                     }),
            sig.make(5, "KeyInfo holding garbage instead of a certificate is refused",
                     rule: "\(sc1); W3C XML-DSig 4.5.4 (X509Certificate)", severity: .recommended,
                     fault: "the genuine signature, KeyInfo's X509Certificate replaced by \"MIIBroken\"",
                     Faults.signed { document in
                         Faults.first("X509Certificate", .ds, in: document)?.setText("MIIBroken")
                     }),
            sig.make(6, "Signature without KeyInfo is accepted (the pinned key needs no hint)",
                     rule: "\(sc1) (the key comes from the pinned certificate)", severity: .recommended, expect: .accepted,
                     fault: "none: MPass's valid signature without KeyInfo",
                     .login(Faults.switches { $0.omitKeyInfo = true })),
            sig.make(7, "Response and Assertion both signed is accepted",
                     rule: "MPass guide, Response: \"it can also sign the Assertion when the Service asks for it\"", severity: .recommended,
                     expect: .accepted, fault: "none: MPass signs both the Assertion and the Response",
                     .login(Faults.switches { $0.signAssertion = true })),

            // MARK: Algorithms
            sig.make(8, "RSA-SHA1 with a SHA-1 digest is refused",
                     rule: "\(profile); RFC 9231 / NIST SP 800-131A (SHA-1 signatures disallowed)",
                     fault: "MPass's key signs with rsa-sha1 and a SHA-1 digest",
                     .login(Faults.switches { $0.signatureAlgorithm = .rsaSha1; $0.digestAlgorithm = .sha1 })),
            sig.make(9, "RSA-SHA256 over a SHA-1 digest is refused",
                     rule: profile, fault: "rsa-sha256 signature, SHA-1 Reference digest",
                     .login(Faults.switches { $0.digestAlgorithm = .sha1 })),
            sig.make(10, "RSA-SHA1 over a SHA-256 digest is refused",
                     rule: profile, fault: "rsa-sha1 signature, SHA-256 Reference digest",
                     .login(Faults.switches { $0.signatureAlgorithm = .rsaSha1 })),
            sig.make(11, "RSA-SHA512 is accepted",
                     rule: "W3C XML-DSig 1.1 6.4.2 (RSA-SHA512 is a strong algorithm)", severity: .recommended, expect: .accepted,
                     fault: "none: MPass's key signs with rsa-sha512 and a SHA-512 digest",
                     .login(Faults.switches { $0.signatureAlgorithm = .rsaSha512; $0.digestAlgorithm = .sha512 })),
            sig.make(12, "SignatureMethod RSA-MD5 is refused",
                     rule: "\(profile); RFC 6931 2.3.1 (RSA-MD5 must not be used)",
                     fault: "SignatureMethod rewritten to \(XMLDSigURI.rsaMD5)",
                     Faults.signed { Faults.first("SignatureMethod", .ds, in: $0)?.setAttribute("Algorithm", XMLDSigURI.rsaMD5) }),
            sig.make(13, "DigestMethod MD5 is refused",
                     rule: "\(profile); RFC 6931 2.1.1", fault: "DigestMethod rewritten to \(XMLDSigURI.md5)",
                     Faults.signed { Faults.first("DigestMethod", .ds, in: $0)?.setAttribute("Algorithm", XMLDSigURI.md5) }),
            sig.make(14, "SignatureMethod HMAC-SHA256 is refused",
                     rule: "\(profile); algorithm confusion (a public certificate used as an HMAC secret); CVE-2009-0217",
                     fault: "SignatureMethod rewritten to \(XMLDSigURI.hmacSha256) (SignatureValue as it was)",
                     Faults.signed { Faults.first("SignatureMethod", .ds, in: $0)?.setAttribute("Algorithm", XMLDSigURI.hmacSha256) }),
            sig.make(15, "SignatureMethod HMAC-SHA1 with a short output length is refused",
                     rule: "CVE-2009-0217 (HMACOutputLength); \(profile)",
                     fault: "SignatureMethod rewritten to \(XMLDSigURI.hmacSha1) with HMACOutputLength 8",
                     Faults.signed { document in
                         guard let method = Faults.first("SignatureMethod", .ds, in: document) else { return }
                         method.setAttribute("Algorithm", XMLDSigURI.hmacSha1)
                         method.addChild("HMACOutputLength", .ds, text: "8")
                     }),
            sig.make(16, "CanonicalizationMethod inclusive c14n is refused",
                     rule: profile, fault: "CanonicalizationMethod rewritten to inclusive c14n 1.0",
                     Faults.signed { Faults.first("CanonicalizationMethod", .ds, in: $0)?
                         .setAttribute("Algorithm", "http://www.w3.org/TR/2001/REC-xml-c14n-20010315") }),
            sig.make(17, "CanonicalizationMethod with comments is refused",
                     rule: "\(profile); Duo Labs 2018 (comment handling differences)",
                     fault: "CanonicalizationMethod rewritten to \(XMLDSigURI.exclusiveC14NWithComments)",
                     Faults.signed { Faults.first("CanonicalizationMethod", .ds, in: $0)?.setAttribute("Algorithm", XMLDSigURI.exclusiveC14NWithComments) }),

            // MARK: References and transforms
            sig.make(18, "Reference with an empty URI is refused",
                     rule: "\(profile) (URI=\"#<the root's ID>\"); goxmldsig validateShape",
                     fault: "the Reference's URI rewritten to \"\" (the whole document)",
                     Faults.signed { Faults.first("Reference", .ds, in: $0)?.setAttribute("URI", "") }),
            sig.make(19, "Reference naming the Assertion from the Response's signature is refused",
                     rule: "\(profile); the signature must cover the very element that is read",
                     fault: "the Response's Reference URI rewritten to #<Assertion ID>",
                     Faults.signed { document in
                         guard let id = document.root.child("Assertion", .saml)?.attribute("ID") else { return }
                         Faults.first("Reference", .ds, in: document)?.setAttribute("URI", "#\(id)")
                     }),
            sig.make(20, "Reference without URI is refused",
                     rule: profile, fault: "the Reference's URI attribute removed",
                     Faults.signed { Faults.first("Reference", .ds, in: $0)?.removeAttribute("URI") }),
            sig.make(21, "Two References in SignedInfo are refused",
                     rule: "\(profile) (one Reference); goxmldsig validateShape",
                     fault: "a copy of the Reference added to SignedInfo",
                     Faults.signed { document in
                         guard let reference = Faults.first("Reference", .ds, in: document) else { return }
                         reference.parent?.append(reference.deepCopy())
                     }),
            sig.make(22, "A tampered DigestValue is refused",
                     rule: "W3C XML-DSig 3.2.1 (reference validation); \(sc1)",
                     fault: "the first character of DigestValue changed",
                     Faults.signed { document in
                         guard let digest = Faults.first("DigestValue", .ds, in: document) else { return }
                         digest.setText(Faults.flipped(digest.text))
                     }),
            sig.make(23, "A tampered SignatureValue is refused",
                     rule: "W3C XML-DSig 3.2.2 (signature validation); \(sc1)",
                     fault: "the first character of SignatureValue changed",
                     Faults.signed { document in
                         guard let value = Faults.first("SignatureValue", .ds, in: document) else { return }
                         value.setText(Faults.flipped(value.text))
                     }),
            sig.make(24, "NameID changed after signing is refused",
                     rule: "\(sc1); W3C XML-DSig 3.2.1", fault: "the NameID replaced by another user's after MPass signed",
                     Faults.signed { document in
                         document.root.child("Assertion", .saml).flatMap(Faults.nameID(in:))?.setText(Faults.evilNameID)
                     }),
            sig.make(25, "An attribute value changed after signing is refused",
                     rule: "\(sc1); W3C XML-DSig 3.2.1", fault: "the first AttributeValue replaced after MPass signed",
                     Faults.signed { Faults.first("AttributeValue", .saml, in: $0)?.setText("Administrator") }),
            sig.make(26, "An XPath transform is refused",
                     rule: "\(profile) (enveloped-signature and exclusive c14n only); W3C XML Signature Best Practices (avoid XPath)",
                     fault: "an XPath Transform added to the Reference",
                     Faults.signed { document in
                         guard let transforms = Faults.first("Transforms", .ds, in: document) else { return }
                         let transform = transforms.addChild("Transform", .ds)
                         transform.setAttribute("Algorithm", "http://www.w3.org/TR/1999/REC-xpath-19991116")
                         transform.addChild("XPath", .ds, text: "not(ancestor-or-self::saml2:NameID)")
                     }),
            sig.make(27, "An XSLT transform is refused",
                     rule: "W3C XML Signature Best Practices (avoid XSLT: denial of service, file and network access); \(profile)",
                     fault: "an XSLT Transform whose stylesheet calls document() added to the Reference",
                     Faults.signed { document in
                         guard let transforms = Faults.first("Transforms", .ds, in: document) else { return }
                         let xsl = XMLNamespace(uri: "http://www.w3.org/1999/XSL/Transform", prefix: "xsl")
                         let transform = transforms.addChild("Transform", .ds)
                         transform.setAttribute("Algorithm", XMLDSigURI.xslt)
                         let stylesheet = transform.addChild("stylesheet", xsl)
                         stylesheet.setAttribute("version", "1.0")
                         let template = stylesheet.addChild("template", xsl)
                         template.setAttribute("match", "/")
                         template.addChild("copy-of", xsl).setAttribute("select", "document('http://127.0.0.1:9/xslt')")
                     }),
            sig.make(28, "A Reference without the enveloped-signature transform is refused",
                     rule: profile, fault: "the enveloped-signature Transform removed",
                     Faults.signed { document in
                         document.allElements().first { $0.is("Transform", .ds) && $0.attribute("Algorithm") == XMLDSigURI.envelopedSignature }?.remove()
                     }),
            sig.make(29, "A with-comments c14n transform is refused",
                     rule: "\(profile); CVE-2017-11427 family (comments and canonicalization)",
                     fault: "an exclusive c14n WithComments Transform added to the Reference",
                     Faults.signed { Faults.first("Transforms", .ds, in: $0)?.addChild("Transform", .ds)
                         .setAttribute("Algorithm", XMLDSigURI.exclusiveC14NWithComments) }),

            // MARK: Where the Signature sits
            sig.make(30, "Signature at the end of the Response is refused",
                     rule: "\(profile) (Signature right after Issuer, schema order); \(core(3.2)) StatusResponseType",
                     fault: "the genuine Signature moved to be the Response's last child",
                     Faults.signed { document in
                         guard let signature = Faults.rootSignature(document) else { return }
                         document.root.append(signature)
                     }),
            sig.make(31, "Signature before Issuer is refused",
                     rule: profile, fault: "the genuine Signature moved before Issuer",
                     Faults.signed { document in
                         guard let signature = Faults.rootSignature(document), let issuer = document.root.child("Issuer", .saml) else { return }
                         issuer.insertBefore(signature)
                     }),
            sig.make(32, "Signature moved inside the Status is refused",
                     rule: profile, fault: "the genuine Signature moved into samlp:Status",
                     Faults.signed { document in
                         guard let signature = Faults.rootSignature(document), let status = document.root.child("Status", .samlp) else { return }
                         status.append(signature)
                     }),
            sig.make(33, "Two Signatures on the Response are refused",
                     rule: "\(profile) (one enveloped signature)", fault: "a copy of the Signature added after the genuine one",
                     Faults.signed { document in
                         guard let signature = Faults.rootSignature(document) else { return }
                         signature.insertAfter(signature.deepCopy())
                     }),
            sig.make(34, "A ds:Object inside the Signature is refused",
                     rule: "\(profile); W3C XML-DSig 4.5 (Object: a hiding place for wrapped content)",
                     fault: "an empty ds:Object appended to the genuine Signature",
                     Faults.signed { Faults.rootSignature($0)?.addChild("Object", .ds) }),

            // MARK: Signature wrapping
            sig.make(35, "XSW1: evil Response, the signed original inside its Signature",
                     rule: "\(xsw); \(wrapping)",
                     fault: "root Response re-IDed with another user's NameID; the signed original (without its Signature) inside the root's ds:Signature",
                     guardsSignedReading: true,
                     Faults.signed { document in
                         let root = document.root
                         let original = root.deepCopy()
                         original.child("Signature", .ds)?.remove()
                         Faults.rootSignature(document)?.append(original)
                         root.setAttribute("ID", SAMLIdentifier.make())
                         root.child("Assertion", .saml).flatMap(Faults.nameID(in:))?.setText(Faults.evilNameID)
                     }),
            sig.make(36, "XSW2: evil Response, the signed original before its Signature",
                     rule: "\(xsw); \(wrapping)",
                     fault: "as XSW1, the original placed as the root's child right before ds:Signature",
                     guardsSignedReading: true,
                     Faults.signed { document in
                         let root = document.root
                         let original = root.deepCopy()
                         original.child("Signature", .ds)?.remove()
                         Faults.rootSignature(document)?.insertBefore(original)
                         root.setAttribute("ID", SAMLIdentifier.make())
                         root.child("Assertion", .saml).flatMap(Faults.nameID(in:))?.setText(Faults.evilNameID)
                     }),
            sig.make(37, "XSW3: unsigned evil Assertion before the signed one",
                     rule: "\(xsw); \(wrapping)",
                     fault: "Response unsigned, Assertion signed; an evil copy (new ID, another NameID, no signature) inserted before it",
                     guardsSignedReading: true,
                     Faults.signed(assertionOnly) { document in
                         guard let signed = document.root.child("Assertion", .saml) else { return }
                         signed.insertBefore(Faults.evilCopy(of: signed))
                     }),
            sig.make(38, "XSW4: evil Assertion wrapping the signed one",
                     rule: "\(xsw); \(wrapping)",
                     fault: "Response unsigned; an evil copy appended to the Response with the signed Assertion moved inside it",
                     guardsSignedReading: true,
                     Faults.signed(assertionOnly) { document in
                         guard let signed = document.root.child("Assertion", .saml) else { return }
                         let evil = Faults.evilCopy(of: signed)
                         document.root.append(evil)
                         evil.append(signed)
                     }),
            sig.make(39, "XSW5: signed Assertion altered in place, its original appended",
                     rule: "\(xsw); \(wrapping)",
                     fault: "Response unsigned; the Assertion gets a new ID and another NameID and keeps its Signature; an unsigned copy of the original appended",
                     guardsSignedReading: true,
                     Faults.signed(assertionOnly) { document in
                         guard let assertion = document.root.child("Assertion", .saml) else { return }
                         let original = assertion.deepCopy()
                         original.child("Signature", .ds)?.remove()
                         document.root.append(original)
                         assertion.setAttribute("ID", SAMLIdentifier.make())
                         Faults.nameID(in: assertion)?.setText(Faults.evilNameID)
                     }),
            sig.make(40, "XSW6: signed Assertion altered in place, its original inside its Signature",
                     rule: "\(xsw); \(wrapping)",
                     fault: "Response unsigned; the Assertion re-IDed with another NameID; the unsigned original inside its ds:Signature",
                     guardsSignedReading: true,
                     Faults.signed(assertionOnly) { document in
                         guard let assertion = document.root.child("Assertion", .saml) else { return }
                         let original = assertion.deepCopy()
                         original.child("Signature", .ds)?.remove()
                         assertion.child("Signature", .ds)?.append(original)
                         assertion.setAttribute("ID", SAMLIdentifier.make())
                         Faults.nameID(in: assertion)?.setText(Faults.evilNameID)
                     }),
            sig.make(41, "XSW7: evil Assertion with the signed one's ID in Extensions",
                     rule: "\(xsw); \(wrapping); SAML Core 3.2.1 (Extensions)",
                     fault: "Response unsigned; samlp:Extensions before the signed Assertion holds an evil copy with the same ID",
                     // acceptWrappedSignature reads the first direct Assertion: here the genuine,
                     // signed one, which keeps the rule this case guards. No weakness logs in the
                     // attacker through this shape yet.
                     guardsSignedReading: true,
                     Faults.signed(assertionOnly) { document in
                         guard let signed = document.root.child("Assertion", .saml) else { return }
                         let extensions = document.root.addChild("Extensions", .samlp)
                         signed.insertBefore(extensions)
                         extensions.append(Faults.evilCopy(of: signed, id: signed.attribute("ID") ?? ""))
                     }),
            sig.make(42, "XSW8: signed Assertion altered, its original in a ds:Object",
                     rule: "\(xsw); \(wrapping)",
                     fault: "Response unsigned; the Assertion keeps its ID and Signature but gets another NameID; the original inside a ds:Object of its Signature",
                     guardsSignedReading: true,
                     Faults.signed(assertionOnly) { document in
                         guard let assertion = document.root.child("Assertion", .saml) else { return }
                         let original = assertion.deepCopy()
                         original.child("Signature", .ds)?.remove()
                         assertion.child("Signature", .ds)?.addChild("Object", .ds).append(original)
                         Faults.nameID(in: assertion)?.setText(Faults.evilNameID)
                     }),
            sig.make(43, "Duplicate Assertion after the signed one is refused (CVE-2022-41912)",
                     rule: "CVE-2022-41912 (crewjam/saml, GHSA-j2jp-wvqg-wc2g); \(wrapping)",
                     fault: "Response unsigned, Assertion signed; an unsigned evil Assertion appended after it",
                     // acceptWrappedSignature reads the first direct Assertion: here the genuine,
                     // signed one, which keeps the rule this case guards. No weakness logs in the
                     // attacker through this shape yet.
                     guardsSignedReading: true,
                     Faults.signed(assertionOnly) { document in
                         guard let signed = document.root.child("Assertion", .saml) else { return }
                         document.root.append(Faults.evilCopy(of: signed))
                     }),
            sig.make(44, "Two Assertions in a signed Response are refused",
                     rule: "MPass guide, Response: one Assertion; CVE-2022-41912 (which Assertion is read?)",
                     fault: "MPass signs a Response holding a second Assertion for another user",
                     Faults.response { response in
                         guard var other = response.assertions.first else { return }
                         other.id = SAMLIdentifier.make()
                         other.subject?.nameID = NameID(Faults.evilNameID)
                         response.assertions.append(other)
                     }),
            sig.make(45, "Assertion in a look-alike namespace is refused (parser differential)",
                     rule: "CVE-2025-25292 family (ruby-saml namespace handling, GHSA-754f-8gm6-c4r2): a reader matching prefixes or local names takes the look-alike for the Assertion; \(wrapping)",
                     fault: "Response unsigned, Assertion signed; before it an evil copy (attacker's NameID) whose saml2 prefix is rebound to another namespace",
                     // A namespace-aware reader never takes the look-alike for the Assertion and logs
                     // in the genuine, signed user: the rule holds (python3-saml in lax mode does so).
                     guardsSignedReading: true,
                     lookalike(.beforeSignedAssertion, reboundPrefix: true)),
            sig.make(46, "Assertion in no namespace (xmlns=\"\") inside the Response's Signature is refused (CVE-2025-25292)",
                     rule: "CVE-2025-25292 (ruby-saml authentication bypass by namespace handling, GHSA-754f-8gm6-c4r2; GitHub Security Lab 2025, 'Sign in as anyone'); Namespaces in XML 1.0 6.2 (xmlns=\"\": no namespace); XMLDSig 4.4 and 6.6.4 (ds:KeyInfo is covered neither by SignedInfo nor, under the enveloped transform, by the digest); \(wrapping)",
                     fault: "the genuine Response, signed and verifying; inside its ds:Signature's KeyInfo an evil copy of the Assertion with the attacker's NameID, its names unprefixed under xmlns=\"\". A namespace-aware reader verifies and reads the signed Assertion; a reader matching local names logs in the attacker",
                     guardsSignedReading: true, lookalike(.inResponseSignature, reboundPrefix: false)),
            sig.make(47, "Assertion with a rebound saml2 prefix inside the Response's Signature is refused (CVE-2025-25292)",
                     rule: "CVE-2025-25292 (ruby-saml namespace handling, GHSA-754f-8gm6-c4r2); Namespaces in XML 1.0 6.1 (a redeclared prefix names another namespace); XMLDSig 4.4 and 6.6.4; \(wrapping)",
                     fault: "the genuine Response, signed and verifying; inside its ds:Signature's KeyInfo an evil copy of the Assertion with the attacker's NameID, its saml2 prefix redeclared to another namespace. A namespace-aware reader verifies and reads the signed Assertion; a reader matching prefixes or local names logs in the attacker",
                     guardsSignedReading: true, lookalike(.inResponseSignature, reboundPrefix: true)),
        ]
    }()

    private static func core(_ section: Double) -> String { "SAML Core \(section)" }

    /// Where `lookalike` puts the evil copy of the Assertion.
    private enum LookalikePlace {
        /// Response unsigned, Assertion signed; the copy just before the signed Assertion.
        case beforeSignedAssertion
        /// The genuine, signed Response; the copy in the ds:KeyInfo of the Response's own
        /// Signature, which neither the digest (enveloped-signature transform) nor the
        /// SignatureValue (over SignedInfo only) covers.
        case inResponseSignature
    }

    /// An evil copy of the Assertion (the attacker's NameID) outside the SAML assertion
    /// namespace: its saml2 prefix rebound to another URI, or its names unprefixed under an
    /// empty default namespace. Written after serialization: a namespace declaration cannot
    /// be changed through the element API.
    private static func lookalike(_ place: LookalikePlace, reboundPrefix: Bool) -> ConformanceCase.Scenario {
        let mark = "_lookalike"
        let placed: ConformanceCase.Scenario = switch place {
        case .beforeSignedAssertion:
            Faults.signed({ $0.signResponse = false; $0.signAssertion = true }) { document in
                guard let signed = document.root.child("Assertion", .saml) else { return }
                signed.insertBefore(Faults.evilCopy(of: signed, id: mark + SAMLIdentifier.make().dropFirst()))
            }
        case .inResponseSignature:
            Faults.signed { document in
                guard let signed = document.root.child("Assertion", .saml),
                      let signature = document.root.child("Signature", .ds) else { return }
                let keyInfo = signature.child("KeyInfo", .ds) ?? signature.addChild("KeyInfo", .ds)
                keyInfo.append(Faults.evilCopy(of: signed, id: mark + SAMLIdentifier.make().dropFirst()))
            }
        }
        return placed.withSerialized { bytes in
            let text = String(decoding: bytes, as: UTF8.self)
            guard let id = text.range(of: "ID=\"\(mark)"),
                  let tagStart = text[..<id.lowerBound].lastIndex(of: "<"),
                  let close = text[id.upperBound...].range(of: "</saml2:Assertion>") else { return bytes }
            var head = String(text[tagStart..<id.lowerBound])
            var body = String(text[id.lowerBound..<close.upperBound])
            if reboundPrefix {
                let declared = "xmlns:saml2=\"urn:oasis:names:tc:SAML:2.0:assertion\""
                let lookalike = "xmlns:saml2=\"urn:oasis:names:tc:SAML:2.0:assertion:lookalike\""
                head = head.contains(declared) ? head.replacingOccurrences(of: declared, with: lookalike) : head + lookalike + " "
            } else {
                head = head.replacingOccurrences(of: "<saml2:", with: "<") + "xmlns=\"\" "
                body = body.replacingOccurrences(of: "<saml2:", with: "<").replacingOccurrences(of: "</saml2:", with: "</")
            }
            return Data((text[..<tagStart] + head + body + text[close.upperBound...]).utf8)
        }
    }
}

extension ConformanceCase.Scenario {
    /// The same login scenario with the serialized bytes changed last.
    func withSerialized(_ change: @escaping @Sendable (Data) -> Data) -> ConformanceCase.Scenario {
        guard case .login(var switches) = self else { return self }
        switches.mutateSerializedXML = change
        return .login(switches)
    }
}
