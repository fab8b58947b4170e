internal import CXMLSec
import Foundation

/// An element of an `XMLDocument`. A view: it keeps the document alive, and reads or
/// changes the libxml2 node in place. Values are written through libxml2, which escapes
/// them on output; nothing is ever spliced into markup as text.
///
/// Not `Sendable`: a view reads a C tree that another task could be changing. No view can
/// dangle: the document frees no node while it lives (removed and copied nodes are kept,
/// detached, until the document goes), so every copy of a view stays a valid pointer.
public struct XMLElement {
    let node: xmlNodePtr
    public let document: XMLDocument

    init(node: xmlNodePtr, document: XMLDocument) {
        self.node = node
        self.document = document
    }

    // MARK: Reading

    /// The local name, without prefix.
    public var localName: String { document.withTree { String(cString: node.pointee.name) } }

    /// The namespace URI, or nil for an element in no namespace.
    public var namespaceURI: String? {
        document.withTree {
            guard let ns = node.pointee.ns, let href = ns.pointee.href else { return nil }
            return String(cString: href)
        }
    }

    /// The prefix as written in the document.
    public var prefix: String? {
        document.withTree {
            guard let ns = node.pointee.ns, let prefix = ns.pointee.prefix else { return nil }
            return String(cString: prefix)
        }
    }

    /// True when this is `name` in `namespace`: the very code points, compared as libxml2 and
    /// xmlsec compare them (no Unicode equivalence: U+212A KELVIN SIGN is not "K"), and
    /// without making Strings (this runs for every child the checks look at).
    public func `is`(_ name: String, _ namespace: XMLNamespace) -> Bool {
        document.withTree { Self.isNode(node, name, namespace) }
    }

    static func isNode(_ node: xmlNodePtr, _ name: String, _ namespace: XMLNamespace) -> Bool {
        guard let ns = node.pointee.ns, let href = ns.pointee.href else { return false }
        return xmlStrEqual(node.pointee.name, name) == 1 && xmlStrEqual(href, namespace.uri) == 1
    }

    /// The qualified name for messages to people: `saml2p:Response`, or `{uri}Name` when unprefixed.
    public var displayName: String {
        if let prefix { return "\(prefix):\(localName)" }
        if let namespaceURI { return "{\(namespaceURI)}\(localName)" }
        return localName
    }

    /// An attribute in no namespace (SAML's own attributes are unqualified).
    public func attribute(_ name: String) -> String? {
        document.withTree {
            guard let value = xmlGetNoNsProp(node, name) else { return nil }
            defer { CXMLSec_xmlFree(value) }
            return String(cString: value)
        }
    }

    /// An attribute in a namespace (xsi:type and the like).
    public func attribute(_ name: String, namespace: XMLNamespace) -> String? {
        document.withTree {
            guard let value = xmlGetNsProp(node, name, namespace.uri) else { return nil }
            defer { CXMLSec_xmlFree(value) }
            return String(cString: value)
        }
    }

    /// Every attribute, as (namespace URI, local name, value), in document order.
    public var attributes: [(namespaceURI: String?, name: String, value: String)] {
        document.withTree {
            var result: [(String?, String, String)] = []
            var attr = node.pointee.properties
            while let current = attr {
                let name = String(cString: current.pointee.name)
                let ns = current.pointee.ns.flatMap { $0.pointee.href }.map { String(cString: $0) }
                var value = ""
                if let raw = xmlNodeListGetString(node.pointee.doc, current.pointee.children, 1) {
                    value = String(cString: raw)
                    CXMLSec_xmlFree(raw)
                }
                result.append((ns, name, value))
                attr = current.pointee.next
            }
            return result
        }
    }

    /// The whole text content: every text and CDATA descendant, concatenated, comments and
    /// processing instructions ignored. `a<!---->b` reads as `ab`, never as `a`
    /// (the CVE-2017-11427 family lives on readers that stop at the first text node).
    public var text: String {
        document.withTree {
            guard let content = xmlNodeGetContent(node) else { return "" }
            defer { CXMLSec_xmlFree(content) }
            return String(cString: content)
        }
    }

    /// Child elements in document order (text, comments and PIs skipped).
    public var children: [XMLElement] {
        document.withTree {
            var result: [XMLElement] = []
            var child = node.pointee.children
            while let current = child {
                if current.pointee.type == XML_ELEMENT_NODE {
                    result.append(XMLElement(node: current, document: document))
                }
                child = current.pointee.next
            }
            return result
        }
    }

    /// Child elements named `name` in `namespace`.
    public func children(_ name: String, _ namespace: XMLNamespace) -> [XMLElement] {
        document.withTree {
            var result: [XMLElement] = []
            var child = node.pointee.children
            while let current = child {
                if current.pointee.type == XML_ELEMENT_NODE, Self.isNode(current, name, namespace) {
                    result.append(XMLElement(node: current, document: document))
                }
                child = current.pointee.next
            }
            return result
        }
    }

