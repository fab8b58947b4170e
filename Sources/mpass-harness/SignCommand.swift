import ArgumentParser
import Foundation
import MPassSAML
import MPassSimulator

/// How a signed message is printed.
enum MessageOutputForm: String, ExpressibleByArgument, CaseIterable {
    /// The signed XML.
    case xml
    /// The form value (base64 of the signed XML).
    case base64
    /// The auto-submitting HTML page of the HTTP-POST binding.
    case postPage = "post-page"
    /// The HTTP-Redirect binding URL: the message deflated, without an enveloped signature,
    /// the query signed (`SigAlg`, `Signature`).
    case redirectURL = "redirect-url"
}

/// Options every `sign` subcommand shares.
struct SignOptions: ParsableArguments {
    @OptionGroup var credential: CredentialOptions

    @Option(help: "The sender's Issuer (the Service's registered issuer, usually a URL).")
    var issuer: String

    @Option(help: "Message ID (default: '_' and 32 random hex digits).")
    var id: String?

    @Option(help: "IssueInstant, UTC (default: now), e.g. 2026-11-22T10:00:00Z.")
    var now: String?

    @Option(help: "What to print: \(MessageOutputForm.allCases.map(\.rawValue).joined(separator: ", ")).")
    var output: MessageOutputForm = .xml

    @Option(help: "RelayState for the post-page and redirect-url outputs (at most 80 bytes).")
    var relayState: String?

    func instant() throws -> Date { try SAMLInstant.commandLineNow(now) }

    func signer() throws -> XMLSigner {
        XMLSigner(identity: try credential.loadIdentity(now: try instant()))
    }

    /// Prints `message` in the chosen form. `unsigned` builds the same message without an
    /// enveloped signature (the Redirect binding signs the query instead).
    func emit(_ field: SAMLMessageField, destination: String, signed: () throws -> XMLDocument,
              unsigned: () throws -> XMLDocument) throws {
        try reportingErrors {
            switch output {
            case .xml: print(try signed().serializedString(), terminator: "")
            case .base64: print(try signed().serialized().base64EncodedString())
            case .postPage:
                print(try HTTPPostBinding.encode(try signed().serialized(), as: field, action: destination, relayState: relayState).page().html)
            case .redirectURL:
                let key = try signer().identity.privateKey
                print(try HTTPRedirectBinding.encode(try unsigned().serialized(), as: field, destination: destination,
                                                     relayState: relayState, signingKey: key).url)
            }
        }
    }

    func validate() throws {
        try refuseProductionURLs(["--issuer": issuer])
    }
}

