import Foundation
import MPassSAML
import Vocabulary

/// The bundle's `manifest.json.p7s`: a detached CMS SignedData over the manifest, made and
/// checked by MPassSAML's `CMSDetachedSignedData` (SHA-256, no signed attributes, the
/// signer's chain included; see there). Here only the bundle's error code is attached.
enum CMSDetachedSignature {
    typealias Verification = CMSDetachedSignedData.Verification

    static func sign(_ content: Data, identity: SigningIdentity) throws(HarnessError) -> Data {
        do {
            return try CMSDetachedSignedData.sign(content, identity: identity)
        } catch {
            throw HarnessError(.bundleSigningFailed, "signing the manifest failed: \(error.reason)")
        }
    }

    static func verify(signature der: Data, content: Data) -> Verification {
        CMSDetachedSignedData.verify(signature: der, content: content)
    }
}
