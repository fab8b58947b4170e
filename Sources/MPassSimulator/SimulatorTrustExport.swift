import Foundation
import MPassSAML
import Vocabulary

/// What a Service's test deployment trusts in place of MPass staging: the simulator's IdP
/// metadata and signing certificate (`mpass-harness simulator metadata`), printed or written.
public struct SimulatorTrustExport: Sendable {
    /// The signed IdP metadata, as `/meta/saml` serves it.
    public let metadata: String
    /// Where it was written (metadata.xml and simulator.cert.pem); nil: not written.
    public let directory: URL?
    /// What a person configures the Service with, and which way of running the simulator the
    /// URLs belong to. Empty when nothing was written (the metadata is the output).
    public let summary: [String]

    /// Makes the metadata for a simulator answering at `baseURL`, and writes it with the
    /// certificate into `out` when given.
    ///
    /// - Parameter runBaseURL: where `mpass-harness run` answers as MPass in process; the
    ///   summary says whether `baseURL` is that one or a `simulator serve` port.
    public static func make(baseURL: URL, issuer: String?, identity: SigningIdentity, out: URL?,
                            runBaseURL: URL) async throws(HarnessError) -> SimulatorTrustExport {
        let configuration = try SimulatorConfiguration(baseURL: baseURL, issuer: issuer, identity: identity, services: [])
        let simulator = MPassSimulator(configuration: configuration)
        let metadata = await simulator.metadataXML()
        guard let directory = out else { return SimulatorTrustExport(metadata: metadata, directory: nil, summary: []) }
        let metadataFile = directory.appendingPathComponent("metadata.xml")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data(metadata.utf8).write(to: metadataFile, options: .atomic)
            try Data(identity.certificate.pem.utf8).write(to: directory.appendingPathComponent("simulator.cert.pem"), options: .atomic)
        } catch {
            throw HarnessError(.simulatorExportFailed, "cannot write into \(directory.path): \(error.localizedDescription); give --out a folder you can write to")
        }
        // The metadata's own values: a --base-url ending in "/" must not print "//login/saml".
        return SimulatorTrustExport(metadata: metadata, directory: directory, summary: [
            "wrote \(metadataFile.path) and simulator.cert.pem",
            "SSO URL  \(configuration.singleSignOnURL)\nSLO URL  \(configuration.singleLogoutURL)\nIssuer   \(configuration.issuer)",
            "certificate SHA-256 \(identity.certificate.sha256Fingerprint)",
            whichRun(for: baseURL, runBaseURL: runBaseURL),
        ])
    }

    /// Says which way of running the simulator the printed URLs belong to: a Service
    /// configured with one set of URLs and tested with the other is sent to a host that
    /// does not answer (or answers as another MPass).
    static func whichRun(for url: URL, runBaseURL: URL) -> String {
        let run = runBaseURL.absoluteString
        if url.absoluteString == run {
            return "Use these with `mpass-harness run` (its browser answers \(run) in process; nothing is looked up on the network). For `simulator serve --port PORT`, write the metadata again with --base-url http://127.0.0.1:PORT."
        }
        return "Use these with `mpass-harness simulator serve` answering at \(url.absoluteString) (give it the same port). For `mpass-harness run`, write the metadata again without --base-url: run answers \(run), unless the target's idp.simulator_base_url is \(url.absoluteString)."
    }
}
