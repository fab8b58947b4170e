internal import CXMLSec
import Foundation
import Vocabulary

/// Process-wide initialisation of libxml2, xmlsec and its OpenSSL backend, done once.
///
/// Every entry point that touches the C libraries calls `CLibraries.ensureInitialised()`
/// first (the swift-nio-ssl pattern: a global `let` evaluated lazily and exactly once).
enum CLibraries {
    private static let initialisation: Result<Void, HarnessError> = initialise().map(configureAfterInitialisation)

    static func ensureInitialised() throws(HarnessError) {
        try initialisation.get()
    }

    private static func initialise() -> Result<Void, HarnessError> {
        // Before anything else touches libxml2: its context-free errors (encoding
        // conversion) would otherwise go to stderr, in this thread and every later one.
        CXMLSec_silenceGenericErrorsInNewThreads()
        CXMLSec_silenceGenericErrors()
        xmlInitParser()
        // No document, and no xmlsec transform, may ever open a file or a socket.
        CXMLSec_installRefusingEntityLoader()
        guard xmlSecInit() == 0 else {
            return .failure(HarnessError(.libraryInitialisation, "xmlSecInit failed"))
        }
        guard xmlSecCheckVersionExt(1, 2, 30, xmlSecCheckVersionABICompatible) == 1 else {
            return .failure(HarnessError(.libraryInitialisation,
                "the installed libxmlsec1 is not ABI-compatible with 1.2.30 or later; run scripts/setup"))
        }
        guard xmlSecOpenSSLAppInit(nil) == 0, xmlSecOpenSSLInit() == 0 else {
            return .failure(HarnessError(.libraryInitialisation, "xmlsec's OpenSSL backend failed to initialise"))
        }
        // Last: xmlSecInit and the OpenSSL backend's init install xmlsec's default (stderr) callback.
        xmlSecErrorsSetCallback(xmlsecErrorCallback)
        return .success(())
    }

    /// What the libraries may do once they are up: xmlsec reads nothing from outside the
    /// document, and OpenSSL can read old PKCS#12 files.
    private static func configureAfterInitialisation() {
        // xmlSecInit registers file, HTTP and FTP readers for Reference URIs; the verifier
        // follows same-document references only, so none is ever needed. Without them an
        // external reference fails inside xmlsec even if a check upstream were missed.
        xmlSecIOCleanupCallbacks()
        loadLegacyProvider()
    }

    /// True when OpenSSL's legacy provider is loaded, so PKCS#12 files whose certificates
    /// are encrypted with RC2-40 (OpenSSL 1.x's and older Windows' default export) can be read.
    static var legacyProviderLoaded: Bool {
        (try? ensureInitialised()) != nil && OSSL_PROVIDER_available(nil, "legacy") == 1
    }

    /// OpenSSL 3 keeps RC2 (and other old ciphers) in the "legacy" provider, which is off by
    /// default. Loading any provider explicitly stops OpenSSL from loading "default" on its
    /// own, so both are loaded. A system without the legacy module still works: only those
    /// old files then fail, with an error that says so.
    private static func loadLegacyProvider() {
        if OSSL_PROVIDER_available(nil, "legacy") == 1 { return }
        guard OSSL_PROVIDER_load(nil, "legacy") != nil else {
            OpenSSLErrors.clear()
            return
        }
        _ = OSSL_PROVIDER_load(nil, "default")
        OpenSSLErrors.clear()
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
