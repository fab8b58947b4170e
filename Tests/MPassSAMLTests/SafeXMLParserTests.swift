import Foundation
import Testing
@testable import MPassSAML
import Vocabulary

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
import TestSupport
#endif

/// The safe parser against the classic XML attacks and the everyday malformed inputs.
/// Every case asserts the `HarnessError.code`, never the message text, except where the
/// message must carry something for a person (the line of a syntax error).
@Suite(.temporaryDirectories) struct SafeXMLParserTests {
    let parser = SafeXMLParser()

    /// The error `body` throws, or nil when it throws none (a test failure).
    func refusal(_ body: () throws -> Void) -> HarnessError? {
        do {
            try body()
            return nil
        } catch let error as HarnessError {
            return error
        } catch {
            Issue.record("unexpected error type: \(error)")
            return nil
        }
    }

    func refusal(_ text: String, limits: XMLParsingLimits = .default) -> HarnessError? {
        refusal { _ = try SafeXMLParser(limits: limits).parse(text) }
    }

    func refusal(_ data: Data, limits: XMLParsingLimits = .default) -> HarnessError? {
        refusal { _ = try SafeXMLParser(limits: limits).parse(data) }
    }

    // MARK: Entity expansion

    /// Billion laughs (CVE-2003-1564 family): ten levels of ten references, 10^9 "lol"s if expanded.
    static let billionLaughs: String = {
        var dtd = "<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n"
        dtd += "<!ENTITY lol1 \"" + String(repeating: "&lol;", count: 10) + "\">\n"
        for level in 2...9 {
            dtd += "<!ENTITY lol\(level) \"" + String(repeating: "&lol\(level - 1);", count: 10) + "\">\n"
        }
        return dtd + "]>\n<lolz>&lol9;</lolz>"
    }()

    @Test func billionLaughsIsRefusedAsDTD() {
        #expect(refusal(Self.billionLaughs)?.code == .xmlDTDRefused)
    }

