internal import CXMLSec
import Foundation

extension XMLElement {
    /// What an enveloped signature on this element digests: the element's exclusive
    /// canonical form (no comments) without its own ds:Signature child. For the
    /// differential oracle (scripts/fuzz, the interop test): whatever the verifier accepts,
    /// xmlsec1 must have digested exactly these bytes. Nil when canonicalisation fails.
    package func envelopedCanonicalForm() -> Data? {
        document.withTree {
            var scope = VisibilityScope(element: node, signature: nil)
            var child = node.pointee.children
            while let current = child {
                if current.pointee.type == XML_ELEMENT_NODE, XMLElement(node: current, document: document).is("Signature", .ds) {
                    scope.signature = current
                    break
                }
                child = current.pointee.next
            }
            guard let buffer = xmlAllocOutputBuffer(nil) else { return nil }
            let status = withUnsafeMutablePointer(to: &scope) { scopePointer in
                xmlC14NExecute(document.pointer, { data, node, parent in
                    guard let data, let node else { return 0 }
                    let scope = data.assumingMemoryBound(to: VisibilityScope.self).pointee
                    // Attributes and namespace declarations (an xmlNs passed as a node: its
                    // `type` sits where a node's does) are visible when their element is.
                    let type = node.pointee.type
                    var current: xmlNodePtr? = (type == XML_ATTRIBUTE_NODE || type == XML_NAMESPACE_DECL) ? parent : node
                    while let candidate = current {
                        if candidate == scope.signature { return 0 }
                        if candidate == scope.element { return 1 }
                        current = candidate.pointee.parent
                    }
                    return 0
                }, scopePointer, Int32(XML_C14N_EXCLUSIVE_1_0.rawValue), nil, 0, buffer)
            }
            defer { xmlOutputBufferClose(buffer) }
            guard status >= 0, let content = xmlOutputBufferGetContent(buffer) else { return nil }
            return Data(bytes: content, count: Int(xmlOutputBufferGetSize(buffer)))
        }
    }
}

/// The subtree a canonicalisation shows: `element`, minus `signature` (the enveloped transform).
private struct VisibilityScope {
    let element: xmlNodePtr
    var signature: xmlNodePtr?
}
