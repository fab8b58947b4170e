internal import CXMLSec
import Foundation

/// Process-wide initialisation of libxml2, xmlsec and its OpenSSL backend, done once.
///
/// Every entry point that touches the C libraries calls `CLibraries.ensureInitialised()`
/// first (the swift-nio-ssl pattern: a global `let` evaluated lazily and exactly once).
enum CLibraries {
    private static let initialisation: Result<Void, SAMLError> = initialise()

    static func ensureInitialised() throws(SAMLError) {
        try initialisation.get()
    }

    private static func initialise() -> Result<Void, SAMLError> {
        xmlInitParser()
        // No document, and no xmlsec transform, may ever open a file or a socket.
        CXMLSec_installRefusingEntityLoader()
        guard xmlSecInit() == 0 else {
            return .failure(SAMLError(.libraryInitialisation, "xmlSecInit failed"))
        }
        guard xmlSecCheckVersionExt(1, 2, 30, xmlSecCheckVersionABICompatible) == 1 else {
            return .failure(SAMLError(.libraryInitialisation,
                "the installed libxmlsec1 is not ABI-compatible with 1.2.30 or later; run scripts/setup"))
        }
        guard xmlSecOpenSSLAppInit(nil) == 0, xmlSecOpenSSLInit() == 0 else {
            return .failure(SAMLError(.libraryInitialisation, "xmlsec's OpenSSL backend failed to initialise"))
        }
        // Last: xmlSecInit and the OpenSSL backend's init install xmlsec's default (stderr) callback.
        xmlSecErrorsSetCallback(xmlsecErrorCallback)
        return .success(())
    }
}

/// xmlsec reports errors through one process-global callback. To keep the errors of
/// concurrent operations apart, the callback appends to a log attached to the calling
/// thread (a pthread key); `XMLSecErrorLog.capture` attaches one for the length of a call.
final class XMLSecErrorLog {
    private(set) var entries: [String] = []

    fileprivate func append(_ entry: String) {
        // Bounded: a pathological document must not grow this without limit.
        if entries.count < 32 { entries.append(entry) }
    }

    var summary: String {
        entries.isEmpty ? "no detail from xmlsec" : entries.joined(separator: "; ")
    }

    /// Runs `body` with a fresh log attached to this thread and returns both.
    static func capture<T>(_ body: () throws -> T) rethrows -> (T, XMLSecErrorLog) {
        let log = XMLSecErrorLog()
        let previous = pthread_getspecific(errorLogKey)
        pthread_setspecific(errorLogKey, Unmanaged.passUnretained(log).toOpaque())
        defer { pthread_setspecific(errorLogKey, previous) }
        let result = try body()
        return (result, log)
    }
}

private let errorLogKey: pthread_key_t = {
    var key = pthread_key_t()
    pthread_key_create(&key, nil)
    return key
}()

private let xmlsecErrorCallback: xmlSecErrorsCallback = { _, _, function, errorObject, errorSubject, reason, message in
    guard let raw = pthread_getspecific(errorLogKey) else { return }
    let log = Unmanaged<XMLSecErrorLog>.fromOpaque(raw).takeUnretainedValue()
    var parts: [String] = []
    if let function { parts.append(String(cString: function)) }
    if let errorSubject { parts.append(String(cString: errorSubject)) }
    if let message { parts.append(String(cString: message)) }
    _ = (errorObject, reason)
    log.append(parts.joined(separator: ": "))
}
