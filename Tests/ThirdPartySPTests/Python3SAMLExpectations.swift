/// python3-saml 1.12 (Debian python3-onelogin-saml2), as `Tests/ThirdPartySPs/python3-saml/sp.py`
/// uses it: `process_response(request_id=<the session's AuthnRequest ID, or None>)`, settings
/// wantMessagesSigned, authnRequestsSigned/logoutRequestSigned/logoutResponseSigned, RSA-SHA256,
/// and the library's defaults otherwise (wantAttributeStatement True, rejectDeprecatedAlgorithm
/// False). Paths are under /usr/lib/python3/dist-packages/onelogin/saml2/. `is_valid` is
/// response.py `OneLogin_Saml2_Response.is_valid`; "strict only" means inside its
/// `if self.__settings.is_strict()` block, which the lax SP never runs.
enum Python3SAMLExpectations {
    /// What both modes share: the cases decided outside the strict block, and logout and the
    /// Service's own messages (identical in both modes; the SP's code does not change).
    static let common = """
    TC_FUNCT_01 pass is_valid accepts MPass's valid signed Response; auth.py process_response sets the NameID
    TC_FUNCT_02 pass MPass answers from its own session; the Response is as valid as in TC_FUNCT_01
    TC_FUNCT_03 pass check_status raises for a non-Success status; sp.py shows "Not logged in" (200), no session
    TC_FUNCT_04 fail auth.py process_slo reads only the query (HTTP-Redirect; "Only supported HTTP_REDIRECT Binding"): MPass's POSTed LogoutResponse ends on sp.py's 400 "Logout failed" page, an error where the guide says none
    TC_FUNCT_05 fail auth.py process_slo cannot read MPass's POSTed LogoutRequest (HTTP-Redirect only): the session stays, no LogoutResponse
    TC_SEC_01 pass is_valid: "No Signature found. SAML Response rejected" in both modes
    TC_SEC_02 pass utils.py validate_sign checks with the configured idp x509cert only; another key fails
    TC_SEC_04 fail nothing in response.py reads Response/@IssueInstant; only Conditions and SubjectConfirmationData times are checked
    TC_SEC_05 fail is_valid checks Destination only when present (`if destination:`)
    TC_SEC_06 fail is_valid compares InResponseTo only `if in_response_to is not None and request_id is not None`
    TC_SEC_07 fail the Service's cookies are dropped, so sp.py has no request ID and passes request_id=None: InResponseTo is not compared
    MPX-RSP-02 fail an ID of "_abc" is a valid xs:ID; no length rule in response.py
    MPX-RSP-07 pass is_valid first checks Version == '2.0' (both modes)
    MPX-RSP-08 pass is_valid: a missing Version is not '2.0' (both modes)
    MPX-RSP-09 fail the Assertion's Version is never read (the schema types it xs:string)
    MPX-RSP-15 fail a +02:00 offset is a valid xs:dateTime and Response/@IssueInstant is never compared
    MPX-RSP-16 fail a time without zone is a valid xs:dateTime; Response/@IssueInstant is never compared
    MPX-RSP-17 fail Response/@IssueInstant is never compared with the clock
    MPX-RSP-18 fail Response/@IssueInstant is never compared with the clock
    MPX-RSP-19 pass accepted: no IssueInstant check
    MPX-RSP-20 pass accepted: no IssueInstant check
    MPX-RSP-21 pass fractional seconds are valid xs:dateTime; utils.py parse_SAML_to_time reads them
    MPX-RSP-23 fail Assertion/@IssueInstant is never compared with the clock
    MPX-RSP-24 fail Assertion/@IssueInstant is never compared with the clock
    MPX-RSP-25 fail Assertion/@IssueInstant is never compared with the clock
    MPX-RSP-28 fail InResponseTo absent from the Response: the comparison is skipped, and the SubjectConfirmationData's is compared only with the Response's
    MPX-RSP-30 fail SubjectConfirmationData/@InResponseTo is optional in is_valid (`if in_response_to and irt and …`)
    MPX-RSP-33 fail is_valid's Destination test is `normalize_url(destination).startswith(normalize_url(current_url))`: the ACS URL with "-other" appended starts with it
    MPX-RSP-36 fail get_issuers compares only the Issuers present: a signed Response without Issuer is accepted, though SAML Profiles 4.1.4.2 requires it (the branch's catalogue still expects acceptance)
    MPX-RSP-40 pass check_status: not Success (both modes)
    MPX-RSP-41 pass check_status: not Success (both modes)
    MPX-RSP-42 pass check_status: not Success (both modes)
    MPX-RSP-43 pass utils.py get_status raises "Missing Status on response"
    MPX-RSP-44 pass utils.py get_status reads the StatusCode's first attribute value: none, the code is not Success
    MPX-RSP-45 pass check_status compares with STATUS_SUCCESS exactly; lower case differs
    MPX-RSP-46 pass check_status raises; sp.py shows "Not logged in" (200)
    MPX-RSP-47 pass check_status raises; sp.py shows "Not logged in" (200)
    MPX-RSP-48 pass check_status raises; sp.py shows "Not logged in" (200)
    MPX-RSP-49 pass check_status raises; sp.py shows "Not logged in" (200)
    MPX-RSP-50 pass check_status raises; sp.py shows "Not logged in" (200), the message escaped
    MPX-RSP-52 pass no NameID: strict raises "NameID not found"; lax get_nameid() is None and sp.py opens no session without one
    MPX-RSP-53 fail get_nameid_data refuses only an empty NameID; "   " has text
    MPX-RSP-54 pass a Format is read, not required
    MPX-RSP-55 pass no length limit on the NameID
    MPX-RSP-60 pass the holder-of-key confirmation is skipped, the bearer one is valid
    MPX-RSP-75 pass get_audiences lists every Audience; the SP is among them
    MPX-RSP-86 pass AuthnInstant is never compared with the clock
    MPX-RSP-89 pass attribute values are read as text; sp.py escapes what it shows
    MPX-RSP-90 pass get_attributes returns lists of values
    MPX-RSP-91 pass UTF-8 text is read as is
    MPX-RSP-92 pass attribute values are not typed by the library
    MPX-RSP-93 pass Consent is a schema attribute of the Response, not checked
    MPX-RSP-94 pass SubjectLocality is allowed by the schema, not checked
    MPX-SIG-02 pass validate_node_sign uses the configured certificate, never KeyInfo's
    MPX-SIG-03 pass the signature does not verify with the configured certificate
    MPX-SIG-04 pass the signature does not verify with MPass's key, whatever KeyInfo holds
    MPX-SIG-06 pass the key comes from settings, KeyInfo is not needed
    MPX-SIG-07 pass both signatures are verified; process_signed_elements allows Response and Assertion
    MPX-SIG-08 fail rejectDeprecatedAlgorithm defaults to False: RSA-SHA1 and SHA-1 digests verify
    MPX-SIG-09 fail rejectDeprecatedAlgorithm defaults to False: a SHA-1 digest verifies
    MPX-SIG-10 fail rejectDeprecatedAlgorithm defaults to False: RSA-SHA1 verifies
    MPX-SIG-11 pass xmlsec verifies RSA-SHA512
    MPX-SIG-12 pass SignedInfo changed after signing: xmlsec's verification fails
    MPX-SIG-13 pass the Reference changed after signing: SignedInfo no longer verifies
    MPX-SIG-14 pass SignedInfo changed after signing, and an HMAC needs a key the SP does not have
    MPX-SIG-15 pass SignedInfo changed after signing, and an HMAC needs a key the SP does not have
    MPX-SIG-16 pass SignedInfo changed after signing: its SignatureValue no longer verifies
    MPX-SIG-17 pass SignedInfo changed after signing: its SignatureValue no longer verifies
    MPX-SIG-18 pass SignedInfo changed after signing: its SignatureValue no longer verifies
    MPX-SIG-19 pass process_signed_elements: the Reference URI must be the parent's ID ("Found an invalid Signed Element")
    MPX-SIG-20 pass SignedInfo changed after signing: its SignatureValue no longer verifies
    MPX-SIG-21 pass SignedInfo changed after signing: its SignatureValue no longer verifies
    MPX-SIG-22 pass the digest no longer matches SignedInfo's signed DigestValue
    MPX-SIG-23 pass the SignatureValue does not verify
    MPX-SIG-24 pass the Reference digest no longer matches
    MPX-SIG-25 pass the Reference digest no longer matches
    MPX-SIG-26 pass SignedInfo changed after signing: its SignatureValue no longer verifies
    MPX-SIG-27 pass SignedInfo changed after signing: its SignatureValue no longer verifies
    MPX-SIG-28 pass SignedInfo changed after signing: its SignatureValue no longer verifies
    MPX-SIG-29 pass SignedInfo changed after signing: its SignatureValue no longer verifies
    MPX-SIG-32 pass process_signed_elements: a Signature whose parent is not Response or Assertion is "Invalid Signature Element"
    MPX-SIG-33 pass process_signed_elements: "Duplicated ID" / "Duplicated Reference URI"
    MPX-SIG-34 fail an empty ds:Object is schema-valid and ignored by xmlsec; nothing in response.py refuses it
    MPX-SIG-35 pass XSW: validate_num_assertions and process_signed_elements (Reference = parent ID, one per element) refuse it
    MPX-SIG-36 pass XSW: process_signed_elements refuses it
    MPX-SIG-37 pass XSW: validate_num_assertions ("SAML Response must contain 1 assertion")
    MPX-SIG-38 pass XSW: validate_num_assertions counts //saml:Assertion
    MPX-SIG-39 pass XSW: validate_num_assertions counts //saml:Assertion
    MPX-SIG-40 pass XSW: validate_num_assertions counts //saml:Assertion
    MPX-SIG-41 pass XSW: validate_num_assertions counts //saml:Assertion
    MPX-SIG-42 pass XSW: validate_num_assertions counts //saml:Assertion
    MPX-SIG-43 pass validate_num_assertions (CVE-2022-41912 is a Go library's; this one counts every Assertion)
    MPX-SIG-44 pass validate_num_assertions
    MPX-XML-01 pass xml_utils.py to_etree parses with forbid_dtd=True: any DOCTYPE is refused, nothing fetched
    MPX-XML-02 pass forbid_dtd=True
    MPX-XML-03 pass forbid_dtd=True
    MPX-XML-04 pass forbid_dtd=True
    MPX-XML-05 pass forbid_dtd=True
    MPX-XML-06 pass forbid_dtd=True
    MPX-XML-07 pass forbid_dtd=True
    MPX-XML-08 pass an undeclared entity is a parse error in lxml
    MPX-XML-09 pass xml_utils.py element_text strips comments before reading the text (the fix of CVE-2017-11427)
    MPX-XML-10 pass CDATA is text to lxml
    MPX-XML-11 pass lxml reads UTF-16 with a BOM
    MPX-XML-12 pass lxml reads a UTF-8 BOM
    MPX-XML-13 pass utils.py b64decode (Python's base64.b64decode) ignores line breaks
    MPX-XML-14 fail base64.b64decode without validate=True discards characters outside the alphabet
    MPX-RPL-01 fail no record of consumed Response IDs in the library; after the login sp.py's session holds no request ID, so InResponseTo is not compared
    MPX-RPL-02 fail no record of consumed Responses; after logout request_id is None
    MPX-RPL-03 fail no request ID in the session: request_id=None, and no Response without one is refused
    MPX-RPL-05 fail the library keeps no record of Response IDs
    MPX-RPL-06 fail the library keeps no record of Assertion IDs
    MPX-SLO-01 notJudged process_slo never reads a POSTed LogoutRequest, so the valid one ends no session either: nothing to compare with
    MPX-SLO-02 notJudged as MPX-SLO-01
    MPX-SLO-03 notJudged as MPX-SLO-01
    MPX-SLO-04 notJudged as MPX-SLO-01
    MPX-SLO-05 notJudged as MPX-SLO-01
    MPX-SLO-06 notJudged as MPX-SLO-01
    MPX-SLO-07 notJudged as MPX-SLO-01
    MPX-SLO-08 notJudged as MPX-SLO-01
    MPX-SLO-09 notJudged as MPX-SLO-01
    MPX-SLO-10 notJudged as MPX-SLO-01
    MPX-SLO-11 notJudged as MPX-SLO-01
    MPX-SLO-12 notJudged as MPX-SLO-01
    MPX-SLO-13 notJudged as MPX-SLO-01
    MPX-SLO-14 fail no LogoutResponse is sent to a POSTed LogoutRequest (process_slo reads the query only)
    MPX-SLO-15 fail no LogoutResponse is sent (as MPX-SLO-14)
    MPX-SLO-16 fail no LogoutResponse is sent (as MPX-SLO-14)
    MPX-SLO-17 fail no LogoutResponse is sent (as MPX-SLO-14)
    MPX-SLO-18 pass auth.py logout() signs the Redirect query (logoutRequestSigned, RSA-SHA256): the harness must check the query signature
    MPX-SLO-19 pass sp.py passes the session's SessionIndex to auth.logout
    MPX-SLO-20 pass sp.py passes the session's NameID to auth.logout
    MPX-SLO-21 pass logout_request.py writes IssueInstant from utils.py parse_time_to_SAML(now), UTC
    MPX-SLO-22 pass Destination is the idp singleLogoutService URL; IDs from generate_unique_id
    MPX-SLO-23 notJudged process_slo cannot read a POSTed LogoutResponse, valid or not: every one is answered 400, so "as a valid one" proves nothing
    MPX-SLO-24 notJudged as MPX-SLO-23
    MPX-SLO-25 notJudged as MPX-SLO-23
    MPX-SLO-26 notJudged as MPX-SLO-23
    MPX-SLO-27 notJudged as MPX-SLO-23
    MPX-SLO-28 notJudged as MPX-SLO-23
    MPX-RSP-96 pass is_valid: "" is not Version '2.0' (both modes)
    MPX-RSP-97 fail the Assertion's Version is never read, and "" is a valid xs:string
    MPX-RSP-102 fail utils.py get_status takes Value=""; check_status raises only `if code and code != STATUS_SUCCESS`, and "" is a valid anyURI
    MPX-RSP-103 fail is_valid skips a SubjectConfirmation only `if method and method != CM_BEARER`: Method="" passes as bearer ("" is a valid anyURI)
    MPX-SLO-29 notJudged as MPX-SLO-01
    MPX-MSG-01 pass authn_request.py + auth.py login(): the Redirect query is signed (authnRequestsSigned) with RSA-SHA256
    MPX-MSG-02 pass signatureAlgorithm RSA-SHA256, digestAlgorithm SHA-256 in sp.py's settings
    MPX-MSG-03 pass authn_request.py writes <samlp:NameIDPolicy Format=… AllowCreate="true"/>
    MPX-MSG-04 pass Destination is the idp singleSignOnService URL
    MPX-MSG-05 pass IssueInstant is now, UTC (utils.py parse_time_to_SAML)
    MPX-MSG-06 pass utils.py generate_unique_id for every request
    MPX-MSG-07 pass Issuer is sp.entityId
    MPX-MSG-08 pass the AuthnRequest goes by Redirect; sp.py's redirect carries Cache-Control: no-cache, no-store
    MPX-MSG-09 pass the LogoutRequest goes by Redirect; sp.py's redirect carries Cache-Control: no-cache, no-store
    MPX-MSG-10 pass sp.py answers every page with Cache-Control: no-cache, no-store
    MPX-MSG-11 pass sp.py's session cookie is HttpOnly
    MPX-MSG-12 fail sp.py's session cookie has no SameSite (over plain HTTP None needs Secure, Lax would be withheld on MPass's POST)
    MPX-MSG-13 review HTTP on loopback: Secure cannot be judged (README: REVIEW on localhost)
    MPX-MSG-14 fail no page of sp.py sends Content-Security-Policy frame-ancestors
    MPX-MSG-15 review HTTP on loopback (README: REVIEW on localhost)
    MPX-XML-15 pass OneLogin_Saml2_XML.to_etree parses with forbid_dtd=True (defusedxml over lxml): the DOCTYPE is refused before any entity is read
    MPX-SIG-46 pass one lxml tree is verified (xmlsec) and read: response.py's queries take saml:Assertion as a direct child of the Response, never the no-namespace copy inside ds:KeyInfo
    MPX-SIG-47 pass as MPX-SIG-46: the copy's rebound prefix puts it in another namespace, which the namespace-aware queries never match
    """

