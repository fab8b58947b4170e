import Foundation
import Vocabulary

/// Reads an IdP's metadata (MPass's, fetched from `/meta/saml` by the caller: this type
/// never touches the network) and pins it: the signing certificate must have one of the
/// pinned SHA-256 fingerprints, or nothing is returned.
///
/// Missing parts are `metadataIncomplete` (all of them named at once); a certificate that
/// matches no pin is `metadataFingerprintMismatch`. What can be judged once the certificate
/// is pinned — the document's own signature, `validUntil`, the certificate's validity — is
/// reported as checks, not thrown.
public struct IdentityProviderMetadataReader: Sendable {
    public var pinnedFingerprints: [String]
    /// The clock, injected (for `validUntil` and certificate validity).
    public var now: Date
    /// Accept an RSA-SHA1 signature on the document (never by default).
    public var allowWeakAlgorithms: Bool
    public var parsingLimits: XMLParsingLimits

    public init(pinnedFingerprints: [String], now: Date, allowWeakAlgorithms: Bool = false,
                parsingLimits: XMLParsingLimits = .default) {
        self.pinnedFingerprints = pinnedFingerprints
        self.now = now
        self.allowWeakAlgorithms = allowWeakAlgorithms
        self.parsingLimits = parsingLimits
    }

    /// What was read, which certificate matched the pin, and the checks on the document.
    public struct Reading: Sendable {
        public let metadata: IdentityProviderMetadata
        /// The signing certificate(s) whose fingerprint is pinned: the ones to verify MPass's
        /// messages with. Any others the metadata lists are not trusted.
        public let pinnedCertificates: [Certificate]
        /// `metadata.signing-certificate.pinned`, `metadata.signing-certificate.validity`,
        /// `metadata.valid-until`, and `metadata.signature.*`.
        public let checks: [CheckResult]

        public var hasFailures: Bool { checks.contains(where: \.isFailure) }
    }

