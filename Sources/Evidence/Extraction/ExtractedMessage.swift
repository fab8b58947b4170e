import Foundation
import MPassSAML

/// One SAML message found in a recording, decoded, classified and placed in time.
///
/// A message is usually seen more than once (the IdP's `Location` header and the browser's
/// next request carry the same Redirect URL; an auto-submit page and the POST it makes carry
/// the same form): it is kept once, with every place it was seen in `sightings`.
public struct ExtractedMessage: Sendable {
    /// Which way the message travelled, judged by where it was sent.
    public enum Direction: String, Sendable, Codable {
        /// Sent to the identity provider (its URL is under the IdP base URL): the Service wrote it.
        case toIdentityProvider = "to-idp"
        /// Sent anywhere else: the identity provider wrote it, for the Service.
        case toService = "to-service"
    }

    /// Where in an exchange the message was seen.
    public enum Place: String, Sendable, Codable {
        /// The query of the request URL (HTTP-Redirect arriving).
        case requestURL = "request-url"
        /// A form body posted (HTTP-POST arriving).
        case requestBody = "request-body"
        /// The `Location` of a redirect response (HTTP-Redirect leaving).
        case responseLocation = "response-location"
        /// An HTML page that posts a form (HTTP-POST leaving).
        case responsePage = "response-page"
        /// Only SAML-tracer's decoded copy was usable (its export filter had hashed the form values).
        case samlTracerDecoded = "saml-tracer-decoded"
    }

    public struct Sighting: Sendable, Equatable, Codable {
        /// The recording's source (file path).
        public var recording: String
        /// Index of the HAR entry in that recording.
        public var entry: Int
        public var place: Place
    }

    /// Position among the messages of its recording set, from 0.
    public var index: Int
    public var binding: HTTPBinding
    /// The parameter that carried it.
    public var field: SAMLMessageField
    /// The root element's kind; nil when the XML is not a SAML protocol message (see `problem`).
    public var kind: SAMLMessage.Kind?
    public var direction: Direction
    /// Where it was sent, without the query.
    public var url: String
    /// When the recording shows it first (the entry's `startedDateTime`): the clock a replay freezes.
    public var recordedAt: Date?
    /// The message as decoded (inflated for Redirect); empty when decoding failed.
    public var xml: Data
    public var relayState: String?
    /// HTTP-Redirect only: the query exactly as recorded (its signature covers these bytes).
    public var rawQuery: String?
    /// HTTP-Redirect only: the decoded binding message, whose `verifySignature(policy:)`
    /// checks the query signature.
    public var redirect: RedirectBindingMessage?
    public var messageID: String?
    public var inResponseTo: String?
    public var issuer: String?
    /// The `Destination` attribute as written in the message.
    public var destination: String?
    public var sightings: [Sighting]
    /// Why the message could not be decoded or parsed (bad base64, not XML, not SAML); nil when it was.
    public var problem: String?

    /// A one-line label for reports: `AuthnRequest _abc… (HTTP-POST, to-idp)`.
    public var label: String {
        "\(kind?.rawValue ?? field.parameterName) \(messageID ?? "(no ID)") (\(binding.name), \(direction.rawValue))"
    }
}
