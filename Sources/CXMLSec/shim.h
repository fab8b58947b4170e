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
#include <xmlsec/crypto.h>
#include <xmlsec/openssl/crypto.h>
#include <xmlsec/openssl/evp.h>
#include <xmlsec/openssl/app.h>
#include <xmlsec/openssl/x509.h>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/provider.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <zlib.h>

/* The defines above, as the compiler saw them, so a test can compare with pkg-config. */
static inline const char *CXMLSec_compiledDefines(void) {
    return "XMLSEC_NO_SIZE_T XMLSEC_CRYPTO_OPENSSL XMLSEC_OPENSSL3_ENGINES "
           "XMLSEC_NO_GOST XMLSEC_NO_GOST2012 XMLSEC_NO_CRYPTO_DYNAMIC_LOADING";
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

/* Set in ctxt->_private by the refusal hooks, read back by the Swift parser. */
enum {
    CXMLSec_refusalNone = 0,
    CXMLSec_refusalDTD = 1,
    CXMLSec_refusalEntityDeclaration = 2,
    CXMLSec_refusalEntityReference = 3,
};

static inline void CXMLSec_refuse(void *context, int reason) {
    xmlParserCtxtPtr ctxt = (xmlParserCtxtPtr)context;
    if (ctxt->_private == NULL) ctxt->_private = (void *)(long)reason;
    xmlStopParser(ctxt);
}
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
    /* Predefined entities (&amp; …) never reach this hook; anything else is undeclared. */
    CXMLSec_refuse(ctx, CXMLSec_refusalEntityReference);
    return NULL;
}

/* Installs the refusal hooks on a parser context made by xmlNewParserCtxt. */
static inline void CXMLSec_installRefusals(xmlParserCtxtPtr ctxt) {
    ctxt->_private = NULL;
    ctxt->sax->internalSubset = CXMLSec_onInternalSubset;
    ctxt->sax->externalSubset = CXMLSec_onExternalSubset;
    ctxt->sax->entityDecl = CXMLSec_onEntityDecl;
    ctxt->sax->getEntity = CXMLSec_onGetEntity;
    ctxt->sax->resolveEntity = NULL;
}
static inline int CXMLSec_refusalReason(xmlParserCtxtPtr ctxt) { return (int)(long)ctxt->_private; }

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

#endif
