internal import CXMLSec
import Foundation
import Vocabulary

/// A libxml2 document, owned: freed when the last reference goes.
///
/// Made by `SafeXMLParser` (from bytes someone sent) or `init(root:)` (to build a message).
/// Elements reach into it through `XMLElement`, which keeps the document alive.
/// The document is the one owner of every node: removed elements and detached copies are
/// kept and freed with it, so no view ever points at freed memory.
// @unchecked Sendable: every read or change of the C tree (and of `detached`) runs under `lock`.
public final class XMLDocument: @unchecked Sendable {
    let pointer: xmlDocPtr
    /// Recursive: a view's operation may call others on the same document.
    private let lock = NSRecursiveLock()
    /// Nodes taken out of the tree or copied and not (yet) placed: freed in `deinit` unless
    /// they were attached again by then.
    private var detached: Set<xmlNodePtr> = []

    init(takingOwnership pointer: xmlDocPtr) {
        self.pointer = pointer
    }

    deinit {
        // Before the document: a node's names may live in the document's dictionary.
        for node in detached where node.pointee.parent == nil {
            xmlFreeNode(node)
        }
        xmlFreeDoc(pointer)
    }

    /// Runs `body` with the C tree to itself: the one way in for views, the signer and the verifier.
    @discardableResult
    func withTree<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    /// Unlinks `node` and keeps it, detached, until the document goes (other views may hold it).
    func detach(_ node: xmlNodePtr) {
        withTree {
            xmlUnlinkNode(node)
            detached.insert(node)
        }
    }

    /// Takes ownership of a node made for this document and not placed in it (a copy).
    func adoptDetached(_ node: xmlNodePtr) {
        withTree { _ = detached.insert(node) }
    }

    /// A new document whose root element is `name` in `namespace`.
    public convenience init(root name: String, namespace: XMLNamespace) throws(HarnessError) {
        try CLibraries.ensureInitialised()
        guard let doc = xmlNewDoc("1.0") else {
            throw HarnessError(.cryptoFailure, "libxml2 could not allocate a document")
        }
        self.init(takingOwnership: doc)
        guard let node = xmlNewDocNode(doc, nil, name, nil) else {
            throw HarnessError(.cryptoFailure, "libxml2 could not allocate an element")
        }
        xmlDocSetRootElement(doc, node)
        let ns = xmlNewNs(node, namespace.uri, namespace.prefix)
        xmlSetNs(node, ns)
    }

    /// The root element. Every document this type hands out has one, and keeps it: the parser
    /// refuses a document without, and views can neither remove nor move the root.
    public var root: XMLElement {
        withTree {
            guard let node = xmlDocGetRootElement(pointer) else {
                preconditionFailure("an XMLDocument lost its root element, which XMLElement never allows")
            }
            return XMLElement(node: node, document: self)
        }
    }

    /// The document as UTF-8 bytes with an XML declaration, exactly as it will be signed or sent.
    public func serialized() -> Data {
        withTree { serializedUnlocked() }
    }

    private func serializedUnlocked() -> Data {
        var buffer: UnsafeMutablePointer<xmlChar>?
        var size: Int32 = 0
        xmlDocDumpMemoryEnc(pointer, &buffer, &size, "UTF-8")
        guard let buffer else { return Data() }
        defer { CXMLSec_xmlFree(buffer) }
        return Data(bytes: buffer, count: Int(size))
    }

    public func serializedString() -> String {
        String(decoding: serialized(), as: UTF8.self)
    }

    /// A deep copy, independent of this one (attack crafting mutates copies).
    public func copy() throws(HarnessError) -> XMLDocument {
        try withTree { () throws(HarnessError) -> XMLDocument in try copyUnlocked() }
    }

    private func copyUnlocked() throws(HarnessError) -> XMLDocument {
        guard let copy = xmlCopyDoc(pointer, 1) else {
            throw HarnessError(.cryptoFailure, "libxml2 could not copy the document")
        }
        return XMLDocument(takingOwnership: copy)
    }

    /// The values of every `ID`, `Id` and `id` attribute (any namespace, `xml:id` included),
    /// in document order. A walk over the C tree: this runs on every validation, and
    /// building views of every element and attribute would cost more than the checks.
    func idAttributeValues() -> [String] {
        withTree { idAttributeValuesUnlocked() }
    }

    private func idAttributeValuesUnlocked() -> [String] {
        var values: [String] = []
        forEachElementUnlocked { node in
            var attribute = node.pointee.properties
            while let current = attribute {
                if let name = current.pointee.name, strcasecmp(UnsafeRawPointer(name).assumingMemoryBound(to: CChar.self), "id") == 0,
                   let raw = xmlNodeListGetString(node.pointee.doc, current.pointee.children, 1) {
                    values.append(String(cString: raw))
                    CXMLSec_xmlFree(raw)
                }
                attribute = current.pointee.next
            }
        }
        return values
    }

    /// Calls `visit` on every element node of the C tree, in document order (the root first,
    /// then each child's subtree). The caller holds the tree.
    private func forEachElementUnlocked(_ visit: (xmlNodePtr) -> Void) {
        func walk(_ node: xmlNodePtr) {
            visit(node)
            var child = node.pointee.children
            while let element = child {
                if element.pointee.type == XML_ELEMENT_NODE { walk(element) }
                child = element.pointee.next
            }
        }
        if let root = xmlDocGetRootElement(pointer) { walk(root) }
    }

    /// Every element whose local name is `localName`, in any namespace or none, in document
    /// order (views are made for the matches only).
    public func elements(named localName: String) -> [XMLElement] {
        withTree { elementsUnlocked(named: localName) }
    }

    private func elementsUnlocked(named localName: String) -> [XMLElement] {
        var found: [XMLElement] = []
        forEachElementUnlocked { node in
            if strcmp(UnsafeRawPointer(node.pointee.name).assumingMemoryBound(to: CChar.self), localName) == 0 {
                found.append(XMLElement(node: node, document: self))
            }
        }
        return found
    }

    /// Every element of the document, in document order.
    public func allElements() -> [XMLElement] {
        withTree {
            var result: [XMLElement] = []
            func walk(_ element: XMLElement) {
                result.append(element)
                for child in element.children { walk(child) }
            }
            walk(root)
            return result
        }
    }
}

/// A namespace URI with the prefix used when this library writes it.
public struct XMLNamespace: Sendable, Hashable {
    public let uri: String
    public let prefix: String?

    public init(uri: String, prefix: String?) {
        self.uri = uri
        self.prefix = prefix
    }

    public static let samlp = XMLNamespace(uri: "urn:oasis:names:tc:SAML:2.0:protocol", prefix: "saml2p")
    public static let saml = XMLNamespace(uri: "urn:oasis:names:tc:SAML:2.0:assertion", prefix: "saml2")
    public static let ds = XMLNamespace(uri: "http://www.w3.org/2000/09/xmldsig#", prefix: "ds")
    public static let md = XMLNamespace(uri: "urn:oasis:names:tc:SAML:2.0:metadata", prefix: "md")
    public static let xsi = XMLNamespace(uri: "http://www.w3.org/2001/XMLSchema-instance", prefix: "xsi")
    public static let xs = XMLNamespace(uri: "http://www.w3.org/2001/XMLSchema", prefix: "xs")
}
