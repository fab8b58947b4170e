import CXMLSec
import Foundation
import Testing
import TestSupport

/// SwiftPM drops the `-D` flags of `pkg-config --cflags xmlsec1-openssl`, so the shim
/// repeats them. If they drift from the installed library's, xmlsec's struct layouts as
/// Swift sees them differ from the library's (memory corruption, not a compile error).
@Suite(.timeLimit(.minutes(5))) struct ShimTests {
    /// `pkg-config --cflags xmlsec1-openssl`: the flags the library's own users compile with.
    static func pkgConfigFlags() throws -> [String] {
        let result = try ChildProcess.run(try ChildProcess.tool("pkg-config"), ["--cflags", "xmlsec1-openssl"])
        guard result.status == 0 else {
            throw TestSupportError("pkg-config --cflags xmlsec1-openssl failed (is libxmlsec1-dev installed? run scripts/setup): \(result.stderr)")
        }
        return result.stdout.split(whereSeparator: \.isWhitespace).map(String.init)
    }

    /// `NAME=value` for each `-DXMLSEC_*` pkg-config prints (a bare `-DNAME` means `NAME=1`).
    static func pkgConfigDefines() throws -> [String: String] {
        parse(try pkgConfigFlags().filter { $0.hasPrefix("-DXMLSEC_") }.map { String($0.dropFirst(2)) }, bareValue: "1")
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

    @Test func shimDefinesEqualPkgConfig() throws {
        let expected = try Self.pkgConfigDefines()
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
    }

    /// The layout check itself: the structs Swift hands to xmlsec have the size a C program
    /// compiled with pkg-config's flags (as the library's own users are) gives them. A define
    /// the shim lacks changes a struct's members, and this size, before it corrupts memory.
    @Test func structSizesAsSwiftSeesThemEqualTheLibrarysCompiler() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mpass-shim-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let source = directory.appendingPathComponent("sizes.c"), program = directory.appendingPathComponent("sizes")
        try Data("""
            #include <stdio.h>
            #include <xmlsec/xmlsec.h>
            #include <xmlsec/xmldsig.h>
            #include <xmlsec/keyinfo.h>
            #include <xmlsec/transforms.h>
            int main(void) {
                printf("%zu %zu %zu\\n", sizeof(xmlSecDSigCtx), sizeof(xmlSecKeyInfoCtx), sizeof(xmlSecTransformCtx));
                return 0;
            }
            """.utf8).write(to: source)
        let compile = try ChildProcess.run(try ChildProcess.tool("cc"), try Self.pkgConfigFlags() + [source.path, "-o", program.path])
        try #require(compile.status == 0, "cc could not build the size probe: \(compile.stderr)")
        let run = try ChildProcess.run(program, [])
        try #require(run.status == 0, "\(run.stderr)")
        let sizes = run.stdout.split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
        #expect(sizes == [MemoryLayout<xmlSecDSigCtx>.size, MemoryLayout<xmlSecKeyInfoCtx>.size, MemoryLayout<xmlSecTransformCtx>.size],
                "C with pkg-config's flags: \(run.stdout); Swift through the shim: xmlSecDSigCtx \(MemoryLayout<xmlSecDSigCtx>.size)")
        // The shim's own sizeof agrees with Swift's import of the same header.
        #expect(CXMLSec_dsigCtxSize() == MemoryLayout<xmlSecDSigCtx>.size)
    }
}