    /// The first child element named `name` in `namespace`.
    public func child(_ name: String, _ namespace: XMLNamespace) -> XMLElement? {
        document.withTree {
            var child = node.pointee.children
            while let current = child {
                if current.pointee.type == XML_ELEMENT_NODE, Self.isNode(current, name, namespace) {
                    return XMLElement(node: current, document: document)
                }
                child = current.pointee.next
            }
            return nil
        }
    }

    /// True when the element holds any comment node among its descendants.
    public var containsComment: Bool {
        document.withTree {
            func walk(_ node: xmlNodePtr) -> Bool {
                var child = node.pointee.children
                while let current = child {
                    if current.pointee.type == XML_COMMENT_NODE { return true }
                    if current.pointee.type == XML_ELEMENT_NODE, walk(current) { return true }
                    child = current.pointee.next
                }
                return false
            }
            return walk(node)
        }
    }

    /// The element's own content besides child elements: its direct text nodes, joined, and
    /// the first other kind of child node it holds (CDATA, a comment, a processing instruction,
    /// an entity reference), in words, or nil. For checking markup that must hold only elements
    /// and plain text, such as a drawing taken from an untrusted page.
    public var directContent: (text: String, other: String?) {
        document.withTree {
            var text = ""
            var other: String?
            var child = node.pointee.children
            while let current = child {
                switch current.pointee.type {
                case XML_ELEMENT_NODE: break
                case XML_TEXT_NODE:
                    if let content = current.pointee.content { text += String(cString: content) }
                case XML_CDATA_SECTION_NODE: other = other ?? "a CDATA section"
                case XML_COMMENT_NODE: other = other ?? "a comment"
                case XML_PI_NODE: other = other ?? "a processing instruction"
                default: other = other ?? "an entity reference or other node"
                }
                child = current.pointee.next
            }
            return (text, other)
        }
    }

    /// Number of text-bearing child nodes (text or CDATA), split by comments or not.
    public var textNodeCount: Int {
        document.withTree {
            var count = 0
            var child = node.pointee.children
            while let current = child {
                if current.pointee.type == XML_TEXT_NODE || current.pointee.type == XML_CDATA_SECTION_NODE { count += 1 }
                child = current.pointee.next
            }
            return count
        }
    }

    public var parent: XMLElement? {
        document.withTree {
            guard let parent = node.pointee.parent, parent.pointee.type == XML_ELEMENT_NODE else { return nil }
            return XMLElement(node: parent, document: document)
        }
    }

    /// Depth in the document: the root is 1.
    public var depth: Int {
        document.withTree {
            var depth = 1
            var current = node.pointee.parent
            while let p = current, p.pointee.type == XML_ELEMENT_NODE {
                depth += 1
                current = p.pointee.parent
            }
            return depth
        }
    }

    /// The line the element started on in the parsed input (0 when built in memory).
    public var line: Int { document.withTree { Int(xmlGetLineNo(node)) } }

    /// True when both views point at the same node.
    public func isSameNode(as other: XMLElement) -> Bool { node == other.node }

    /// This element and its subtree as XML text (no declaration).
    public func serialized() -> String {
        document.withTree {
            guard let buffer = xmlBufferCreate() else { return "" }
            defer { xmlBufferFree(buffer) }
            xmlNodeDump(buffer, node.pointee.doc, node, 0, 0)
            return String(cString: xmlBufferContent(buffer))
        }
    }

    // MARK: Building and changing

    /// Appends a child element in `namespace`, declaring the namespace here if no ancestor does.
    @discardableResult
    public func addChild(_ name: String, _ namespace: XMLNamespace, text: String? = nil) -> XMLElement {
        document.withTree {
            let child = xmlNewDocNode(node.pointee.doc, nil, name, nil)!
            xmlAddChild(node, child)
            Self.setNamespace(child, namespace)
            let element = XMLElement(node: child, document: document)
            if let text { element.setText(text) }
            return element
        }
    }

    /// Inserts a new element right after this one (Signature goes right after Issuer).
    @discardableResult
    public func addSibling(after name: String, _ namespace: XMLNamespace) -> XMLElement {
        document.withTree {
            let sibling = xmlNewDocNode(node.pointee.doc, nil, name, nil)!
            xmlAddNextSibling(node, sibling)
            Self.setNamespace(sibling, namespace)
            return XMLElement(node: sibling, document: document)
        }
    }

    private static func setNamespace(_ node: xmlNodePtr, _ namespace: XMLNamespace) {
        if let existing = xmlSearchNsByHref(node.pointee.doc, node, namespace.uri) {
            xmlSetNs(node, existing)
        } else {
            xmlSetNs(node, xmlNewNs(node, namespace.uri, namespace.prefix))
        }
    }

