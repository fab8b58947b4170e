/// The name and version written into everything the harness makes (the run report's `tool`,
/// HAR `creator`, the bundle manifest) and printed by `mpass-harness --version`, so a reader
/// knows which harness produced a file. The one place the version is spelt.
public enum ToolInfo {
    public static let name = "mpass-harness"
    /// Bumped with each release; the bundle format has its own version (`BundleManifest.format`).
    public static let version = "0.1.0"
}
