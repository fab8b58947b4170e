import Foundation
import Testing
import TestSupport

/// libxml2 prints parse errors to stderr unless told otherwise, some (encoding conversion)
/// through a per-thread handler that parser options do not reach. `verify`'s stdout is a
/// report and its stderr a log: a refused document (not XML, or XML but not SAML) must leave
/// the harness's one error line there and none of libxml2's. Checked in a child process, whose stderr is its own (the
/// test process's stderr is shared by every suite running beside this one).
@Suite(.timeLimit(.minutes(5)), .temporaryDirectories) struct QuietParserCLITests {
    static let billionLaughs: String = {
        var dtd = "<!DOCTYPE laughs [\n<!ENTITY l0 \"ha\">\n"
        for level in 1...9 {
            dtd += "<!ENTITY l\(level) \"" + String(repeating: "&l\(level - 1);", count: 10) + "\">\n"
        }
        return dtd + "]>\n<laughs>&l9;</laughs>"
    }()

    /// Documents libxml2 has something to say about: a mismatched tag, bytes invalid in the
    /// declared encoding, an unknown encoding, an empty namespace prefix, UTF-16 with a lone
    /// surrogate, a DTD of nested entities, an undeclared entity.
    static let documents: [(name: String, data: Data)] = [
        ("mismatched-tag", Data("<a><b></a>".utf8)),
        ("bad-euc-jp", Data("<?xml version=\"1.0\" encoding=\"EUC-JP\"?><a>".utf8) + Data([0xFF, 0xFF, 0xFE]) + Data("</a>".utf8)),
        ("unknown-encoding", Data("<?xml version=\"1.0\" encoding=\"NO-SUCH-ENCODING\"?><a/>".utf8)),
        ("empty-prefix", Data("<a xmlns:p=\"\"><p:b/></a>".utf8)),
        ("utf16-lone-surrogate", Data([0xFF, 0xFE, 0x3C, 0x00, 0x00, 0xD8, 0x3E, 0x00])),
        ("nested-entities", Data(billionLaughs.utf8)),
        ("undeclared-entity", Data("<a>&foo;</a>".utf8)),
    ]

    @Test(arguments: documents.map(\.name))
    func aRefusedDocumentLeavesOnlyTheHarnesssErrorLine(name: String) async throws {
        let document = try #require(Self.documents.first { $0.name == name }).data
        let file = CLI.temporaryDirectory().appendingPathComponent("\(name).xml")
        try document.write(to: file)
        let result = try await CLI.run(["verify", file.path])
        #expect(result.status != 0, "\(name) was not refused: \(result.stdout)")
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.first?.hasPrefix("error: ") == true, "\(result.stderr)")
        // libxml2's own lines read "<domain> error : <message>" or "<domain> warning : <message>".
        #expect(!result.stderr.contains("error :") && !result.stderr.contains("warning :"), "\(result.stderr)")
        #expect(lines.count == 1, "more than the harness's one line on stderr: \(result.stderr)")
    }
}
