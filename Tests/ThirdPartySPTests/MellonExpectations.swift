/// mod_auth_mellon 0.18.1 with lasso (Debian libapache2-mod-auth-mellon), as
/// `Tests/ThirdPartySPs/mellon/httpd.conf.template` configures it (README directives; no
/// MellonNoSuccessErrorPage, MellonSecureCookie off over HTTP). "handler" is mellon's
/// auth_mellon_handler.c: am_handle_post_reply and am_handle_reply_common (lasso processes the
/// message and its signature, then mellon checks Destination, am_validate_subject,
/// am_validate_conditions, the cookie when InResponseTo is present, the Assertion ID against
/// the ones already used), read in mellon's public source; the reason lasso gives for a refusal
/// is the one mellon logs in its error.log ("Lasso error: [code] …").
enum MellonExpectations {
    static let table = """
    TC_FUNCT_01 pass a valid signed Response opens a session; /protected (MellonEnable auth) is served
    TC_FUNCT_02 pass as TC_FUNCT_01, MPass answering from its session
    TC_FUNCT_03 fail a non-Success status is lasso error -432, which auth_mellon_errormap turns into 401 Unauthorized (MellonNoSuccessErrorPage unset): the person sees an error page where the guide says none
    TC_FUNCT_04 pass /mellon/logout ends the session and sends a signed LogoutRequest; MPass's POSTed LogoutResponse is read (lasso_logout_process_response_msg) and the user goes to ReturnTo
    TC_FUNCT_05 fail mellon reads only a SAMLResponse from a POST to /mellon/logout ("Could not find SAMLResponse field in POST data"); MPass's POSTed LogoutRequest is refused, the session stays
    TC_SEC_01 pass lasso requires a signature on the Response or the Assertion ("Signature element not found")
    TC_SEC_02 pass lasso verifies with the key from the IdP metadata (-111 "Failed to verify signature")
    TC_SEC_03 pass am_validate_subject: "NotOnOrAfter in SubjectConfirmationData was in the past"
    TC_SEC_04 fail neither mellon nor lasso compares Response/@IssueInstant with the clock
    TC_SEC_05 fail the handler checks Destination only when the Response carries one
    TC_SEC_06 fail am_handle_reply_common never compares InResponseTo with a request (IdP-initiated login is allowed); without one it does not even ask for the cookie
    TC_SEC_07 pass InResponseTo is present and the cookies were dropped: "User has disabled cookies, or has lost the cookie", 400, no session
    MPX-RSP-01 fail no ID syntax check in lasso or mellon
    MPX-RSP-02 fail no ID length rule
    MPX-RSP-03 pass the used-assertion-ID check needs an Assertion ID; without one the handler answers 400
    MPX-RSP-04 fail an empty Assertion ID is not refused
    MPX-RSP-05 fail no ID syntax check
    MPX-RSP-06 fail no ID uniqueness check across Response and Assertion
    MPX-RSP-07 fail lasso does not compare the Response's Version
    MPX-RSP-08 fail lasso does not compare the Response's Version
    MPX-RSP-09 fail the Assertion's Version is not compared
    MPX-RSP-10 fail the Assertion's Version is not compared
    MPX-RSP-11 fail Response/@IssueInstant is never read
    MPX-RSP-12 fail Response/@IssueInstant is never read
    MPX-RSP-13 fail Response/@IssueInstant is never read
    MPX-RSP-14 fail Response/@IssueInstant is never read
    MPX-RSP-15 fail Response/@IssueInstant is never read
    MPX-RSP-16 fail Response/@IssueInstant is never read
    MPX-RSP-17 fail Response/@IssueInstant is never read
    MPX-RSP-18 fail Response/@IssueInstant is never read
    MPX-RSP-19 pass accepted: no IssueInstant check
    MPX-RSP-20 pass accepted: no IssueInstant check
    MPX-RSP-21 pass accepted: no IssueInstant check
    MPX-RSP-22 fail Assertion/@IssueInstant is never read
    MPX-RSP-23 fail Assertion/@IssueInstant is never read
    MPX-RSP-24 fail Assertion/@IssueInstant is never read
    MPX-RSP-25 fail Assertion/@IssueInstant is never read
    MPX-RSP-26 fail InResponseTo is never compared with a request ID, only taken as a sign that the cookie must be there
    MPX-RSP-27 fail as MPX-RSP-26
    MPX-RSP-28 fail as MPX-RSP-26
    MPX-RSP-29 fail am_validate_subject does not read SubjectConfirmationData/@InResponseTo
    MPX-RSP-30 fail am_validate_subject does not read SubjectConfirmationData/@InResponseTo
    MPX-RSP-31 pass "Invalid Destination on Response": compared exactly with the ACS URL
    MPX-RSP-32 pass an empty Destination is present and differs
    MPX-RSP-33 pass compared exactly
    MPX-RSP-34 pass compared exactly
    MPX-RSP-35 pass lasso looks the provider up by the Response's Issuer: -201 unknown provider
    MPX-RSP-36 pass without the Response's Issuer lasso finds no provider (-201); SAML Profiles 4.1.4.2 requires it on a signed Response, so refusing is right
    MPX-RSP-37 pass lasso -437 "Assertion issuer is not the same as the requested issuer"
    MPX-RSP-38 pass lasso -437
    MPX-RSP-39 pass lasso -437, compared exactly
    MPX-RSP-40 pass lasso -432 status not success
    MPX-RSP-41 pass lasso -432
    MPX-RSP-42 pass lasso -432
    MPX-RSP-43 pass lasso -422 missing status code
    MPX-RSP-44 pass lasso refuses a StatusCode without Value
    MPX-RSP-45 pass lasso compares the status with Success exactly
    MPX-RSP-46 fail refused with 401 Unauthorized (auth_mellon_errormap): an error page where the guide says none
    MPX-RSP-47 fail as MPX-RSP-46
    MPX-RSP-48 fail as MPX-RSP-46
    MPX-RSP-49 fail as MPX-RSP-46
    MPX-RSP-50 fail as MPX-RSP-46
    MPX-RSP-51 fail an empty NameID is a name identifier to lasso; the session opens for ""
    MPX-RSP-52 pass "No acceptable name identifier found in SAML 2.0 response"
    MPX-RSP-53 fail a NameID of spaces is kept
    MPX-RSP-54 pass Format is not required
    MPX-RSP-55 pass no length limit
    MPX-RSP-56 pass am_validate_subject: "Invalid Method in SubjectConfirmation" (bearer only)
    MPX-RSP-57 pass as MPX-RSP-56
    MPX-RSP-58 pass a missing Method is not bearer
    MPX-RSP-59 fail am_validate_subject: no SubjectConfirmationData, "Nothing to verify"
    MPX-RSP-60 fail lasso's Subject holds a single SubjectConfirmation: two are refused (lasso -428), though the bearer one is valid
    MPX-RSP-61 fail am_validate_subject checks Recipient only `if (scd->Recipient)`
    MPX-RSP-62 pass "Wrong Recipient in SubjectConfirmationData" (strcmp with the ACS URL)
    MPX-RSP-63 pass an empty Recipient is present and differs from the ACS URL
    MPX-RSP-64 pass "NotOnOrAfter in SubjectConfirmationData was in the past" (60 s of skew)
    MPX-RSP-65 fail NotOnOrAfter is checked only when present
    MPX-RSP-66 pass am_parse_timestamp refuses "never"
    MPX-RSP-67 fail am_validate_conditions: "An assertion without conditions -- nothing to validate"
    MPX-RSP-68 pass "NotBefore in Condition was in the future" (60 s of skew)
    MPX-RSP-69 pass "NotOnOrAfter in Condition was in the past"
    MPX-RSP-70 fail Conditions/@NotOnOrAfter is checked only when present
    MPX-RSP-71 pass "Invalid timestamp in NotBefore in Condition"
    MPX-RSP-72 pass an AudienceRestriction without Audience: `ar->Audience == NULL` is "Invalid Audience"
    MPX-RSP-73 fail am_validate_conditions loops over the restrictions present; none, nothing is checked
    MPX-RSP-74 pass "Invalid Audience in Conditions"
    MPX-RSP-75 pass doubtful: lasso keeps one Audience per AudienceRestriction; it must be the one naming this Service for the login to open (not traced in lasso's parser)
    MPX-RSP-76 pass every AudienceRestriction must name this Service
    MPX-RSP-77 pass compared exactly (strcmp)
    MPX-RSP-78 pass "" differs from the entity ID
    MPX-RSP-79 fail neither mellon nor lasso requires an AuthnStatement
    MPX-RSP-80 fail SessionIndex is not required
    MPX-RSP-81 fail SessionIndex is not required
    MPX-RSP-82 fail several AuthnStatements are read in turn (am_handle_session_expire), none refused
    MPX-RSP-83 pass am_handle_session_expire sets the new session's expiry to the past SessionNotOnOrAfter: the session is never usable, /protected sends the user back to MPass
    MPX-RSP-84 fail AuthnInstant is not required
    MPX-RSP-85 fail AuthnInstant is never compared with the clock
    MPX-RSP-86 pass AuthnInstant is never compared with the clock
    MPX-RSP-87 pass AuthnContext is read only for MellonAuthnContextClassRef, which is not set
    MPX-RSP-88 pass attributes are optional (add_attributes loops over what is there)
    MPX-RSP-89 pass attribute values are stored as text
    MPX-RSP-90 pass multi-valued attributes are stored as numbered variables
    MPX-RSP-91 pass UTF-8 text
    MPX-RSP-92 pass an empty AttributeValue is skipped with a warning, not refused
    MPX-RSP-93 pass Consent is not read
    MPX-RSP-94 pass SubjectLocality is not read
    MPX-RSP-95 fail AuthnContext is read only for MellonAuthnContextClassRef, which is not set
    MPX-RSP-96 fail lasso does not compare the Response's Version
    MPX-RSP-97 fail the Assertion's Version is not compared
    MPX-RSP-98 fail Assertion/@IssueInstant is never read
    MPX-RSP-99 fail am_validate_subject does not read SubjectConfirmationData/@InResponseTo
    MPX-RSP-100 pass lasso looks the provider up by the Response's Issuer: "" is unknown (-201)
    MPX-RSP-101 pass lasso -437: the Assertion's Issuer is not the Response's
    MPX-RSP-102 pass lasso: "" is not Success (-432, 401 for a refused login)
    MPX-RSP-103 pass am_validate_subject: strcmp("", bearer) is "Invalid Method in SubjectConfirmation"
    MPX-RSP-104 pass doubtful: am_validate_subject parses a present NotOnOrAfter, and am_parse_timestamp("") is 0, "Invalid timestamp" (if lasso keeps the empty attribute)
    MPX-RSP-105 pass doubtful: as MPX-RSP-104 for Conditions/@NotOnOrAfter in am_validate_conditions
    MPX-RSP-106 fail AuthnInstant is never read
    MPX-SIG-01 fail lasso accepts a signature on the Assertion alone (the Response or the Assertion must be signed)
    MPX-SIG-02 pass -111: the metadata's key does not verify it
    MPX-SIG-03 pass -111
    MPX-SIG-04 pass -111: KeyInfo is not the key
    MPX-SIG-05 fail lasso takes the key from metadata and does not read KeyInfo's certificate
    MPX-SIG-06 pass the metadata's key is used
    MPX-SIG-07 pass both signatures verify
    MPX-SIG-08 fail lasso accepts RSA-SHA1 and SHA-1 digests on what it receives
    MPX-SIG-09 fail as MPX-SIG-08
    MPX-SIG-10 fail as MPX-SIG-08
    MPX-SIG-11 pass RSA-SHA512 verifies
    MPX-SIG-12 pass SignedInfo changed after signing: -111
    MPX-SIG-13 pass -111
    MPX-SIG-14 pass -111
    MPX-SIG-15 pass SignedInfo changed after signing: refused
    MPX-SIG-16 pass -111
    MPX-SIG-17 pass -111
    MPX-SIG-18 pass -111
    MPX-SIG-19 pass -111
    MPX-SIG-20 pass -111
    MPX-SIG-21 pass -111
    MPX-SIG-22 pass -111
    MPX-SIG-23 pass -111
    MPX-SIG-24 pass the digest no longer matches: refused
    MPX-SIG-25 pass -111
    MPX-SIG-26 pass -111
    MPX-SIG-27 pass -111
    MPX-SIG-28 pass -111
    MPX-SIG-29 pass -111
    MPX-SIG-30 pass lasso's schema-driven parser does not read a Response with the Signature out of place (-409)
    MPX-SIG-31 pass as MPX-SIG-30
    MPX-SIG-32 pass the Status no longer parses (-422 missing status code)
    MPX-SIG-33 pass -409: two Signatures do not parse
    MPX-SIG-34 fail an empty ds:Object is ignored
    MPX-SIG-35 pass XSW: -111 (lasso verifies the signature of the element it reads; CVE-2021-28091 fixed in lasso 2.7.0)
    MPX-SIG-36 pass XSW: -409
    MPX-SIG-37 pass XSW: "Signature element not found" on the element lasso reads
    MPX-SIG-38 pass XSW: lasso -427 while looking for the assertion
    MPX-SIG-39 pass XSW: -111
    MPX-SIG-40 pass XSW: -111
    MPX-SIG-41 pass XSW: -409
    MPX-SIG-42 pass XSW: -111
    MPX-SIG-43 pass the first Assertion is unsigned: "Signature element not found"
    MPX-SIG-44 pass "More than one Assertion in response"
    MPX-SIG-45 pass the look-alike is not read as the Assertion; the unsigned Response's signed Assertion is what lasso reads, or it is refused (no session for the attacker)
    MPX-XML-01 pass lasso parses messages without DTDs: -409, nothing fetched
    MPX-XML-02 pass -409, nothing fetched
    MPX-XML-03 pass -409, nothing fetched
    MPX-XML-04 pass -409
    MPX-XML-05 pass -409
    MPX-XML-06 pass -409
    MPX-XML-07 pass -409
    MPX-XML-08 pass -409
    MPX-XML-09 pass libxml2 reads the NameID's text on both sides of the comment
    MPX-XML-10 pass CDATA is text
    MPX-XML-11 fail lasso does not read a UTF-16 message (-409)
    MPX-XML-12 pass a UTF-8 BOM is read
    MPX-XML-13 pass line breaks are skipped by the base64 decoder
    MPX-XML-14 pass lasso's base64 decoding fails on '*': -409
    MPX-RPL-01 pass "Assertion ID … has already been used"
    MPX-RPL-02 pass the Assertion ID was used (and the replay comes without mellon's cookie)
    MPX-RPL-03 fail a Response without InResponseTo is IdP-initiated login, accepted without a cookie
    MPX-RPL-04 fail InResponseTo is never compared; the Assertion is a new one
    MPX-RPL-05 fail mellon remembers Assertion IDs, not Response IDs
    MPX-RPL-06 pass "Assertion ID … has already been used"
    MPX-SLO-01 notJudged mellon reads only a SAMLResponse from a POST to /mellon/logout, so even the valid LogoutRequest ends no session: nothing to compare with
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
    MPX-SLO-29 notJudged as MPX-SLO-01
    MPX-SLO-14 fail no LogoutResponse is sent to a POSTed LogoutRequest
    MPX-SLO-15 fail no LogoutResponse is sent
    MPX-SLO-16 fail no LogoutResponse is sent
    MPX-SLO-17 fail no LogoutResponse is sent
    MPX-SLO-18 pass mellon's LogoutRequest goes by HTTP-Redirect, its query signed with MellonSignatureMethod rsa-sha256: the harness must check the query signature
    MPX-SLO-19 pass lasso_logout_init_request takes the SessionIndex from the saved lasso session
    MPX-SLO-20 pass the saved lasso identity's NameID
    MPX-SLO-21 pass IssueInstant is now, UTC
    MPX-SLO-22 pass Destination from the IdP metadata's SingleLogoutService; IDs from lasso
    MPX-SLO-23 pass lasso 440 "The profile cannot verify a signature on the message": refused
    MPX-SLO-24 pass lasso 440
    MPX-SLO-25 fail the LogoutResponse is processed by a new LassoLogout with no memory of the request sent; InResponseTo is not compared
    MPX-SLO-26 pass lasso refuses a non-Success LogoutResponse
    MPX-SLO-27 fail lasso does not compare a LogoutResponse's IssueInstant with the clock
    MPX-SLO-28 fail as MPX-SLO-27
    MPX-MSG-01 pass the AuthnRequest goes by HTTP-Redirect, its query signed (rsa-sha256): the harness must check the query signature
    MPX-MSG-02 pass MellonSignatureMethod rsa-sha256
    MPX-MSG-03 pass lasso writes NameIDPolicy with AllowCreate="true" for mellon's login
    MPX-MSG-04 pass Destination is the metadata's SingleSignOnService URL
    MPX-MSG-05 pass IssueInstant is now, UTC
    MPX-MSG-06 pass lasso makes a random ID per request
    MPX-MSG-07 pass Issuer is MellonSPentityId
    MPX-MSG-08 fail mellon's 303 that carries the AuthnRequest says Cache-Control "private, max-age=0, must-revalidate" (mellon sets it on its own redirects): no no-store, which SAML Bindings 3.4.5.1 asks of a responder sending a SAML message
    MPX-MSG-09 fail as MPX-MSG-08 for the 303 that carries mellon's LogoutRequest: no no-store
    MPX-MSG-10 pass protected.shtml is served with Cache-Control: no-store (httpd.conf.template, mod_headers)
    MPX-MSG-11 fail mellon-cookie is HttpOnly only with MellonSecureCookie On (README), which needs HTTPS
    MPX-MSG-12 fail MELLON_DISABLE_SAMESITE (needed over plain HTTP, see the template) leaves SameSite off
    MPX-MSG-13 review HTTP on loopback (README: REVIEW on localhost)
    MPX-MSG-14 fail mellon sends no Content-Security-Policy frame-ancestors on its logout answers
    MPX-MSG-15 review HTTP on loopback (README: REVIEW on localhost)
    MPX-XML-15 pass lasso reads and verifies one libxml2 tree: an entity declared inside a quoted literal is text (XML 1.0 4.2), so only the genuine NameID can come out of &idnp; (or the DOCTYPE is refused); no session for the attacker
    MPX-SIG-46 pass lasso maps saml:Assertion children of samlp:Response (its node mapping by namespace); the no-namespace copy inside ds:KeyInfo is not one
    MPX-SIG-47 pass as MPX-SIG-46: the copy's prefix is rebound to another namespace, so lasso never maps it as an Assertion
    """
}
