import CXMLSec
import Foundation
import Testing

/// SwiftPM drops the `-D` flags of `pkg-config --cflags xmlsec1-openssl`, so the shim
/// repeats them. If they drift from the installed library's, xmlsec's struct layouts as
/// Swift sees them differ from the library's (memory corruption, not a compile error).
@Suite struct ShimTests {
    /// `NAME=value` for each `-DXMLSEC_*` pkg-config prints (a bare `-DNAME` means `NAME=1`).
    static func pkgConfigDefines() -> [String: String]? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["pkg-config", "--cflags", "xmlsec1-openssl"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return parse(String(decoding: data, as: UTF8.self).split(whereSeparator: \.isWhitespace)
            .filter { $0.hasPrefix("-DXMLSEC_") }.map { String($0.dropFirst(2)) }, bareValue: "1")
    }

    /// What the shim's `#ifdef` chain saw while the compiler read it.
    static func shimDefines() -> [String: String] {
        parse(String(cString: CXMLSec_compiledDefines()).split(separator: " ").map(String.init), bareValue: "")
    }

    static func parse(_ items: [String], bareValue: String) -> [String: String] {
        var result: [String: String] = [:]
        for item in items {
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            result[parts[0]] = parts.count > 1 ? parts[1] : bareValue
        }
        return result
    }

    static let pkgConfigAvailable = pkgConfigDefines() != nil

    @Test(.enabled(if: pkgConfigAvailable, "pkg-config or xmlsec1-openssl.pc is not installed (run scripts/setup)"))
    func shimDefinesEqualPkgConfig() throws {
        let expected = try #require(Self.pkgConfigDefines())
        let compiled = Self.shimDefines()
        #expect(!expected.isEmpty)
        for (name, value) in expected.sorted(by: { $0.key < $1.key }) {
            guard let seen = compiled[name] else {
                Issue.record("""
                    pkg-config --cflags xmlsec1-openssl defines \(name)=\(value), but Sources/CXMLSec/shim.h \
                    does not: add `#define \(name) \(value)` to the shim (and to CXMLSec_compiledDefines' list \
                    if it is a new switch)
                    """)
                continue
            }
            #expect(seen == value, "\(name) is \(seen) in shim.h but \(value) in pkg-config")
        }
        for name in compiled.keys.sorted() where expected[name] == nil {
            Issue.record("Sources/CXMLSec/shim.h defines \(name), which pkg-config --cflags xmlsec1-openssl no longer does: remove it from the shim")
        }
    }

    /// The report is built from the macros, not typed: each entry carries the value the
    /// preprocessor substituted.
    @Test func compiledDefinesAreReadFromTheMacros() {
        let compiled = Self.shimDefines()
        #expect(compiled["XMLSEC_CRYPTO_OPENSSL"] == "1")
        #expect(compiled["XMLSEC_NO_SIZE_T"] == "1")
        #expect(compiled["XMLSEC_CRYPTO_NSS"] == nil)
        #expect(compiled["XMLSEC_NO_RSA"] == nil)
    }

    /// The library and the headers agree on the version (and xmlsec itself checks the ABI
    /// at initialisation).
    @Test func headersMatchTheLinkedLibrary() {
        #expect(xmlSecCheckVersionExt(XMLSEC_VERSION_MAJOR, XMLSEC_VERSION_MINOR, XMLSEC_VERSION_SUBMINOR,
                                      xmlSecCheckVersionABICompatible) == 1)
        #expect(CXMLSec_dsigCtxSize() > 0)
    }
}
