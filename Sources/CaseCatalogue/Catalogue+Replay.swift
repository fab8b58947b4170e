import Foundation
import MPassSAML

/// RPL: a Response is good for one login, for the login it answers, and only if the Service
/// asked for it.
extension Catalogue {
    static let replay: [CatalogueEntry] = {
        let rpl = AreaBuilder(area: .replay)
        let once = "SAML Profiles 4.1.4.5 (the Service must not accept a bearer assertion twice: one-time use); MPass guide, security considerations 4"
        return [
            rpl.make(1, "The same Response posted again is refused",
                     rule: once, fault: "after a good login the very same ACS POST is sent again from a browser without the Service's cookies",
                     .replayResponse(.afterCookiesDropped)),
            rpl.make(2, "The Response posted again after logout is refused",
                     rule: once, fault: "the user logs in and out; the captured ACS POST is then sent again",
                     .replayResponse(.afterLogout)),
            rpl.make(3, "An unsolicited (IdP-initiated) Response is refused",
                     rule: "MPass guide, security considerations 4 (that the Service started it: InResponseTo always)",
                     fault: "MPass posts a valid signed Response without InResponseTo that nobody asked for",
                     .unsolicitedResponse),
            rpl.make(4, "A Response answering an already completed login is refused",
                     rule: "\(once); SAML Core 3.2.2 (InResponseTo names the request answered)",
                     fault: "a second login is answered with the first, completed login's request ID",
                     .secondLoginReusing(.requestID)),
            rpl.make(5, "A new Response reusing an accepted Response's ID is refused",
                     rule: "\(once); SAML Core 1.3.4 (IDs unique)",
                     fault: "a second login is answered with a Response carrying the first Response's ID",
                     .secondLoginReusing(.responseID)),
            rpl.make(6, "A new Response reusing an accepted Assertion's ID is refused",
                     rule: "\(once) (one-time use is per Assertion)",
                     fault: "a second login is answered with an Assertion carrying the first Assertion's ID",
                     .secondLoginReusing(.assertionID)),
        ]
    }()
}
