internal import CXMLSec
import Vocabulary

/// Makes an xmlsec key (owned by the caller, who hands it to a dsig context) from an
/// OpenSSL key. The EVP_PKEY is shared by reference count, not copied: per-call key
/// copies are what make other bindings slow.
enum XMLSecKey {
    static func make(from evpKey: OpaquePointer, name: String) throws(HarnessError) -> xmlSecKeyPtr {
        guard EVP_PKEY_up_ref(evpKey) == 1 else { throw OpenSSLErrors.fail(.cryptoFailure, "EVP_PKEY_up_ref") }
        guard let data = xmlSecOpenSSLEvpKeyAdopt(evpKey) else {
            EVP_PKEY_free(evpKey)
            throw HarnessError(.cryptoFailure, "xmlsec could not adopt the \(name) key")
        }
        guard let key = xmlSecKeyCreate() else {
            xmlSecKeyDataDestroy(data)
            throw HarnessError(.cryptoFailure, "xmlSecKeyCreate failed")
        }
        guard xmlSecKeySetValue(key, data) == 0 else {
            xmlSecKeyDataDestroy(data)
            xmlSecKeyDestroy(key)
            throw HarnessError(.cryptoFailure, "xmlSecKeySetValue failed")
        }
        return key
    }
}
