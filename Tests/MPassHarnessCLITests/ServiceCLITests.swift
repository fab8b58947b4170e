import Foundation
import Testing
import TestSupport

/// `service serve --request-binding`: how the reference Service sends its own requests.
@Suite(.timeLimit(.minutes(10)), .temporaryDirectories) struct ServiceCLITests {
    @Test func anUnknownBindingIsAUsageErrorNamingTheChoices() async throws {
        let dir = CLI.temporaryDirectory()
        let result = try await CLI.run(["service", "serve", "--port", "0", "--identity-dir", dir.path, "--request-binding", "soap"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("soap"), "\(result.stderr)")
        #expect(result.stderr.contains("post") && result.stderr.contains("redirect"), "\(result.stderr)")
    }
}
