/*
 * CXMLSec: the one door to libxml2, libxmlsec1 (OpenSSL backend), OpenSSL and zlib.
 *
 * Only MPassSAML imports this module (with `internal import`), so no C type leaks
 * into the public API. Every symbol defined here is prefixed `CXMLSec_` and says
 * why it exists: either a C macro Swift cannot import, or a piece of C glue that
 * must run with C calling conventions.
 */
#ifndef CXMLSEC_SHIM_H
#define CXMLSEC_SHIM_H

/*
 * SwiftPM drops the -D flags that `pkg-config --cflags xmlsec1-openssl` prints.
 * Without them `xmlsec/crypto.h` refuses to compile, and worse, struct layouts
 * (xmlSecDSigCtx among them) differ from the library's: memory corruption.
 * These must equal pkg-config's output; a test compares them.
 */
#ifndef XMLSEC_NO_SIZE_T
#define XMLSEC_NO_SIZE_T 1
#endif
#ifndef XMLSEC_CRYPTO_OPENSSL
#define XMLSEC_CRYPTO_OPENSSL 1
#endif
#ifndef XMLSEC_OPENSSL3_ENGINES
#define XMLSEC_OPENSSL3_ENGINES 1
#endif
#ifndef XMLSEC_NO_GOST
#define XMLSEC_NO_GOST 1
#endif
#ifndef XMLSEC_NO_GOST2012
#define XMLSEC_NO_GOST2012 1
#endif
#ifndef XMLSEC_NO_CRYPTO_DYNAMIC_LOADING
#define XMLSEC_NO_CRYPTO_DYNAMIC_LOADING 1
#endif

#include <string.h>

/*
 * Debian's libxml2 is built with ICU, so its encoding.h includes <unicode/ucnv.h>, which
 * clashes with the copy of ICU that Foundation carries (duplicate `UErrorCode` members).
 * Hiding ICU only removes two trailing pointer fields of xmlCharEncodingHandler, a struct
 * this project never reads, allocates or embeds by value.
 */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/tree.h>
#include <libxml/valid.h>
#include <libxml/xmlsave.h>
#include <libxml/c14n.h>
#include <libxml/xmlerror.h>

#include <xmlsec/xmlsec.h>
#include <xmlsec/xmltree.h>
#include <xmlsec/xmldsig.h>
#include <xmlsec/templates.h>
#include <xmlsec/transforms.h>
#include <xmlsec/keys.h>
#include <xmlsec/keysmngr.h>
#include <xmlsec/errors.h>
#include <xmlsec/io.h>
#include <xmlsec/crypto.h>
#include <xmlsec/openssl/crypto.h>
#include <xmlsec/openssl/evp.h>
#include <xmlsec/openssl/app.h>
#include <xmlsec/openssl/x509.h>

#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/provider.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <zlib.h>

/*
 * The xmlsec configuration switches as the compiler saw them while reading this header,
 * each `NAME=value`, separated by spaces (a leading space too). Built by #ifdef from the
 * macros themselves, not written by hand, so a test can compare it with
 * `pkg-config --cflags xmlsec1-openssl` and catch a drift in either direction.
 * The list is every configure switch xmlsec's headers test (grep #ifdef XMLSEC_NO_ in
 * /usr/include/xmlsec1) plus the backend, loader and size switches; a switch pkg-config
 * starts printing that is not here makes that test fail and name it.
 */
