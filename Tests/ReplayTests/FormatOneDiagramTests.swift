import Foundation
@testable import Replay
import Testing

/// A sequence diagram in a format-1 report.html is accepted without comparison only when it is
/// format 1's drawing, element for element (report.mustache at commit 4c2f6d7, quoted in
/// `wellFormed`). The hostile shapes are the ways a signer could use such a block to hide the
/// real verdict in a browser or draw another: closing the `<svg>` early, leaving an element
/// open, borrowing the page's own CSS classes, or adding anything format 1 never drew.
@Suite struct FormatOneDiagramTests {
    /// Two participants and two messages, laid out as format 1's template laid them out.
    static let wellFormed = """
      <svg class="sd" xmlns="http://www.w3.org/2000/svg" width="420" height="120" viewBox="0 0 420 120" role="img" aria-label="2 exchanges">
        <title>2 exchanges</title>
        <line class="life" x1="60" y1="34" x2="60" y2="110"/>
        <rect class="box" x="10" y="6" width="100" height="28" rx="4"/>
        <text class="who" x="60" y="25" text-anchor="middle">Browser</text>
        <line class="life" x1="300" y1="34" x2="300" y2="110"/>
        <rect class="box" x="250" y="6" width="100" height="28" rx="4"/>
        <text class="who" x="300" y="25" text-anchor="middle">Service</text>
        <g class="sd-request">
          <line x1="60" y1="60" x2="300" y2="60"/>
          <polygon points="300,60 294,57 294,63"/>
          <text x="180" y="55" text-anchor="middle">#1 GET /login?next=/a&amp;b=1</text>
        </g>
        <g class="sd-invalid">
          <line x1="300" y1="90" x2="60" y2="90"/>
          <polygon points="60,90 66,87 66,93"/>
          <text x="180" y="85" text-anchor="middle">✗ INVALID AuthnRequest</text>
          <text class="detail" x="180" y="100" text-anchor="middle">failed: authn.signature</text>
        </g>
      </svg>
    """

    @Test("Format 1's own drawing is accepted")
    func formatOneDrawingIsAccepted() {
        #expect(FormatOneDiagram.departure(in: Self.wellFormed) == nil)
    }

    /// Each hostile block, and a word the refusal must name.
    static let hostile: [(what: String, block: String, named: String)] = [
        ("the svg closed early, a green PASS box in the page's classes, a hidden group left open",
         """
           <svg class="sd" width="0" height="0">
           </svg><g class="verdict-box pass"><g class="word">✓ PASS</g></g><g class="print-only">
           </svg>
         """, "not one well-formed <svg> element"),
        ("a <title> left open to swallow the page after it",
         edit("<title>2 exchanges</title>", "<title>2 exchanges</title></svg><title>"), "not one well-formed <svg> element"),
        ("a group in the page's hidden class",
         edit(#"<g class="sd-request">"#, #"<g class="print-only">"#), "class \"print-only\""),
        ("a script", edit("<title>2 exchanges</title>", "<title>2 exchanges</title><script>alert(1)</script>"), "<script>"),
        ("a foreign object holding HTML",
         edit("<title>2 exchanges</title>", #"<title>2 exchanges</title><foreignObject width="300" height="40"><div>✓ PASS</div></foreignObject>"#),
         "<foreignObject>"),
        ("an event handler", edit(#"<rect class="box" x="10""#, #"<rect class="box" onload="alert(1)" x="10""#), "onload"),
        ("a style attribute", edit(#"<g class="sd-invalid">"#, #"<g class="sd-invalid" style="display:none">"#), "style"),
        ("a link", edit(#"<g class="sd-request">"#, #"<g class="sd-request" href="https://example.test/">"#), "href"),
        ("a namespaced link", edit(#"<polygon points="300,60 294,57 294,63"/>"#,
                                   ##"<polygon xmlns:xl="http://www.w3.org/1999/xlink" xl:href="#x" points="300,60 294,57 294,63"/>"##), "href"),
        ("an HTML element in its namespace",
         edit("<title>2 exchanges</title>", #"<title>2 exchanges</title><h:div xmlns:h="http://www.w3.org/1999/xhtml">PASS</h:div>"#), "h:div"),
        ("a comment", edit("<title>2 exchanges</title>", "<title>2 exchanges</title><!-- x -->"), "a comment"),
        ("a CDATA section in a label", edit("✗ INVALID AuthnRequest", "<![CDATA[✓ VALID]]>"), "a CDATA section"),
        ("words directly inside the drawing", edit("<title>2 exchanges</title>", "<title>2 exchanges</title>✓ PASS"), "words directly inside <svg>"),
        ("markup inside a label", edit("✗ INVALID AuthnRequest", "<tspan>✓ VALID</tspan>"), "<tspan>"),
        ("a width that is not a number", edit(#"width="420""#, #"width="100%""#), "not a number"),
        ("another root class", edit(#"<svg class="sd""#, #"<svg class="sd verdict-box""#), #"class="sd verdict-box""#),
        ("a nested drawing", edit("<title>2 exchanges</title>", #"<title>2 exchanges</title><svg class="sd"/>"#), "<svg> where format 1 drew"),
        ("no title", edit("<title>2 exchanges</title>", ""), "<title>"),
        ("a lifeline without its box", edit(#"<rect class="box" x="250" y="6" width="100" height="28" rx="4"/>"#, ""), "<text> where format 1 drew <rect>"),
        ("an arrow label moved off centre", edit(#"<text x="180" y="55" text-anchor="middle">"#, #"<text x="180" y="55" text-anchor="start">"#),
         #"text-anchor="start""#),
    ]

    static func edit(_ part: String, _ replacement: String) -> String {
        precondition(wellFormed.contains(part), "the fixture holds no \(part)")
        return wellFormed.replacingOccurrences(of: part, with: replacement)
    }

    @Test("Anything format 1 did not draw is refused, naming what it found", arguments: hostile.indices)
    func hostileShapesAreRefused(index: Int) {
        let (what, block, named) = Self.hostile[index]
        guard let departure = FormatOneDiagram.departure(in: block) else {
            Issue.record("accepted as format 1's drawing: \(what)")
            return
        }
        #expect(departure.contains(named), "\(what): \(departure)")
    }
}
