/// pysaml2 7.0.1 (Debian python3-pysaml2), as `Tests/ThirdPartySPs/pysaml2/sp.py` uses it:
/// allow_unsolicited False, want_response_signed True, requests and logout messages signed with
/// RSA-SHA256, the outstanding AuthnRequest IDs passed to parse_authn_request_response and
/// forgotten once answered. Paths are under /usr/lib/python3/dist-packages/saml2/. Signatures
/// are checked by the xmlsec1 command (sigver.py CryptoBackendXmlSec1) with the certificate
/// from the simulator's metadata; the message is read into pysaml2's schema classes and
/// checked by validate.py valid_instance (required attributes and elements, their types).
enum PySAML2Expectations {
    static let table = """
    TC_FUNCT_01 pass parse_authn_request_response accepts a valid signed Response to an outstanding request
    TC_FUNCT_02 pass as TC_FUNCT_01, MPass answering from its session
    TC_FUNCT_03 pass response.py status_ok raises a StatusError subclass; sp.py shows "Not logged in" (200)
    TC_FUNCT_04 pass global_logout sends a signed LogoutRequest; parse_logout_request_response reads MPass's POSTed answer; sp.py shows "Logged out"
    TC_FUNCT_05 pass handle_logout_request (HTTP-POST) verifies, local_logout ends the session, a signed LogoutResponse goes back by POST
    TC_SEC_01 pass want_response_signed: an unsigned Response is refused (sigver.py correctly_signed_response, must)
    TC_SEC_02 pass xmlsec1 verifies with the metadata's certificate only
    TC_SEC_03 pass validate.py validate_on_or_after on Conditions and SubjectConfirmationData NotOnOrAfter
    TC_SEC_04 fail response.py issue_instant_ok accepts any IssueInstant within a day of now
    TC_SEC_05 fail response.py _verify checks Destination only `if self.response.destination`
    TC_SEC_06 pass response.py AuthnResponse: no InResponseTo is not an outstanding query and allow_unsolicited is False ("Unsolicited response")
    TC_SEC_07 pass the InResponseTo names no outstanding query ("Unsolicited response")
    MPX-RSP-01 pass valid_instance: ID must be an NCName
    MPX-RSP-02 fail "_abc" is a valid NCName; no length rule
    MPX-RSP-03 pass valid_instance: Assertion/@ID is required
    MPX-RSP-04 pass valid_instance: a required attribute that is empty is missing
    MPX-RSP-05 pass valid_instance: not an NCName
    MPX-RSP-06 pass xmlsec1 (--id-attr:ID on Response and Assertion) refuses a duplicated ID
    MPX-RSP-07 pass response.py _verify: Version 1.1 raises RequestVersionTooLow
    MPX-RSP-08 pass valid_instance: Version is required
    MPX-RSP-09 fail the Assertion's Version is never compared with 2.0
    MPX-RSP-10 pass valid_instance: Assertion/@Version is required
    MPX-RSP-11 pass valid_instance: IssueInstant is required
    MPX-RSP-12 pass time_util.py str_to_time("") is 0, outside issue_instant_ok's day
    MPX-RSP-13 pass time_util.py str_to_time raises for "yesterday"
    MPX-RSP-14 pass time_util.py str_to_time raises for a date alone
    MPX-RSP-15 pass time_util.py str_to_time reads only …Z or no zone: "+02:00" raises
    MPX-RSP-16 fail time_util.py TIME_FORMAT_WITH_FRAGMENT makes the Z optional: a time without zone is read as UTC
    MPX-RSP-17 fail issue_instant_ok accepts a day either side
    MPX-RSP-18 fail issue_instant_ok accepts a day either side
    MPX-RSP-19 pass within issue_instant_ok's day
    MPX-RSP-20 pass within issue_instant_ok's day
    MPX-RSP-21 pass str_to_time reads fractional seconds (TIME_FORMAT_WITH_FRAGMENT)
    MPX-RSP-22 pass valid_instance: Assertion/@IssueInstant is required
    MPX-RSP-23 fail the Assertion's IssueInstant is never compared with the clock
    MPX-RSP-24 fail the Assertion's IssueInstant is never compared with the clock
    MPX-RSP-25 fail the Assertion's IssueInstant is never compared with the clock
    MPX-RSP-26 pass not an outstanding query: "Unsolicited response"
    MPX-RSP-27 pass "" is not an outstanding query
    MPX-RSP-28 pass the Response's InResponseTo is absent: not an outstanding query
    MPX-RSP-29 pass check_subject_confirmation_in_response_to: the SubjectConfirmationData's must equal the Response's
    MPX-RSP-30 pass check_subject_confirmation_in_response_to: an absent one differs from the Response's
    MPX-RSP-31 pass _verify: Destination not among the SP's ACS URLs (return_addrs)
    MPX-RSP-32 fail _verify checks Destination only when it is non-empty
    MPX-RSP-33 pass _verify compares Destination with the ACS URLs exactly (`not in self.return_addrs`)
    MPX-RSP-34 pass _verify: not an ACS URL of the SP
    MPX-RSP-35 pass the signing certificate is looked up in metadata by the Issuer: an unknown IdP has none
    MPX-RSP-36 pass refused: without the Response's Issuer pysaml2 finds no certificate for the signed Response; SAML Profiles 4.1.4.2 requires that Issuer, so refusing is right (issue 10's false FAIL)
    MPX-RSP-37 pass valid_instance: Assertion/Issuer is required
    MPX-RSP-38 fail only the Response is signed; the unsigned Assertion's Issuer is not compared with the Response's
    MPX-RSP-39 fail as MPX-RSP-38
    MPX-RSP-40 pass status_ok raises for a non-Success status
    MPX-RSP-41 pass status_ok raises
    MPX-RSP-42 pass status_ok raises
    MPX-RSP-43 pass valid_instance: Status is required
    MPX-RSP-44 pass valid_instance: StatusCode/@Value is required
    MPX-RSP-45 pass status_ok compares with STATUS_SUCCESS exactly
    MPX-RSP-46 pass StatusError; sp.py shows "Not logged in" (200)
    MPX-RSP-47 pass StatusError; sp.py shows "Not logged in" (200)
    MPX-RSP-48 pass StatusError; sp.py shows "Not logged in" (200)
    MPX-RSP-49 pass StatusError; sp.py shows "Not logged in" (200)
    MPX-RSP-50 pass StatusError; sp.py shows "Not logged in" (200), escaped
    MPX-RSP-51 fail get_subject keeps a NameID element whatever its text: an empty NameID is a user
    MPX-RSP-52 pass get_subject finds no NameID; sp.py opens no session without one
    MPX-RSP-53 fail a NameID of spaces is kept as is
    MPX-RSP-54 pass NameID Format is read, not required
    MPX-RSP-55 pass no length limit
    MPX-RSP-56 pass get_subject: _holder_of_key_confirmed needs a KeyInfo in the data; none, no confirmation
    MPX-RSP-57 fail get_subject: `elif subject_confirmation.method == SCM_SENDER_VOUCHES: pass` accepts it
    MPX-RSP-58 pass get_subject: an unknown Method raises ValueError
    MPX-RSP-59 pass _bearer_confirmed reads the missing data and fails
    MPX-RSP-60 pass the holder-of-key confirmation is skipped, the bearer one confirms
    MPX-RSP-61 pass get_subject: `if not _recip …: raise VerificationError("No valid recipient")`
    MPX-RSP-62 fail verify_recipient returns True when no conv_info is given (parse_authn_request_response gives none)
    MPX-RSP-63 pass get_subject: an empty Recipient is "No valid recipient"
    MPX-RSP-64 pass _bearer_confirmed: validate_on_or_after raises
    MPX-RSP-65 fail validate_on_or_after returns False for an absent NotOnOrAfter, no error
    MPX-RSP-66 pass str_to_time raises for "never"
    MPX-RSP-67 fail condition_ok: "Conditions is Optional for Assertion, so, if it's absent, then we assume that its valid"
    MPX-RSP-68 pass condition_ok: validate_before raises
    MPX-RSP-69 pass condition_ok: validate_on_or_after raises
    MPX-RSP-70 fail condition_ok checks NotOnOrAfter only when present
    MPX-RSP-71 pass str_to_time raises for the malformed NotBefore
    MPX-RSP-72 pass response.py for_me: an empty restriction is skipped and no Audience matches; valid_instance also requires one
    MPX-RSP-73 fail for_me: "No audience restriction" is for me
    MPX-RSP-74 pass for_me: no Audience equals the SP's entity ID
    MPX-RSP-75 pass for_me: one Audience matches
    MPX-RSP-76 fail for_me returns True at the first matching Audience; the other restriction is not required to match
    MPX-RSP-77 pass for_me compares exactly (after strip)
    MPX-RSP-78 pass for_me: an empty Audience never matches
    MPX-RSP-79 pass authn_statement_ok: an AuthnStatement is required
    MPX-RSP-80 fail SessionIndex is optional
    MPX-RSP-81 fail SessionIndex is optional
    MPX-RSP-82 pass authn_statement_ok wants exactly one AuthnStatement
    MPX-RSP-83 pass authn_statement_ok: validate_on_or_after on SessionNotOnOrAfter raises
    MPX-RSP-84 pass valid_instance: AuthnInstant is required
    MPX-RSP-85 fail AuthnInstant is never compared with the clock
    MPX-RSP-86 pass AuthnInstant is never compared with the clock
    MPX-RSP-87 pass valid_instance: AuthnContext is required in an AuthnStatement (the schema's minOccurs 1), so refusing is right
    MPX-RSP-88 pass AttributeStatement is optional
    MPX-RSP-89 pass attribute values are text
    MPX-RSP-90 pass multi-valued attributes are lists in session_info
    MPX-RSP-91 pass UTF-8 text
    MPX-RSP-92 pass attribute values are not typed
    MPX-RSP-93 pass Consent is a schema attribute, not checked
    MPX-RSP-94 pass SubjectLocality is allowed
    MPX-RSP-95 pass valid_instance: AuthnContext is required in an AuthnStatement
    MPX-RSP-96 pass valid_instance: a required attribute that is empty is missing (Version)
    MPX-RSP-97 pass valid_instance: Assertion/@Version empty is missing
    MPX-RSP-98 pass valid_instance: Assertion/@IssueInstant empty is missing
    MPX-RSP-99 pass check_subject_confirmation_in_response_to: "" differs from the Response's InResponseTo
    MPX-RSP-100 pass the signing certificate is looked up by the Response's Issuer: "" names no IdP in metadata
    MPX-RSP-101 fail only the Response is signed; the unsigned Assertion's Issuer, empty or not, is not compared
    MPX-RSP-102 pass valid_instance: StatusCode/@Value empty is missing
    MPX-RSP-103 pass valid_instance: SubjectConfirmation/@Method empty is missing (and get_subject raises for an unknown Method)
    MPX-RSP-104 pass doubtful: read alone, _bearer_confirmed would skip "" (validate_on_or_after returns False), yet the SP refuses it with "SignatureError: Signature verification failed"; the cause in sigver.py is not traced
    MPX-RSP-105 pass doubtful: condition_ok would skip "", yet the SP refuses it with "SignatureError"; not traced
    MPX-RSP-106 pass valid_instance: AuthnInstant empty is missing
    MPX-SIG-01 pass want_response_signed: the Response itself must be signed
    MPX-SIG-02 pass xmlsec1 with --enabled-key-data raw-x509-cert and the metadata's certificate: another key fails
    MPX-SIG-03 pass another key fails
    MPX-SIG-04 pass another key fails, KeyInfo is not the key
    MPX-SIG-05 pass sigver.py reads KeyInfo's certificate to compare with the metadata's: "MIIBroken" is not one
    MPX-SIG-06 pass the metadata's certificate is used
    MPX-SIG-07 pass both signatures verify
    MPX-SIG-08 fail pysaml2 7.0 keeps no algorithm deny-list for what it receives; xmlsec1 verifies RSA-SHA1
    MPX-SIG-09 fail as MPX-SIG-08, SHA-1 digest
    MPX-SIG-10 fail as MPX-SIG-08
    MPX-SIG-11 pass xmlsec1 verifies RSA-SHA512
    MPX-SIG-12 pass SignedInfo changed after signing: xmlsec1 fails
    MPX-SIG-13 pass SignedInfo changed after signing: xmlsec1 fails
    MPX-SIG-14 pass SignedInfo changed after signing: xmlsec1 fails
    MPX-SIG-15 pass SignedInfo changed after signing: xmlsec1 fails
    MPX-SIG-16 pass SignedInfo changed after signing: xmlsec1 fails
    MPX-SIG-17 pass SignedInfo changed after signing: xmlsec1 fails
    MPX-SIG-18 pass SignedInfo changed after signing: xmlsec1 fails
    MPX-SIG-19 pass SignedInfo changed after signing, and the Reference no longer names the Response
    MPX-SIG-20 pass SignedInfo changed after signing: xmlsec1 fails
    MPX-SIG-21 pass SignedInfo changed after signing: xmlsec1 fails
    MPX-SIG-22 pass the digest does not match
    MPX-SIG-23 pass the SignatureValue does not verify
    MPX-SIG-24 pass the digest does not match
    MPX-SIG-25 pass the digest does not match
    MPX-SIG-26 pass SignedInfo changed after signing: xmlsec1 fails
    MPX-SIG-27 pass SignedInfo changed after signing: xmlsec1 fails
    MPX-SIG-28 pass SignedInfo changed after signing: xmlsec1 fails
    MPX-SIG-29 pass SignedInfo changed after signing: xmlsec1 fails
    MPX-SIG-30 fail pysaml2's schema classes do not enforce element order; the Response's Signature child still verifies
    MPX-SIG-31 fail as MPX-SIG-30
    MPX-SIG-32 pass a Signature inside Status is not the Response's signature: the Response is unsigned
    MPX-SIG-33 pass two Signature children: the Response's signature is not a single one and is refused
    MPX-SIG-34 fail an empty ds:Object is ignored by xmlsec1 and by pysaml2
    MPX-SIG-35 pass XSW: sigver.py checks that the signed element's ID is the element read (CVE-2020-5390 fix, pysaml2 5.0.0)
    MPX-SIG-36 pass XSW: as MPX-SIG-35
    MPX-SIG-37 pass XSW: as MPX-SIG-35
    MPX-SIG-38 pass XSW: as MPX-SIG-35
    MPX-SIG-39 pass XSW: as MPX-SIG-35
    MPX-SIG-40 pass XSW: as MPX-SIG-35
    MPX-SIG-41 pass XSW: as MPX-SIG-35
    MPX-SIG-42 pass XSW: as MPX-SIG-35
    MPX-SIG-43 pass the Response is unsigned (want_response_signed)
    MPX-SIG-44 pass response.py: more than one Assertion is refused
    MPX-SIG-45 pass the Response is unsigned (want_response_signed)
    MPX-XML-01 pass defusedxml (saml2/__init__.py create_class_from_xml_string) forbids entity declarations
    MPX-XML-02 pass defusedxml forbids entity declarations
    MPX-XML-03 fail defusedxml allows a DOCTYPE without entities, and the xmlsec1 command loads external DTDs (xmlsec apps set xmlLoadExtDtdDefaultValue): the listener is called
    MPX-XML-04 pass defusedxml forbids entity declarations
    MPX-XML-05 pass defusedxml forbids entity declarations
    MPX-XML-06 pass defusedxml forbids entity declarations
    MPX-XML-07 fail defusedxml allows an ATTLIST; xmlsec1 takes IDs from the DTD, a parser differential a DTD-refusing SP would not have
    MPX-XML-08 pass an undeclared entity is a parse error
    MPX-XML-09 pass ElementTree drops the comment and joins the text: the whole NameID is read
    MPX-XML-10 pass CDATA is text
    MPX-XML-11 fail doubtful: refused; the cause (UTF-16 bytes through sigver.py's xmlsec1 file and the schema parser) was not traced line by line
    MPX-XML-12 pass a UTF-8 BOM is read
    MPX-XML-13 pass entity.py _parse_response: base64.b64decode ignores line breaks
    MPX-XML-14 fail base64.b64decode without validate=True discards the '*'
    MPX-RPL-01 pass sp.py forgets an answered request ID: the replay is "Unsolicited response"
    MPX-RPL-02 pass as MPX-RPL-01
    MPX-RPL-03 pass allow_unsolicited is False
    MPX-RPL-04 pass the first login's request ID is no longer outstanding
    MPX-RPL-05 fail pysaml2 keeps no record of Response IDs
    MPX-RPL-06 fail pysaml2 keeps no record of Assertion IDs
    MPX-SLO-01 fail entity.py _parse_request verifies a LogoutRequest's signature only when one is there (an SP does not require it)
    MPX-SLO-02 pass a signature by another key fails in xmlsec1
    MPX-SLO-03 pass handle_logout_request: the NameID differs, "Wrong user", no local logout
    MPX-SLO-04 fail handle_logout_request compares the NameID only, not the SessionIndex
    MPX-SLO-05 fail the request's IssueInstant may be a day old (issue_instant_ok)
    MPX-SLO-06 fail the request's IssueInstant may be a day ahead
    MPX-SLO-07 fail Destination is checked only when present
    MPX-SLO-08 pass Destination present and not the SP's SLO URL
    MPX-SLO-09 pass no certificate for an unknown issuer: the signature cannot verify
    MPX-SLO-10 fail the LogoutRequest's NotOnOrAfter is not checked by handle_logout_request
    MPX-SLO-11 pass Version 1.1 raises RequestVersionTooLow
    MPX-SLO-12 fail pysaml2 keeps no record of LogoutRequest IDs
    MPX-SLO-13 pass valid_instance: the ID is not an NCName
    MPX-SLO-29 fail Destination is checked only when present and non-empty; "" is skipped and the session ends
    MPX-SLO-14 pass logout_responses_signed: the LogoutResponse is signed
    MPX-SLO-15 pass create_logout_response sets InResponseTo to the request's ID
    MPX-SLO-16 pass success_status_factory after local_logout
    MPX-SLO-17 pass response_args sends it to MPass's SLO URL from metadata, by POST, IssueInstant now
    MPX-SLO-18 pass global_logout signs the Redirect query (logout_requests_signed, RSA-SHA256): the harness must check the query signature
    MPX-SLO-19 pass global_logout takes the SessionIndex from the identity cache
    MPX-SLO-20 pass global_logout names the session's NameID
    MPX-SLO-21 pass IssueInstant is now (time_util.instant)
    MPX-SLO-22 pass Destination from metadata, IDs from sid()
    MPX-SLO-23 fail parse_logout_request_response does not require a signed LogoutResponse
    MPX-SLO-24 pass a signature by another key fails in xmlsec1
    MPX-SLO-25 fail sp.py keeps no logout state, and pysaml2 does not compare InResponseTo without it
    MPX-SLO-26 pass status_ok raises for a non-Success LogoutResponse
    MPX-SLO-27 fail issue_instant_ok accepts a day either side
    MPX-SLO-28 fail issue_instant_ok accepts a day either side
    MPX-MSG-01 pass authn_requests_signed: the POSTed AuthnRequest carries an enveloped signature
    MPX-MSG-02 pass signing_algorithm RSA-SHA256, digest_algorithm SHA-256 in sp.py's configuration
    MPX-MSG-03 pass name_id_policy_format + name_id_format_allow_create: NameIDPolicy AllowCreate="true"
    MPX-MSG-04 pass Destination is the metadata's SSO URL
    MPX-MSG-05 pass IssueInstant is now, UTC
    MPX-MSG-06 pass request IDs from sid(), random
    MPX-MSG-07 pass Issuer is entityid
    MPX-MSG-08 pass sp.py serves the POST page with Cache-Control: no-cache, no-store
    MPX-MSG-09 pass sp.py's redirect to MPass carries Cache-Control: no-cache, no-store
    MPX-MSG-10 pass sp.py answers with Cache-Control: no-cache, no-store
    MPX-MSG-11 pass the session cookie is HttpOnly
    MPX-MSG-12 fail no SameSite (over plain HTTP None needs Secure, Lax is withheld on MPass's POST)
    MPX-MSG-13 review HTTP on loopback (README: REVIEW on localhost)
    MPX-MSG-14 fail sp.py's logout answer sends no Content-Security-Policy frame-ancestors
    MPX-MSG-15 review HTTP on loopback (README: REVIEW on localhost)
    MPX-XML-15 pass saml2's create_class_from_xml_string parses with defusedxml.ElementTree, whose forbid_entities refuses the entity declarations
    MPX-SIG-46 pass the Response's assertion list holds only saml:Assertion children of the Response (saml2/samlp.py c_children); the KeyInfo copy is no such child
    MPX-SIG-47 pass as MPX-SIG-46: the rebound prefix gives the copy another namespace, so it is never an Assertion
    """
}