#define CXMLSEC_STRINGIFY_(x) #x
#define CXMLSEC_STRINGIFY(x) CXMLSEC_STRINGIFY_(x)
static inline const char *CXMLSec_compiledDefines(void) {
    return ""
#ifdef XMLSEC_NO_SIZE_T
    " XMLSEC_NO_SIZE_T=" CXMLSEC_STRINGIFY(XMLSEC_NO_SIZE_T)
#endif
#ifdef XMLSEC_CRYPTO_OPENSSL
    " XMLSEC_CRYPTO_OPENSSL=" CXMLSEC_STRINGIFY(XMLSEC_CRYPTO_OPENSSL)
#endif
#ifdef XMLSEC_OPENSSL3_ENGINES
    " XMLSEC_OPENSSL3_ENGINES=" CXMLSEC_STRINGIFY(XMLSEC_OPENSSL3_ENGINES)
#endif
#ifdef XMLSEC_NO_GOST
    " XMLSEC_NO_GOST=" CXMLSEC_STRINGIFY(XMLSEC_NO_GOST)
#endif
#ifdef XMLSEC_NO_GOST2012
    " XMLSEC_NO_GOST2012=" CXMLSEC_STRINGIFY(XMLSEC_NO_GOST2012)
#endif
#ifdef XMLSEC_NO_CRYPTO_DYNAMIC_LOADING
    " XMLSEC_NO_CRYPTO_DYNAMIC_LOADING=" CXMLSEC_STRINGIFY(XMLSEC_NO_CRYPTO_DYNAMIC_LOADING)
#endif
#ifdef XMLSEC_CRYPTO_DYNAMIC_LOADING
    " XMLSEC_CRYPTO_DYNAMIC_LOADING=" CXMLSEC_STRINGIFY(XMLSEC_CRYPTO_DYNAMIC_LOADING)
#endif
#ifdef XMLSEC_CRYPTO_NSS
    " XMLSEC_CRYPTO_NSS=" CXMLSEC_STRINGIFY(XMLSEC_CRYPTO_NSS)
#endif
#ifdef XMLSEC_CRYPTO_GNUTLS
    " XMLSEC_CRYPTO_GNUTLS=" CXMLSEC_STRINGIFY(XMLSEC_CRYPTO_GNUTLS)
#endif
#ifdef XMLSEC_CRYPTO_GCRYPT
    " XMLSEC_CRYPTO_GCRYPT=" CXMLSEC_STRINGIFY(XMLSEC_CRYPTO_GCRYPT)
#endif
#ifdef XMLSEC_CRYPTO_MSCRYPTO
    " XMLSEC_CRYPTO_MSCRYPTO=" CXMLSEC_STRINGIFY(XMLSEC_CRYPTO_MSCRYPTO)
#endif
#ifdef XMLSEC_CRYPTO_MSCNG
    " XMLSEC_CRYPTO_MSCNG=" CXMLSEC_STRINGIFY(XMLSEC_CRYPTO_MSCNG)
#endif
#ifdef XMLSEC_DL_LIBLTDL
    " XMLSEC_DL_LIBLTDL=" CXMLSEC_STRINGIFY(XMLSEC_DL_LIBLTDL)
#endif
#ifdef XMLSEC_DL_WIN32
    " XMLSEC_DL_WIN32=" CXMLSEC_STRINGIFY(XMLSEC_DL_WIN32)
#endif
#ifdef XMLSEC_NO_AES
    " XMLSEC_NO_AES=" CXMLSEC_STRINGIFY(XMLSEC_NO_AES)
#endif
#ifdef XMLSEC_NO_DES
    " XMLSEC_NO_DES=" CXMLSEC_STRINGIFY(XMLSEC_NO_DES)
#endif
#ifdef XMLSEC_NO_DSA
    " XMLSEC_NO_DSA=" CXMLSEC_STRINGIFY(XMLSEC_NO_DSA)
#endif
#ifdef XMLSEC_NO_DH
    " XMLSEC_NO_DH=" CXMLSEC_STRINGIFY(XMLSEC_NO_DH)
#endif
#ifdef XMLSEC_NO_EC
    " XMLSEC_NO_EC=" CXMLSEC_STRINGIFY(XMLSEC_NO_EC)
#endif
#ifdef XMLSEC_NO_ECDSA
    " XMLSEC_NO_ECDSA=" CXMLSEC_STRINGIFY(XMLSEC_NO_ECDSA)
#endif
#ifdef XMLSEC_NO_HMAC
    " XMLSEC_NO_HMAC=" CXMLSEC_STRINGIFY(XMLSEC_NO_HMAC)
#endif
#ifdef XMLSEC_NO_MD5
    " XMLSEC_NO_MD5=" CXMLSEC_STRINGIFY(XMLSEC_NO_MD5)
#endif
#ifdef XMLSEC_NO_RIPEMD160
    " XMLSEC_NO_RIPEMD160=" CXMLSEC_STRINGIFY(XMLSEC_NO_RIPEMD160)
#endif
#ifdef XMLSEC_NO_RSA
    " XMLSEC_NO_RSA=" CXMLSEC_STRINGIFY(XMLSEC_NO_RSA)
#endif
#ifdef XMLSEC_NO_SHA1
    " XMLSEC_NO_SHA1=" CXMLSEC_STRINGIFY(XMLSEC_NO_SHA1)
#endif
#ifdef XMLSEC_NO_SHA224
    " XMLSEC_NO_SHA224=" CXMLSEC_STRINGIFY(XMLSEC_NO_SHA224)
#endif
#ifdef XMLSEC_NO_SHA256
    " XMLSEC_NO_SHA256=" CXMLSEC_STRINGIFY(XMLSEC_NO_SHA256)
#endif
#ifdef XMLSEC_NO_SHA384
    " XMLSEC_NO_SHA384=" CXMLSEC_STRINGIFY(XMLSEC_NO_SHA384)
#endif
#ifdef XMLSEC_NO_SHA512
    " XMLSEC_NO_SHA512=" CXMLSEC_STRINGIFY(XMLSEC_NO_SHA512)
#endif
#ifdef XMLSEC_NO_SHA3
    " XMLSEC_NO_SHA3=" CXMLSEC_STRINGIFY(XMLSEC_NO_SHA3)
#endif
#ifdef XMLSEC_NO_X509
    " XMLSEC_NO_X509=" CXMLSEC_STRINGIFY(XMLSEC_NO_X509)
#endif
#ifdef XMLSEC_NO_XMLDSIG
    " XMLSEC_NO_XMLDSIG=" CXMLSEC_STRINGIFY(XMLSEC_NO_XMLDSIG)
#endif
#ifdef XMLSEC_NO_XMLENC
    " XMLSEC_NO_XMLENC=" CXMLSEC_STRINGIFY(XMLSEC_NO_XMLENC)
#endif
#ifdef XMLSEC_NO_XSLT
    " XMLSEC_NO_XSLT=" CXMLSEC_STRINGIFY(XMLSEC_NO_XSLT)
#endif
#ifdef XMLSEC_NO_XKMS
    " XMLSEC_NO_XKMS=" CXMLSEC_STRINGIFY(XMLSEC_NO_XKMS)
#endif
#ifdef XMLSEC_NO_SOAP
    " XMLSEC_NO_SOAP=" CXMLSEC_STRINGIFY(XMLSEC_NO_SOAP)
#endif
#ifdef XMLSEC_NO_FTP
    " XMLSEC_NO_FTP=" CXMLSEC_STRINGIFY(XMLSEC_NO_FTP)
#endif
#ifdef XMLSEC_NO_HTTP
    " XMLSEC_NO_HTTP=" CXMLSEC_STRINGIFY(XMLSEC_NO_HTTP)
#endif
#ifdef XMLSEC_NO_CONCATKDF
    " XMLSEC_NO_CONCATKDF=" CXMLSEC_STRINGIFY(XMLSEC_NO_CONCATKDF)
#endif
#ifdef XMLSEC_NO_PBKDF2
    " XMLSEC_NO_PBKDF2=" CXMLSEC_STRINGIFY(XMLSEC_NO_PBKDF2)
#endif
#ifdef XMLSEC_STATIC
    " XMLSEC_STATIC=" CXMLSEC_STRINGIFY(XMLSEC_STATIC)
#endif
    ;
}

