import Foundation
import MPassSAML

/// A live session: the beneficiary's registered Service (Issuer, certificate), where it runs
/// on this machine, which MPass it talks to, and how long a person has for each step.
public struct LiveConfiguration: Sendable {
    /// The Service's Issuer as registered at MPass staging.
    public var issuer: String
    /// The registered certificate and its key (signs the Service's messages).
    public var identity: SigningIdentity
    /// `https://localhost:PORT` is the Service's root (staging accepts localhost).
    public var port: Int
    /// The HTTPS certificate; nil: one is made for the session.
    public var tlsIdentity: SigningIdentity?
    public var idp: LiveIdentityProvider
    /// How long to wait for the person at each step.
    public var stepTimeout: TimeInterval
    /// Where the server listens (the browser reaches it as localhost).
    public var bindHost: String
    /// `--strict-idp-algorithm`: MPass's messages signed with RSA-SHA1 / SHA-1 fail instead
    /// of passing with a WARN.
    public var strictIdPAlgorithm = false

    public init(issuer: String, identity: SigningIdentity, port: Int = 5001, tlsIdentity: SigningIdentity? = nil,
                idp: LiveIdentityProvider, stepTimeout: TimeInterval = 300, bindHost: String = "127.0.0.1") {
        self.issuer = issuer
        self.identity = identity
        self.port = port
        self.tlsIdentity = tlsIdentity
        self.idp = idp
        self.stepTimeout = stepTimeout
        self.bindHost = bindHost
    }

    public var serviceRoot: String { "https://localhost:\(port)" }
}
