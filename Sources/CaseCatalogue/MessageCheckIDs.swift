/// The check ids that carry a message-check case's duty, shared by the run (`CaseRunner`)
/// and the replay, so that both judge the same checks.
public enum MessageCheckIDs {
    /// The ids that carry `ids`' duty for a message sent with `binding` (`POST` or
    /// `Redirect`). Over HTTP-Redirect the signature is not an XML signature but the query's
    /// (SAML Bindings 3.4.4.1: the ds:Signature is removed; SigAlg and Signature are over the
    /// exact query bytes as received), so `<message>.signature.present|value|algorithm` are
    /// judged by `redirect.signature.present|value|algorithm`, and a digest does not exist there.
    public static func forBinding(_ ids: [String], binding: String?) -> [String] {
        guard binding == "Redirect" else { return ids }
        var mapped: [String] = []
        for id in ids {
            let parts = id.split(separator: ".", maxSplits: 1).map(String.init)
            switch parts.count == 2 ? parts[1] : "" {
            case "signature.present", "signature.value", "signature.algorithm": mapped.append("redirect." + parts[1])
            case "signature.digest-algorithm": continue
            default: mapped.append(id)
            }
        }
        return mapped.reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
    }
}