/* sizeof(xmlSecDSigCtx) as Swift's view of the header computes it (layout check). */
static inline size_t CXMLSec_dsigCtxSize(void) { return sizeof(xmlSecDSigCtx); }

/* libxml2's xmlFree is a global function pointer variable; Swift imports it awkwardly. */
static inline void CXMLSec_xmlFree(void *pointer) { xmlFree(pointer); }

/* ---- xmlsec transform and key-data ids: C macros, which Swift cannot import. ---- */
static inline xmlSecTransformId CXMLSec_transformExclC14N(void) { return xmlSecTransformExclC14NId; }
static inline xmlSecTransformId CXMLSec_transformExclC14NWithComments(void) { return xmlSecTransformExclC14NWithCommentsId; }
static inline xmlSecTransformId CXMLSec_transformInclC14N(void) { return xmlSecTransformInclC14NId; }
static inline xmlSecTransformId CXMLSec_transformEnveloped(void) { return xmlSecTransformEnvelopedId; }
static inline xmlSecTransformId CXMLSec_transformRsaSha1(void) { return xmlSecOpenSSLTransformRsaSha1GetKlass(); }
static inline xmlSecTransformId CXMLSec_transformRsaSha256(void) { return xmlSecOpenSSLTransformRsaSha256GetKlass(); }
static inline xmlSecTransformId CXMLSec_transformRsaSha384(void) { return xmlSecOpenSSLTransformRsaSha384GetKlass(); }
static inline xmlSecTransformId CXMLSec_transformRsaSha512(void) { return xmlSecOpenSSLTransformRsaSha512GetKlass(); }
static inline xmlSecTransformId CXMLSec_transformSha1(void) { return xmlSecOpenSSLTransformSha1GetKlass(); }
static inline xmlSecTransformId CXMLSec_transformSha256(void) { return xmlSecOpenSSLTransformSha256GetKlass(); }
static inline xmlSecTransformId CXMLSec_transformSha384(void) { return xmlSecOpenSSLTransformSha384GetKlass(); }
static inline xmlSecTransformId CXMLSec_transformSha512(void) { return xmlSecOpenSSLTransformSha512GetKlass(); }
static inline xmlSecKeyDataId CXMLSec_keyDataRsa(void) { return xmlSecOpenSSLKeyDataRsaGetKlass(); }
static inline xmlSecKeyDataId CXMLSec_keyDataX509(void) { return xmlSecOpenSSLKeyDataX509GetKlass(); }
static inline xmlSecTransformUriType CXMLSec_uriTypeSameDocument(void) { return xmlSecTransformUriTypeSameDocument; }
static inline xmlSecTransformUriType CXMLSec_uriTypeEmpty(void) { return xmlSecTransformUriTypeEmpty; }

