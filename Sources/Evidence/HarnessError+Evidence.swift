import Vocabulary

/// The evidence layer's error codes: recordings, HAR, bundles (a bundle that fails verification is a `BundleVerification`).
extension HarnessError.Code {
    // Reading recordings
    public static let recordingUnreadable = Self(rawValue: "recording.unreadable")
    public static let recordingNotJSON = Self(rawValue: "recording.not-json")
    /// JSON with a `log` object that is not HAR (entries missing, an entry without a URL…).
    public static let recordingNotHAR = Self(rawValue: "recording.not-har")
    /// JSON that is neither HAR nor a SAML-tracer export.
    public static let recordingUnknownFormat = Self(rawValue: "recording.unknown-format")
    /// A SAML-tracer export whose `requests` cannot be read.
    public static let recordingBadSAMLTracer = Self(rawValue: "recording.bad-saml-tracer")
    /// A directory given as recordings holds no `.har` or `.json` file.
    public static let recordingNoFiles = Self(rawValue: "recording.no-files")
    /// A recording file over `RecordingReader.maxFileBytes`.
    public static let recordingTooLarge = Self(rawValue: "recording.too-large")

    // Writing HAR
    public static let harEncoding = Self(rawValue: "har.encoding")

    // A run's report folder (`RunArtefacts`)
    /// The folder given for a new run's reports holds files, or a folder cannot be made.
    public static let reportFolderUnavailable = Self(rawValue: "reports.folder-unavailable")
    /// The reports or the HAR beside them could not be written.
    public static let reportsWriteFailed = Self(rawValue: "reports.write-failed")
    /// A screenshot given for the run folder does not match the report (`RunPictures.check`).
    public static let reportsScreenshotRefused = Self(rawValue: "reports.screenshot-refused")

    // Bundles
    public static let bundleBadFileName = Self(rawValue: "bundle.bad-file-name")
    public static let bundleDirectoryNotEmpty = Self(rawValue: "bundle.directory-not-empty")
    public static let bundleWriteFailed = Self(rawValue: "bundle.write-failed")
    /// A HAR file given for a bundle still holds a private key, a password or an
    /// Authorization value: the guard rail refuses to sign it into evidence.
    public static let bundleSecretInEvidence = Self(rawValue: "bundle.secret-in-evidence")
    public static let bundleSigningFailed = Self(rawValue: "bundle.signing-failed")
    public static let bundleUnreadable = Self(rawValue: "bundle.unreadable")
    /// The bundle folder holds a symbolic link, a device, a FIFO, a hard-linked file or a
    /// folder other than `evidence/`: refused before anything is read (`BundleFolder`).
    public static let bundleNotPlain = Self(rawValue: "bundle.not-plain")
    /// A bundle file, or the whole bundle, above `BundleFolder.Limits`.
    public static let bundleTooLarge = Self(rawValue: "bundle.too-large")
}
