import Foundation
import Testing
import TestSupport

/// `demo` (README: "sign a sample Response with throwaway keys, verify it, then a tampered
/// copy"): the sample passes every check, and the copy whose NameID changed after signing
/// fails its signature.
@Suite(.timeLimit(.minutes(5)), .temporaryDirectories) struct DemoCLITests {
    @Test func theSampleVerifiesAndTheTamperedCopyDoesNot() async throws {
        let result = try await CLI.run(["demo"])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        let parts = result.stdout.components(separatedBy: "\n2. ")
        try #require(parts.count == 2, "\(result.stdout)")
        #expect(parts[0].contains("PASS response.signature.value"), "\(parts[0])")
        #expect(!parts[0].contains("FAIL "), "\(parts[0])")
        #expect(parts[0].hasSuffix("=> VALID\n"), "\(parts[0])")
        #expect(parts[1].contains("FAIL response.signature.value"), "\(parts[1])")
        #expect(parts[1].hasSuffix("=> INVALID\n"), "\(parts[1])")
    }
}
