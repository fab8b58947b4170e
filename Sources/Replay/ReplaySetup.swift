import Evidence
import Foundation
import HarnessModel
import MPassSAML
import Vocabulary

/// What one recording is judged with: the Service (its URLs, how "logged in" looks, its
/// certificates) and the MPass it talked to (URLs, Issuer, certificates).
///
/// Where each value comes from, strongest first: the command line (`--idp-cert`,
/// `--sp-cert`, `--idp-base-url`, `--target`), then what a harness run wrote into its own
/// HAR (`log._mpassHarness`), then MPass staging's public URLs. `notes` says which, so a
/// report never hides that a certificate came from the recording itself.
public struct ReplaySetup: Sendable {
    public struct Service: Sendable {
        public var name: String
        public var baseURL: String
        /// nil: not compared (the Issuer seen in the AuthnRequest is shown instead).
        public var issuer: String?
        public var acsURL: String?
        public var singleLogoutURL: String?
        /// nil: the recording cannot show whether a session was opened (verdict `review`).
        public var protectedURL: URL?
        public var loggedInMarker: String?
        public var loggedInStatus: Int
        public var errorMarkers: [String]
        public var certificates: [Certificate]
    }

    public struct IdentityProvider: Sendable {
        public var kind: IdentityProviderKind
        public var baseURL: String
        public var issuer: String?
        public var singleSignOnURL: String
        public var singleLogoutURL: String
        public var certificates: [Certificate]
        /// False (the default): MPass's messages signed with RSA-SHA1 / SHA-1 by the pinned
        /// certificate pass with a WARN check; true (`--strict-idp-algorithm`): they fail.
        public var strictAlgorithm = false
    }

    public var service: Service
    public var identityProvider: IdentityProvider
    /// Where the certificates and URLs came from, in words, for the report.
    public var notes: [String]

    /// The setup written back into a recording (`replay --bundle`), so that the bundle's
    /// evidence replays to the same verdicts with no option given.
    public func recordedContext(plan: String) -> RecordedRunContext {
        RecordedRunContext(
            plan: plan,
            service: .init(name: service.name, baseURL: service.baseURL, issuer: service.issuer, acsURL: service.acsURL,
                           singleLogoutURL: service.singleLogoutURL, logoutResponseURL: nil,
                           protectedURL: service.protectedURL?.absoluteString, loggedInMarker: service.loggedInMarker,
                           loggedInStatus: service.loggedInStatus, errorMarkers: service.errorMarkers,
                           certificates: service.certificates.map(\.base64)),
            identityProvider: .init(kind: identityProvider.kind.rawValue, baseURL: identityProvider.baseURL,
                                    issuer: identityProvider.issuer, singleSignOnURL: identityProvider.singleSignOnURL,
                                    singleLogoutURL: identityProvider.singleLogoutURL,
                                    certificates: identityProvider.certificates.map(\.base64)))
    }
}

/// What the command line gives a replay; every field overrides the recording's own context.
public struct ReplayOverrides: Sendable {
    public var identityProviderCertificates: [Certificate]?
    public var serviceCertificates: [Certificate]?
    public var identityProviderBaseURL: String?
    public var target: TargetDescription?
    /// `--strict-idp-algorithm`: MPass's RSA-SHA1 / SHA-1 signatures fail instead of warning.
    public var strictIdentityProviderAlgorithm = false

    public init(identityProviderCertificates: [Certificate]? = nil, serviceCertificates: [Certificate]? = nil,
                identityProviderBaseURL: String? = nil, target: TargetDescription? = nil) {
        self.identityProviderCertificates = identityProviderCertificates
        self.serviceCertificates = serviceCertificates
        self.identityProviderBaseURL = identityProviderBaseURL
        self.target = target
    }

