internal import CXMLSec

/// XML-DSig signature methods this library knows. MPass signs with RSA-SHA256; SHA-1 is
/// known only so that it can be named when refused (and used when explicitly allowed).
public enum SignatureAlgorithm: String, Sendable, CaseIterable, Codable {
    case rsaSha1 = "http://www.w3.org/2000/09/xmldsig#rsa-sha1"
    case rsaSha256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
    case rsaSha384 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384"
    case rsaSha512 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512"

    public var uri: String { rawValue }

    /// Short name for reports and the command line.
    public var name: String {
        switch self {
        case .rsaSha1: "rsa-sha1"
        case .rsaSha256: "rsa-sha256"
        case .rsaSha384: "rsa-sha384"
        case .rsaSha512: "rsa-sha512"
        }
    }

    public var isWeak: Bool { self == .rsaSha1 }

    public var digest: DigestAlgorithm {
        switch self {
        case .rsaSha1: .sha1
        case .rsaSha256: .sha256
        case .rsaSha384: .sha384
        case .rsaSha512: .sha512
        }
    }

    var xmlsecTransform: xmlSecTransformId {
        switch self {
        case .rsaSha1: CXMLSec_transformRsaSha1()
        case .rsaSha256: CXMLSec_transformRsaSha256()
        case .rsaSha384: CXMLSec_transformRsaSha384()
        case .rsaSha512: CXMLSec_transformRsaSha512()
        }
    }
}

/// XML-DSig digest methods.
public enum DigestAlgorithm: String, Sendable, CaseIterable, Codable {
    case sha1 = "http://www.w3.org/2000/09/xmldsig#sha1"
    case sha256 = "http://www.w3.org/2001/04/xmlenc#sha256"
    case sha384 = "http://www.w3.org/2001/04/xmldsig-more#sha384"
    case sha512 = "http://www.w3.org/2001/04/xmlenc#sha512"

    public var uri: String { rawValue }
    public var isWeak: Bool { self == .sha1 }

    public var name: String {
        switch self {
        case .sha1: "sha1"
        case .sha256: "sha256"
        case .sha384: "sha384"
        case .sha512: "sha512"
        }
    }

    var evpMD: OpaquePointer {
        switch self {
        case .sha1: EVP_sha1()
        case .sha256: EVP_sha256()
        case .sha384: EVP_sha384()
        case .sha512: EVP_sha512()
        }
    }

    var xmlsecTransform: xmlSecTransformId {
        switch self {
        case .sha1: CXMLSec_transformSha1()
        case .sha256: CXMLSec_transformSha256()
        case .sha384: CXMLSec_transformSha384()
        case .sha512: CXMLSec_transformSha512()
        }
    }
}

/// The other algorithm URIs of the MPass signature profile.
public enum XMLDSigURI {
    public static let exclusiveC14N = "http://www.w3.org/2001/10/xml-exc-c14n#"
    public static let exclusiveC14NWithComments = "http://www.w3.org/2001/10/xml-exc-c14n#WithComments"
    public static let envelopedSignature = "http://www.w3.org/2000/09/xmldsig#enveloped-signature"
    public static let md5 = "http://www.w3.org/2001/04/xmldsig-more#md5"
    public static let rsaMD5 = "http://www.w3.org/2001/04/xmldsig-more#rsa-md5"
    public static let hmacSha1 = "http://www.w3.org/2000/09/xmldsig#hmac-sha1"
    public static let hmacSha256 = "http://www.w3.org/2001/04/xmldsig-more#hmac-sha256"
    public static let xslt = "http://www.w3.org/TR/1999/REC-xslt-19991116"
}

extension SignatureAlgorithm {
    /// The methods the verifier accepts under `allowWeak`, for messages to people.
    static func acceptedNames(allowWeak: Bool) -> String {
        allCases.filter { allowWeak || !$0.isWeak }.map(\.name).joined(separator: ", ")
    }
}

extension DigestAlgorithm {
    static func acceptedNames(allowWeak: Bool) -> String {
        allCases.filter { allowWeak || !$0.isWeak }.map(\.name).joined(separator: ", ")
    }
}

/// Names for algorithm URIs this library does not accept, so that a refusal says what the
/// message actually uses (an ECDSA or HMAC signature, an MD5 digest…) instead of a default.
enum AlgorithmNames {
    static let known: [String: String] = [
        "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha1": "ECDSA with SHA-1",
        "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha224": "ECDSA with SHA-224",
        "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256": "ECDSA with SHA-256",
        "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384": "ECDSA with SHA-384",
        "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512": "ECDSA with SHA-512",
        "http://www.w3.org/2000/09/xmldsig#dsa-sha1": "DSA with SHA-1",
        "http://www.w3.org/2009/xmldsig11#dsa-sha256": "DSA with SHA-256",
        XMLDSigURI.hmacSha1: "HMAC-SHA1 (a shared secret, not a public key)",
        XMLDSigURI.hmacSha256: "HMAC-SHA256 (a shared secret, not a public key)",
        "http://www.w3.org/2001/04/xmldsig-more#hmac-sha384": "HMAC-SHA384 (a shared secret, not a public key)",
        "http://www.w3.org/2001/04/xmldsig-more#hmac-sha512": "HMAC-SHA512 (a shared secret, not a public key)",
        XMLDSigURI.rsaMD5: "RSA with MD5",
        "http://www.w3.org/2001/04/xmldsig-more#rsa-sha224": "RSA with SHA-224",
        "http://www.w3.org/2007/05/xmldsig-more#sha256-rsa-MGF1": "RSA-PSS with SHA-256",
        XMLDSigURI.md5: "MD5",
        "http://www.w3.org/2001/04/xmldsig-more#sha224": "SHA-224",
        "http://www.w3.org/2001/04/xmlenc#ripemd160": "RIPEMD-160",
        "http://www.w3.org/2007/05/xmldsig-more#sha3-256": "SHA3-256",
    ]

    /// `absent`, `"URI" (what it is)` for a known URI, or `"URI" (an algorithm URI this library does not know)`.
    static func describe(_ uri: String?) -> String {
        guard let uri, !uri.isEmpty else { return "absent" }
        if let name = known[uri] { return "\"\(uri)\" (\(name))" }
        return "\"\(uri)\" (an algorithm URI this library does not know)"
    }
}