    public func read(_ data: Data) throws(HarnessError) -> Reading {
        // Pins first: a bad pin is the caller's mistake and must not look like bad metadata.
        guard !pinnedFingerprints.isEmpty else {
            throw HarnessError(.metadataFingerprintMismatch,
                "no SHA-256 fingerprint is pinned, so the metadata's certificate cannot be trusted; pin MPass's (staging: \(MPassEnvironment.staging.signingCertificateSHA256!))")
        }
        var pins: [SHA256Fingerprint] = []
        for text in pinnedFingerprints { pins.append(try SHA256Fingerprint(text)) }

        let document = try SafeXMLParser(limits: parsingLimits).parse(data)
        var root = document.root
        // Metadata 2.3.1: an aggregate (EntitiesDescriptor, as Shibboleth federations publish)
        // holding exactly one IdP is read as that IdP's EntityDescriptor.
        if root.is("EntitiesDescriptor", .md) {
            let idps = root.children("EntityDescriptor", .md).filter { $0.child("IDPSSODescriptor", .md) != nil }
            guard idps.count == 1, let only = idps.first else {
                throw HarnessError(.xmlWrongRoot,
                    "the md:EntitiesDescriptor holds \(idps.count) IdP EntityDescriptors; give the metadata of MPass alone (one md:EntityDescriptor)")
            }
            root = only
        }
        guard root.is("EntityDescriptor", .md) else {
            throw HarnessError(.xmlWrongRoot,
                "the root element is \(root.displayName); IdP metadata is an md:EntityDescriptor (\(XMLNamespace.md.uri))")
        }

        var missing: [String] = []
        let entityID = root.attribute("entityID") ?? ""
        if entityID.isEmpty { missing.append("EntityDescriptor/@entityID") }

        let descriptors = root.children("IDPSSODescriptor", .md).filter {
            ($0.attribute("protocolSupportEnumeration") ?? "").split(separator: " ").contains { $0 == MetadataURI.samlProtocol }
        }
        guard let descriptor = descriptors.first else {
            missing.append(root.child("IDPSSODescriptor", .md) == nil
                ? "md:IDPSSODescriptor"
                : "an md:IDPSSODescriptor whose protocolSupportEnumeration lists \(MetadataURI.samlProtocol)")
            throw Self.incomplete(missing)
        }

        // Metadata 2.4.1.1: a KeyDescriptor without `use` serves both signing and encryption.
        var certificates: [Certificate] = []
        for keyDescriptor in descriptor.children("KeyDescriptor", .md) {
            let use = keyDescriptor.attribute("use")
            guard use == nil || use == "signing" else { continue }
            let texts = keyDescriptor.child("KeyInfo", .ds)?.children("X509Data", .ds)
                .flatMap { $0.children("X509Certificate", .ds) } ?? []
            for text in texts {
                do {
                    // A certificate listed twice (once with use="signing", once without) is one signer.
                    let certificate = try Certificate(base64Encoded: text.text)
                    if !certificates.contains(certificate) { certificates.append(certificate) }
                } catch {
                    missing.append("a readable signing certificate (one KeyDescriptor holds an unreadable one: \(error.reason))")
                }
            }
        }
        if certificates.isEmpty && missing.allSatisfy({ !$0.hasPrefix("a readable") }) {
            missing.append("a signing md:KeyDescriptor (use=\"signing\" or no use) with ds:KeyInfo/ds:X509Data/ds:X509Certificate")
        }

        let sso = MetadataEndpoint.read("SingleSignOnService", in: descriptor)
        let slo = MetadataEndpoint.read("SingleLogoutService", in: descriptor)
        if sso.broken > 0 { missing.append("Binding and Location on \(sso.broken) md:SingleSignOnService element(s)") }
        if slo.broken > 0 { missing.append("Binding and Location on \(slo.broken) md:SingleLogoutService element(s)") }
        if sso.endpoints.isEmpty && sso.broken == 0 { missing.append("md:SingleSignOnService") }
        guard missing.isEmpty else { throw Self.incomplete(missing) }

        // The pin.
        let matched = certificates.filter { certificate in pins.contains { $0.matches(certificate) } }
        guard !matched.isEmpty else {
            let found = certificates.map { "\(SHA256Fingerprint(of: $0)) (\($0.subject))" }.joined(separator: "; ")
            throw HarnessError(.metadataFingerprintMismatch,
                "the metadata's signing certificate does not have the pinned fingerprint: pinned \(pins.map(\.description).joined(separator: " or ")), metadata has \(found). If MPass rotated its certificate, check the new one with AGE before pinning it")
        }

        var checks: [CheckResult] = []
        let others = certificates.count - matched.count
        checks.append(.pass(.metadataSigningCertificatePinned,
            "\(matched[0].subject), SHA-256 \(SHA256Fingerprint(of: matched[0]))"
            + (others > 0 ? "; \(others) other signing certificate(s) listed, not pinned, not trusted" : "")))
        // Many IdPs (Okta, Google, OneLogin) publish no SingleLogoutService. MPass does, and a
        // Service needs it: its LogoutRequest and LogoutResponse go there (MPass guide, logout;
        // chapter 9 TC_FUNCT_04/05). So its absence is a finding, reported, not a stop.
        if slo.endpoints.isEmpty {
            checks.append(.fail(.metadataSingleLogoutService,
                "the IDPSSODescriptor lists no md:SingleLogoutService; MPass's metadata has one (/logout/saml) and a Service needs it to log out. Check that this is MPass's metadata"))
        } else {
            checks.append(.pass(.metadataSingleLogoutService, slo.endpoints.map(\.location).joined(separator: ", ")))
        }
        let expired = matched.filter { !$0.isValid(at: now) }
        if expired.isEmpty {
            checks.append(.pass(.metadataSigningCertificateValidity,
                "valid until \(SAMLTime.format(matched.map(\.notAfter).min()!))"))
        } else {
            checks.append(.fail(.metadataSigningCertificateValidity,
                expired.map { "\($0.subject) is valid \(SAMLTime.format($0.notBefore)) to \(SAMLTime.format($0.notAfter)), not at \(SAMLTime.format(now))" }.joined(separator: "; ")))
        }

        // Metadata 2.3.2: validUntil "indicates the expiration time of the metadata".
        var validUntil: Date?
        if let text = root.attribute("validUntil") {
            if let parsed = SAMLTime.parse(text) {
                validUntil = parsed.date
                checks.append(parsed.date > now
                    ? .pass(.metadataValidUntil, text)
                    : .fail(.metadataValidUntil, "the metadata expired at \(text) (now \(SAMLTime.format(now))); fetch it again"))
            } else {
                checks.append(.fail(.metadataValidUntil, "validUntil \"\(text)\" is not an xs:dateTime"))
            }
        } else {
            checks.append(.notApplicable(.metadataValidUntil, "no validUntil"))
        }

        // Metadata 3: a signed metadata document is checked like any signed SAML element,
        // with the pinned certificate (never one from its own KeyInfo).
        if root.child("Signature", .ds) != nil {
            let policy = SignaturePolicy(pinnedCertificates: matched, allowWeakAlgorithms: allowWeakAlgorithms)
            checks += SignatureVerifier(policy: policy).verify(root, checks: CheckID.metadataSignature).checks
        } else {
            checks.append(.notApplicable(.metadataSignature.present,
                "the document is not signed; trust rests on the pinned certificate fingerprint"))
        }

        let want = descriptor.attribute("WantAuthnRequestsSigned").map { $0 == "true" || $0 == "1" }
        let metadata = IdentityProviderMetadata(
            entityID: entityID, signingCertificates: certificates,
            singleSignOnServices: sso.endpoints, singleLogoutServices: slo.endpoints,
            nameIDFormats: descriptor.children("NameIDFormat", .md).map { $0.text.trimmingCharacters(in: .whitespacesAndNewlines) },
            wantAuthnRequestsSigned: want, validUntil: validUntil)
        return Reading(metadata: metadata, pinnedCertificates: matched, checks: checks)
    }

    private static func incomplete(_ missing: [String]) -> HarnessError {
        HarnessError(.metadataIncomplete, "the IdP metadata is missing: \(missing.joined(separator: "; "))")
    }
}
