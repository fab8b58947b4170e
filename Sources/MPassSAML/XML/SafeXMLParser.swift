internal import CXMLSec
import Foundation
import Vocabulary

/// Parses XML that someone else sent, refusing everything a SAML message never needs:
/// DTDs (internal or external), entity declarations and references, network and file
/// access, oversized and over-deep documents. Each refusal is a named `HarnessError`.
///
/// The DTD refusal happens in the SAX callback for the DOCTYPE itself, before libxml2
/// reads a single declaration, so a billion-laughs document costs nothing and an XXE
/// document never gets to name its file or URL to a loader (and the process-wide entity
/// loader refuses everything anyway). XInclude is never processed: `xi:include` stays an
/// ordinary element.
///
/// An entity reference other than the five predefined ones (`&foo;` with no DTD) is
/// `xml.entity-refused`, not `xml.malformed`: it is refused on purpose, by the hook that
/// libxml2 asks for the entity, whether or not a DTD could have declared it.
public struct SafeXMLParser: Sendable {
    public var limits: XMLParsingLimits

    public init(limits: XMLParsingLimits = .default) {
        self.limits = limits
    }

    /// libxml2's own nesting ceiling without `XML_PARSE_HUGE` (which this parser never sets).
    static let libxml2DepthCeiling = 256

    public func parse(_ data: Data) throws(HarnessError) -> XMLDocument {
        try CLibraries.ensureInitialised()
        // A form field holding only a newline is as empty as one holding nothing.
        guard data.contains(where: { !Self.isXMLWhitespace($0) }) else {
            throw HarnessError(.xmlEmpty, "the document is empty; expected a SAML message in XML")
        }
        guard data.count <= limits.maxBytes, data.count <= Int(Int32.max) else {
            throw HarnessError(.xmlTooLarge,
                "the document is \(data.count) bytes, over the limit of \(limits.maxBytes); a SAML message is a few kilobytes (raise the limit only if you trust the sender)")
        }
        let maxDepth = max(1, min(limits.maxDepth, Self.libxml2DepthCeiling))
        let shape = XMLShapeScan(maxAttributes: limits.maxAttributesPerElement,
                                 maxNamespaceDeclarations: limits.maxNamespaceDeclarationsPerElement)
        switch data.withUnsafeBytes({ shape.scan($0) }) {
        case .tooManyAttributes(let line):
            throw HarnessError(.xmlTooManyAttributes,
                "an element on line \(line) has more than \(limits.maxAttributesPerElement) attributes; a SAML element carries a dozen at most, and libxml2 takes quadratic time over them (refused before parsing)")
        case .tooManyNamespaceDeclarations(let line):
            throw HarnessError(.xmlTooManyAttributes,
                "an element on line \(line) declares more than \(limits.maxNamespaceDeclarationsPerElement) namespaces; a SAML message declares a few, and libxml2 takes quadratic time over them (refused before parsing)")
        case nil:
            break
        }

        // The generic handler is per thread; this thread may predate CLibraries' default.
        CXMLSec_silenceGenericErrors()
        // NONET: no network. No NOENT (entities are never substituted), no DTDLOAD,
        // no DTDATTR, no XINCLUDE, no HUGE (libxml2 keeps its own internal limits).
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
        var guardState = CXMLSec_ParseGuard(refusal: 0, maxDepth: Int32(maxDepth), depth: 0)

        let outcome: Result<xmlDocPtr, HarnessError> = data.withUnsafeBytes { raw in
            withUnsafeMutablePointer(to: &guardState) { guardPointer in
                let bytes = raw.baseAddress!.assumingMemoryBound(to: CChar.self)
                guard let ctxt = CXMLSec_newGuardedParser(bytes, Int32(raw.count), options, guardPointer) else {
                    return .failure(HarnessError(.cryptoFailure, "libxml2 could not allocate a parser"))
                }
                defer { xmlFreeParserCtxt(ctxt) }
                xmlParseDocument(ctxt)
                let doc = CXMLSec_takeDocument(ctxt)
                if let refusal = Self.refusal(guardPointer.pointee.refusal, maxDepth: maxDepth) {
                    if let doc { xmlFreeDoc(doc) }
                    return .failure(refusal)
                }
                guard let doc, CXMLSec_isWellFormed(ctxt) != 0 else {
                    if let doc { xmlFreeDoc(doc) }
                    return .failure(HarnessError(.xmlMalformed, "the input is not well-formed XML: \(Self.lastErrorText(ctxt))"))
                }
                // libxml2 reports namespace errors (`xmlns:x:s=`, an undeclared prefix) as
                // recoverable and builds a tree anyway; other parsers refuse the document, so
                // two readers could see different elements. Fatal here.
                guard CXMLSec_isNamespaceWellFormed(ctxt) != 0 else {
                    xmlFreeDoc(doc)
                    return .failure(HarnessError(.xmlNamespaceError,
                        "the document breaks the rules of Namespaces in XML: \(Self.lastErrorText(ctxt)); a SAML message declares every prefix once, as xmlns:prefix=\"URI\""))
                }
                return .success(doc)
            }
        }
        let document = XMLDocument(takingOwnership: try outcome.get())
        guard xmlDocGetRootElement(document.pointer) != nil else {
            throw HarnessError(.xmlMalformed, "the document has no root element")
        }
        // Unreachable while the DOCTYPE hook works; kept so a libxml2 change cannot
        // silently let a DTD through.
        if document.pointer.pointee.intSubset != nil || document.pointer.pointee.extSubset != nil {
            throw HarnessError(.xmlDTDRefused, "the document has a DOCTYPE (DTD); refused")
        }
        return document
    }

    public func parse(_ string: String) throws(HarnessError) -> XMLDocument {
        try parse(Data(string.utf8))
    }

    private static func refusal(_ reason: Int32, maxDepth: Int) -> HarnessError? {
        switch reason {
        case Int32(CXMLSec_refusalDTD):
            HarnessError(.xmlDTDRefused,
                "the document has a DOCTYPE (DTD); SAML messages never carry one, and a DTD is how XXE and entity-expansion attacks start")
        case Int32(CXMLSec_refusalEntityDeclaration):
            HarnessError(.xmlDTDRefused, "the document declares an entity; refused")
        case Int32(CXMLSec_refusalEntityReference):
            HarnessError(.xmlEntityRefused,
                "the document references an entity other than the five predefined ones (&amp; &lt; &gt; &quot; &apos;); refused")
        case Int32(CXMLSec_refusalTooDeep):
            HarnessError(.xmlTooDeep,
                "elements are nested more than \(maxDepth) deep; a SAML message needs about 10")
        default:
            nil
        }
    }

    private static func isXMLWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    private static func lastErrorText(_ ctxt: xmlParserCtxtPtr) -> String {
        guard let error = xmlCtxtGetLastError(ctxt), let message = error.pointee.message else {
            return "libxml2 gave no detail"
        }
        let text = String(cString: message).trimmingCharacters(in: .whitespacesAndNewlines)
        return "line \(error.pointee.line): \(text)"
    }
}
