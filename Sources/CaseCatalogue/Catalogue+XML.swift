import Foundation
import MPassSAML
import MPassSimulator

/// XML: what a message's bytes can do to the Service's parser. External references are
/// judged by a loopback listener the harness runs during the case (a connection is proof);
/// entity tricks must be refused; comments must not cut the NameID short; lawful encodings
/// of a genuine message must still work.
extension Catalogue {
    static let xml: [CatalogueEntry] = {
        let xml = AreaBuilder(area: .xml)
        let xxe = "OWASP XML External Entity Prevention Cheat Sheet; CWE-611"
        let dtd = "SAML Core 1.3 / SAML Bindings 3.5 (messages never carry a DTD); MPass guide, security considerations 1"
        let victim = SimulatedUser.ionPopescu.nameID
        /// The signed bytes with a DOCTYPE inserted after the XML declaration.
        func doctype(_ subset: String, replacingNameIDWith reference: String? = nil) -> ConformanceCase.Scenario {
            .login(Faults.switches { switches in
                switches.mutateSerializedXML = { bytes in
                    var text = String(decoding: bytes, as: UTF8.self)
                    if let reference { text = text.replacingOccurrences(of: ">\(victim)<", with: ">\(reference)<") }
                    let at = text.hasPrefix("<?xml") ? (text.range(of: "?>")?.upperBound ?? text.startIndex) : text.startIndex
                    text.insert(contentsOf: "\n<!DOCTYPE saml2p:Response" + subset + ">", at: at)
                    return Data(text.utf8)
                }
            })
        }
        return [
            xml.make(1, "External entity on a loopback URL is not fetched (XXE)",
                     rule: xxe, fault: "DOCTYPE with <!ENTITY xxe SYSTEM \"http://127.0.0.1:<listener>/…\">, the NameID replaced by &xxe;",
                     .externalEntity(.generalEntity)),
            xml.make(2, "Parameter entity on a loopback URL is not fetched (out-of-band XXE)",
                     rule: xxe, fault: "DOCTYPE with <!ENTITY % remote SYSTEM \"http://127.0.0.1:<listener>/…\"> %remote;",
                     // The DTD-processing Services consume the DOCTYPE and accept the message.
                     .externalEntity(.parameterEntity)),
            xml.make(3, "External DTD on a loopback URL is not fetched",
                     rule: xxe, fault: "<!DOCTYPE saml2p:Response SYSTEM \"http://127.0.0.1:<listener>/…\">",
                     .externalEntity(.externalSubset)),
            xml.make(4, "External entity naming a local file is refused",
                     rule: xxe, fault: "DOCTYPE with <!ENTITY xxe SYSTEM \"file:///etc/passwd\">, the NameID replaced by &xxe;",
                     doctype(" [\n<!ENTITY xxe SYSTEM \"file:///etc/passwd\">\n]", replacingNameIDWith: "&xxe;")),
            xml.make(5, "Entity expansion (billion laughs) is refused",
                     rule: "CWE-776 (XML entity expansion); \(dtd)",
                     fault: "ten nested entities, 10^9 'lol's as the NameID",
                     doctype({
                         var subset = " [\n<!ENTITY lol \"lol\">\n"
                         for level in 1...9 {
                             let previous = level == 1 ? "lol" : "lol\(level - 1)"
                             subset += "<!ENTITY lol\(level) \"\(String(repeating: "&\(previous);", count: 10))\">\n"
                         }
                         return subset + "]"
                     }(), replacingNameIDWith: "&lol9;")),
            xml.make(6, "DOCTYPE declaring the signed NameID as an internal entity is refused (precondition of CVE-2025-25291)",
                     rule: "CVE-2025-25291 precondition: a Service that parses a DOCTYPE at all is open to the DTD parser differential of MPX-XML-15; \(dtd)",
                     fault: "DOCTYPE with <!ENTITY idnp \"<the genuine NameID>\">, the NameID text replaced by &idnp; (no attacker identity: MPX-XML-15 carries one)",
                     doctype(" [\n<!ENTITY idnp \"\(victim)\">\n]", replacingNameIDWith: "&idnp;")),
            xml.make(7, "DOCTYPE declaring an ID attribute is refused (precondition of CVE-2025-25291)",
                     rule: "CVE-2025-25291 precondition (DOCTYPE accepted); Somorovsky et al. 2012 (ID resolution); \(dtd)",
                     fault: "DOCTYPE with <!ATTLIST saml2:Assertion ID ID #IMPLIED>, the message otherwise genuine (no attacker identity: MPX-XML-15 carries one)",
                     doctype(" [\n<!ATTLIST saml2:Assertion ID ID #IMPLIED>\n]")),
            xml.make(8, "Entity reference without any DTD is refused",
                     rule: xxe, fault: "the NameID text replaced by &xxe; (no DOCTYPE)",
                     .login(Faults.switches { switches in
                         switches.mutateSerializedXML = { bytes in
                             Data(String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: ">\(victim)<", with: ">&xxe;<").utf8)
                         }
                     })),
            xml.make(9, "Comment inside the NameID: the whole NameID is read",
                     rule: "CVE-2017-11427 family (Duo Labs 2018: readers that stop at the first text node); W3C exc-c14n (comments not signed)",
                     expect: .acceptedWithWholeNameID,
                     fault: "a comment inserted in the middle of the signed NameID (the signature still holds)",
                     .nameIDWithComment),
            xml.make(10, "CDATA inside the NameID is accepted as the same text",
                     rule: "W3C exc-c14n (CDATA is canonicalized as text: the signature holds)", severity: .recommended,
                     expect: .accepted, fault: "none: the NameID's text written as a CDATA section",
                     .login(Faults.switches { switches in
                         switches.mutateSerializedXML = { bytes in
                             Data(String(decoding: bytes, as: UTF8.self)
                                 .replacingOccurrences(of: ">\(victim)<", with: "><![CDATA[\(victim)]]><").utf8)
                         }
                     })),
            xml.make(11, "UTF-16 encoded Response is accepted",
                     rule: "XML 1.0 4.3.3 (UTF-16 support required of every parser); SAML Bindings 3.5.4", severity: .recommended,
                     expect: .accepted, fault: "none: the genuine Response encoded as UTF-16 with a BOM",
                     .login(Faults.switches { switches in
                         switches.mutateSerializedXML = { bytes in
                             let text = String(decoding: bytes, as: UTF8.self)
                                 .replacingOccurrences(of: "encoding=\"UTF-8\"", with: "encoding=\"UTF-16\"")
                             return text.data(using: .utf16) ?? bytes
                         }
                     })),
            xml.make(12, "UTF-8 Response with a byte order mark is accepted",
                     rule: "XML 1.0 4.3.3 (a UTF-8 BOM is allowed)", severity: .recommended,
                     expect: .accepted, fault: "none: EF BB BF before the genuine Response",
                     .login(Faults.switches { $0.mutateSerializedXML = { Data([0xEF, 0xBB, 0xBF]) + $0 } })),
            xml.make(13, "Base64 with line breaks is accepted",
                     rule: "SAML Bindings 3.5.4 (base64, RFC 2045 line breaks allowed)", severity: .recommended,
                     expect: .accepted, fault: "none: the SAMLResponse value broken into 76-character lines",
                     .login(Faults.switches { switches in
                         switches.mutateEncodedMessage = { encoded in
                             var lines: [Substring] = []
                             var rest = Substring(encoded)
                             while !rest.isEmpty {
                                 lines.append(rest.prefix(76))
                                 rest = rest.dropFirst(76)
                             }
                             return lines.joined(separator: "\r\n")
                         }
                     })),
            xml.make(14, "Base64 with characters outside its alphabet is refused",
                     rule: "SAML Bindings 3.5.4; RFC 4648 3.3 (reject non-alphabet characters)", severity: .recommended,
                     fault: "a '*' inserted into the middle of the SAMLResponse value",
                     .login(Faults.switches { switches in
                         switches.mutateEncodedMessage = { encoded in
                             var text = encoded
                             text.insert("*", at: text.index(text.startIndex, offsetBy: text.count / 2))
                             return text
                         }
                     })),
            xml.make(15, "Entity redeclared inside a quoted literal: the attacker's NameID is never logged in (CVE-2025-25291)",
                     rule: "CVE-2025-25291 (ruby-saml authentication bypass by DOCTYPE handling, GHSA-4vc4-m8qh-g8jm; GitHub Security Lab 2025, 'Sign in as anyone'; PortSwigger Research 2025, 'SAML roulette'); XML 1.0 2.3 (a literal is text) and 4.2 (the first declaration binds); \(dtd)",
                     fault: "DOCTYPE declaring idnp as the genuine NameID, then an entity whose quoted value reads <!ENTITY idnp \"<attacker's NameID>\">; the signed NameID text replaced by &idnp;. An XML 1.0 parser expands the genuine NameID (the signature holds); a parser that takes declarations out of quoted text reads the attacker's",
                     // expandInternalEntities logs in the genuine user, as an XML 1.0 parser
                     // does: it reads only what was signed, which is what this case guards.
                     guardsSignedReading: true,
                     doctype(" [\n<!ENTITY idnp \"\(victim)\">\n<!ENTITY note '<!ENTITY idnp \"\(Faults.evilNameID)\">'>\n]",
                             replacingNameIDWith: "&idnp;")),
        ]
    }()
}