    /// Declares `namespace` on this element (so children and QName values can use its prefix).
    public func declareNamespace(_ namespace: XMLNamespace) {
        document.withTree {
            if xmlSearchNsByHref(node.pointee.doc, node, namespace.uri) == nil {
                _ = xmlNewNs(node, namespace.uri, namespace.prefix)
            }
        }
    }

    /// Sets (or replaces) an unqualified attribute; the value is escaped on output.
    public func setAttribute(_ name: String, _ value: String) {
        document.withTree {
            xmlSetProp(node, name, value)
        }
    }

    /// Sets an attribute in `namespace` (declared on this element if needed).
    public func setAttribute(_ name: String, _ value: String, namespace: XMLNamespace) {
        document.withTree {
            declareNamespace(namespace)
            let ns = xmlSearchNsByHref(node.pointee.doc, node, namespace.uri)
            xmlSetNsProp(node, ns, name, value)
        }
    }

    public func removeAttribute(_ name: String) {
        document.withTree {
            if let attr = xmlHasProp(node, name) { xmlRemoveProp(attr) }
        }
    }

    /// Replaces every child node with one text node holding `value` (escaped on output).
    public func setText(_ value: String) {
        document.withTree {
            removeAllChildNodes()
            if let textNode = xmlNewDocText(node.pointee.doc, value) {
                xmlAddChild(node, textNode)
            }
        }
    }

    /// Appends a comment node (attack crafting: comments inside NameID).
    public func appendComment(_ value: String) {
        document.withTree {
            if let comment = xmlNewDocComment(node.pointee.doc, value) { xmlAddChild(node, comment) }
        }
    }

    /// Appends a text node after whatever is there.
    public func appendText(_ value: String) {
        document.withTree {
            if let textNode = xmlNewDocText(node.pointee.doc, value) { xmlAddChild(node, textNode) }
        }
    }

    private func removeAllChildNodes() {
        var child = node.pointee.children
        while let current = child {
            child = current.pointee.next
            document.detach(current)
        }
    }

    /// Takes this element out of the tree. It is not freed while the document lives, so
    /// other copies of this view stay valid (they see a detached element, which can be put
    /// back with `append` and the like). The root stays: removing it does nothing and
    /// returns false (a document always has its root element).
    @discardableResult
    public func remove() -> Bool {
        document.withTree {
            guard !isRoot else { return false }
            document.detach(node)
            return true
        }
    }

    /// A deep copy of this element, not yet placed anywhere in the document. The document
    /// owns it: freed with the document if it is never attached.
    public func deepCopy() -> XMLElement {
        document.withTree {
            guard let copy = xmlDocCopyNode(node, node.pointee.doc, 1) else {
                // libxml2 fails here only when out of memory.
                fatalError("libxml2 could not copy an element (out of memory)")
            }
            document.adoptDetached(copy)
            return XMLElement(node: copy, document: document)
        }
    }

    /// True for the document's root element.
    var isRoot: Bool { node.pointee.parent.map { $0.pointee.type == XML_DOCUMENT_NODE } ?? false }

    /// Moves `element` (unlinked or elsewhere) to be the last child of this one.
    public func append(_ element: XMLElement) {
        document.withTree {
            guard canMove(element) else { return }
            xmlUnlinkNode(element.node)
            xmlAddChild(node, element.node)
        }
    }

    /// Moves `element` to sit right before this one.
    public func insertBefore(_ element: XMLElement) {
        document.withTree {
            guard canMove(element), !isRoot else { return }
            xmlUnlinkNode(element.node)
            xmlAddPrevSibling(node, element.node)
        }
    }

    /// Moves `element` to sit right after this one.
    public func insertAfter(_ element: XMLElement) {
        document.withTree {
            guard canMove(element), !isRoot else { return }
            xmlUnlinkNode(element.node)
            xmlAddNextSibling(node, element.node)
        }
    }

    /// Moves `element` to be the first child of this one.
    public func prepend(_ element: XMLElement) {
        document.withTree {
            guard canMove(element) else { return }
            xmlUnlinkNode(element.node)
            if let first = node.pointee.children {
                xmlAddPrevSibling(first, element.node)
            } else {
                xmlAddChild(node, element.node)
            }
        }
    }

    /// A move is refused (nothing happens) when it would break the tree: moving the root,
    /// moving an element into itself or its own descendant (a cycle libxml2 does not catch),
    /// or moving an element of another document (its nodes belong to that one's owner).
    private func canMove(_ element: XMLElement) -> Bool {
        guard element.document === document, !element.isRoot, element.node != node else { return false }
        var ancestor = node.pointee.parent
        while let current = ancestor {
            if current == element.node { return false }
            ancestor = current.pointee.parent
        }
        return true
    }
}