    /// strict: True — the checks inside is_valid's strict block run, with the schema check first
    /// (OneLogin_Saml2_XML.validate_xml against saml-schema-protocol-2.0.xsd).
    static let strict = common + "\n" + """
    TC_SEC_03 pass validate_timestamps (strict only): Conditions NotOnOrAfter 3 hours past
    MPX-RSP-01 pass strict only: the schema types ID as xs:ID, an NCName
    MPX-RSP-03 pass strict only: the schema requires Assertion/@ID
    MPX-RSP-04 pass strict only: "" is not an xs:ID
    MPX-RSP-05 pass strict only: not an NCName
    MPX-RSP-06 pass strict only: the schema's xs:ID values must be unique
    MPX-RSP-10 pass strict only: the schema requires Assertion/@Version
    MPX-RSP-11 pass strict only: the schema requires Response/@IssueInstant
    MPX-RSP-12 pass strict only: "" is not an xs:dateTime
    MPX-RSP-13 pass strict only: not an xs:dateTime
    MPX-RSP-14 pass strict only: a date alone is not an xs:dateTime
    MPX-RSP-22 pass strict only: the schema requires Assertion/@IssueInstant
    MPX-RSP-26 pass strict only: InResponseTo differs from the session's request ID
    MPX-RSP-27 pass strict only: "" is not an NCName, and differs from the request ID
    MPX-RSP-29 pass strict only: a SubjectConfirmation whose InResponseTo differs is skipped; none is valid
    MPX-RSP-31 pass strict only: the Destination does not start with the ACS URL
    MPX-RSP-32 pass strict only: "The response has an empty Destination value"
    MPX-RSP-34 pass strict only: the Destination does not start with the ACS URL
    MPX-RSP-35 pass strict only: get_issuers, every Issuer must equal idp entityId
    MPX-RSP-37 pass strict only: the schema requires Assertion/Issuer
    MPX-RSP-38 pass strict only: get_issuers
    MPX-RSP-39 pass strict only: get_issuers compares exactly
    MPX-RSP-51 pass strict only: get_nameid_data raises EMPTY_NAMEID
    MPX-RSP-56 pass strict only: a Method other than bearer is skipped; no valid SubjectConfirmation
    MPX-RSP-57 pass strict only: as MPX-RSP-56
    MPX-RSP-58 pass strict only: the schema requires SubjectConfirmation/@Method
    MPX-RSP-59 pass strict only: a SubjectConfirmation without data is skipped
    MPX-RSP-61 fail strict checks Recipient only when present (`if recipient and …`)
    MPX-RSP-62 pass strict only: the Recipient does not contain the ACS URL
    MPX-RSP-63 fail strict checks Recipient only when non-empty
    MPX-RSP-64 pass strict only: the SubjectConfirmationData has expired
    MPX-RSP-65 fail strict checks SubjectConfirmationData/@NotOnOrAfter only when present
    MPX-RSP-66 pass strict only: "never" is not an xs:dateTime
    MPX-RSP-67 pass strict only: check_one_condition
    MPX-RSP-68 pass strict only: validate_timestamps, 10 minutes is beyond ALLOWED_CLOCK_DRIFT (300 s)
    MPX-RSP-69 pass strict only: validate_timestamps, NotOnOrAfter + 300 s is not after now
    MPX-RSP-70 fail validate_timestamps checks NotOnOrAfter only when present
    MPX-RSP-71 pass strict only: not an xs:dateTime
    MPX-RSP-72 pass strict only: the schema requires an Audience in an AudienceRestriction
    MPX-RSP-73 fail the audience check runs `if valid_audiences and …`: no restriction, no check
    MPX-RSP-74 pass strict only: the SP is not among the audiences
    MPX-RSP-76 fail get_audiences merges every AudienceRestriction; the SP is in one of them
    MPX-RSP-77 pass strict only: exact comparison
    MPX-RSP-78 fail get_audiences drops an empty Audience; the list is then empty and nothing is checked
    MPX-RSP-79 pass strict only: check_one_authnstatement
    MPX-RSP-80 fail SessionIndex is optional in the schema and in response.py
    MPX-RSP-81 fail SessionIndex is optional in the schema and in response.py
    MPX-RSP-82 pass strict only: check_one_authnstatement wants exactly one
    MPX-RSP-83 pass strict only: "The attributes have expired, based on the SessionNotOnOrAfter"
    MPX-RSP-84 pass strict only: the schema requires AuthnInstant
    MPX-RSP-85 fail AuthnInstant is never compared with the clock
    MPX-RSP-87 pass strict only: the schema requires AuthnContext in AuthnStatement, so refusing it is right (the catalogue's expectation is the false FAIL of issue 10)
    MPX-RSP-88 fail strict only: wantAttributeStatement defaults to True: "There is no AttributeStatement on the Response"
    MPX-SIG-01 pass strict only: wantMessagesSigned and the Response is not signed
    MPX-SIG-05 pass strict only: "MIIBroken" is not base64Binary of the schema
    MPX-SIG-30 pass strict only: the schema puts Signature right after Issuer
    MPX-SIG-31 pass strict only: the schema puts Signature right after Issuer
    MPX-SIG-45 pass strict only: the look-alike element is not allowed by the Response's schema
    MPX-RPL-04 pass strict only: the Response answers the first login, the session holds the second's request ID
    MPX-RSP-95 pass strict only: the schema requires AuthnContext in AuthnStatement
    MPX-RSP-98 pass strict only: "" is not an xs:dateTime
    MPX-RSP-99 pass strict only: "" is not an NCName (SubjectConfirmationData/@InResponseTo)
    MPX-RSP-100 fail get_issuers adds an Issuer's text only `if issuer_value:`: an empty Issuer is dropped, not compared
    MPX-RSP-101 fail get_issuers drops an empty Assertion Issuer the same way
    MPX-RSP-104 pass strict only: "" is not an xs:dateTime
    MPX-RSP-105 pass strict only: "" is not an xs:dateTime
    MPX-RSP-106 pass strict only: "" is not an xs:dateTime
    """

