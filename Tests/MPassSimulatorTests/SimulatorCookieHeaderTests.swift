import MPassSimulator
import Testing

/// How the simulator reads a browser's `Cookie` header (RFC 6265): one value per name, the
/// first sent winning, since §5.4 puts the cookie with the longer path (the more specific) first.
@Suite struct SimulatorCookieHeaderTests {
    @Test func theFirstCookieOfANameWins() {
        #expect(SimulatorRequest.parseCookieHeader("mpass_session=specific; other=1; mpass_session=general")
            == ["mpass_session": "specific", "other": "1"])
    }

    @Test func blanksAreTrimmedAndNamelessOrEmptyPiecesIgnored() {
        #expect(SimulatorRequest.parseCookieHeader("  a = 1 ;lonely; ;b=") == ["a": "1", "b": ""])
        #expect(SimulatorRequest.parseCookieHeader(nil).isEmpty)
    }
}
