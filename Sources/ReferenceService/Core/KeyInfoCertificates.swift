import Foundation
import MPassSAML

/// The certificates a message carries in its signatures' KeyInfo: what the `trustKeyInfo`
/// weakness trusts, as careless Services do (TC_SEC_02, "compatible certificate").
enum KeyInfoCertificates {
    static func carried(in document: XMLDocument) -> [Certificate] {
        document.allElements()
            .filter { $0.is("X509Certificate", .ds) && $0.parent?.parent?.is("KeyInfo", .ds) == true }
            .compactMap { try? Certificate(base64Encoded: $0.text.filter { !$0.isWhitespace }) }
    }
}