/* ---- Safe parsing: refuse any DTD before libxml2 reads a single declaration. ---- */

/* Why the guard stopped a parse; the first reason wins. */
enum {
    CXMLSec_refusalNone = 0,
    CXMLSec_refusalDTD = 1,
    CXMLSec_refusalEntityDeclaration = 2,
    CXMLSec_refusalEntityReference = 3,
    CXMLSec_refusalTooDeep = 4,
};

/*
 * State the SAX hooks share with the Swift parser, reached through ctxt->_private.
 * Owned by the caller (a Swift local), which keeps it alive for the whole parse.
 */
typedef struct {
    int refusal;
    int maxDepth;
    int depth;
} CXMLSec_ParseGuard;

static inline CXMLSec_ParseGuard *CXMLSec_guardOf(void *ctx) {
    return (CXMLSec_ParseGuard *)((xmlParserCtxtPtr)ctx)->_private;
}
static inline void CXMLSec_refuse(void *ctx, int reason) {
    CXMLSec_ParseGuard *guard = CXMLSec_guardOf(ctx);
    if (guard->refusal == CXMLSec_refusalNone) guard->refusal = reason;
    xmlStopParser((xmlParserCtxtPtr)ctx);
}
/* Called for every DOCTYPE, internal subset or not, before any declaration is read. */
static inline void CXMLSec_onInternalSubset(void *ctx, const xmlChar *name, const xmlChar *externalID, const xmlChar *systemID) {
    CXMLSec_refuse(ctx, CXMLSec_refusalDTD);
}
static inline void CXMLSec_onExternalSubset(void *ctx, const xmlChar *name, const xmlChar *externalID, const xmlChar *systemID) {
    CXMLSec_refuse(ctx, CXMLSec_refusalDTD);
}
static inline void CXMLSec_onEntityDecl(void *ctx, const xmlChar *name, int type, const xmlChar *publicId, const xmlChar *systemId, xmlChar *content) {
    CXMLSec_refuse(ctx, CXMLSec_refusalEntityDeclaration);
}
static inline xmlEntityPtr CXMLSec_onGetEntity(void *ctx, const xmlChar *name) {
    /* Predefined entities (&amp; …) and character references never reach this hook. */
    CXMLSec_refuse(ctx, CXMLSec_refusalEntityReference);
    return NULL;
}
/*
 * Depth is counted as elements open, so an over-deep document is refused at the first
 * element past the limit, before libxml2 builds the rest of the tree. libxml2 has its
 * own ceiling (256 without XML_PARSE_HUGE), which stays in force above ours.
 */
