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
