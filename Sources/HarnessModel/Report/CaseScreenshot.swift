/// A picture of the page the person ended a case on, taken by a real browser. Only runs
/// driven through Chromium (`run --browser chromium`) have them: the in-process agent
/// renders nothing, and a report says so rather than showing an empty frame.
///
/// The image is a file of the run folder (so report.json stays small and the bundle signs
/// the picture like any other artefact); report.html embeds it, so that file stays whole.
public struct CaseScreenshot: Codable, Sendable, Equatable {
    /// Relative to the run folder, with `/` separators: `screenshots/TC_SEC_01.jpg`.
    public var path: String
    /// `image/jpeg` or `image/png`.
    public var mediaType: String
    /// Lowercase hex SHA-256 of the file's bytes, so a swapped picture is noticed.
    public var sha256: String
    /// The address the browser showed when the picture was taken.
    public var pageURL: String

    /// The title of the step (INFO) a case gets when its browser could not take the picture;
    /// the step's detail is the browser's reason. It never changes the verdict.
    public static let notTakenStep = "screenshot not taken"

    public init(path: String, mediaType: String, sha256: String, pageURL: String) {
        self.path = path
        self.mediaType = mediaType
        self.sha256 = sha256
        self.pageURL = pageURL
    }
}
