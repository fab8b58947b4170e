/// A protocol endpoint of SAML metadata (`md:EndpointType`, Metadata 2.2.2): a binding, the
/// `Location` that receives requests, and an optional `ResponseLocation` for responses.
public struct MetadataEndpoint: Sendable, Equatable {
    /// The binding URI as written (unknown bindings such as SOAP are kept, not dropped).
    public var bindingURI: String
    public var location: String
    /// Where responses go when not to `location` (MPass's Services take LogoutRequests at
    /// `/mpass-slo` and LogoutResponses at `/mpass-logout`).
    public var responseLocation: String?

    public init(binding: HTTPBinding, location: String, responseLocation: String? = nil) {
        self.init(bindingURI: binding.uri, location: location, responseLocation: responseLocation)
    }

    public init(bindingURI: String, location: String, responseLocation: String? = nil) {
        self.bindingURI = bindingURI
        self.location = location
        self.responseLocation = responseLocation
    }

    /// The binding, when it is one of the two HTTP bindings this library speaks.
    public var binding: HTTPBinding? { HTTPBinding(rawValue: bindingURI) }

    /// Writes this endpoint as `md:<name>` under `parent`.
    @discardableResult
    func write(_ name: String, under parent: XMLElement) -> XMLElement {
        let element = parent.addChild(name, .md)
        element.setAttribute("Binding", bindingURI)
        element.setAttribute("Location", location)
        if let responseLocation { element.setAttribute("ResponseLocation", responseLocation) }
        return element
    }

    /// Reads `md:<name>` children of `parent`; an element without Binding or Location is
    /// returned in `broken` so the reader can name it.
    static func read(_ name: String, in parent: XMLElement) -> (endpoints: [MetadataEndpoint], broken: Int) {
        var endpoints: [MetadataEndpoint] = []
        var broken = 0
        for element in parent.children(name, .md) {
            guard let binding = element.attribute("Binding"), !binding.isEmpty,
                  let location = element.attribute("Location"), !location.isEmpty else {
                broken += 1
                continue
            }
            endpoints.append(MetadataEndpoint(bindingURI: binding, location: location,
                                              responseLocation: element.attribute("ResponseLocation")))
        }
        return (endpoints, broken)
    }
}