struct SignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign",
        abstract: "Build and sign a SAML message the way MPass expects (RSA-SHA256, exclusive c14n, Signature after Issuer).",
        subcommands: [AuthnRequestCommand.self, LogoutRequestCommand.self, LogoutResponseCommand.self, ResponseCommand.self]
    )

    struct AuthnRequestCommand: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "authn-request", abstract: "A Service's AuthnRequest to MPass.")

        @OptionGroup var options: SignOptions

        @Option(help: "MPass's SSO URL.")
        var destination: String = MPassEnvironment.staging.singleSignOnURL

        @Option(name: .customLong("acs-url"), help: "AssertionConsumerServiceURL (default: the one registered with MPass).")
        var acsURL: String?

        @Flag(help: "Ask MPass to authenticate again even inside a live session.")
        var forceAuthn = false

        @Flag(help: "Ask MPass not to interact with the user.")
        var isPassive = false

        @Option(help: "MPass UI language added to the destination URL: ro, ru or en.")
        var lang: String?

        func validate() throws {
            if let lang, !["ro", "ru", "en"].contains(lang) { throw ValidationError("--lang must be ro, ru or en") }
            try refuseProductionURLs(["--destination": destination, "--acs-url": acsURL])
        }

        func run() throws {
            let request = AuthnRequest(id: options.id ?? SAMLIdentifier.make(), issueInstant: try options.instant(),
                                       destination: destination, issuer: options.issuer, assertionConsumerServiceURL: acsURL,
                                       forceAuthn: forceAuthn ? true : nil, isPassive: isPassive ? true : nil)
            // The `lang` parameter goes on the URL the browser is sent to, not into Destination.
            let url = request.destinationURL(language: lang) ?? destination
            try options.emit(.request, destination: url, signed: { try request.signedDocument(signer: try options.signer()) },
                             unsigned: { try request.document() })
        }
    }

    struct LogoutRequestCommand: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "logout-request", abstract: "A LogoutRequest (the Service's, to MPass's SLO URL).")

        @OptionGroup var options: SignOptions

        @Option(help: "The SLO URL it is sent to.")
        var destination: String = MPassEnvironment.staging.singleLogoutURL

        @Option(name: .customLong("name-id"), help: "The NameID received in the Assertion.")
        var nameID: String

        @Option(help: "The SessionIndex received in the Assertion's AuthnStatement.")
        var sessionIndex: String

        func validate() throws {
            try refuseProductionURLs(["--destination": destination])
        }

        func run() throws {
            let request = LogoutRequest(id: options.id ?? SAMLIdentifier.make(), issueInstant: try options.instant(),
                                        destination: destination, issuer: options.issuer, nameID: NameID(nameID),
                                        sessionIndex: sessionIndex)
            try options.emit(.request, destination: destination, signed: { try request.signedDocument(signer: try options.signer()) },
                             unsigned: { try request.document() })
        }
    }

    struct LogoutResponseCommand: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "logout-response", abstract: "A LogoutResponse answering a LogoutRequest.")

        @OptionGroup var options: SignOptions

        @Option(help: "The SLO URL it is sent to.")
        var destination: String = MPassEnvironment.staging.singleLogoutURL

        @Option(help: "The ID of the LogoutRequest answered.")
        var inResponseTo: String

        @Option(help: "Status code URI (default Success).")
        var status: String = SAMLURI.statusSuccess

        func validate() throws {
            try refuseProductionURLs(["--destination": destination])
        }

        func run() throws {
            let response = LogoutResponse(id: options.id ?? SAMLIdentifier.make(), issueInstant: try options.instant(),
                                          destination: destination, inResponseTo: inResponseTo, issuer: options.issuer,
                                          status: Status(code: status))
            try options.emit(.response, destination: destination, signed: { try response.signedDocument(signer: try options.signer()) },
                             unsigned: { try response.document() })
        }
    }

    struct ResponseCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "response",
            abstract: "An MPass-shaped Response with an Assertion, signed with a test IdP identity (for trying a Service's checks).")

        @OptionGroup var options: SignOptions

        @Option(help: "The Service's ACS URL (Destination and Recipient).")
        var destination: String

        @Option(help: "The Service's Issuer (Audience).")
        var audience: String

        @Option(help: "The AuthnRequest ID answered.")
        var inResponseTo: String?

        @Option(name: .customLong("name-id"), help: "The user's NameID (an IDNP).")
        var nameID: String = "2001234567890"

        @Option(help: "Attributes as Name=value (repeat for several values or names).")
        var attribute: [String] = []

        @Flag(help: "Also sign the Assertion.")
        var signAssertion = false

        func validate() throws {
            try refuseProductionURLs(["--destination": destination, "--audience": audience])
        }

        func run() throws {
            let now = try options.instant()
            var login = LoginResponse(issuer: options.issuer, acsURL: destination, audience: audience, inResponseTo: inResponseTo,
                                      nameID: nameID, sessionIndex: SAMLIdentifier.make(), authnInstant: now)
            for pair in attribute {
                guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
                    throw ValidationError("--attribute must be Name=value; got \"\(pair)\"")
                }
                login.addAttribute(String(pair[..<equals]), value: String(pair[pair.index(after: equals)...]))
            }
            let response = login.response(id: options.id ?? SAMLIdentifier.make(), at: now)
            guard options.output != .redirectURL else {
                throw ValidationError("a Response travels by HTTP-POST only (MPass answers with HTTP-POST); choose --output xml, base64 or post-page")
            }
            try options.emit(.response, destination: destination, signed: {
                try response.signedDocument(signer: try options.signer(), signResponse: true, signAssertion: signAssertion)
            }, unsigned: { try response.document() })
        }
    }
}