static inline void CXMLSec_onStartElementNs(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *URI,
                                            int nb_namespaces, const xmlChar **namespaces,
                                            int nb_attributes, int nb_defaulted, const xmlChar **attributes) {
    CXMLSec_ParseGuard *guard = CXMLSec_guardOf(ctx);
    if (++guard->depth > guard->maxDepth) {
        CXMLSec_refuse(ctx, CXMLSec_refusalTooDeep);
        return;
    }
    xmlSAX2StartElementNs(ctx, localname, prefix, URI, nb_namespaces, namespaces, nb_attributes, nb_defaulted, attributes);
}
static inline void CXMLSec_onEndElementNs(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *URI) {
    CXMLSec_guardOf(ctx)->depth--;
    xmlSAX2EndElementNs(ctx, localname, prefix, URI);
}

/*
 * Parser errors are read back with xmlCtxtGetLastError, which libxml2 fills before it
 * looks for a handler; this handler keeps them off stderr whatever the thread's global
 * structured handler is.
 */
static inline void CXMLSec_ignoreStructuredError(void *userData, xmlErrorPtr error) {}

/*
 * A few libxml2 errors carry no parser context (encoding conversion: "encoding error :
 * input conversion failed", "I/O error : encoder error") and go to the thread's generic
 * handler, stderr by default. xmlGenericError is per thread, and variadic, so Swift can
 * neither call the setter with its own function nor define one: both happen here.
 */
static inline void CXMLSec_ignoreGenericError(void *ctx, const char *message, ...) {}
static inline void CXMLSec_silenceGenericErrors(void) {
    xmlSetGenericErrorFunc(NULL, CXMLSec_ignoreGenericError);
}
static inline void CXMLSec_silenceGenericErrorsInNewThreads(void) {
    xmlThrDefSetGenericErrorFunc(NULL, CXMLSec_ignoreGenericError);
}

/*
 * A parser context over `length` bytes at `bytes` (not copied: they must outlive it),
 * with `options` applied and the refusal hooks installed over libxml2's SAX2 handlers.
 * xmlCreateMemoryParserCtxt + xmlParseDocument rather than xmlCtxtReadMemory, whose
 * xmlCtxtReset could clear what the hooks rely on in some libxml2 version.
 */
static inline xmlParserCtxtPtr CXMLSec_newGuardedParser(const char *bytes, int length, int options, CXMLSec_ParseGuard *guard) {
    xmlParserCtxtPtr ctxt = xmlCreateMemoryParserCtxt(bytes, length);
    if (ctxt == NULL) return NULL;
    xmlCtxtUseOptions(ctxt, options);
    guard->refusal = CXMLSec_refusalNone;
    guard->depth = 0;
    ctxt->_private = guard;
    ctxt->sax->internalSubset = CXMLSec_onInternalSubset;
    ctxt->sax->externalSubset = CXMLSec_onExternalSubset;
    ctxt->sax->entityDecl = CXMLSec_onEntityDecl;
    ctxt->sax->unparsedEntityDecl = NULL;
    ctxt->sax->getEntity = CXMLSec_onGetEntity;
    ctxt->sax->getParameterEntity = CXMLSec_onGetEntity;
    ctxt->sax->resolveEntity = NULL;
    ctxt->sax->startElementNs = CXMLSec_onStartElementNs;
    ctxt->sax->endElementNs = CXMLSec_onEndElementNs;
    ctxt->sax->serror = CXMLSec_ignoreStructuredError;
    return ctxt;
}