    /// Resident set size in bytes, from /proc/self/statm (Linux).
    static func residentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        return (Int(fields[1]) ?? 0) * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// If one expansion happened the process would grow by gigabytes (or libxml2's own
    /// amplification guard would answer with a different error). Other suites run in
    /// parallel and allocate too, so a measurement is retried: a real leak or expansion
    /// grows on every attempt, a neighbour's allocation does not repeat.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/proc/self/statm")))
    func billionLaughsDoesNotGrowMemory() throws {
        let data = Data(Self.billionLaughs.utf8)
        for _ in 0..<20 { _ = refusal(data) } // warm-up: lazy initialisation, allocator pools
        let allowedGrowth = 4 * 1024 * 1024
        var growths: [Int] = []
        for _ in 0..<3 {
            let before = Self.residentBytes()
            for _ in 0..<200 {
                #expect(refusal(data)?.code == .xmlDTDRefused)
            }
            let growth = Self.residentBytes() - before
            growths.append(growth)
            if growth <= allowedGrowth { break }
        }
        #expect(growths.contains { $0 <= allowedGrowth },
                "resident memory grew by \(growths) bytes over 200 parses, attempt after attempt")
    }

    // MARK: XXE

    @Test func externalEntityPointingAtAFileIsRefusedAndNotRead() throws {
        // A file of our own with a marker nothing else contains, and /etc/hostname as asked.
        let folder = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let secret = "secret-\(UUID().uuidString)"
        let secretFile = folder.appendingPathComponent("secret.txt")
        try secret.write(to: secretFile, atomically: true, encoding: .utf8)

        var targets = [(secretFile.absoluteString, secret)]
        if let hostname = try? String(contentsOfFile: "/etc/hostname", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines), hostname.count >= 4 {
            targets.append(("file:///etc/hostname", hostname))
        }
        for (url, content) in targets {
            let documents = [
                "<!DOCTYPE x [<!ENTITY x SYSTEM \"\(url)\">]><a>&x;</a>",
                "<!DOCTYPE x [<!ENTITY x SYSTEM \"\(url)\">]><a b=\"&x;\"/>",
                "<?xml version=\"1.0\"?>\n<!DOCTYPE a SYSTEM \"\(url)\"><a/>",
            ]
            for document in documents {
                var parsed: XMLDocument?
                let error = refusal { parsed = try parser.parse(document) }
                #expect(error?.code == .xmlDTDRefused, "\(document)")
                #expect(parsed == nil)
                #expect(error.map { "\($0)" }?.contains(content) == false)
            }
        }
    }

    /// A listener on 127.0.0.1:0 that records whether anyone ever connected.
    final class LoopbackListener {
        let socket: Int32
        let port: UInt16

        init() throws {
            #if canImport(Glibc)
            let fd = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            #else
            let fd = Darwin.socket(AF_INET, SOCK_STREAM, 0)
            #endif
            guard fd >= 0 else { throw POSIXError(.EIO) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = 0
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard bound == 0, listen(fd, 16) == 0 else {
                close(fd)
                throw POSIXError(.EADDRINUSE)
            }
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            _ = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
            }
            // Non-blocking, so "nobody connected" is an immediate answer, not a hang.
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            socket = fd
            port = UInt16(bigEndian: address.sin_port)
        }

        /// True when a connection is waiting to be accepted (or was, even if closed since).
        func anyoneConnected() -> Bool {
            var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, 50)
            let accepted = accept(socket, nil, nil)
            if accepted >= 0 { close(accepted) }
            return ready > 0 || accepted >= 0
        }

        deinit { close(socket) }
    }

    @Test func externalEntityAndDTDPointingAtLoopbackAreRefusedWithoutConnecting() throws {
        let listener = try LoopbackListener()
        let base = "http://127.0.0.1:\(listener.port)"
        let documents = [
            "<!DOCTYPE x [<!ENTITY x SYSTEM \"\(base)/entity\">]><a>&x;</a>",
            "<!DOCTYPE x SYSTEM \"\(base)/x.dtd\"><x/>",
            "<!DOCTYPE x PUBLIC \"-//A//B//EN\" \"\(base)/public.dtd\"><x/>",
            "<!DOCTYPE x [<!ENTITY % p SYSTEM \"\(base)/p.dtd\"> %p;]><x/>",
            "<!DOCTYPE x [<!ENTITY % p SYSTEM \"\(base)/p.dtd\"> <!ENTITY % q \"%p;\">]><x/>",
        ]
        for document in documents {
            #expect(refusal(document)?.code == .xmlDTDRefused, "\(document)")
        }
        // Accepted documents may name URLs too; naming is not fetching.
        let harmless = [
            "<?xml-stylesheet type=\"text/xsl\" href=\"\(base)/style.xsl\"?><a/>",
            "<a xmlns:xi=\"http://www.w3.org/2001/XInclude\"><xi:include href=\"\(base)/inc.xml\"/></a>",
            "<a xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"urn:x \(base)/s.xsd\"/>",
        ]
        for document in harmless {
            _ = try parser.parse(document)
        }
        #expect(!listener.anyoneConnected(), "the parser connected to \(base)")
    }

    @Test func parameterEntitiesAreRefused() {
        let document = "<!DOCTYPE x [<!ENTITY % inner \"<!ENTITY y 'z'>\"> %inner;]><x>&y;</x>"
        #expect(refusal(document)?.code == .xmlDTDRefused)
    }

    @Test func xincludeIsNotProcessed() throws {
        let document = """
            <a xmlns:xi="http://www.w3.org/2001/XInclude"><xi:include href="file:///etc/hostname" parse="text"/></a>
            """
        let root = try parser.parse(document).root
        let include = try #require(root.children.first)
        #expect(include.localName == "include")
        #expect(include.namespaceURI == "http://www.w3.org/2001/XInclude")
        #expect(include.attribute("href") == "file:///etc/hostname")
        #expect(root.text == "")
    }

    /// Decision: an undeclared entity is `xml.entity-refused` (our hook refuses it before
    /// libxml2 would call it a well-formedness error), in text and in attribute values.
    @Test(arguments: ["<a>&foo;</a>", "<a b=\"x&foo;y\"/>", "<a>&lol9;</a>"])
    func undeclaredEntityIsRefused(_ document: String) {
        #expect(refusal(document)?.code == .xmlEntityRefused)
    }

    @Test func predefinedEntitiesAndCharacterReferencesWork() throws {
        let root = try parser.parse("<a b=\"&quot;&#65;&apos;\">&amp;&lt;&gt;&#x41;&#66;</a>").root
        #expect(root.text == "&<>AB")
        #expect(root.attribute("b") == "\"A'")
    }

    // MARK: Size and depth

    @Test func fiveMegabytesIsTooLargeByDefault() {
        let filler = String(repeating: "x", count: 5 * 1024 * 1024)
        #expect(refusal("<a>\(filler)</a>")?.code == .xmlTooLarge)
    }

    @Test func customSizeLimitApplies() throws {
        let limits = XMLParsingLimits(maxBytes: 64)
        #expect(refusal("<a>\(String(repeating: "x", count: 100))</a>", limits: limits)?.code == .xmlTooLarge)
        _ = try SafeXMLParser(limits: limits).parse("<a>small</a>")
    }

    static func nested(_ depth: Int) -> String {
        String(repeating: "<e>", count: depth) + String(repeating: "</e>", count: depth)
    }

    @Test func nestingPastTheDefaultDepthIsRefused() throws {
        #expect(refusal(Self.nested(100))?.code == .xmlTooDeep)
        #expect(refusal(Self.nested(65))?.code == .xmlTooDeep)
        _ = try parser.parse(Self.nested(64))
    }

    @Test func customDepthLimitApplies() throws {
        #expect(refusal(Self.nested(4), limits: XMLParsingLimits(maxDepth: 3))?.code == .xmlTooDeep)
        _ = try SafeXMLParser(limits: XMLParsingLimits(maxDepth: 3)).parse(Self.nested(3))
        // Above libxml2's own ceiling (256) the refusal is still a depth refusal.
        #expect(refusal(Self.nested(300), limits: XMLParsingLimits(maxDepth: 1000))?.code == .xmlTooDeep)
        // Very deep input is refused early, without building the tree.
        #expect(refusal(Self.nested(100_000))?.code == .xmlTooDeep)
    }

    // MARK: Not XML

    @Test(arguments: ["", " ", "\n\r\n\t"])
    func emptyIsEmpty(_ text: String) {
        #expect(refusal(text)?.code == .xmlEmpty)
    }

    @Test(arguments: [
        ("not xml at all", 1),
        ("<a>\n<b>\n</a>", 3),
        ("<a><b></b>", 1),
        ("<?xml version=\"1.0\"?>\n<a>\n  <b attr=\"unterminated>\n</a>", 4),
        ("<a></a><b/>", 1),
    ])
    func malformedNamesTheLine(_ text: String, line: Int) throws {
        let error = try #require(refusal(text))
        #expect(error.code == .xmlMalformed)
        #expect(error.reason.contains("line \(line):"), "\(error.reason)")
    }

    @Test func truncatedSignedMessageIsMalformed() throws {
        let full = TestIdentities.service.certificate.base64
        let text = "<Response><Assertion><Cert>\(full)</Cert></Assertion></Response>"
        let error = try #require(refusal(String(text.prefix(text.count - 15))))
        #expect(error.code == .xmlMalformed)
        #expect(error.reason.contains("line 1:"))
    }

    @Test func binaryGarbageIsMalformed() {
        let bytes = Data((0..<512).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ 7) })
        #expect(refusal(bytes)?.code == .xmlMalformed)
    }

    // MARK: Encodings and text

    @Test(arguments: [String.Encoding.utf16LittleEndian, .utf16BigEndian])
    func utf16WithBOMParses(_ encoding: String.Encoding) throws {
        let text = "\u{FEFF}<?xml version=\"1.0\" encoding=\"UTF-16\"?><a b=\"ă\">Bună ziua, Chișinău</a>"
        let data = try #require(text.data(using: encoding))
        #expect(data.prefix(2) == (encoding == .utf16LittleEndian ? Data([0xFF, 0xFE]) : Data([0xFE, 0xFF])))
        let root = try parser.parse(data).root
        #expect(root.text == "Bună ziua, Chișinău")
        #expect(root.attribute("b") == "ă")
    }

    @Test func utf8WithBOMParses() throws {
        let data = Data([0xEF, 0xBB, 0xBF]) + Data("<a>Ştefan</a>".utf8)
        #expect(try parser.parse(data).root.text == "Ştefan")
    }

    /// The comment-in-NameID trick (CVE-2017-11427/11428/11429): the value read must be
    /// the whole text, not the part before the comment.
    @Test func commentInsideTextReadsAsTheWholeText() throws {
        let root = try parser.parse("<NameID>abc<!-- x -->def</NameID>").root
        #expect(root.text == "abcdef")
        #expect(root.containsComment)
        #expect(root.textNodeCount == 2)
        let nested = try parser.parse("<a>ab<![CDATA[c]]><!---->d<b>e</b></a>").root
        #expect(nested.text == "abcde")
    }

    /// Element names match by code point, as libxml2 and xmlsec match them: U+212A KELVIN
    /// SIGN is canonically equivalent to "K" for Swift's `==`, but `\u{212A}eyInfo` is not
    /// ds:KeyInfo to xmlsec, so it must not be to the checks either.
    @Test func elementNamesMatchByCodePoint() throws {
        let document = try parser.parse(#"<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:\#u{212A}eyInfo/><ds:KeyInfo/></ds:Signature>"#)
        let children = document.root.children
        #expect(children.count == 2)
        #expect(!children[0].is("KeyInfo", .ds))
        #expect(children[1].is("KeyInfo", .ds))
        #expect(document.root.children("KeyInfo", .ds).count == 1)
        #expect(document.root.child("KeyInfo", .ds)?.isSameNode(as: children[1]) == true)
    }
}
