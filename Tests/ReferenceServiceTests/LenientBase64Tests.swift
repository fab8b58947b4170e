import Foundation
@testable import ReferenceService
import Testing

/// The `lenientBase64` weakness skips what a strict decoder refuses, and touches nothing else.
@Suite struct LenientBase64Tests {
    @Test func charactersOutsideTheAlphabetAreDroppedFromTheResponseOnly() {
        let body = "SAMLResponse=PHI%2B*PC9y%0APg%3D%3D&RelayState=a*b"
        let cleaned = LenientBase64.cleaned(body)
        #expect(cleaned == "SAMLResponse=PHI%2BPC9yPg%3D%3D&RelayState=a*b")
        #expect(Data(base64Encoded: "PHI+PC9yPg==").map { String(decoding: $0, as: UTF8.self) } == "<r></r>")
    }

    @Test func aBodyWithoutResponseIsUnchanged() {
        #expect(LenientBase64.cleaned("SAMLRequest=a*b&x=1") == "SAMLRequest=a*b&x=1")
    }
}
