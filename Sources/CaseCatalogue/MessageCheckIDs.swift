import MPassSAML

/// The check ids that carry a message-check case's duty, shared by the run (`CaseRunner`)
/// and the replay, so that both judge the same checks.
public enum MessageCheckIDs {
    /// The ids that carry `ids`' duty for a message sent with `binding` (`POST` or
    /// `Redirect`). Over HTTP-Redirect the signature is not an XML signature but the query's
    /// (SAML Bindings 3.4.4.1: the ds:Signature is removed; SigAlg and Signature are over the
    /// exact query bytes as received), so `<message>.signature.present|value|algorithm` are
    /// judged by `redirect.signature.present|value|algorithm`, and a digest does not exist there.
    public static func forBinding(_ ids: [CheckID], binding: String?) -> [CheckID] {
        guard binding == "Redirect" else { return ids }
        var mapped: [CheckID] = []
        func add(_ id: CheckID) { if !mapped.contains(id) { mapped.append(id) } }
        for id in ids {
            guard let family = CheckID.signatureFamilies.first(where: { $0.contains(id) }) else {
                add(id)
                continue
            }
            switch id {
            case family.present: add(.redirectSignaturePresent)
            case family.algorithm: add(.redirectSignatureAlgorithm)
            case family.value: add(.redirectSignatureValue)
            case family.digestAlgorithm: continue
            default: add(id)
            }
        }
        return mapped
    }
}