/* Takes the parsed document out of the context (which does not free it). */
static inline xmlDocPtr CXMLSec_takeDocument(xmlParserCtxtPtr ctxt) {
    xmlDocPtr doc = ctxt->myDoc;
    ctxt->myDoc = NULL;
    return doc;
}
static inline int CXMLSec_isWellFormed(xmlParserCtxtPtr ctxt) { return ctxt->wellFormed; }
/* Namespace errors leave wellFormed set and clear only nsWellFormed, which Swift cannot
   read through the opaque context: the safe parser makes them fatal. */
static inline int CXMLSec_isNamespaceWellFormed(xmlParserCtxtPtr ctxt) { return ctxt->nsWellFormed; }

/* A process-wide loader that never opens a file or a socket (xmlSetExternalEntityLoader). */
static inline xmlParserInputPtr CXMLSec_refusingEntityLoader(const char *url, const char *id, xmlParserCtxtPtr ctxt) {
    return NULL;
}
static inline void CXMLSec_installRefusingEntityLoader(void) {
    xmlSetExternalEntityLoader(CXMLSec_refusingEntityLoader);
}

/* ---- OpenSSL macros and stack helpers. ---- */
static inline int CXMLSec_X509StackCount(const STACK_OF(X509) *stack) { return stack ? sk_X509_num(stack) : 0; }
static inline X509 *CXMLSec_X509StackValue(const STACK_OF(X509) *stack, int index) { return sk_X509_value(stack, index); }
static inline void CXMLSec_X509StackFree(STACK_OF(X509) *stack) { sk_X509_pop_free(stack, X509_free); }
static inline void CXMLSec_OPENSSL_free(void *pointer) { OPENSSL_free(pointer); }
static inline long CXMLSec_BIOMemData(BIO *bio, char **data) { return BIO_get_mem_data(bio, data); }

/* ---- zlib: deflateInit2 and inflateInit2 are macros (they pass ZLIB_VERSION and
 * sizeof(z_stream) to the real functions), which Swift cannot import. These set up raw
 * DEFLATE (RFC 1951, windowBits -15: no zlib header or checksum), which is what the
 * SAML HTTP-Redirect binding (Bindings 3.4.4.1) requires. ---- */
static inline int CXMLSec_deflateInitRaw(z_streamp stream, int level) {
    return deflateInit2(stream, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
}
static inline int CXMLSec_inflateInitRaw(z_streamp stream) {
    return inflateInit2(stream, -15);
}

/* ---- CMS (the compliance bundle's detached signature over its manifest): the
 * STACK_OF(CMS_SignerInfo) accessors are macros, which Swift cannot import. ---- */
static inline int CXMLSec_CMSSignerInfoCount(STACK_OF(CMS_SignerInfo) *stack) { return stack ? sk_CMS_SignerInfo_num(stack) : 0; }
static inline CMS_SignerInfo *CXMLSec_CMSSignerInfoValue(STACK_OF(CMS_SignerInfo) *stack, int index) { return sk_CMS_SignerInfo_value(stack, index); }

/* ---- TLS client (`mnotify check`: a mutual-TLS handshake that reports what the server
 * asked for). These OpenSSL calls are macros over SSL_ctrl/SSL_CTX_ctrl, which Swift cannot
 * import; the stack accessors are macros too. ---- */
static inline long CXMLSec_SSLSetHostName(SSL *ssl, const char *name) { return SSL_set_tlsext_host_name(ssl, name); }
static inline long CXMLSec_SSLCTXAddChainCertificate(SSL_CTX *ctx, X509 *certificate) { return SSL_CTX_add1_chain_cert(ctx, certificate); }
static inline long CXMLSec_SSLCTXSetMinimumVersionTLS12(SSL_CTX *ctx) { return SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION); }
static inline int CXMLSec_X509NameStackCount(const STACK_OF(X509_NAME) *stack) { return stack ? sk_X509_NAME_num(stack) : 0; }
static inline X509_NAME *CXMLSec_X509NameStackValue(const STACK_OF(X509_NAME) *stack, int index) { return sk_X509_NAME_value(stack, index); }

#endif
