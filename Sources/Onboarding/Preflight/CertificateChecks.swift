import Foundation
import HarnessModel
import MPassSAML
import Vocabulary

/// The checks on one environment's system certificate. All of them run; one that needs a
/// loaded certificate is skipped (saying why) when the file could not be read.
struct CertificateChecks {
    let environment: String
    let credential: OnboardingDetails.Credential?
    /// Where passwords are looked up (the process environment, injected for tests).
    let variables: [String: String]
    let now: Date
    /// The fix for a missing certificate: the key to add.
    let fieldPrefix: String

    static let defaultPasswordVariable = "MPASS_HARNESS_PASSWORD"
    /// MPass's official library calls a certificate that expires within 30 days "degraded".
    static let warningDays = 30

    private var subject: String { "\(environment) certificate" }

    private func item(_ id: String, _ status: PreflightStatus, _ detail: String, fix: String? = nil) -> PreflightItem {
        PreflightItem(id, .certificate, subject: subject, status: status, detail: detail, fix: fix)
    }

    func run() -> (items: [PreflightItem], loaded: LoadedCredential?) {
        guard let credential else {
            let fix = "add `\(fieldPrefix).certificate:` with the path of the \(environment) system certificate (.pfx from STISC, or its .pem/.cer)"
            return ([item("certificate.loads", .fail, "no \(environment) certificate is given", fix: fix)]
                    + dependents.map { item($0, .skip, "no certificate") }, nil)
        }
        var items: [PreflightItem] = []
        let (loaded, loadItems) = load(credential)
        items += loadItems
        guard let loaded else {
            return (items + dependents.filter { id in !items.contains { $0.id == id } }.map { item($0, .skip, "the certificate could not be loaded") }, nil)
        }
        let certificate = loaded.certificate
        if !items.contains(where: { $0.id == "certificate.key-matches" }) {
            items.append(loaded.hasMatchingKey
                ? item("certificate.key-matches", .pass, "the private key belongs to the certificate")
                : item("certificate.key-matches", .skip, "only the certificate was given (the key stays with the Service), so there is no key to match"))
        }
        items.append(keySize(certificate))
        items.append(keyUsage(certificate))
        items += validity(certificate)
        items.append(chainIssuer(loaded))
        return (items, loaded)
    }

    /// The items that need a loaded certificate, in the order they are reported.
    private var dependents: [String] {
        ["certificate.key-matches", "certificate.rsa-2048", "certificate.digital-signature", "certificate.valid-now",
         "certificate.days-left", "certificate.chain-issuer"]
    }

    // MARK: Loading

    private func load(_ credential: OnboardingDetails.Credential) -> (LoadedCredential?, [PreflightItem]) {
        let path = credential.certificate.path
        let variable = credential.passwordVariable ?? Self.defaultPasswordVariable
        let password = variables[variable]
        let format = Self.format(path)
        do {
            let identity = try CredentialLoader.loadIdentity(path: path, keyPath: credential.key?.path, password: password,
                                                             policy: .inspectOnly)
            let loaded = LoadedCredential(certificate: identity.certificate, chain: identity.chain, format: format, hasMatchingKey: true)
            return (loaded, [loadedItem(loaded, withKey: true)])
        } catch {
            switch error.code {
            case .credentialNoPrivateKey where credential.key == nil, .credentialKeyMismatch:
                // Certificate only (a .cer, or a PEM without its key), or a key that is not its own.
                do {
                    let certificates = try CredentialLoader.loadCertificates(path: path)
                    let leaf = certificates[0]
                    let loaded = LoadedCredential(certificate: leaf, chain: Array(certificates.dropFirst()), format: format,
                                                  hasMatchingKey: false)
                    var items = [loadedItem(loaded, withKey: false)]
                    if error.code == .credentialKeyMismatch {
                        items.append(item("certificate.key-matches", .fail,
                            "the private key\(credential.key.map { " in \($0.path)" } ?? "") does not belong to the certificate (serial \(leaf.serialHex))",
                            fix: "give the key that was generated with this certificate's request (the one you sent to STISC), or the .pfx STISC issued"))
                    }
                    return (loaded, items)
                } catch {
                    return (nil, [item("certificate.loads", .fail, error.reason, fix: loadFix(error.code, variable: variable))])
                }
            default:
                return (nil, [item("certificate.loads", .fail, error.reason, fix: loadFix(error.code, variable: variable))])
            }
        }
    }

    private func loadedItem(_ loaded: LoadedCredential, withKey: Bool) -> PreflightItem {
        let certificate = loaded.certificate
        let chain = loaded.chain.isEmpty ? "no chain" : "\(loaded.chain.count) chain certificate\(loaded.chain.count == 1 ? "" : "s")"
        let key = withKey ? "with its private key" : "certificate only"
        return item("certificate.loads", .pass,
                    "\(loaded.format.rawValue), \(key), \(chain): \(certificate.subject); serial \(certificate.serialHex)")
    }

