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
        let elements = document.allElements()
        for (signatureIndex, signature) in elements.enumerated() where signature.is("Signature", .ds) {
            guard let signedInfo = signature.child("SignedInfo", .ds),
                  let uri = signedInfo.child("Reference", .ds)?.attribute("URI"), uri.hasPrefix("#"),
                  let method = signedInfo.child("SignatureMethod", .ds)?.attribute("Algorithm")
                      .flatMap(SignatureAlgorithm.init(rawValue:)), !method.isWeak,
                  let digest = signedInfo.child("Reference", .ds)?.child("DigestMethod", .ds)?.attribute("Algorithm")
                      .flatMap(DigestAlgorithm.init(rawValue:)), !digest.isWeak else { continue }
            let id = String(uri.dropFirst())
            // Every element carrying the ID is a candidate: such a reader resolves the
            // Reference to whichever one its lookup meets, so any that verifies will do.
            let targets = elements.indices.filter { elements[$0].attribute("ID") == id }
            for targetIndex in targets where verifies(document, signatureAt: signatureIndex, targetAt: targetIndex, id: id,
                                                      method: method, digest: digest) {
                return true
            }
        }
        return false
    }

    /// One attempt, on a copy: IDs registered there cannot clash with the real validation's.
    private func verifies(_ document: XMLDocument, signatureAt signatureIndex: Int, targetAt targetIndex: Int, id: String,
                          method: SignatureAlgorithm, digest: DigestAlgorithm) -> Bool {
        guard let copy = try? document.copy() else { return false }
        let elements = copy.allElements()
        let signature = elements[signatureIndex]
        let target = elements[targetIndex]
        // Inside the Signature itself (XSW1, XSW6, XSW8) the enveloped transform would drop
        // the target with the Signature; such readers apply it only to a Signature inside
        // the target, which is what moving the target out reproduces.
        if Self.isInside(target, signature) { signature.insertBefore(target) }
        guard (try? XMLSigner.registerID(of: target, value: id)) != nil else { return false }
        return pinnedCertificates.contains { certificate in
            if case .success = SignatureVerifier.cryptographicVerify(signature: signature, certificate: certificate,
                                                                     method: method, digest: digest).verdict {
                return true
            }
            return false
        }
    }

    private static func isInside(_ element: XMLElement, _ ancestor: XMLElement) -> Bool {
        var current = element.parent
        while let node = current {
            if node.isSameNode(as: ancestor) { return true }
            current = node.parent
        }
        return false
    }
}
