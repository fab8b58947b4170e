import Foundation
import Testing
@testable import MPassSAML

/// What the verifier says on real-world shapes (issue 12, "And on real messages"): each
/// reason names what the message actually holds.
@Suite struct VerifierWordingTests {
    private func tamperedResponseSignature(_ xml: Data) -> Data {
        // The Response's SignatureValue is the first one in document order: change one character.
        var text = String(decoding: xml, as: UTF8.self)
        let range = text.range(of: "<ds:SignatureValue>")!
        let index = text.index(range.upperBound, offsetBy: 5)
        let replacement: Character = text[index] == "A" ? "B" : "A"
        text.replaceSubrange(index...index, with: String(replacement))
        return Data(text.utf8)
    }

    /// The Response's signature fails and only the Assertion's verifies: not "only the Assertion is signed".
    @Test func messageSignedDoesNotHideAFailedResponseSignature() throws {
        let xml = try Samples.signedResponseXML(signResponse: true, signAssertion: true)
        var expectations = Samples.expectations()
        expectations.requireSignedResponse = false
        let result = try Samples.validate(tamperedResponseSignature(xml), expectations: expectations)
        #expect(result.report[CheckID.responseSignature.value]?.isFailure == true)
        let signed = try #require(result.report[CheckID.messageSigned])
        #expect(!signed.detail.contains("only the Assertion is signed"), "\(signed.line)")
        #expect(signed.detail.contains("the Response's own does not"), "\(signed.line)")
        #expect(!result.isValid)
    }

    /// An unsigned Assertion in an unsigned Response is covered by nothing, and is not said to be.
    @Test func unsignedAssertionIsNotSaidToBeCoveredByAMissingSignature() throws {
        var expectations = Samples.expectations()
        expectations.requireSignedResponse = false
        let result = try Samples.validate(Samples.response().document().serialized(), expectations: expectations)
        let present = try #require(result.report[CheckID.assertionSignature.present])
        #expect(!present.detail.contains("covered by the Response's signature"), "\(present.line)")
        #expect(present.detail.contains("no signature covers it"))
        #expect(result.report[CheckID.messageSigned]?.isFailure == true)
    }

    @Test func unsignedAssertionUnderAFailedResponseSignatureIsSaidSo() throws {
        let xml = try Samples.signedResponseXML(signResponse: true, signAssertion: false)
        let result = try Samples.validate(tamperedResponseSignature(xml))
        let present = try #require(result.report[CheckID.assertionSignature.present])
        #expect(present.detail.contains("does not verify"), "\(present.line)")
    }

    /// Unknown algorithms are named as what they are, not as "MPass signs with RSA-SHA256".
    @Test(arguments: [
        ("http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256", "ECDSA with SHA-256"),
        ("http://www.w3.org/2000/09/xmldsig#hmac-sha1", "HMAC-SHA1"),
        ("urn:example:made-up", "an algorithm URI this library does not know"),
    ])
    func unknownSignatureMethodIsNamed(uri: String, name: String) throws {
        let xml = String(decoding: try Samples.signedResponseXML(), as: UTF8.self)
            .replacingOccurrences(of: SignatureAlgorithm.rsaSha256.uri, with: uri)
        let result = try Samples.validate(Data(xml.utf8))
        let check = try #require(result.report[CheckID.responseSignature.algorithm])
        #expect(check.isFailure)
        #expect(check.detail.contains(uri))
        #expect(check.detail.contains(name), "\(check.line)")
        #expect(!check.detail.contains("MPass signs with RSA-SHA256"))
    }

    @Test func unknownDigestMethodIsNamed() throws {
        let xml = String(decoding: try Samples.signedResponseXML(), as: UTF8.self)
            .replacingOccurrences(of: DigestAlgorithm.sha256.uri, with: XMLDSigURI.md5)
        let check = try #require(try Samples.validate(Data(xml.utf8)).report[CheckID.responseSignature.digestAlgorithm])
        #expect(check.isFailure)
        #expect(check.detail.contains("(MD5)"), "\(check.line)")
        #expect(!check.detail.contains("MPass uses SHA-256"))
    }

    /// "+00:00" is UTC; it is refused for not being the Z form, and said so.
    @Test func plusZeroOffsetIsNotCalledNonUTC() throws {
        let response = Samples.response()
        let xml = String(decoding: try response.document().serialized(), as: UTF8.self)
        let instant = SAMLTime.format(testNow)
        let offset = xml.replacingOccurrences(of: "IssueInstant=\"\(instant)\"", with: "IssueInstant=\"\(instant.dropLast())+00:00\"")
        #expect(offset != xml)
        let check = try #require(try Samples.validate(Data(offset.utf8)).report[CheckID.responseIssueInstant])
        #expect(check.isFailure)
        #expect(!check.detail.contains("not in UTC"), "\(check.line)")
        #expect(check.detail.contains("UTC written with an offset (+00:00)"), "\(check.line)")
        let local = xml.replacingOccurrences(of: "IssueInstant=\"\(instant)\"", with: "IssueInstant=\"\(instant.dropLast())+02:00\"")
        let localCheck = try #require(try Samples.validate(Data(local.utf8)).report[CheckID.responseIssueInstant])
        #expect(localCheck.detail.contains("local time (offset +02:00)"), "\(localCheck.line)")
    }

