import HTTPTypes
import Foundation
import Testing
@testable import MPassSAML
import Vocabulary

@Suite(.timeLimit(.minutes(5))) struct HTTPRedirectBindingTests {
    let xml = Data("""
        <saml2p:AuthnRequest xmlns:saml2p="urn:oasis:names:tc:SAML:2.0:protocol" ID="_a1" Version="2.0">\
        <saml2:Issuer xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion">https://mpass.localhost.egov.md</saml2:Issuer>\
        </saml2p:AuthnRequest>
        """.utf8)
    let sso = "https://mpass.staging.egov.md/login/saml"
    var servicePolicy: SignaturePolicy { SignaturePolicy(pinnedCertificates: [TestIdentities.service.certificate]) }

    func signedURL(relayState: String? = "_a1", algorithm: SignatureAlgorithm = .rsaSha256,
                   destination: String? = nil) throws -> RedirectBindingURL {
        try HTTPRedirectBinding.encode(xml, as: .request, destination: destination ?? sso, relayState: relayState,
                                       signingKey: TestIdentities.service.privateKey, signatureAlgorithm: algorithm)
    }

    func outcome(_ checks: [CheckResult], _ id: CheckID) -> CheckOutcome? {
        checks.first { $0.id == id }?.outcome
    }

    // MARK: Round trips

    @Test func signedRoundTripKeepsTheLangParameter() throws {
        let encoded = try signedURL(destination: sso + "?lang=ro")
        #expect(encoded.url.hasPrefix(sso + "?lang=ro&SAMLRequest="))
        #expect(encoded.headers[.location] == encoded.url)
        #expect(encoded.headers[.cacheControl] == "no-cache, no-store")

        let decoded = try HTTPRedirectBinding.decode(url: encoded.url)
        #expect(decoded.field == .request)
        #expect(decoded.xml == xml)
        #expect(decoded.relayState == "_a1")
        #expect(decoded.otherParameters == ["lang": "ro"])
        #expect(decoded.signedOctets == encoded.signedOctets)
        let checks = decoded.verifySignature(policy: servicePolicy)
        #expect(checks.map(\.id.rawValue) == ["redirect.signature.present", "redirect.signature.algorithm", "redirect.signature.value"])
        #expect(checks.allSatisfy { $0.isPass }, "\(checks.map(\.line))")
    }

    @Test func signedOctetsAreParametersInSpecOrder() throws {
        let encoded = try signedURL()
        let octets = String(decoding: encoded.signedOctets!, as: UTF8.self)
        let names = octets.split(separator: "&").map { $0.split(separator: "=")[0] }
        #expect(names == ["SAMLRequest", "RelayState", "SigAlg"])
        #expect(octets.hasSuffix("&SigAlg=http%3A%2F%2Fwww.w3.org%2F2001%2F04%2Fxmldsig-more%23rsa-sha256"))
        #expect(encoded.query == octets + "&Signature=" + FormURLEncoding.percentEncode(encoded.signature!.base64EncodedString()))

        // Without RelayState, it is left out of the signed octets altogether.
        let bare = try signedURL(relayState: nil)
        let bareNames = String(decoding: bare.signedOctets!, as: UTF8.self).split(separator: "&").map { $0.split(separator: "=")[0] }
        #expect(bareNames == ["SAMLRequest", "SigAlg"])
        let decoded = try HTTPRedirectBinding.decode(url: bare.url)
        #expect(decoded.relayState == nil)
        #expect(decoded.verifySignature(policy: servicePolicy).allSatisfy { $0.isPass })
    }

    @Test func unsignedRoundTripReportsTheMissingSignature() throws {
        let encoded = try HTTPRedirectBinding.encode(xml, as: .response, destination: "https://sp.example/slo", relayState: "x")
        #expect(encoded.signature == nil && encoded.signedOctets == nil && encoded.signatureAlgorithm == nil)
        #expect(!encoded.url.contains("SigAlg"))
        let decoded = try HTTPRedirectBinding.decode(url: encoded.url)
        #expect(decoded.field == .response)
        #expect(decoded.xml == xml)
        let checks = decoded.verifySignature(policy: servicePolicy)
        #expect(checks[0].id == CheckID.redirectSignaturePresent && checks[0].isFailure)
        #expect(outcome(checks, CheckID.redirectSignatureAlgorithm) == .skipped(prerequisite: "redirect.signature.present"))
        #expect(outcome(checks, CheckID.redirectSignatureValue) == .skipped(prerequisite: "redirect.signature.present"))
    }

    @Test func destinationEndingInQuestionMarkOrAmpersandIsAppendedCleanly() throws {
        #expect(try signedURL(destination: sso + "?").url.hasPrefix(sso + "?SAMLRequest="))
        #expect(try signedURL(destination: sso + "?lang=en&").url.hasPrefix(sso + "?lang=en&SAMLRequest="))
    }

    @Test func destinationThatAlreadyCarriesASAMLParameterIsRefused() {
        #expect(throws: HarnessError(.bindingBadURL, "")) { try signedURL(destination: sso + "?RelayState=x") }
    }

    // MARK: Signature over the exact received bytes

    /// A sender whose encoder writes lowercase escapes (`%2f`) and puts the parameters in
    /// another order. Signed by the `openssl` command-line tool, an independent signer.
    @Test func signatureIsVerifiedOverTheExactReceivedBytesWithLowercaseEscapes() throws {
        let deflated = try RawDeflate.compress(xml).base64EncodedString()
        let message = Self.lowercaseEncode(deflated)
        let relay = Self.lowercaseEncode("a/b c")
        let sigAlg = Self.lowercaseEncode(SignatureAlgorithm.rsaSha256.uri)
        #expect(sigAlg.contains("%3a%2f%2f"))
        let signed = "SAMLRequest=\(message)&RelayState=\(relay)&SigAlg=\(sigAlg)"

        let signature = try OpenSSLTool.sign(Data(signed.utf8), with: TestIdentities.service.privateKey)
        let query = "SigAlg=\(sigAlg)&Signature=\(Self.lowercaseEncode(signature.base64EncodedString()))&RelayState=\(relay)&SAMLRequest=\(message)"
        let decoded = try HTTPRedirectBinding.decode(query: "?" + query)
        #expect(decoded.relayState == "a/b c")
        #expect(decoded.signedOctets == Data(signed.utf8))
        let checks = decoded.verifySignature(policy: servicePolicy)
        #expect(checks.allSatisfy { $0.isPass }, "\(checks.map(\.line))")

        // The control that makes this test able to fail: the same values re-encoded the
        // usual way (uppercase escapes) are different octets, and the signature does not
        // hold over them. A decoder that re-encoded would report a bad signature here.
        let reencoded = "SAMLRequest=\(FormURLEncoding.percentEncode(deflated))&RelayState=\(FormURLEncoding.percentEncode("a/b c"))&SigAlg=\(FormURLEncoding.percentEncode(SignatureAlgorithm.rsaSha256.uri))"
        #expect(reencoded != signed)
        #expect(!TestIdentities.service.certificate.verify(signature: signature, over: Data(reencoded.utf8), algorithm: .rsaSha256))
    }

    @Test func changedRelayStateFailsTheSignatureValue() throws {
        let encoded = try signedURL(relayState: "_a1")
        let tampered = encoded.url.replacingOccurrences(of: "RelayState=_a1", with: "RelayState=_a2")
        #expect(tampered != encoded.url)
        let checks = try HTTPRedirectBinding.decode(url: tampered).verifySignature(policy: servicePolicy)
        #expect(outcome(checks, CheckID.redirectSignaturePresent) == .passed)
        #expect(outcome(checks, CheckID.redirectSignatureAlgorithm) == .passed)
        #expect(checks.first { $0.id == CheckID.redirectSignatureValue }?.isFailure == true)
    }

    @Test func removedRelayStateFailsTheSignatureValue() throws {
        let encoded = try signedURL(relayState: "_a1")
        let stripped = encoded.url.replacingOccurrences(of: "&RelayState=_a1", with: "")
        let checks = try HTTPRedirectBinding.decode(url: stripped).verifySignature(policy: servicePolicy)
        #expect(checks.first { $0.id == CheckID.redirectSignatureValue }?.isFailure == true)
    }

    @Test func signatureByAnotherKeyFails() throws {
        let encoded = try HTTPRedirectBinding.encode(xml, as: .request, destination: sso,
                                                     signingKey: TestIdentities.attacker.privateKey)
        let checks = try HTTPRedirectBinding.decode(url: encoded.url).verifySignature(policy: servicePolicy)
        #expect(checks.first { $0.id == CheckID.redirectSignatureValue }?.isFailure == true)
        #expect(checks.first { $0.id == CheckID.redirectSignatureAlgorithm }?.isPass == true)
    }

    @Test func sha1IsRefusedByDefaultAndAcceptedWhenAllowed() throws {
        let decoded = try HTTPRedirectBinding.decode(url: signedURL(algorithm: .rsaSha1).url)
        #expect(decoded.signatureAlgorithmURI == SignatureAlgorithm.rsaSha1.uri)
        let strict = decoded.verifySignature(policy: servicePolicy)
        #expect(strict.first { $0.id == CheckID.redirectSignatureAlgorithm }?.isFailure == true)
        #expect(outcome(strict, CheckID.redirectSignatureValue) == .skipped(prerequisite: "redirect.signature.algorithm"))

        let lax = decoded.verifySignature(policy: SignaturePolicy(pinnedCertificates: [TestIdentities.service.certificate],
                                                                  allowWeakAlgorithms: true))
        #expect(lax.allSatisfy { $0.isPass }, "\(lax.map(\.line))")
    }

    @Test(arguments: ["http://www.w3.org/2000/09/xmldsig#dsa-sha1", "urn:unknown", ""])
    func unknownSigAlgIsAFailedCheck(uri: String) throws {
        let encoded = try signedURL()
        let swapped = encoded.url.replacingOccurrences(
            of: "SigAlg=" + FormURLEncoding.percentEncode(SignatureAlgorithm.rsaSha256.uri),
            with: "SigAlg=" + FormURLEncoding.percentEncode(uri))
        #expect(swapped != encoded.url)
        let checks = try HTTPRedirectBinding.decode(url: swapped).verifySignature(policy: servicePolicy)
        #expect(checks.first { $0.id == CheckID.redirectSignatureAlgorithm }?.isFailure == true)
        #expect(outcome(checks, CheckID.redirectSignatureValue) == .skipped(prerequisite: "redirect.signature.algorithm"))
    }

    @Test func signatureThatIsNotBase64FailsTheValueCheck() throws {
        let encoded = try signedURL()
        let broken = encoded.url.replacingOccurrences(of: "&Signature=", with: "&Signature=%21%21")
        let checks = try HTTPRedirectBinding.decode(url: broken).verifySignature(policy: servicePolicy)
        let value = try #require(checks.first { $0.id == CheckID.redirectSignatureValue })
        #expect(value.isFailure)
        #expect(value.detail.contains("'!'"))
    }

    @Test func noPinnedCertificateFailsTheValueCheck() throws {
        let checks = try HTTPRedirectBinding.decode(url: signedURL().url).verifySignature(policy: SignaturePolicy(pinnedCertificates: []))
        #expect(checks.first { $0.id == CheckID.redirectSignatureValue }?.isFailure == true)
    }

    /// The signed octets are standard: `openssl dgst -sha256 -verify` accepts the signature
    /// over the text of the URL from `SAMLRequest=` to just before `&Signature=`. The query is
    /// taken apart here by plain string operations, not by the decoder under test.
    @Test func opensslVerifiesTheQuerySignature() throws {
        let url = try signedURL(relayState: "state/with spaces+plus", destination: sso + "?lang=ru").url
        let start = try #require(url.range(of: "SAMLRequest="))
        let signatureMark = try #require(url.range(of: "&Signature="))
        let data = Data(url[start.lowerBound..<signatureMark.lowerBound].utf8)
        let signatureText = try #require(String(url[signatureMark.upperBound...]).removingPercentEncoding)
        let signature = try #require(Data(base64Encoded: signatureText))

        let result = try OpenSSLTool.verify(signature: signature, over: data, with: TestIdentities.service.certificate)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("Verified OK"))

        // Control: one changed byte and openssl refuses.
        var changed = data
        changed[changed.startIndex + 5] ^= 0x01
        let refused = try OpenSSLTool.verify(signature: signature, over: changed, with: TestIdentities.service.certificate)
        #expect(refused.status != 0)
    }

    // MARK: Bad input

    @Test func truncatedDeflateIsBadDeflate() throws {
        let deflated = try RawDeflate.compress(xml)
        let truncated = deflated.prefix(deflated.count / 2)
        let query = "SAMLRequest=" + FormURLEncoding.percentEncode(truncated.base64EncodedString())
        let error = #expect(throws: HarnessError(.bindingBadDeflate, "")) { try HTTPRedirectBinding.decode(query: query) }
        #expect(error?.reason.contains("truncated") == true, "\(error?.reason ?? "")")
    }

    @Test func zlibWrappedDataIsBadDeflateWithAHint() throws {
        // 0x78 0x9C is the usual zlib header: a sender that used deflateInit instead of raw DEFLATE.
        let zlibWrapped = Data([0x78, 0x9C]) + (try RawDeflate.compress(xml)) + Data([0, 0, 0, 0])
        let query = "SAMLRequest=" + FormURLEncoding.percentEncode(zlibWrapped.base64EncodedString())
        let error = #expect(throws: HarnessError(.bindingBadDeflate, "")) { try HTTPRedirectBinding.decode(query: query) }
        #expect(error?.reason.contains("RFC 1951") == true, "\(error?.reason ?? "")")
    }

    @Test func trailingBytesAfterTheDeflateStreamAreBadDeflate() throws {
        let padded = (try RawDeflate.compress(xml)) + Data("extra".utf8)
        let query = "SAMLRequest=" + FormURLEncoding.percentEncode(padded.base64EncodedString())
        #expect(throws: HarnessError(.bindingBadDeflate, "")) { try HTTPRedirectBinding.decode(query: query) }
    }

    @Test func deflateBombIsCapped() throws {
        // 4 MB of spaces inside an element deflates to about 4 KB.
        var bomb = Data("<saml2p:AuthnRequest xmlns:saml2p=\"urn:oasis:names:tc:SAML:2.0:protocol\">".utf8)
        bomb.append(Data(repeating: 0x20, count: 4 << 20))
        bomb.append(Data("</saml2p:AuthnRequest>".utf8))
        let deflated = try RawDeflate.compress(bomb)
        #expect(deflated.count < 16 * 1024)
        let query = "SAMLRequest=" + FormURLEncoding.percentEncode(deflated.base64EncodedString())
        let error = #expect(throws: HarnessError(.bindingTooLarge, "")) { try HTTPRedirectBinding.decode(query: query) }
        #expect(error?.reason.contains("deflate bomb") == true)
        // The cap is the only thing refusing it: with room for it, it inflates.
        #expect(try HTTPRedirectBinding.decode(query: query, maxInflatedBytes: 5 << 20).xml == bomb)
    }

    @Test func brokenBase64IsBadBase64() {
        let error = #expect(throws: HarnessError(.bindingBadBase64, "")) {
            try HTTPRedirectBinding.decode(query: "SAMLRequest=fZ%2A%2AJb&RelayState=x")
        }
        #expect(error?.reason.contains("'*'") == true)
    }

    @Test func unescapedPlusInBase64IsReadAsPlus() throws {
        let deflated = try RawDeflate.compress(xml).base64EncodedString()
        // Escape everything but '+', as some senders do.
        let sloppy = FormURLEncoding.percentEncode(deflated).replacingOccurrences(of: "%2B", with: "+")
        #expect(try HTTPRedirectBinding.decode(query: "SAMLRequest=" + sloppy).xml == xml)
    }

    @Test func relayStateOf81BytesIsRefused() {
        #expect(throws: HarnessError(.bindingRelayStateTooLong, "")) {
            try signedURL(relayState: String(repeating: "x", count: 81))
        }
    }

    @Test(arguments: [
        ("https://sp.example/acs", HarnessError.Code.bindingMissingParameter),
        ("https://sp.example/acs?RelayState=x", .bindingMissingParameter),
        ("https://sp.example/acs?SAMLRequest=PHg%2B&SAMLRequest=PHk%2B", .bindingDuplicateParameter),
        ("https://sp.example/acs?SAMLRequest=PHg%2B&SAMLResponse=PHg%2B", .bindingDuplicateParameter),
        ("https://sp.example/acs?SAMLRequest=PHg%2B&Signature=a&Signature=b", .bindingDuplicateParameter),
        ("https://sp.example/acs?SAMLRequest=PHg%zz", .bindingBadURL),
    ])
    func undecodableURLsAreRefused(url: String, code: HarnessError.Code) {
        #expect(throws: HarnessError(code, "")) { try HTTPRedirectBinding.decode(url: url) }
    }

    @Test func embeddedXMLSignatureIsReported() throws {
        let document = try SafeXMLParser().parse(xml)
        try XMLSigner(identity: TestIdentities.service).sign(document.root)
        let withSignature = try HTTPRedirectBinding.decode(url: HTTPRedirectBinding.encode(
            document.serialized(), as: .request, destination: sso).url)
        #expect(withSignature.embeddedSignatureCheck.isFailure)
        let plain = try HTTPRedirectBinding.decode(url: signedURL().url)
        #expect(plain.embeddedSignatureCheck.isPass)
    }

    /// Percent-encodes like RFC 3986 unreserved, but with lowercase hex (legal, and what
    /// some encoders write).
    static func lowercaseEncode(_ text: String) -> String {
        text.utf8.map { byte -> String in
            switch byte {
            case 0x41...0x5A, 0x61...0x7A, 0x30...0x39, 0x2D, 0x2E, 0x5F, 0x7E: String(UnicodeScalar(byte))
            default: String(format: "%%%02x", byte)
            }
        }.joined()
    }
}
