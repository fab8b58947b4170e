/// Check ids of the Service's own checks, added to the library's report. Like the
/// library's, they are stable and never renamed once shipped.
public enum ServiceCheck {
    /// The Response was used before: its InResponseTo names a login already completed, or
    /// its Response ID or Assertion ID was already accepted. The library cannot know this,
    /// since it keeps no state between messages.
    public static let replay = "response.replay"
}
