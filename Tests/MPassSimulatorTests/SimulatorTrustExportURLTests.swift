import Foundation
import MPassSAML
@testable import MPassSimulator
import Testing

/// `simulator metadata` prints the values a Service must be configured with: they must be the
/// very values of the metadata it wrote, whatever form --base-url took.
@Suite struct SimulatorTrustExportURLTests {
    static let identity = try! TestCredentialFactory.make(.init(commonName: "trust export IdP"))

    @Test("A --base-url ending in / prints the metadata's URLs and Issuer, not \"//login/saml\"")
    func trailingSlashPrintsTheMetadatasValues() async throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("trust-export-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let export = try await SimulatorTrustExport.make(baseURL: URL(string: "http://127.0.0.1:7070/")!, issuer: nil,
                                                         identity: Self.identity, out: out,
                                                         runBaseURL: URL(string: "https://mpass.sim.test")!)
        let printed = export.summary.joined(separator: "\n")
        #expect(printed.contains("SSO URL  http://127.0.0.1:7070/login/saml\n"), "\(printed)")
        #expect(printed.contains("SLO URL  http://127.0.0.1:7070/logout/saml\n"), "\(printed)")
        #expect(printed.contains("Issuer   http://127.0.0.1:7070\n") || printed.hasSuffix("Issuer   http://127.0.0.1:7070"), "\(printed)")
        #expect(!printed.contains("7070//"), "\(printed)")
        // The same values as the metadata written beside it.
        #expect(export.metadata.contains(#"entityID="http://127.0.0.1:7070""#), "\(export.metadata)")
        #expect(export.metadata.contains(#"Location="http://127.0.0.1:7070/login/saml""#), "\(export.metadata)")
    }
}
