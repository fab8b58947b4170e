import Testing
import Vocabulary

/// The cookie codec against RFC 6265 (the Cookie header's grammar in §4.2.1, its example in
/// §4.2.2, the user agent's serialisation in §5.4, the name=value split of §5.2) and RFC
/// 6265bis for a nameless cookie. Every expectation is read from the RFC text.
@Suite struct CookieHeaderTests {
    @Test func theRFCsExampleHeaderReadsAsItsTwoPairsInOrder() {
        // §4.2.2: "Cookie: SID=31d4d96e407aad42; lang=en-US"
        #expect(CookieHeader.pairs("SID=31d4d96e407aad42; lang=en-US")
            == [FormField("SID", "31d4d96e407aad42"), FormField("lang", "en-US")])
    }

    @Test func aRepeatedNameIsKeptInTheOrderSent() {
        // §4.2.2: two cookies of one name may both be sent; §5.4 orders longer paths first.
        #expect(CookieHeader.pairs("id=path-long; id=path-short") == [FormField("id", "path-long"), FormField("id", "path-short")])
    }

    @Test func theUserAgentJoinsNameEqualsValueWithSemicolonSpace() {
        // §5.4 step 4: "Output the cookie's name, the %x3D ("=") character, and the cookie's
        // value"; "If there is an unprocessed cookie … output the characters %x3B and %x20 ("; ")".
        #expect(CookieHeader.serialize([(name: "SID", value: "31d4d96e407aad42"), (name: "lang", value: "en-US")])
            == "SID=31d4d96e407aad42; lang=en-US")
        #expect(CookieHeader.serialize([(name: String, value: String)]()) == "")
    }

    @Test func aPairSplitsAtItsFirstEqualsAndTrimsOnlySpacesAndTabs() {
        // §5.2 steps 3-4: name before the first "=", value after it, leading and trailing WSP removed.
        #expect(CookieHeader.nameValue("a=b=c")! == ("a", "b=c"))
        #expect(CookieHeader.nameValue(" \tname \t= v a l \t")! == ("name", "v a l"))
        // §5.2 step 2: without "=", there is no name-value pair.
        #expect(CookieHeader.nameValue("flag") == nil)
        // WSP is space and horizontal tab only (RFC 5234 B.1); other characters stay.
        #expect(CookieHeader.nameValue("a=\u{0B}x")! == ("a", "\u{0B}x"))
    }

    @Test func aPieceWithoutEqualsIsANamelessCookieAndEmptyPiecesAreDropped() {
        // RFC 6265bis §5.8.3: a cookie with an empty name is sent as its value alone.
        #expect(CookieHeader.pairs("abc; a=1") == [FormField("", "abc"), FormField("a", "1")])
        #expect(CookieHeader.pairs("a=1;; ;") == [FormField("a", "1")])
        #expect(CookieHeader.pairs("").isEmpty)
    }
}