    /// The setup for `recording`: these overrides over its harness context, over staging.
    public func setup(for recording: Recording) throws(HarnessError) -> ReplaySetup {
        let context = recording.har.log.harnessRun
        var notes: [String] = []

        // MPass: URLs and certificates.
        let idpBase: String
        if let given = identityProviderBaseURL {
            idpBase = given
        } else if let target {
            idpBase = target.idp.baseURL.absoluteString
        } else if let context {
            idpBase = context.identityProvider.baseURL
        } else {
            idpBase = "https://\(MPassEnvironment.staging.host)"
            notes.append("MPass taken to be staging (\(idpBase)); give --idp-base-url for another")
        }
        if MPassEnvironment.isProduction(idpBase) {
            throw HarnessError(.replayProductionRefused, "\(recording.source): MPass at \(idpBase) is production; nothing here touches production")
        }
        let trimmed = idpBase.hasSuffix("/") ? String(idpBase.dropLast()) : idpBase
        let sameIdP = context.map { $0.identityProvider.baseURL == idpBase } ?? false
        let kind: IdentityProviderKind = URL(string: idpBase)?.host() == MPassEnvironment.staging.host ? .staging
            : (sameIdP ? (IdentityProviderKind(rawValue: context!.identityProvider.kind) ?? .simulator) : .simulator)
        var idpCertificates: [Certificate] = []
        if let given = identityProviderCertificates {
            idpCertificates = given
            notes.append("MPass's certificate from --idp-cert")
        } else if let context, sameIdP {
            idpCertificates = try Self.certificates(context.identityProvider.certificates, recording: recording, role: "MPass")
            notes.append("MPass's certificate as the harness run recorded it (its simulator's own key)")
        } else {
            notes.append("no certificate for MPass: give --idp-cert, or every message MPass sent fails its signature check")
        }
        let idpIssuer = sameIdP ? context?.identityProvider.issuer : (target?.idp.issuer ?? (kind == .staging ? nil : trimmed))
        let identityProvider = ReplaySetup.IdentityProvider(
            kind: kind, baseURL: idpBase, issuer: target?.idp.issuer ?? idpIssuer,
            singleSignOnURL: sameIdP ? context!.identityProvider.singleSignOnURL : trimmed + "/login/saml",
            singleLogoutURL: sameIdP ? context!.identityProvider.singleLogoutURL : trimmed + "/logout/saml",
            certificates: idpCertificates)

        // The Service.
        var service: ReplaySetup.Service
        if let target {
            service = ReplaySetup.Service(
                name: target.name, baseURL: target.baseURL.absoluteString, issuer: target.issuer,
                acsURL: target.acsURL.absoluteString, singleLogoutURL: target.sloURL.absoluteString,
                protectedURL: target.loggedIn.url, loggedInMarker: target.loggedIn.marker,
                loggedInStatus: target.loggedIn.status, errorMarkers: target.errorMarkers, certificates: [])
            notes.append("the Service as the target file describes it")
        } else if let context {
            let recorded = context.service
            service = ReplaySetup.Service(
                name: recorded.name, baseURL: recorded.baseURL, issuer: recorded.issuer, acsURL: recorded.acsURL,
                singleLogoutURL: recorded.singleLogoutURL, protectedURL: recorded.protectedURL.flatMap { URL(string: $0) },
                loggedInMarker: recorded.loggedInMarker, loggedInStatus: recorded.loggedInStatus,
                errorMarkers: recorded.errorMarkers,
                certificates: try Self.certificates(recorded.certificates, recording: recording, role: "the Service"))
        } else {
            service = ReplaySetup.Service(
                name: "recorded Service", baseURL: "", issuer: nil, acsURL: nil, singleLogoutURL: nil, protectedURL: nil,
                loggedInMarker: nil, loggedInStatus: 200, errorMarkers: [], certificates: [])
            notes.append("no target: give --target so the replay knows the Service's protected URL, ACS and Issuer")
        }
        if let given = serviceCertificates {
            service.certificates = given
            notes.append("the Service's certificate from --sp-cert")
        } else if target != nil {
            if let path = target?.certificate?.path {
                do {
                    service.certificates = try CredentialLoader.loadCertificates(path: path)
                } catch {
                    throw HarnessError(.replayCertificateUnreadable, "\(path) (the target's certificate): \(error.reason)")
                }
                notes.append("the Service's certificate from the target file")
            }
        } else if context != nil {
            notes.append("the Service's certificate as the harness run recorded it")
        }
        if service.certificates.isEmpty {
            notes.append("no certificate for the Service: give --sp-cert, or every message the Service sent fails its signature check")
        }
        var mpass = identityProvider
        mpass.strictAlgorithm = strictIdentityProviderAlgorithm
        return ReplaySetup(service: service, identityProvider: mpass, notes: notes)
    }

    static func certificates(_ base64: [String], recording: Recording, role: String) throws(HarnessError) -> [Certificate] {
        var result: [Certificate] = []
        for text in base64 {
            do {
                result.append(try Certificate(base64Encoded: text))
            } catch {
                throw HarnessError(.replayCertificateUnreadable, "\(recording.source): the certificate recorded for \(role) cannot be read: \(error.reason)")
            }
        }
        return result
    }
}
