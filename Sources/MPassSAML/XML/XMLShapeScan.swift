import Foundation

/// A cheap pass over the raw bytes, before libxml2 sees them, counting what libxml2 2.9.14
/// handles in quadratic time: attributes on one element (each new one is compared with all
/// the others) and namespace declarations on one element (each is searched for among the
/// ones in scope). One element with 355,000 attributes, 4.15 MB, took libxml2 over seven
/// minutes; this scan refuses it in milliseconds.
///
/// It counts `=` signs outside quotes inside start tags, skipping comments, CDATA sections,
/// processing instructions and `<!…>` declarations. It never decides whether the document is
/// well-formed: a miscount on malformed input errs towards counting more, and libxml2 still
/// has the last word on everything the scan lets through.
struct XMLShapeScan {
    let maxAttributes: Int
    let maxNamespaceDeclarations: Int

    enum Finding: Equatable {
        case tooManyAttributes(line: Int)
        case tooManyNamespaceDeclarations(line: Int)
    }

    func scan(_ bytes: UnsafeRawBufferPointer) -> Finding? {
        let count = bytes.count
        var index = 0
        var line = 1
        while index < count {
            let byte = bytes[index]
            if byte == 0x0A { line += 1 }
            guard byte == UInt8(ascii: "<"), index + 1 < count else { index += 1; continue }
            let next = bytes[index + 1]
            if next == UInt8(ascii: "!") || next == UInt8(ascii: "?") {
                let terminator: [UInt8]
                if Self.hasPrefix(bytes, at: index, "<!--") { terminator = Array("-->".utf8) }
                else if Self.hasPrefix(bytes, at: index, "<![CDATA[") { terminator = Array("]]>".utf8) }
                else if next == UInt8(ascii: "?") { terminator = Array("?>".utf8) }
                else { terminator = [UInt8(ascii: ">")] }
                index = Self.skip(bytes, from: index + 2, past: terminator, line: &line)
                continue
            }
            if next == UInt8(ascii: "/") { index += 2; continue }
            // A start tag: count attributes up to the closing '>' outside quotes.
            let tagLine = line
            var attributes = 0
            var declarations = 0
            var quote: UInt8?
            var cursor = index + 1
            var nameStart = cursor
            while cursor < count {
                let current = bytes[cursor]
                if current == 0x0A { line += 1 }
                if let open = quote {
                    if current == open { quote = nil; nameStart = cursor + 1 }
                } else if current == UInt8(ascii: "\"") || current == UInt8(ascii: "'") {
                    quote = current
                } else if current == UInt8(ascii: ">") {
                    break
                } else if current == UInt8(ascii: "=") {
                    attributes += 1
                    if Self.isNamespaceDeclaration(bytes, from: nameStart, to: cursor) { declarations += 1 }
                    if attributes > maxAttributes { return .tooManyAttributes(line: tagLine) }
                    if declarations > maxNamespaceDeclarations { return .tooManyNamespaceDeclarations(line: tagLine) }
                } else if Self.isSpace(current) {
                    nameStart = cursor + 1
                }
                cursor += 1
            }
            index = cursor + 1
        }
        return nil
    }

    /// True when the attribute name just before `end` (spaces allowed before `=`) is
    /// `xmlns` or `xmlns:prefix`.
    private static func isNamespaceDeclaration(_ bytes: UnsafeRawBufferPointer, from start: Int, to end: Int) -> Bool {
        var last = end
        while last > start, isSpace(bytes[last - 1]) { last -= 1 }
        var first = last
        while first > start, !isSpace(bytes[first - 1]) { first -= 1 }
        guard last - first >= 5, hasPrefix(bytes, at: first, "xmlns") else { return false }
        return last - first == 5 || bytes[first + 5] == UInt8(ascii: ":")
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    private static func hasPrefix(_ bytes: UnsafeRawBufferPointer, at index: Int, _ text: String) -> Bool {
        let pattern = Array(text.utf8)
        guard index + pattern.count <= bytes.count else { return false }
        return pattern.indices.allSatisfy { bytes[index + $0] == pattern[$0] }
    }

    /// The index just after `terminator`, or the end when it never comes.
    private static func skip(_ bytes: UnsafeRawBufferPointer, from start: Int, past terminator: [UInt8], line: inout Int) -> Int {
        var index = start
        while index < bytes.count {
            if bytes[index] == 0x0A { line += 1 }
            if bytes[index] == terminator[0], index + terminator.count <= bytes.count,
               terminator.indices.allSatisfy({ bytes[index + $0] == terminator[$0] }) {
                return index + terminator.count
            }
            index += 1
        }
        return bytes.count
    }
}
