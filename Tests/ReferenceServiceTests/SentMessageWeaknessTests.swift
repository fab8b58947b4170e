import Foundation
import HTTPTypes
import MPassSAML
import Testing
@testable import ReferenceService

/// Weaknesses in what the Service sends and how it serves it: a strict receiver (MPass,
/// played here by the library's RequestValidator) finds exactly the documented check ids.
@Suite("AuthnRequest and HTTP weaknesses")
struct SentMessageWeaknessTests {
    static let authnRequestWeaknesses = ServiceWeakness.allCases.filter { $0.stage == .authnRequest }

    /// The failures MPass finds on the second of two AuthnRequests (the first one's ID is
    /// known to it, so an ID sent twice shows).
    private func secondAuthnRequestFailures(weaknesses: Set<ServiceWeakness>) async throws -> [CheckID] {
        try await withService(weaknesses: weaknesses) { service in
            let first = try await service.startLogin()
            let second = try await service.startLogin()
            let validator = authnRequestValidator(now: service.clock.now, seenIDs: [first.requestID])
            let validation = try validator.validateAuthnRequest(SafeXMLParser().parse(second.page.samlXML!))
            return validation.report.failures.map(\.id)
        }
    }

    @Test("The hardened Service's AuthnRequest passes every check MPass makes")
    func hardenedAuthnRequest() async throws {
        #expect(try await secondAuthnRequestFailures(weaknesses: []) == [])
    }

    @Test("Each AuthnRequest weakness shows as exactly its documented finding", arguments: authnRequestWeaknesses)
    func authnRequestWeakness(weakness: ServiceWeakness) async throws {
        #expect(!weakness.receiverFindings.isEmpty)
        #expect(try await secondAuthnRequestFailures(weaknesses: [weakness]) == weakness.receiverFindings)
    }

    @Test("A weakened AuthnRequest still leads to a working login (the Service accepts MPass's answer)",
          arguments: authnRequestWeaknesses)
    func weakenedAuthnRequestStillLogsIn(weakness: ServiceWeakness) async throws {
        try await withService(weaknesses: [weakness]) { service in
            let answer = try await service.logIn()
            #expect(answer.status == .seeOther)
        }
    }

    @Test("cacheableSAMLPages drops Cache-Control and Pragma from the auto-submit pages")
    func cacheable() async throws {
        for weaknesses: Set<ServiceWeakness> in [[], [.cacheableSAMLPages]] {
            try await withService(weaknesses: weaknesses) { service in
                let (_, _, page) = try await service.startLogin()
                let weak = weaknesses.contains(.cacheableSAMLPages)
                #expect((page.header("Cache-Control") == nil) == weak)
                #expect((page.header("Pragma") == nil) == weak)
                #expect(page.header("Content-Type") == "text/html; charset=utf-8")
            }
        }
    }

    @Test("sessionCookieNotHttpOnly sets the session cookie without HttpOnly")
    func sessionCookie() async throws {
        for weaknesses: Set<ServiceWeakness> in [[], [.sessionCookieNotHttpOnly]] {
            try await withService(weaknesses: weaknesses) { service in
                let answer = try await service.logIn()
                let cookie = try #require(answer.setCookies.first { $0.hasPrefix("rs_session=") })
                #expect(cookie.contains("HttpOnly") == weaknesses.isEmpty)
            }
        }
    }

    @Test("Every weakness is in the documentation table of ServiceWeakness")
    func documented() throws {
        let source = try String(contentsOf: URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appending(path: "Sources/ReferenceService/Configuration/ServiceWeakness.swift"), encoding: .utf8)
        for weakness in ServiceWeakness.allCases {
            #expect(source.contains("/// | `\(weakness.rawValue)` |"), "\(weakness) has no line in the table")
        }
    }
}
