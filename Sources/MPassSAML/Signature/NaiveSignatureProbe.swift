import Foundation

/// The signature check of a reader that is open to signature wrapping, on purpose: it
/// verifies any `ds:Signature` wherever it sits, against whatever element its Reference
/// names, and ignores the shape rules (position, one Reference naming the element that is
/// read, unique IDs). The MPass guide names this the official .NET library's weak point
/// ("its signature check does not tie the signed Reference to the root element").
///
/// It exists only so that the reference Service's `acceptWrappedSignature` weakness can be
/// that reader, and the catalogue's wrapping cases can be proven to catch it. Nothing in
/// the harness decides anything with it; `SignatureVerifier.verify` is the real check.
public struct NaiveSignatureProbe: Sendable {
    public let pinnedCertificates: [Certificate]

    public init(pinnedCertificates: [Certificate]) {
        self.pinnedCertificates = pinnedCertificates
    }

    /// True when some `ds:Signature` in the document verifies with a pinned key over the
    /// element its Reference names (RSA-SHA256 family only: weak algorithms stay refused,
    /// so this weakness is about wrapping and nothing else).
    public func someSignatureVerifies(in document: XMLDocument) -> Bool {
        // A copy: IDs registered on it cannot clash with those of the real validation.
        guard let copy = try? document.copy() else { return false }
        let elements = copy.allElements()
        for signature in elements where signature.is("Signature", .ds) {
            guard let signedInfo = signature.child("SignedInfo", .ds),
                  let uri = signedInfo.child("Reference", .ds)?.attribute("URI"), uri.hasPrefix("#"),
                  let method = signedInfo.child("SignatureMethod", .ds)?.attribute("Algorithm")
                      .flatMap(SignatureAlgorithm.init(rawValue:)), !method.isWeak,
                  let digest = signedInfo.child("Reference", .ds)?.child("DigestMethod", .ds)?.attribute("Algorithm")
                      .flatMap(DigestAlgorithm.init(rawValue:)), !digest.isWeak else { continue }
            let id = String(uri.dropFirst())
            // The enveloping parent when it carries the ID, else the first element that does:
            // the lookup of a reader that registers whichever ID it meets.
            let target = signature.parent.flatMap { $0.attribute("ID") == id ? $0 : nil }
                ?? elements.first { $0.attribute("ID") == id }
            guard let target, (try? XMLSigner.registerID(of: target, value: id)) != nil else { continue }
            for certificate in pinnedCertificates {
                if case .success = SignatureVerifier.cryptographicVerify(signature: signature, certificate: certificate,
                                                                         method: method, digest: digest) {
                    return true
                }
            }
        }
        return false
    }
}
