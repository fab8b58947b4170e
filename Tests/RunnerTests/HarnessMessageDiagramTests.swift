import CaseCatalogue
import Conformance
import Foundation
import HarnessModel
import MPassSAML
import Testing
import TestSupport

/// report.html's sequence diagrams after a real run against the embedded reference Service:
/// the Response the simulator wrote is drawn as sent by the harness, with the case's own
/// description of its fault, and only the messages the Service wrote carry a verdict.
@Suite(.serialized, .timeLimit(.minutes(10)), .temporaryDirectories) struct HarnessMessageDiagramTests {
    static let identity = try! TestCredentialFactory.make(.init(commonName: "harness message diagram simulator"))

    /// Every `<svg class="sd" …>…</svg>` of a page, in page order (one per case with exchanges).
    static func diagrams(in html: String) -> [String] {
        html.components(separatedBy: "<svg class=\"sd\"").dropFirst().compactMap { part in
            part.range(of: "</svg>").map { String(part[..<$0.upperBound]) }
        }
    }

    /// Text as report.html writes it: HTML-escaped by the template.
    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    @Test("A security case's Response is drawn as sent by the harness with its fault; a functional case's without one")
    func harnessMessagesAreNamed() async throws {
        let out = scopedTemporaryDirectory("harness-diagram").appendingPathComponent("out")
        let plan = try TestPlan.resolve("chapter9").selecting(["TC_FUNCT_01", "TC_SEC_01"])
        let security = try #require(plan.cases.first { $0.id == "TC_SEC_01" })
        let written = try await PlanRun.performAndWrite(PlanRun.Request(plan: plan, target: .embedded(), out: out.path),
                                                        simulatorIdentity: { Self.identity })
        let cases = written.run.report.cases
        #expect(cases.map(\.id) == ["TC_FUNCT_01", "TC_SEC_01"])
        // The catalogue's own words for the fault, kept in report.json; "none: …" means no fault.
        #expect(cases[1].fault == security.fault)
        #expect(security.fault.hasPrefix("MPass option"))
        #expect(cases[0].fault == nil)

        let html = try String(contentsOf: out.appendingPathComponent("report.html"), encoding: .utf8)
        let svgs = Self.diagrams(in: html)
        try #require(svgs.count == 2)
        for svg in svgs {
            #expect(svg.contains("→ SENT BY THE HARNESS Response (POST)"))
            #expect(!svg.contains("NOT CHECKED Response"))
            #expect(!svg.contains("VALID Response"))
            // The AuthnRequest is the Service's: judged by MPass's checks.
            #expect(svg.contains("✓ VALID AuthnRequest"))
        }
        // The fault's first words (the label is cut to fit between two lifelines).
        #expect(svgs[1].contains(">(fault: " + Self.escaped(String(security.fault.prefix(20)))), "\(svgs[1])")
        // TC_SEC_01's positive control logs in with MPass's clean Response: that one carries no
        // fault, so exactly one of its two Responses is drawn with it (the first, the faulted one).
        let control = try #require(cases[1].controlFromExchange, "TC_SEC_01 has a positive control")
        #expect(cases[1].steps.contains { $0.title.hasPrefix("positive control") })
        #expect(cases[1].steps.contains { ($0.exchangeIDs ?? []).contains { $0 >= control } })
        let responses = svgs[1].components(separatedBy: "→ SENT BY THE HARNESS Response (POST)").dropFirst()
        #expect(responses.count == 2, "\(svgs[1])")
        #expect(responses.first?.contains(">(fault: ") == true)
        #expect(responses.last.map { $0.components(separatedBy: "</g>").first?.contains("(fault:") == false } == true, "\(svgs[1])")
        #expect(cases[0].controlFromExchange == nil)
        #expect(!svgs[0].contains("(fault:"))
        #expect(svgs[0].contains(">not judged: the Service"))
    }

    @Test("A clean prerequisite message is drawn without the fault: a faulty LogoutRequest's case draws its login's Response clean, a replay case its first delivery")
    func faultStartsWhereTheCaseArmsIt() async throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("harness-diagram-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let plan = try TestPlan.resolve("full").selecting(["MPX-SLO-01", "MPX-RPL-01"])
        let written = try await PlanRun.performAndWrite(PlanRun.Request(plan: plan, target: .embedded(), out: out.path),
                                                        simulatorIdentity: { Self.identity })
        let cases = written.run.report.cases
        #expect(cases.map(\.id) == ["MPX-SLO-01", "MPX-RPL-01"])
        #expect(cases.allSatisfy { $0.verdict == .pass }, "\(cases.map { "\($0.id) \($0.verdict): \($0.reason)" })")
        let html = try String(contentsOf: out.appendingPathComponent("report.html"), encoding: .utf8)
        let svgs = Self.diagrams(in: html)
        try #require(svgs.count == 2)

        // MPX-SLO-01: the login's Response was clean; the unsigned LogoutRequest is the fault.
        let logout = svgs[0]
        let loginResponse = try #require(Self.arrow(in: logout, labelled: "→ SENT BY THE HARNESS Response (POST)"))
        #expect(!loginResponse.contains("(fault:"), "\(loginResponse)")
        let faulty = try #require(Self.arrow(in: logout, labelled: "→ SENT BY THE HARNESS LogoutRequest"))
        #expect(faulty.contains("(fault: "), "\(faulty)")
        #expect(try #require(cases[0].faultFromExchange) > 0)

        // MPX-RPL-01: the same Response twice; only the second delivery is the fault.
        let deliveries = Self.arrows(in: svgs[1], labelled: "→ SENT BY THE HARNESS Response (POST)")
        #expect(deliveries.count >= 2, "\(svgs[1])")
        #expect(deliveries.first.map { !$0.contains("(fault:") } == true, "\(svgs[1])")
        #expect(deliveries.dropFirst().contains { $0.contains("(fault: ") }, "\(svgs[1]) \(cases[1].faultFromExchange as Any) \(cases[1].steps.map { "\($0.title) \($0.exchangeIDs ?? [])" })")
    }

    /// Each arrow group (`<g …>…</g>`) of a diagram whose label starts with `label`.
    static func arrows(in svg: String, labelled label: String) -> [String] {
        svg.components(separatedBy: "<g class=").dropFirst().compactMap { part in
            guard let end = part.range(of: "</g>") else { return nil }
            let group = String(part[..<end.lowerBound])
            return group.contains(">" + label) ? group : nil
        }
    }

    static func arrow(in svg: String, labelled label: String) -> String? {
        arrows(in: svg, labelled: label).first
    }
}
