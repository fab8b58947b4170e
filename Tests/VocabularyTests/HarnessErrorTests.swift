import Testing
import Vocabulary

extension HarnessError.Code {
    fileprivate static let sample = Self(rawValue: "sample.thing-failed")
    fileprivate static let other = Self(rawValue: "sample.other")
}

/// The one error type: compared by code, shown as the command line and the logs show it.
@Suite struct HarnessErrorTests {
    @Test func errorsAreComparedByCodeNotByReason() {
        #expect(HarnessError(.sample, "one wording") == HarnessError(.sample, "another wording"))
        #expect(HarnessError(.sample, "same wording") != HarnessError(.other, "same wording"))
    }

    @Test func theDescriptionLeadsWithTheCode() {
        let error = HarnessError(.sample, "the thing failed; do this")
        #expect(error.description == "sample.thing-failed: the thing failed; do this")
        #expect("\(error)" == "sample.thing-failed: the thing failed; do this")
    }

    @Test func theUserMessageEndsWithTheCodeInBrackets() {
        #expect(HarnessError(.sample, "the thing failed; do this").userMessage == "the thing failed; do this [sample.thing-failed]")
    }

    @Test func typedThrowsCarryTheCode() {
        func fail() throws(HarnessError) { throw HarnessError(.other, "no") }
        #expect(throws: HarnessError(.other, "")) { try fail() }
    }
}
