import Foundation
import Testing
import MPassSAML
@testable import MPassSimulator

/// `demo`'s promise (README): the signed sample passes every check, the copy whose NameID
/// changed after signing fails its signature (XML-DSig: the digest covers the Assertion's text).
@Suite struct SignatureDemoTests {
    @Test func theSignedSamplePassesAndTheTamperedCopyFailsItsSignature() throws {
        let demo = try SignatureDemo.run()
        #expect(demo.acceptedTheSigned)
        #expect(demo.refusedTheTampered)
        #expect(demo.showedWhatItPromises)
        let halves = demo.text.components(separatedBy: "\n2. ")
        try #require(halves.count == 2, "\(demo.text)")
        #expect(halves[0].contains("PASS \(CheckID.responseSignature.value)"), "\(halves[0])")
        #expect(!halves[0].contains("FAIL "), "\(halves[0])")
        #expect(halves[1].contains("FAIL \(CheckID.responseSignature.value)"), "\(halves[1])")
        #expect(halves[1].hasSuffix("=> INVALID\n"), "\(halves[1])")
    }
}
