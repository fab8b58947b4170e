import Foundation
import MPassSAML
import Vocabulary

/// AGE's side of the compliance bundle: is the manifest signed, by whom, and is every file
/// the one the manifest pins, with nothing added or taken away.
///
/// Check ids (stable, never renamed):
/// - `bundle.manifest`: `manifest.json` is present, JSON, and in a known format.
/// - `bundle.signature`: `manifest.json.p7s` is a valid detached CMS signature over the manifest.
/// - `bundle.signer`: who signed (subject, serial, validity); fails when `expectSerial` is
///   given and differs.
/// - `bundle.signer.validity`: the signer's certificate was valid when the manifest says the
///   bundle was made.
/// - `bundle.manifest.digest`: one per listed file: present, and its SHA-256 is the manifest's.
/// - `bundle.files.missing`: one per listed file that is absent (or one pass).
/// - `bundle.files.extra`: one per file in the folder that the manifest does not list (or one pass).
public enum BundleVerifier {
    /// Verifies the bundle in `directory`. Throws when the folder itself cannot be read or
    /// holds anything but plain files within `limits` (`BundleFolder`); everything found
    /// wrong inside it is a failed check.
    public static func verify(_ directory: URL, expectSerial: String? = nil,
                              limits: BundleFolder.Limits = .standard) throws(HarnessError) -> BundleVerification {
        try verify(BundleFolder.open(directory, limits: limits), expectSerial: expectSerial)
    }

