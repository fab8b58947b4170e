import Foundation
import MPassSAML
import Vocabulary

/// MPass staging's metadata and signing certificate, fetched once by `idp fetch` and kept
/// in a folder (`.mpass-harness/idp/staging` by default), so that `verify` and `live` trust
/// the pinned copy without the network.
///
/// The folder holds `metadata.xml` as downloaded, `signing.cert.pem` (the pinned signing
/// certificate) and `cache.json` (where and when it was fetched, the pin). Loading reads the
/// metadata again with the recorded pin, and for the real staging with the pin compiled in,
/// so an edited folder is refused rather than trusted.
public struct IdPCache: Sendable {
    public static let defaultDirectory = ".mpass-harness/idp/staging"
    static let metadataFile = "metadata.xml"
    static let certificateFile = "signing.cert.pem"
    static let indexFile = "cache.json"

    /// What `cache.json` records.
    public struct Entry: Codable, Sendable, Equatable {
        public var sourceURL: String
        public var fetchedAt: String
        public var pinnedSHA256: String
        public var entityID: String
        public var singleSignOnURL: String?
        public var singleLogoutURL: String?
    }

    /// A cache that loaded and still matches its pin.
    public struct Contents: Sendable {
        public let entry: Entry
        public let metadata: IdentityProviderMetadata
        /// The pinned signing certificate(s): what MPass's messages are verified with.
        public let certificates: [Certificate]
        public let certificatePath: URL

        /// Which copy is trusted, for a person to see before anything is judged with it.
        public var trustNote: String {
            "trusting the cached, pinned MPass certificate from \(entry.sourceURL) (fetched \(entry.fetchedAt), SHA-256 \(entry.pinnedSHA256))"
        }
    }

    public let directory: URL

    public init(directory: URL) {
        self.directory = directory
    }

    public var exists: Bool {
        FileManager.default.fileExists(atPath: directory.appendingPathComponent(Self.indexFile).path)
    }

    /// Writes the three files (each atomically).
    @discardableResult
    public func store(metadata data: Data, reading: IdentityProviderMetadataReader.Reading, source: IdPMetadataSource,
                      now: Date) throws(HarnessError) -> Entry {
        let metadata = reading.metadata
        let entry = Entry(
            sourceURL: source.metadataURL.absoluteString, fetchedAt: SAMLTime.format(now), pinnedSHA256: source.pin,
            entityID: metadata.entityID,
            singleSignOnURL: (metadata.singleSignOnService(for: .post) ?? metadata.singleSignOnServices.first)?.location,
            singleLogoutURL: (metadata.singleLogoutService(for: .post) ?? metadata.singleLogoutServices.first)?.location)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try data.write(to: directory.appendingPathComponent(Self.metadataFile), options: .atomic)
            try Data(reading.pinnedCertificates.map(\.pem).joined().utf8)
                .write(to: directory.appendingPathComponent(Self.certificateFile), options: .atomic)
            try encoder.encode(entry).write(to: directory.appendingPathComponent(Self.indexFile), options: .atomic)
        } catch {
            throw HarnessError(.onboardingFileFailed, "the IdP cache could not be written to \(directory.path): \(error.localizedDescription)")
        }
        return entry
    }

    /// What `idp fetch` does: downloads `source`'s metadata, reads it against the pin and
    /// stores it here. Metadata the pin refuses is never stored (the fetch throws first).
    public func refresh(from source: IdPMetadataSource, fetcher: IdPMetadataFetcher = IdPMetadataFetcher(), now: Date)
        async throws(HarnessError) -> (entry: Entry, reading: IdentityProviderMetadataReader.Reading) {
        let (data, reading) = try await fetcher.fetch(source, now: now)
        return (try store(metadata: data, reading: reading, source: source, now: now), reading)
    }

    /// The cached copy, checked again against its pin.
    public func load(now: Date) throws(HarnessError) -> Contents {
        guard exists else {
            throw HarnessError(.onboardingCacheMissing,
                "no cached MPass metadata in \(directory.path); run `mpass-harness idp fetch --env staging` first (or give --idp-cert)")
        }
        let entry: Entry
        let data: Data
        do {
            entry = try JSONDecoder().decode(Entry.self, from: Data(contentsOf: directory.appendingPathComponent(Self.indexFile)))
            data = try Data(contentsOf: directory.appendingPathComponent(Self.metadataFile))
        } catch {
            throw HarnessError(.onboardingCacheInvalid, "the IdP cache in \(directory.path) cannot be read (\(error.localizedDescription)); run `mpass-harness idp fetch --env staging` again")
        }
        if GovernmentEndpoints.isProduction(entry.sourceURL) {
            throw HarnessError(.onboardingProductionRefused, "the IdP cache in \(directory.path) came from production (\(entry.sourceURL)); delete it")
        }
        // The real staging is trusted only under the pin compiled into the harness.
        let realStaging = URL(string: entry.sourceURL)?.host?.lowercased() == MPassEnvironment.staging.host
        var pins = [entry.pinnedSHA256]
        if realStaging { pins = [MPassEnvironment.staging.signingCertificateSHA256!] }
        let reading: IdentityProviderMetadataReader.Reading
        do {
            reading = try IdentityProviderMetadataReader(pinnedFingerprints: pins, now: now).read(data)
        } catch {
            throw HarnessError(.onboardingCacheInvalid,
                "the cached metadata in \(directory.path) no longer matches its pin (\(error.reason)); run `mpass-harness idp fetch --env staging` again")
        }
        return Contents(entry: entry, metadata: reading.metadata, certificates: reading.pinnedCertificates,
                        certificatePath: directory.appendingPathComponent(Self.certificateFile))
    }
}
