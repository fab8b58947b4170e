import Foundation
import MPassSAML
import ReferenceService
import Testing

/// The Service's HTTPS for `live`: the key reaches NIOSSL as DER bytes (no PEM String).
@Suite struct ServiceTLSTests {
    @Test func aSessionIdentityMakesAServerConfiguration() throws {
        let identity = try ServiceTLS.sessionIdentity()
        let configuration = try ServiceTLS.configuration(identity: identity)
        #expect(configuration.certificateChain.count == 1)
        #expect(configuration.privateKey != nil)
    }
}
