import Foundation
import MPassSAML

/// The text of AGE's two integration-detail forms (MPass and MNotify), filled in from the
/// target description and the certificates, ready to paste. A value preflight found wrong is
/// still written, marked, so the form shows what to correct.
public struct IntegrationForms: Codable, Sendable, Equatable {
    public var mpass: String
    public var mnotify: String?

    static let missing = "(missing: fill in before sending)"

    public init(input: PreflightInput, test: LoadedCredential?, production: LoadedCredential?, items: [PreflightItem]) {
        func value(_ text: String?, environment: String, kind: URLChecks.Kind) -> String {
            guard let text, !text.isEmpty else { return Self.missing }
            let failed = items.contains { $0.status == .fail && $0.section == .urls && $0.subject == "\(environment) \(kind.label)" }
            return failed ? "\(text)   (FIX FIRST: see preflight)" : text
        }
        func certificate(_ loaded: LoadedCredential?) -> String {
            guard let certificate = loaded?.certificate else { return Self.missing }
            return "serial \(certificate.serialHex); \(certificate.subject); valid until \(SAMLTime.format(certificate.notAfter)); SHA-256 \(certificate.sha256Fingerprint)"
        }
        let attributes = input.attributes.isEmpty ? Self.missing : input.attributes.joined(separator: ", ")
        let name = input.systemName ?? Self.missing
        var lines = [
            "MPass: integration details",
            "Name of the information system: \(name)",
            "Issuer (entity ID): \(input.production.issuer ?? input.issuer ?? Self.missing)",
            "",
            "Test environment",
            "  LogoutRequest URL (single logout from MPass): \(value(input.test.logoutRequestURL, environment: "test", kind: .logoutRequest))",
            "  LogoutResponse URL (SLO): \(value(input.test.logoutResponseURL, environment: "test", kind: .logoutResponse))",
            "  Assertion Consumer Service URL: \(value(input.test.acsURL, environment: "test", kind: .acs))",
            "  System certificate: \(certificate(test))",
            "",
            "Production environment",
            "  LogoutRequest URL (single logout from MPass): \(value(input.production.logoutRequestURL, environment: "production", kind: .logoutRequest))",
            "  LogoutResponse URL (SLO): \(value(input.production.logoutResponseURL, environment: "production", kind: .logoutResponse))",
            "  Assertion Consumer Service URL: \(value(input.production.acsURL, environment: "production", kind: .acs))",
            "  System certificate: \(certificate(production))",
            "",
            "Authentication attributes: \(attributes)",
        ]
        if input.test.issuer != nil, input.test.issuer != input.production.issuer {
            lines.insert("Test Issuer (entity ID): \(input.test.issuer!)", at: 3)
        }
        if !input.customAttributes.isEmpty {
            lines.append("Custom attributes (agreed with AGE): \(input.customAttributes.joined(separator: ", "))")
        }
        mpass = lines.joined(separator: "\n")

        if let notify = input.mnotify {
            func list(_ values: [String]) -> String { values.isEmpty ? Self.missing : values.joined(separator: ", ") }
            mnotify = [
                "MNotify: integration details",
                "Name of the information system in MPass: \(name)",
                "IP addresses",
                "  testing environment: \(list(notify.testIPs))",
                "  production environment: \(list(notify.productionIPs))",
                "Notification channels: \(list(notify.channels))",
                "System certificate (the one configured in MPass): \(certificate(production ?? test))",
            ].joined(separator: "\n")
        } else {
            mnotify = nil
        }
    }
}
