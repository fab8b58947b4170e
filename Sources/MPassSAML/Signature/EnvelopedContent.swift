internal import CXMLSec
import Foundation

extension XMLElement {
    /// What an enveloped signature on this element digests: the element's exclusive
    /// canonical form (no comments) without its own ds:Signature child. For the
    /// differential oracle (scripts/fuzz, the interop test): whatever the verifier accepts,
    /// xmlsec1 must have digested exactly these bytes. Nil when canonicalisation fails.
    package func envelopedCanonicalForm() -> Data? {
        document.withTree {
            var signature: xmlNodePtr?
            var child = node.pointee.children
            while let current = child {
                if current.pointee.type == XML_ELEMENT_NODE, XMLElement(node: current, document: document).is("Signature", .ds) {
                    signature = current
                    break
                }
                child = current.pointee.next
            }
            return FixedProfile.canonicalForm(of: node, excluding: signature)
        }
    }
}
