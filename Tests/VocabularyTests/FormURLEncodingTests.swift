import Testing
import Vocabulary

/// The codec against its specifications: the WHATWG URL standard's
/// application/x-www-form-urlencoded parser and serializer (section 5), and RFC 3986's
/// percent-encoding (sections 2.1 to 2.4). Every expectation is read from the spec text.
@Suite struct FormURLEncodingTests {
    // MARK: WHATWG urlencoded parser (5.1)

    @Test func sequencesSplitOnAmpersandAndTheFirstEquals() {
        #expect(FormURLEncoding.decode("a=b&c=d") == [FormField("a", "b"), FormField("c", "d")])
        // "If bytes contains a 0x3D (=), then let name be the bytes from the start of bytes up
        // to but excluding its first 0x3D (=), and let value be the bytes … after it."
        #expect(FormURLEncoding.decode("a=b=c") == [FormField("a", "b=c")])
        // "Otherwise, let name have the value of bytes and let value be the empty byte sequence."
        #expect(FormURLEncoding.decode("flag") == [FormField("flag", "")])
    }

    @Test func emptySequencesAreSkipped() {
        // "For each byte sequence bytes in sequences: if bytes is the empty byte sequence, then continue."
        #expect(FormURLEncoding.decode("&&a=1&") == [FormField("a", "1")])
        #expect(FormURLEncoding.decode("").isEmpty)
    }

    @Test func plusIsASpaceThenPercentDecoding() {
        // "Replace any 0x2B (+) in name and value with 0x20 (SP)", then percent-decode.
        #expect(FormURLEncoding.decode("a+b=c+d%2Be") == [FormField("a b", "c d+e")])
        #expect(FormURLEncoding.decode("k=%c3%A9") == [FormField("k", "é")])
    }

    @Test func malformedEscapesAreKeptAsWritten() {
        // Percent-decode: a % not followed by two ASCII hex digits is appended as is.
        #expect(FormURLEncoding.decode("a=%zz&b=%4&c=100%") == [FormField("a", "%zz"), FormField("b", "%4"), FormField("c", "100%")])
    }

    @Test func bytesThatAreNotUTF8BecomeTheReplacementCharacter() {
        // "UTF-8 decode without BOM": an invalid byte decodes to U+FFFD.
        #expect(FormURLEncoding.decode("a=%FF") == [FormField("a", "\u{FFFD}")])
    }

    @Test func queryDecodingKeepsPlusWhenAskedTo() {
        // RFC 3986 gives "+" no meaning in a query: it stays a plus.
        #expect(FormURLEncoding.decode("q=a+b%20c", plusAsSpace: false) == [FormField("q", "a+b c")])
    }

    // MARK: WHATWG urlencoded serializer (5.2)

    @Test func theSerializerEscapesTheURLEncodedPercentEncodeSet() {
        // Space becomes "+"; ASCII alphanumerics and *-._ stay; "~", "!", "'", "(", ")" and
        // everything else, as UTF-8 bytes, become %XX.
        #expect(FormURLEncoding.encodeComponent("a b*-._~!'()") == "a+b*-._%7E%21%27%28%29")
        #expect(FormURLEncoding.encodeComponent("+/=") == "%2B%2F%3D")
        #expect(FormURLEncoding.encodeComponent("é") == "%C3%A9")
        #expect(FormURLEncoding.encode([FormField("SAMLResponse", "PD9+/="), FormField("RelayState", "a b")])
                == "SAMLResponse=PD9%2B%2F%3D&RelayState=a+b")
    }

    @Test func serializedFieldsParseBackToTheSameFields() {
        let fields = [FormField("name with space", "value+with/all=of&it~é"), FormField("", ""), FormField("x", "")]
        #expect(FormURLEncoding.decode(FormURLEncoding.encode(fields)) == fields)
    }

    // MARK: RFC 3986

    @Test func percentEncodingKeepsOnlyUnreservedCharacters() {
        // 2.3: unreserved = ALPHA / DIGIT / "-" / "." / "_" / "~"; 2.1: uppercase hex digits.
        #expect(FormURLEncoding.percentEncode("AZaz09-._~") == "AZaz09-._~")
        #expect(FormURLEncoding.percentEncode("a b+c/d=e*") == "a%20b%2Bc%2Fd%3De%2A")
        #expect(FormURLEncoding.percentEncode("é") == "%C3%A9")
    }

    @Test func strictDecodingRefusesAMalformedEscapeAndSaysWhere() {
        #expect(throws: FormURLEncoding.MalformedEscape(offset: 1, text: "%2")) {
            try FormURLEncoding.strictPercentDecode("a%2", plusAsSpace: false)
        }
        #expect(throws: FormURLEncoding.MalformedEscape(offset: 0, text: "%zz")) {
            try FormURLEncoding.strictPercentDecode("%zz", plusAsSpace: true)
        }
    }

    @Test func strictDecodingAppliesThePlusRuleOnlyWhenAsked() throws {
        // 2.1: "%2b" and "%2B" are the same octet.
        #expect(try FormURLEncoding.strictPercentDecode("a+%2b%2B", plusAsSpace: false) == Array("a++".utf8) + [0x2B])
        #expect(try FormURLEncoding.strictPercentDecode("a+b", plusAsSpace: true) == Array("a b".utf8))
    }

    // MARK: Raw access (SAML Bindings 3.4.4.1: the signature covers the octets received)

    @Test func rawPairsKeepTheReceivedOctets() {
        #expect(FormURLEncoding.rawPairs("SAMLRequest=a%2bb%2F&RelayState=x+y&&SigAlg") == [
            FormField("SAMLRequest", "a%2bb%2F"), FormField("RelayState", "x+y"), FormField("SigAlg", ""),
        ])
    }

    @Test func rewritingChangesOnlyTheChosenPairs() {
        let rewritten = FormURLEncoding.rewritingPairs("a=1&&b=%41+&c") { name, value in
            name == "b" ? "b=\(value ?? "")!" : nil
        }
        #expect(rewritten == "a=1&&b=%41+!&c")
        #expect(FormURLEncoding.rewritingPairs("x=1&y") { name, value in
            value == nil ? "\(name)=none" : nil
        } == "x=1&y=none")
    }
}