    private func loadFix(_ code: HarnessError.Code, variable: String) -> String {
        switch code {
        case .credentialPasswordRequired, .credentialWrongPassword:
            "export the .pfx password in the environment variable \(variable) (or name another with `\(fieldPrefix).password_env`); passwords never go in the target file"
        case .credentialFileUnreadable:
            "check `\(fieldPrefix).certificate`: relative paths start at the target file's folder"
        case .credentialNoPrivateKey:
            "give the key with `\(fieldPrefix).key:` or use the .pfx that carries it"
        default:
            "give the system certificate as STISC issued it: a .pfx/.p12 (with its password), a PEM, or a DER .cer"
        }
    }

    private static func format(_ path: String) -> LoadedCredential.Format {
        let lower = path.lowercased()
        if lower.hasSuffix(".pfx") || lower.hasSuffix(".p12") { return .pkcs12 }
        if let data = FileManager.default.contents(atPath: path),
           data.prefix(4096).range(of: Data("-----BEGIN ".utf8)) != nil { return .pem }
        return .der
    }

    // MARK: Facts

    private func keySize(_ certificate: Certificate) -> PreflightItem {
        let fix = "request a new system certificate from STISC with an RSA key of 2048 bits or more"
        switch certificate.keyAlgorithm {
        case .rsa(let bits) where bits >= 2048:
            return item("certificate.rsa-2048", .pass, "RSA \(bits) bits")
        case .rsa(let bits):
            return item("certificate.rsa-2048", .fail, "RSA \(bits) bits; MPass needs RSA 2048 or more", fix: fix)
        case let other:
            return item("certificate.rsa-2048", .fail, "\(other) key; MPass signs and verifies with RSA only (RSA-SHA256)", fix: fix)
        }
    }

    private func keyUsage(_ certificate: Certificate) -> PreflightItem {
        guard let usages = certificate.keyUsage else {
            return item("certificate.digital-signature", .pass, "no keyUsage extension, so every use is allowed")
        }
        if usages.contains("digitalSignature") {
            return item("certificate.digital-signature", .pass, "keyUsage: \(usages.joined(separator: ", "))")
        }
        return item("certificate.digital-signature", .fail,
                    "keyUsage allows only \(usages.isEmpty ? "nothing" : usages.joined(separator: ", ")); MPass checks signatures made with this key and MNotify's TLS needs it to sign",
                    fix: "request a system certificate whose key usage includes digitalSignature")
    }

    private func validity(_ certificate: Certificate) -> [PreflightItem] {
        let renew = "request a new system certificate from STISC (semnatura.md) and send its .cer, or its serial if it is already registered, to AGE (servicii@egov.md)"
        if now > certificate.notAfter {
            return [item("certificate.valid-now", .fail, "expired on \(SAMLTime.format(certificate.notAfter))", fix: renew),
                    item("certificate.days-left", .skip, "the certificate has expired")]
        }
        if now < certificate.notBefore {
            return [item("certificate.valid-now", .fail, "valid only from \(SAMLTime.format(certificate.notBefore))",
                         fix: "check this machine's clock, or wait until the certificate becomes valid"),
                    item("certificate.days-left", .skip, "the certificate is not valid yet")]
        }
        let days = certificate.daysLeft(at: now)
        let valid = item("certificate.valid-now", .pass,
                         "valid \(SAMLTime.format(certificate.notBefore)) to \(SAMLTime.format(certificate.notAfter))")
        guard days >= Self.warningDays else {
            return [valid, item("certificate.days-left", .warn,
                                "\(days) day\(days == 1 ? "" : "s") left (expires \(SAMLTime.format(certificate.notAfter))); MPass's official library reports a certificate this close to expiry as degraded",
                                fix: renew)]
        }
        return [valid, item("certificate.days-left", .pass, "\(days) days left")]
    }

    private func chainIssuer(_ loaded: LoadedCredential) -> PreflightItem {
        let certificate = loaded.certificate
        if let issuer = loaded.chain.first(where: { certificate.isIssued(by: $0) }) {
            return item("certificate.chain-issuer", .pass, "issued by \(issuer.subject) (its certificate is in the file and verifies this one)")
        }
        if !loaded.chain.isEmpty {
            return item("certificate.chain-issuer", .fail,
                        "the file carries \(loaded.chain.count) other certificate\(loaded.chain.count == 1 ? "" : "s") (\(loaded.chain.map(\.subject).joined(separator: "; "))), none of which issued this one (issuer \(certificate.issuer))",
                        fix: "export the .pfx again with this certificate's own chain (STISC's issuing certificate)")
        }
        if certificate.isSelfSigned {
            return item("certificate.chain-issuer", .warn,
                        "self-signed (\(certificate.subject)); AGE registers system certificates issued by STISC",
                        fix: "use it only for local trials; for staging and production use the system certificate STISC issued")
        }
        return item("certificate.chain-issuer", .pass,
                    "issued by \(certificate.issuer); the issuer's certificate is not in the file, so its signature was not checked")
    }
}
