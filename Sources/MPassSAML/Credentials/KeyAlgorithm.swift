/// What kind of public key a certificate or private key holds.
public enum KeyAlgorithm: Sendable, Equatable, CustomStringConvertible {
    case rsa(bits: Int)
    case ec(bits: Int)
    case other(name: String, bits: Int)

    public var bits: Int {
        switch self {
        case .rsa(let bits), .ec(let bits), .other(_, let bits): bits
        }
    }

    public var isRSA: Bool {
        if case .rsa = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .rsa(let bits): "RSA \(bits)"
        case .ec(let bits): "EC \(bits)"
        case .other(let name, let bits): "\(name) \(bits)"
        }
    }
}
