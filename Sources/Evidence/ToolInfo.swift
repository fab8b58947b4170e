/// The name and version the evidence writes into what it makes (HAR `creator`, the bundle
/// manifest), so a reader knows which harness produced a file.
public enum ToolInfo {
    public static let name = "mpass-harness"
    /// Bumped with each release; the bundle format has its own version (`BundleManifest.format`).
    public static let version = "0.1.0"
}