    /// strict: False — only Version, ID, status, one Assertion and the signature are checked.
    static let lax = common + "\n" + """
    TC_SEC_03 fail validate_timestamps runs in strict mode only
    MPX-RSP-01 fail the schema check is strict only
    MPX-RSP-03 fail the schema check is strict only; the unsigned Assertion's ID is not needed
    MPX-RSP-04 fail the schema check is strict only
    MPX-RSP-05 fail the schema check is strict only
    MPX-RSP-06 fail the schema check is strict only; the signed Response's Reference still resolves
    MPX-RSP-10 fail the schema check is strict only
    MPX-RSP-11 fail the schema check is strict only
    MPX-RSP-12 fail the schema check is strict only
    MPX-RSP-13 fail the schema check is strict only
    MPX-RSP-14 fail the schema check is strict only
    MPX-RSP-22 fail the schema check is strict only
    MPX-RSP-26 fail InResponseTo is compared in strict mode only
    MPX-RSP-27 fail InResponseTo is compared in strict mode only
    MPX-RSP-29 fail SubjectConfirmation is checked in strict mode only
    MPX-RSP-31 fail Destination is checked in strict mode only
    MPX-RSP-32 fail Destination is checked in strict mode only
    MPX-RSP-34 fail Destination is checked in strict mode only
    MPX-RSP-35 fail Issuers are checked in strict mode only
    MPX-RSP-37 fail Issuers are checked in strict mode only
    MPX-RSP-38 fail Issuers are checked in strict mode only
    MPX-RSP-39 fail Issuers are checked in strict mode only
    MPX-RSP-51 pass get_nameid() is None for an empty NameID (lxml gives no text) and sp.py opens no session without a NameID
    MPX-RSP-56 fail SubjectConfirmation is checked in strict mode only
    MPX-RSP-57 fail SubjectConfirmation is checked in strict mode only
    MPX-RSP-58 fail SubjectConfirmation is checked in strict mode only
    MPX-RSP-59 fail SubjectConfirmation is checked in strict mode only
    MPX-RSP-61 fail SubjectConfirmation is checked in strict mode only
    MPX-RSP-62 fail SubjectConfirmation is checked in strict mode only
    MPX-RSP-63 fail SubjectConfirmation is checked in strict mode only
    MPX-RSP-64 fail SubjectConfirmation is checked in strict mode only
    MPX-RSP-65 fail SubjectConfirmation is checked in strict mode only
    MPX-RSP-66 fail SubjectConfirmation is checked in strict mode only
    MPX-RSP-67 fail check_one_condition is strict only
    MPX-RSP-68 fail validate_timestamps is strict only
    MPX-RSP-69 fail validate_timestamps is strict only
    MPX-RSP-70 fail validate_timestamps is strict only
    MPX-RSP-71 fail the schema check is strict only
    MPX-RSP-72 fail audiences are checked in strict mode only
    MPX-RSP-73 fail audiences are checked in strict mode only
    MPX-RSP-74 fail audiences are checked in strict mode only
    MPX-RSP-76 fail audiences are checked in strict mode only
    MPX-RSP-77 fail audiences are checked in strict mode only
    MPX-RSP-78 fail audiences are checked in strict mode only
    MPX-RSP-79 fail check_one_authnstatement is strict only
    MPX-RSP-80 fail SessionIndex is never required
    MPX-RSP-81 fail SessionIndex is never required
    MPX-RSP-82 fail check_one_authnstatement is strict only
    MPX-RSP-83 fail SessionNotOnOrAfter is checked in strict mode only
    MPX-RSP-84 fail the schema check is strict only
    MPX-RSP-85 fail AuthnInstant is never compared with the clock
    MPX-RSP-87 pass no schema check in lax mode: accepted, as the catalogue expects
    MPX-RSP-88 pass wantAttributeStatement is checked in strict mode only
    MPX-SIG-01 fail wantMessagesSigned is checked in strict mode only; the signed Assertion verifies
    MPX-SIG-05 fail the schema check is strict only; KeyInfo is not read when a certificate is configured
    MPX-SIG-30 fail the schema check is strict only; xmlsec finds the Signature anywhere in the Response
    MPX-SIG-31 fail the schema check is strict only
    MPX-SIG-45 pass no schema check in lax mode, but the look-alike is in another namespace: response.py's queries (saml:Assertion) read only the genuine signed Assertion, so the genuine user logs in and the attacker's identity never does
    MPX-RPL-04 fail InResponseTo is compared in strict mode only
    MPX-RSP-95 fail no schema check in lax mode
    MPX-RSP-98 fail no schema check in lax mode
    MPX-RSP-99 fail SubjectConfirmation is checked in strict mode only
    MPX-RSP-100 fail Issuers are checked in strict mode only
    MPX-RSP-101 fail Issuers are checked in strict mode only
    MPX-RSP-104 fail SubjectConfirmation is checked in strict mode only
    MPX-RSP-105 fail validate_timestamps is strict only
    MPX-RSP-106 fail no schema check in lax mode
    """
}
