import Foundation

/// The SAML 2.0 bindings this harness speaks, by their URIs (SAML Bindings 3.4 and 3.5).
/// Metadata endpoints and `AuthnRequest/@ProtocolBinding` name them by these URIs.
public enum HTTPBinding: String, Sendable, CaseIterable, Codable {
    /// SAML Bindings 3.5; the binding MPass recommends.
    case post = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"
    /// SAML Bindings 3.4; supported by MPass, discouraged.
    case redirect = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"

    public var uri: String { rawValue }

    /// Reads `post`, `redirect`, `HTTP-POST`, `HTTP-Redirect` or the binding's URI, in any letter case.
    public init?(named text: String) {
        let wanted = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard let binding = Self.allCases.first(where: { [$0.shortName, $0.name.lowercased(), $0.uri.lowercased()].contains(wanted) }) else {
            return nil
        }
        self = binding
    }

    /// `post` or `redirect`: how target files and command-line options spell it.
    public var shortName: String {
        switch self {
        case .post: "post"
        case .redirect: "redirect"
        }
    }

    /// Short name for reports and the command line.
    public var name: String {
        switch self {
        case .post: "HTTP-POST"
        case .redirect: "HTTP-Redirect"
        }
    }
}
