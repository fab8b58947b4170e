/// Which catalogue cases each weakness must make fail: the evidence that every case catches
/// what it names, checked by `Tests/RunnerTests/CatalogueMutationTests` and recorded in
/// `fixtures/mutation-matrix.md`. It lives with the weaknesses (a reader asking "which weakness
/// proves which case" looks here), not in the shipped catalogue, which knows no reference Service.
extension ServiceWeakness {
    /// The ids of the cases this weakness makes fail, besides those that fail because it breaks
    /// every login (the AuthnRequest weaknesses, which MPass refuses before any case can start).
    public var caughtBy: Set<String> {
        switch self {
        case .skipSignature:
            ["TC_SEC_01", "TC_SEC_02", "MPX-SIG-01", "MPX-SIG-02", "MPX-SIG-03", "MPX-SIG-04", "MPX-SIG-05", "MPX-SIG-08",
            "MPX-SIG-09", "MPX-SIG-10", "MPX-SIG-12", "MPX-SIG-13", "MPX-SIG-14", "MPX-SIG-15", "MPX-SIG-16", "MPX-SIG-17",
            "MPX-SIG-18", "MPX-SIG-19", "MPX-SIG-20", "MPX-SIG-21", "MPX-SIG-22", "MPX-SIG-23", "MPX-SIG-24", "MPX-SIG-25",
            "MPX-SIG-26", "MPX-SIG-27", "MPX-SIG-28", "MPX-SIG-29", "MPX-SIG-30", "MPX-SIG-31", "MPX-SIG-32", "MPX-SIG-33",
            "MPX-SIG-34"]
        case .trustKeyInfo:
            ["TC_SEC_02", "MPX-SIG-02"]
        case .skipTimeChecks:
            ["TC_SEC_03", "TC_SEC_04", "MPX-RSP-11", "MPX-RSP-12", "MPX-RSP-13", "MPX-RSP-14", "MPX-RSP-15", "MPX-RSP-16",
            "MPX-RSP-17", "MPX-RSP-18", "MPX-RSP-22", "MPX-RSP-23", "MPX-RSP-24", "MPX-RSP-25", "MPX-RSP-64", "MPX-RSP-65",
            "MPX-RSP-66", "MPX-RSP-68", "MPX-RSP-69", "MPX-RSP-70", "MPX-RSP-71", "MPX-RSP-83", "MPX-RSP-84", "MPX-RSP-85",
            "MPX-RSP-98", "MPX-RSP-104", "MPX-RSP-105", "MPX-RSP-106"]
        case .acceptFutureIssueInstant:
            ["TC_SEC_04", "MPX-RSP-18", "MPX-RSP-24"]
        case .skipDestination:
            ["TC_SEC_05", "MPX-RSP-31", "MPX-RSP-32", "MPX-RSP-33", "MPX-RSP-34"]
        case .skipRecipient:
            ["MPX-RSP-61", "MPX-RSP-62", "MPX-RSP-63"]
        case .skipAudience:
            ["MPX-RSP-72", "MPX-RSP-73", "MPX-RSP-74", "MPX-RSP-76", "MPX-RSP-77", "MPX-RSP-78"]
        case .skipInResponseTo:
            ["TC_SEC_06", "TC_SEC_07", "MPX-RSP-26", "MPX-RSP-27", "MPX-RSP-28", "MPX-RSP-29", "MPX-RSP-30", "MPX-RSP-99",
            "MPX-RPL-03", "MPX-RPL-04"]
        case .acceptUnsolicited:
            ["TC_SEC_06", "MPX-RSP-27", "MPX-RSP-28", "MPX-RSP-30", "MPX-RSP-99", "MPX-RPL-03"]
        case .skipStatus:
            ["MPX-RSP-40", "MPX-RSP-41", "MPX-RSP-42", "MPX-RSP-43", "MPX-RSP-44", "MPX-RSP-45", "MPX-RSP-102"]
        case .errorOnCancel:
            ["TC_FUNCT_03", "MPX-RSP-46", "MPX-RSP-47", "MPX-RSP-48", "MPX-RSP-49", "MPX-RSP-50"]
        case .allowReplay:
            ["MPX-RPL-01", "MPX-RPL-02", "MPX-RPL-05", "MPX-RPL-06"]
        case .acceptSHA1:
            ["MPX-SIG-08", "MPX-SIG-09", "MPX-SIG-10"]
        case .skipIssuer:
            ["MPX-RSP-35", "MPX-RSP-36", "MPX-RSP-37", "MPX-RSP-38", "MPX-RSP-39", "MPX-RSP-100", "MPX-RSP-101"]
        case .acceptMultipleAssertions:
            ["MPX-SIG-44"]
        case .skipLogoutRequestSignature:
            ["MPX-SLO-01", "MPX-SLO-02"]
        case .ignoreSessionIndex:
            ["MPX-SLO-04"]
        case .keepSessionOnSLO:
            ["TC_FUNCT_05", "MPX-SLO-12"]
        case .unsignedLogoutResponse:
            ["TC_FUNCT_05", "MPX-SLO-14"]
        case .wrongInResponseToOnSLO:
            ["TC_FUNCT_05", "MPX-SLO-15"]
        case .skipLogoutResponseChecks:
            ["MPX-SLO-23", "MPX-SLO-24", "MPX-SLO-25", "MPX-SLO-26", "MPX-SLO-27", "MPX-SLO-28"]
        case .noFrameAncestors:
            ["MPX-MSG-14"]
        case .cacheableSAMLPages:
            ["MPX-MSG-08", "MPX-MSG-09"]
        case .unsignedAuthnRequest:
            ["MPX-MSG-01"]
        case .sha1AuthnRequest:
            ["MPX-MSG-02"]
        case .noNameIDPolicy:
            ["MPX-MSG-03"]
        case .reuseRequestID:
            ["MPX-MSG-06"]
        case .staleAuthnRequest:
            ["MPX-MSG-05"]
        case .sessionCookieNotHttpOnly:
            ["MPX-MSG-11"]
        case .skipVersion:
            ["MPX-RSP-07", "MPX-RSP-08", "MPX-RSP-09", "MPX-RSP-10", "MPX-RSP-96", "MPX-RSP-97"]
        case .skipIDChecks:
            ["MPX-RSP-01", "MPX-RSP-02", "MPX-RSP-03", "MPX-RSP-04", "MPX-RSP-05", "MPX-RSP-06"]
        case .skipSubjectConfirmation:
            ["MPX-RSP-56", "MPX-RSP-57", "MPX-RSP-58", "MPX-RSP-59", "MPX-RSP-103"]
        case .acceptEmptyNameID:
            ["MPX-RSP-51", "MPX-RSP-52", "MPX-RSP-53"]
        case .acceptMissingConditions:
            ["MPX-RSP-67"]
        case .skipAuthnStatement:
            ["MPX-RSP-79", "MPX-RSP-80", "MPX-RSP-81", "MPX-RSP-82", "MPX-RSP-95"]
        case .acceptWrappedSignature:
            ["MPX-SIG-01", "MPX-SIG-05", "MPX-SIG-30", "MPX-SIG-31", "MPX-SIG-32", "MPX-SIG-34", "MPX-SIG-35", "MPX-SIG-36",
            "MPX-SIG-37", "MPX-SIG-38", "MPX-SIG-39", "MPX-SIG-40", "MPX-SIG-42", "MPX-SIG-45"]
        case .firstAudienceOnly:
            ["MPX-RSP-75"]
        case .resolveExternalEntities:
            ["MPX-XML-01", "MPX-XML-02", "MPX-XML-03"]
        case .truncateNameIDAtComment:
            ["MPX-XML-09"]
        case .skipLogoutRequestChecks:
            ["MPX-SLO-01", "MPX-SLO-02", "MPX-SLO-05", "MPX-SLO-06", "MPX-SLO-07", "MPX-SLO-08", "MPX-SLO-09", "MPX-SLO-10",
            "MPX-SLO-11", "MPX-SLO-12", "MPX-SLO-13", "MPX-SLO-29"]
        case .ignoreNameIDOnSLO:
            ["MPX-SLO-03"]
        case .unsignedLogoutRequest:
            ["TC_FUNCT_04", "MPX-SLO-18", "MPX-SLO-23", "MPX-SLO-24", "MPX-SLO-25", "MPX-SLO-26", "MPX-SLO-27",
            "MPX-SLO-28"]
        case .logoutRequestWithoutSessionIndex:
            ["TC_FUNCT_04", "MPX-SLO-19", "MPX-SLO-23", "MPX-SLO-24", "MPX-SLO-25", "MPX-SLO-26", "MPX-SLO-27",
            "MPX-SLO-28"]
        case .staleLogoutRequest:
            ["TC_FUNCT_04", "MPX-SLO-21", "MPX-SLO-23", "MPX-SLO-24", "MPX-SLO-25", "MPX-SLO-26", "MPX-SLO-27",
            "MPX-SLO-28"]
        case .sessionCookieNoSameSite:
            ["MPX-MSG-12"]
        case .cacheableProtectedPage:
            ["MPX-MSG-10"]
        case .noAuthnRequestDestination:
            ["MPX-MSG-04"]
        case .unregisteredACSURL:
            ["MPX-MSG-07"]
        case .expandInternalEntities:
            ["MPX-XML-02", "MPX-XML-03", "MPX-XML-06", "MPX-XML-07"]
        case .lenientBase64:
            ["MPX-XML-14"]
        case .forbiddenOnCancel:
            ["TC_FUNCT_03", "MPX-RSP-46", "MPX-RSP-47", "MPX-RSP-48", "MPX-RSP-49", "MPX-RSP-50"]
        case .friendlyErrorOnCancel:
            ["TC_FUNCT_03", "MPX-RSP-46", "MPX-RSP-47", "MPX-RSP-48", "MPX-RSP-49", "MPX-RSP-50"]
        case .skipEmptyValueChecks:
            ["MPX-RSP-04", "MPX-RSP-12", "MPX-RSP-27", "MPX-RSP-32", "MPX-RSP-63", "MPX-RSP-78", "MPX-RSP-81", "MPX-RSP-96",
            "MPX-RSP-97", "MPX-RSP-98", "MPX-RSP-99", "MPX-RSP-100", "MPX-RSP-101", "MPX-RSP-102", "MPX-RSP-103",
            "MPX-RSP-104", "MPX-RSP-105", "MPX-RSP-106"]
        case .readIdentityWithSecondParser:
            ["MPX-SIG-46", "MPX-SIG-47", "MPX-XML-02", "MPX-XML-03", "MPX-XML-06", "MPX-XML-07", "MPX-XML-15"]
        default:
            []
        }
    }
}

extension ServiceWeakness {
    /// The weaknesses (raw values) whose `caughtBy` names `caseID`: the `provenBy` column of
    /// `mpass-harness cases --format json`.
    public static func proving(_ caseID: String) -> [String] {
        allCases.filter { $0.caughtBy.contains(caseID) }.map(\.rawValue)
    }
}
