import BrowserAgent
import CaseCatalogue
import Foundation
import HarnessModel
import MPassSAML
import MPassSimulator

/// XML-level cases that need more than a verdict on the session: a loopback listener that
/// proves an external fetch, and a NameID read back from the page the Service shows.
extension CaseRunner {
    /// The Response's bytes get a DOCTYPE pointing at a listener on 127.0.0.1 that runs for
    /// the case. A connection fails the case whatever the Service then answers.
    func externalEntity(_ testCase: ConformanceCase, shape: ConformanceCase.ExternalEntityShape, browser: any CaseBrowser,
                        context: Context) async throws -> Outcome {
        let listener = try LoopbackListener()
        defer { listener.stop() }
        let url = listener.url("mpass-harness-\(testCase.id)")
        let nameID = simulator.configuration.users.first?.nameID ?? ""
        var switches = ResponseSwitches()
        switches.mutateSerializedXML = { bytes in Self.withDoctype(bytes, shape: shape, url: url, nameID: nameID) }
        await arm(switches, context: context)
        context.step("listen on 127.0.0.1:\(listener.port)", .info, "the Response's DOCTYPE names \(url)", log: exchangeLog)
        let answer = try await login(browser: browser, context: context, action: .login)
        // A Service may fetch on another thread after answering: give it a moment.
        try? await Task.sleep(for: .milliseconds(100))
        let fetched = listener.received
        context.step("no connection to the listener", fetched.isEmpty ? .pass : .fail,
                     fetched.isEmpty ? "nothing connected" : "the Service connected: " + fetched.joined(separator: "; "), log: exchangeLog)
        if !fetched.isEmpty {
            return Outcome(verdict: .fail, observed: "fetched \(url): \(fetched[0])",
                           reason: "the Service's XML parser fetched the external \(shape == .externalSubset ? "DTD" : "entity") the DOCTYPE names (\(fetched[0])): it resolves external entities, which allows XXE file reads and server-side requests. Refuse any DOCTYPE; never load DTDs or external entities")
        }
        return try await judgeLogin(testCase, answer: answer, browser: browser, context: context)
    }

    /// The serialized Response with a DOCTYPE of `shape` inserted after the XML declaration.
    static func withDoctype(_ bytes: Data, shape: ConformanceCase.ExternalEntityShape, url: String, nameID: String) -> Data {
        var text = String(decoding: bytes, as: UTF8.self)
        let bodyStart = text.hasPrefix("<?xml") ? (text.range(of: "?>")?.upperBound ?? text.startIndex) : text.startIndex
        let root = text[bodyStart...].drop { $0 != "<" }.dropFirst().prefix { !$0.isWhitespace && $0 != ">" && $0 != "/" }
        let doctype: String
        switch shape {
        case .generalEntity:
            doctype = "<!DOCTYPE \(root) [\n<!ENTITY xxe SYSTEM \"\(url)\">\n]>"
            if !nameID.isEmpty { text = text.replacingOccurrences(of: ">\(nameID)<", with: ">&xxe;<") }
        case .parameterEntity:
            doctype = "<!DOCTYPE \(root) [\n<!ENTITY % remote SYSTEM \"\(url)\">\n%remote;\n]>"
        case .externalSubset:
            doctype = "<!DOCTYPE \(root) SYSTEM \"\(url)\">"
        }
        let insertAt = text.hasPrefix("<?xml") ? (text.range(of: "?>")?.upperBound ?? text.startIndex) : text.startIndex
        text.insert(contentsOf: "\n" + doctype, at: insertAt)
        return Data(text.utf8)
    }

    /// A comment is put in the middle of the NameID after signing (exclusive c14n leaves
    /// comments out, so the signature still holds). A correct Service reads the whole text;
    /// one that stops at the comment logs in a user MPass never named.
    func nameIDWithComment(_ testCase: ConformanceCase, browser: any CaseBrowser, context: Context) async throws -> Outcome {
        let full = simulator.configuration.users.first?.nameID ?? ""
        let cut = full.index(full.startIndex, offsetBy: full.count / 2)
        let (head, tail) = (String(full[..<cut]), String(full[cut...]))
        var switches = ResponseSwitches()
        switches.mutateSignedDocument = { document in
            guard let nameID = document.allElements().first(where: { $0.is("NameID", .saml) }) else { return }
            nameID.setText(head)
            nameID.appendComment("mpass-harness")
            nameID.appendText(tail)
        }
        await arm(switches, context: context)
        _ = try await login(browser: browser, context: context, action: .login)
        let page = try await browser.send(BrowserRequest(method: "GET", url: service.protectedURL, headers: headers), followRedirects: false)
        let probe = try await probeProtected(browser: browser)
        guard probe.served else {
            context.step("ask for the protected resource", .pass, probe.description, log: exchangeLog)
            return Outcome(verdict: .pass, observed: "rejected: \(probe.description)",
                           reason: "the Service refused a NameID holding a comment; safe (MPass never sends one)", control: .login)
        }
        let text = page.response.text
        if text.contains(full) {
            context.step("the page shows the whole NameID", .pass, "\"\(full)\" shown", log: exchangeLog)
            return Outcome(verdict: .pass, observed: "accepted as \(full)", reason: "the Service read the NameID as its whole text")
        }
        if text.contains(head) {
            context.step("the page shows the whole NameID", .fail, "only \"\(head)\" shown", log: exchangeLog)
            return Outcome(verdict: .fail, observed: "accepted as \(head)",
                           reason: "the Service read the NameID only up to the comment inside it (\"\(head)\" instead of \"\(full)\"): an attacker can log in as another user (CVE-2017-11427 family). Read the element's whole text content")
        }
        context.step("the page shows the whole NameID", .review, "the protected page shows neither \"\(full)\" nor \"\(head)\"", log: exchangeLog)
        return Outcome(verdict: .review, observed: "accepted; the NameID is not shown",
                       reason: "the login worked, but the protected page does not show the NameID, so which user was logged in cannot be seen; check by hand that the whole NameID is read")
    }
}