    /// A pinned key under 2048 bits is not trusted, even when it made the signature.
    @Test func pinnedKeyUnder2048BitsIsRefused() throws {
        let weak = try TestCredentialFactory.make(.init(commonName: "weak IdP", bits: 1024))
        let xml = try Samples.signedResponseXML(identity: weak)
        var expectations = Samples.expectations()
        expectations.pinnedCertificates = [weak.certificate]
        let result = try Samples.validate(xml, expectations: expectations)
        let value = try #require(result.report[CheckID.responseSignature.value])
        #expect(value.isFailure)
        #expect(value.detail.contains("under 2048 bits"), "\(value.line)")
        #expect(!result.isValid)
    }

    /// A misplaced signature: the report says whether the signature itself holds.
    @Test func positionFailureSaysWhetherTheSignatureVerifies() throws {
        let document = try SafeXMLParser().parse(Samples.signedResponseXML())
        let root = document.root
        let signature = try #require(root.child("Signature", .ds))
        root.append(signature)  // moved to the end: genuine, misplaced
        let genuine = try Samples.validate(document.serialized())
        let position = try #require(genuine.report[CheckID.responseSignature.position])
        #expect(position.isFailure)
        #expect(position.detail.contains("the signature itself verifies"), "\(position.line)")

        let forged = try SafeXMLParser().parse(Samples.signedResponseXML(identity: TestIdentities.attacker))
        forged.root.append(try #require(forged.root.child("Signature", .ds)))
        let forgedPosition = try #require(try Samples.validate(forged.serialized()).report[CheckID.responseSignature.position])
        #expect(forgedPosition.detail.contains("does not verify either"), "\(forgedPosition.line)")
    }
}

/// The document owns every node: no view dangles after removal, copies never leak, and the
/// root cannot be taken away.
@Suite struct XMLOwnershipTests {
    @Test func removedElementStaysReadableThroughOtherCopies() throws {
        let document = try SafeXMLParser().parse(Samples.signedResponseXML())
        let issuer = try #require(document.root.child("Issuer", .saml))
        let sameIssuer = try #require(document.root.child("Issuer", .saml))
        #expect(issuer.remove())
        // The other view still reads the (detached) element, and it can be put back.
        #expect(sameIssuer.text == Samples.idpIssuer)
        #expect(document.root.child("Issuer", .saml) == nil)
        document.root.prepend(sameIssuer)
        #expect(document.root.child("Issuer", .saml)?.text == Samples.idpIssuer)
    }

    @Test func setTextKeepsViewsOfFormerChildrenValid() throws {
        let document = try Samples.response().document()
        let assertion = try #require(document.root.child("Assertion", .saml))
        let subject = try #require(assertion.child("Subject", .saml))
        assertion.setText("gone")
        #expect(subject.localName == "Subject")
        #expect(subject.child("NameID", .saml)?.text == "2001234567890")
    }

    @Test func rootCannotBeRemovedOrMoved() throws {
        let document = try Samples.response().document()
        let root = document.root
        #expect(root.remove() == false)
        let status = try #require(root.child("Status", .samlp))
        status.append(root)  // a cycle: refused
        #expect(document.root.isSameNode(as: root))
        #expect(status.children.allSatisfy { !$0.isSameNode(as: root) })
    }

    @Test func elementCannotMoveIntoItsOwnDescendant() throws {
        let document = try Samples.response().document()
        let assertion = try #require(document.root.child("Assertion", .saml))
        let subject = try #require(assertion.child("Subject", .saml))
        subject.append(assertion)
        #expect(assertion.parent?.isSameNode(as: document.root) == true)
        #expect(subject.parent?.isSameNode(as: assertion) == true)
    }

    @Test func unattachedDeepCopyIsOwnedByTheDocument() throws {
        // Under AddressSanitizer or valgrind a leak shows here; without, the copy must be usable
        // after the original is gone, and attaching it must work.
        let document = try Samples.response().document()
        let assertion = try #require(document.root.child("Assertion", .saml))
        let copy = assertion.deepCopy()
        #expect(copy.parent == nil)
        #expect(assertion.remove())
        #expect(copy.child("Subject", .saml)?.child("NameID", .saml)?.text == "2001234567890")
        document.root.append(copy)
        #expect(document.root.children("Assertion", .saml).count == 1)
        _ = assertion.deepCopy()  // never attached: freed with the document
    }

    @Test func elementOfAnotherDocumentIsNotMovedIn() throws {
        let one = try Samples.response().document()
        let other = try Samples.response().document()
        let foreign = try #require(other.root.child("Issuer", .saml))
        one.root.append(foreign)
        #expect(foreign.parent?.isSameNode(as: other.root) == true)
    }
}
