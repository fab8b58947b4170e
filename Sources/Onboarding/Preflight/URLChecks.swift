import Foundation
import MPassSAML

/// The checks on the URLs AGE registers for one environment: ACS, LogoutRequest and
/// LogoutResponse. Present, absolute, HTTPS and not localhost in production (staging
/// accepts localhost); whether each answers is probed separately.
struct URLChecks {
    enum Kind: String, CaseIterable {
        case acs, logoutRequest, logoutResponse

        var label: String {
            switch self {
            case .acs: "ACS URL"
            case .logoutRequest: "LogoutRequest URL"
            case .logoutResponse: "LogoutResponse URL"
            }
        }

        var field: String {
            switch self {
            case .acs: "acs_url"
            case .logoutRequest: "logout_request_url"
            case .logoutResponse: "logout_response_url"
            }
        }

        /// The official library's path, for the fix text.
        var examplePath: String {
            switch self {
            case .acs: "/mpass-login"
            case .logoutRequest: "/mpass-slo"
            case .logoutResponse: "/mpass-logout"
            }
        }
    }

    let environment: String
    let isProduction: Bool
    let fieldPrefix: String

    /// The items for one URL, and the URL when it is absolute http(s) (to probe).
    func check(_ text: String?, kind: Kind) -> (items: [PreflightItem], probe: URL?) {
        let subject = "\(environment) \(kind.label)"
        func item(_ id: String, _ status: PreflightStatus, _ detail: String, fix: String? = nil) -> PreflightItem {
            PreflightItem(id, .urls, subject: subject, status: status, detail: detail, fix: fix)
        }
        let example = isProduction ? "https://service.example.md\(kind.examplePath)" : "https://localhost:5001\(kind.examplePath)"
        guard let text, !text.isEmpty else {
            return ([item("url.present", .fail, "not given", fix: "add `\(fieldPrefix).\(kind.field): \(example)`"),
                     item("url.absolute", .skip, "no URL"), item("url.https", .skip, "no URL"),
                     item("url.not-localhost", .skip, "no URL")], nil)
        }
        var items = [item("url.present", .pass, text)]
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty, let url = components.url else {
            return (items + [item("url.absolute", .fail, "\"\(text)\" is not an absolute http(s) URL",
                                  fix: "write the full URL AGE will post to, with scheme and host, e.g. \(example)"),
                             item("url.https", .skip, "not an absolute URL"), item("url.not-localhost", .skip, "not an absolute URL")], nil)
        }
        items.append(item("url.absolute", .pass, "absolute"))
        if let refusal = GovernmentEndpoints.refusal(text, what: subject) {
            items.append(item("url.not-production-idp", .fail, refusal, fix: "give your own Service's URL, not MPass's or MNotify's"))
            return (items, nil)
        }
        let loopback = NetworkAddress.isLoopback(host: host)
        // MPass security considerations: all browser traffic of login and logout over HTTPS.
        if scheme == "https" {
            items.append(item("url.https", .pass, "HTTPS"))
        } else if isProduction {
            items.append(item("url.https", .fail, "production uses plain HTTP; MPass requires all browser traffic of login and logout over HTTPS",
                              fix: "serve the Service over HTTPS and register \(text.replacingOccurrences(of: "http://", with: "https://"))"))
        } else if loopback {
            items.append(item("url.https", .warn, "plain HTTP on \(host); browsers drop SameSite=None cookies over HTTP, and the sample registration uses https://localhost:5001",
                              fix: "serve the test deployment over HTTPS (a self-signed certificate is fine on localhost)"))
        } else {
            items.append(item("url.https", .warn, "plain HTTP; MPass requires all browser traffic of login and logout over HTTPS",
                              fix: "serve the test deployment over HTTPS"))
        }
        // MPass guide: staging accepts a localhost ACS URL; production does not.
        if loopback && isProduction {
            items.append(item("url.not-localhost", .fail, "\(host) is this machine; production MPass does not accept localhost",
                              fix: "register the production Service's public address, e.g. \(example)"))
        } else if loopback {
            items.append(item("url.not-localhost", .pass, "\(host): staging accepts localhost"))
        } else if isProduction, NetworkAddress.isPrivate(host) {
            items.append(item("url.not-localhost", .fail, "\(host) is a private address that browsers outside your network cannot reach",
                              fix: "register the production Service's public name, e.g. \(example)"))
        } else {
            items.append(item("url.not-localhost", .pass, host))
        }
        return (items, url)
    }

    static func reachability(_ probe: EndpointProbe?, url: URL, subject: String) -> PreflightItem {
        switch probe {
        case nil:
            return PreflightItem("url.reachable", .urls, subject: subject, status: .skip, detail: "not probed (--offline)")
        case .answered(let status, let milliseconds)?:
            return PreflightItem("url.reachable", .urls, subject: subject, status: .pass,
                                 detail: "answered HTTP \(status) in \(milliseconds) ms")
        case .noAnswer(let reason)?:
            return PreflightItem("url.reachable", .urls, subject: subject, status: .warn,
                                 detail: "\(url.absoluteString) did not answer from here: \(reason)",
                                 fix: "fine if that deployment is not up yet or not reachable from this machine; AGE's tests need it reachable from the browser that logs in")
        }
    }
}
