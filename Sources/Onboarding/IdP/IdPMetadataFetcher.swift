import AsyncHTTPClient
import Foundation
import MPassSAML
import NIOCore
import Vocabulary

/// Downloads an IdP's metadata document over HTTPS (or HTTP from a loopback stand-in), with
/// short timeouts and a size limit, then reads it with the pin: nothing unpinned is returned.
public struct IdPMetadataFetcher: Sendable {
    public var timeout: TimeAmount
    /// Metadata is a few kilobytes; anything far larger is not MPass's.
    public static let maxBytes = 1 << 20

    public init(timeout: TimeAmount = .seconds(10)) {
        self.timeout = timeout
    }

    /// The document's bytes and the reading of it with `source.pin`.
    public func fetch(_ source: IdPMetadataSource, now: Date) async throws(HarnessError) -> (data: Data, reading: IdentityProviderMetadataReader.Reading) {
        let url = source.metadataURL
        if let refusal = GovernmentEndpoints.refusal(url.absoluteString, what: "metadata URL") {
            throw HarnessError(.onboardingProductionRefused, refusal)
        }
        let data = try await download(url)
        do {
            let reading = try IdentityProviderMetadataReader(pinnedFingerprints: [source.pin], now: now).read(data)
            return (data, reading)
        } catch {
            throw HarnessError(.onboardingMetadataRejected, "\(url.absoluteString): \(error.reason)")
        }
    }

    private func download(_ url: URL) async throws(HarnessError) -> Data {
        // Checked again where the request leaves, so no other caller can skip it.
        if let refusal = GovernmentEndpoints.refusal(url.absoluteString, what: "metadata URL") {
            throw HarnessError(.onboardingProductionRefused, refusal)
        }
        let client = HTTPClient(eventLoopGroupProvider: .singleton,
                                configuration: .init(redirectConfiguration: .disallow, timeout: .init(connect: timeout, read: timeout)))
        defer { _ = client.shutdown() }
        do {
            var request = HTTPClientRequest(url: url.absoluteString)
            request.headers.add(name: "Accept", value: "application/samlmetadata+xml, application/xml, text/xml")
            request.headers.add(name: "User-Agent", value: "mpass-harness idp fetch")
            let response = try await client.execute(request, timeout: timeout + timeout)
            let body = try await response.body.collect(upTo: Self.maxBytes)
            guard response.status == .ok else {
                throw HarnessError(.onboardingFetchFailed, "\(url.absoluteString) answered HTTP \(response.status.code) instead of the metadata; check the URL (MPass publishes it at /meta/saml)")
            }
            return Data(buffer: body)
        } catch let error as HarnessError {
            throw error
        } catch {
            throw HarnessError(.onboardingFetchFailed,
                "\(url.absoluteString) could not be fetched: \(HTTPEndpointProber.describe(error)); check this machine's network access to \(url.host ?? "the IdP")")
        }
    }
}