    /// Verifies a bundle folder already listed as plain files; reads only through it.
    public static func verify(_ folder: BundleFolder, expectSerial: String? = nil) -> BundleVerification {
        let present = folder.paths.subtracting([BundleManifest.fileName, BundleManifest.signatureFileName])
        var checks: [BundleCheck] = []
        var result = BundleVerification(checks: [], signer: nil, manifest: nil)

        // bundle.manifest
        let manifestData = try? folder.read(BundleManifest.fileName)
        if let manifestData {
            do {
                let manifest = try JSONDecoder().decode(BundleManifest.self, from: manifestData)
                if manifest.format == BundleManifest.currentFormat || BundleManifest.olderFormats[manifest.format] != nil {
                    result.manifest = manifest
                    let older = manifest.format == BundleManifest.currentFormat ? "" : " (the older format \(manifest.format))"
                    checks.append(BundleCheck(.pass(.bundleManifest,
                        "\(manifest.files.count) files, made by \(manifest.tool.name) \(manifest.tool.version) at \(manifest.createdAt)\(older)")))
                } else {
                    let known = ([BundleManifest.currentFormat] + BundleManifest.olderFormats.keys.sorted()).joined(separator: ", ")
                    checks.append(BundleCheck(.fail(.bundleManifest,
                        "the manifest's format is \"\(manifest.format)\"; this verifier reads \(known)")))
                }
            } catch {
                checks.append(BundleCheck(.fail(.bundleManifest,
                    "manifest.json is not a bundle manifest: \(RecordingReader.describe(decodingError: error))")))
            }
        } else {
            checks.append(BundleCheck(.fail(.bundleManifest, "manifest.json is missing")))
        }

        // bundle.signature and bundle.signer
        let signatureData = try? folder.read(BundleManifest.signatureFileName)
        var verification: CMSDetachedSignature.Verification?
        switch (manifestData, signatureData) {
        case (_, nil):
            checks.append(BundleCheck(.fail(.bundleSignature, "manifest.json.p7s is missing: the bundle is not signed")))
        case (nil, _):
            checks.append(BundleCheck(.skip(.bundleSignature, because: CheckID.bundleManifest)))
        case (let manifestData?, let signatureData?):
            let found = CMSDetachedSignature.verify(signature: signatureData, content: manifestData)
            verification = found
            if found.isValid {
                checks.append(BundleCheck(.pass(.bundleSignature, "a valid detached CMS signature (SHA-256) over manifest.json")))
            } else {
                checks.append(BundleCheck(.fail(.bundleSignature, found.reason ?? "the signature does not verify")))
            }
        }

        if let signerCertificate = verification?.signer {
            let facts = SignerFacts(signerCertificate)
            result.signer = facts
            checks.append(signerCheck(facts, expectSerial: expectSerial))
            if let manifest = result.manifest, let created = SAMLTime.parse(manifest.createdAt)?.date {
                if signerCertificate.isValid(at: created) {
                    checks.append(BundleCheck(.pass(.bundleSignerValidity, "valid at \(manifest.createdAt)")))
                } else {
                    checks.append(BundleCheck(.fail(.bundleSignerValidity,
                        "the certificate was not valid at \(manifest.createdAt) (valid \(facts.notBefore) to \(facts.notAfter))")))
                }
            } else {
                checks.append(BundleCheck(.skip(.bundleSignerValidity, because: CheckID.bundleManifest)))
            }
        } else {
            if verification?.isSignedData == true {
                // A SignedData naming a signer it does not carry: nobody AGE can identify.
                checks.append(BundleCheck(.fail(.bundleSigner, "the signature carries no certificate for its signer")))
            } else {
                checks.append(BundleCheck(.skip(.bundleSigner, because: CheckID.bundleSignature)))
            }
            checks.append(BundleCheck(.skip(.bundleSignerValidity, because: CheckID.bundleSigner)))
        }

        // bundle.manifest.digest, bundle.files.missing, bundle.files.extra
        guard let manifest = result.manifest else {
            checks.append(BundleCheck(.skip(.bundleManifestDigest, because: CheckID.bundleManifest)))
            checks.append(BundleCheck(.skip(.bundleFilesMissing, because: CheckID.bundleManifest)))
            checks.append(BundleCheck(.skip(.bundleFilesExtra, because: CheckID.bundleManifest)))
            result.checks = checks
            return result
        }
        var missing: [String] = []
        for file in manifest.files {
            guard BundleManifest.isSafePath(file.path),
                  file.path != BundleManifest.fileName, file.path != BundleManifest.signatureFileName else {
                checks.append(BundleCheck(.fail(.bundleManifestDigest,
                    "the manifest lists \"\(file.path)\", a path outside what a bundle may hold; it was not read"), file: file.path))
                continue
            }
            guard present.contains(file.path),
                  let data = try? folder.read(file.path) else {
                missing.append(file.path)
                checks.append(BundleCheck(.skip(.bundleManifestDigest, because: CheckID.bundleFilesMissing), file: file.path))
                continue
            }
            let digest = SHA256Digest.hex(of: data)
            if digest == file.sha256.lowercased() {
                checks.append(BundleCheck(.pass(.bundleManifestDigest, "sha256 \(digest)"), file: file.path))
            } else {
                checks.append(BundleCheck(.fail(.bundleManifestDigest,
                    "the file's SHA-256 is \(digest), the manifest says \(file.sha256): the file was changed after signing"),
                    file: file.path))
            }
        }
        if missing.isEmpty {
            checks.append(BundleCheck(.pass(.bundleFilesMissing, "every file the manifest lists is present")))
        } else {
            for path in missing {
                checks.append(BundleCheck(.fail(.bundleFilesMissing, "listed in the manifest but absent from the bundle"), file: path))
            }
        }
        let listed = Set(manifest.files.map(\.path))
        let extra = present.filter { !listed.contains($0) }.sorted()
        if extra.isEmpty {
            checks.append(BundleCheck(.pass(.bundleFilesExtra, "no file outside the manifest")))
        } else {
            for path in extra {
                checks.append(BundleCheck(.fail(.bundleFilesExtra,
                    "in the bundle but not in the manifest: not covered by the signature"), file: path))
            }
        }
        result.checks = checks
        return result
    }

    /// Subject, serial and validity; a failure only when an expected serial is given and differs.
    static func signerCheck(_ facts: SignerFacts, expectSerial: String?) -> BundleCheck {
        let who = "\(facts.subject), serial \(facts.serialHex), valid \(facts.notBefore) to \(facts.notAfter)"
        guard let expectSerial else {
            return BundleCheck(.pass(.bundleSigner, "\(who) (no serial expected: compare it with the one on file)"))
        }
        let expected = SignerFacts.normalizeSerial(expectSerial)
        if SignerFacts.normalizeSerial(facts.serialHex) == expected {
            return BundleCheck(.pass(.bundleSigner, "\(who); the expected serial"))
        }
        return BundleCheck(.fail(.bundleSigner, "signed by \(who), not by the certificate with serial \(expected)"))
    }
}
