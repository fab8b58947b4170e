import Vocabulary

/// The simulator's own error codes (its configuration is checked with the SAML core's).
extension HarnessError.Code {
    /// `simulator metadata --out`: the metadata or the certificate could not be written.
    public static let simulatorExportFailed = Self(rawValue: "simulator.export-failed")
}
