import CaseCatalogue
import Foundation
import HarnessModel
import Hummingbird
import Testing

/// MPX-MSG-08 judged on the Cache-Control a Service really sends. RFC 9111 5.2.2.5: with
/// `no-store` no cache may store any part of the answer, so `no-store` alone passes; without
/// it (nothing, `no-cache` only, `private`) the page may be stored and the case fails.
@Suite(.timeLimit(.minutes(10))) struct CachingObservationTests {
    static let authnRequestPage = "MPX-MSG-08"

    static func expect(_ expected: CaseVerdict, cacheControl: String?) async throws {
        let testCase = try #require(Catalogue.entry(authnRequestPage)?.testCase)
        try await BrokenServiceTests.withServer({ _ in
            var headers: HTTPFields = [.contentType: "text/html"]
            if let cacheControl { headers[.cacheControl] = cacheControl }
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: "<html><body>login</body></html>")))
        }) { base in
            let results = try await BrokenServiceTests.run(BrokenServiceTests.service(at: base), cases: [testCase])
            #expect(results.map(\.verdict) == [expected], "Cache-Control: \(cacheControl ?? "none"): \(results.map(\.reason))")
        }
    }

    @Test("no-store, alone or with others, in any letter case, passes",
          arguments: ["no-store", "No-Store", "private, no-store", "no-cache, no-store", "max-age=0,no-store"])
    func noStorePasses(value: String) async throws {
        try await Self.expect(.pass, cacheControl: value)
    }

    @Test("Without no-store the page may be stored: FAIL", arguments: ["no-cache", "private, max-age=0", "no-storage"])
    func withoutNoStoreFails(value: String) async throws {
        try await Self.expect(.fail, cacheControl: value)
    }

    @Test func noHeaderFails() async throws {
        try await Self.expect(.fail, cacheControl: nil)
    }
}
