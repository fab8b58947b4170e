internal import CXMLSec
import Foundation

/// Parses XML that someone else sent, refusing everything a SAML message never needs:
/// DTDs (internal or external), entity declarations and references, network and file
/// access, oversized and over-deep documents. Each refusal is a named `SAMLError`.
///
/// The DTD refusal happens in the SAX callback for the DOCTYPE itself, before libxml2
/// reads a single declaration, so a billion-laughs document costs nothing and an XXE
/// document never gets to name its file or URL to a loader (and the process-wide entity
/// loader refuses everything anyway).
public struct SafeXMLParser: Sendable {
    public var limits: XMLParsingLimits

    public init(limits: XMLParsingLimits = .default) {
        self.limits = limits
    }

    public func parse(_ data: Data) throws(SAMLError) -> XMLDocument {
        try CLibraries.ensureInitialised()
        guard !data.isEmpty else {
            throw SAMLError(.xmlEmpty, "the document is empty; expected a SAML message in XML")
        }
        guard data.count <= limits.maxBytes else {
            throw SAMLError(.xmlTooLarge,
                "the document is \(data.count) bytes, over the limit of \(limits.maxBytes); a SAML message is a few kilobytes (raise the limit only if you trust the sender)")
        }
        guard let ctxt = xmlNewParserCtxt() else {
            throw SAMLError(.cryptoFailure, "libxml2 could not allocate a parser")
        }
        defer { xmlFreeParserCtxt(ctxt) }
        CXMLSec_installRefusals(ctxt)

        // NONET: no network. No NOENT (entities are never substituted), no DTDLOAD,
        // no DTDATTR, no XINCLUDE, no HUGE (libxml2 keeps its own internal limits).
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
        let doc = data.withUnsafeBytes { raw -> xmlDocPtr? in
            xmlCtxtReadMemory(ctxt, raw.baseAddress!.assumingMemoryBound(to: CChar.self), Int32(raw.count), "noname.xml", nil, options)
        }

        switch CXMLSec_refusalReason(ctxt) {
        case Int32(CXMLSec_refusalDTD):
            if let doc { xmlFreeDoc(doc) }
            throw SAMLError(.xmlDTDRefused,
                "the document has a DOCTYPE (DTD); SAML messages never carry one, and a DTD is how XXE and entity-expansion attacks start")
        case Int32(CXMLSec_refusalEntityDeclaration):
            if let doc { xmlFreeDoc(doc) }
            throw SAMLError(.xmlDTDRefused, "the document declares an entity; refused")
        case Int32(CXMLSec_refusalEntityReference):
            if let doc { xmlFreeDoc(doc) }
            throw SAMLError(.xmlEntityRefused,
                "the document references an entity other than the five predefined ones; refused")
        default:
            break
        }

        guard let doc, ctxt.pointee.wellFormed != 0 else {
            if let doc { xmlFreeDoc(doc) }
            throw SAMLError(.xmlMalformed, "the input is not well-formed XML: \(Self.lastErrorText(ctxt))")
        }
        let document = XMLDocument(takingOwnership: doc)
        guard xmlDocGetRootElement(doc) != nil else {
            throw SAMLError(.xmlMalformed, "the document has no root element")
        }
        if doc.pointee.intSubset != nil || doc.pointee.extSubset != nil {
            throw SAMLError(.xmlDTDRefused, "the document has a DOCTYPE (DTD); refused")
        }
        let depth = Self.maxDepth(xmlDocGetRootElement(doc)!, limit: limits.maxDepth)
        if depth > limits.maxDepth {
            throw SAMLError(.xmlTooDeep,
                "elements are nested more than \(limits.maxDepth) deep; a SAML message needs about 10")
        }
        return document
    }

    public func parse(_ string: String) throws(SAMLError) -> XMLDocument {
        try parse(Data(string.utf8))
    }

    private static func lastErrorText(_ ctxt: xmlParserCtxtPtr) -> String {
        guard let error = xmlCtxtGetLastError(ctxt), let message = error.pointee.message else {
            return "libxml2 gave no detail"
        }
        let text = String(cString: message).trimmingCharacters(in: .whitespacesAndNewlines)
        return "line \(error.pointee.line): \(text)"
    }

    /// The depth of the deepest element, stopping as soon as `limit` is exceeded.
    private static func maxDepth(_ root: xmlNodePtr, limit: Int) -> Int {
        var deepest = 0
        func walk(_ node: xmlNodePtr, _ depth: Int) {
            if depth > deepest { deepest = depth }
            if deepest > limit { return }
            var child = node.pointee.children
            while let current = child {
                if current.pointee.type == XML_ELEMENT_NODE { walk(current, depth + 1) }
                child = current.pointee.next
            }
        }
        walk(root, 1)
        return deepest
    }
}
