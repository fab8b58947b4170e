#if MPASS_FUZZ_LIBFUZZER
import Foundation

// libFuzzer's entry points, compiled only in the fuzz build of scripts/fuzz (libFuzzer
// supplies `main`). One binary serves every target; MPASS_FUZZ_TARGET picks one.

nonisolated(unsafe) private var selectedTarget = FuzzTarget.parser
nonisolated(unsafe) private var oracle: XMLSecOracle?

private func report(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

@_cdecl("LLVMFuzzerInitialize")
public func fuzzerInitialize(_ argc: UnsafeMutableRawPointer?, _ argv: UnsafeMutableRawPointer?) -> Int32 {
    let name = ProcessInfo.processInfo.environment["MPASS_FUZZ_TARGET"] ?? "parser"
    guard let target = FuzzTarget(rawValue: name) else {
        report("error: MPASS_FUZZ_TARGET=\(name) is no fuzz target; use one of \(FuzzTarget.allCases.map(\.rawValue).joined(separator: ", "))")
        exit(64)
    }
    selectedTarget = target
    oracle = XMLSecOracle()
    if oracle == nil, target == .response || target == .request {
        report("error: the differential oracle needs xmlsec1 (apt-get install xmlsec1, or scripts/setup)")
        exit(69)
    }
    _ = FuzzHarness.certificate
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzerTestOneInput(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    let data = bytes.map { Data(bytes: $0, count: count) } ?? Data()
    do {
        try FuzzHarness.run(selectedTarget, data, oracle: oracle)
    } catch {
        report("FINDING (\(selectedTarget.rawValue)): \(error)")
        abort()  // libFuzzer saves the input as a crash artifact
    }
    return 0
}
#endif
