import Foundation
import HarnessModel
import MPassSAML

/// Each case's sequence diagram, from the run's HAR evidence and its report.
///
/// A case's exchanges are the entries labelled with its id (`_case`), in recording order;
/// recordings without labels (a replayed browser export) use the step `exchangeIDs` instead,
/// when there is only one recording for them to index. Each exchange is a request from the
/// browser to the party its host belongs to (the Service when it is the target's, MPass when
/// it is the identity provider's, else the host itself) and the answer back. Each SAML message
/// the entries carry (`SAMLMessageExtractor`) is drawn where it arrived, from the party that
/// wrote it to the one it is for, with the verdict of the case's `MessageEvidence` of the same
/// kind and ID; a message the case judged but the exchanges do not show is drawn at the end.
/// Against the simulator, a message to the Service is the harness's own: it is drawn as sent
/// by the harness, with the case's fault (`CaseResult.fault`), never with a verdict.
public enum CaseDiagrams {
    /// Exchanges drawn per case; a longer case is drawn up to this many and says how many more it had.
    public static let exchangeLimit = 40
    /// Lifelines drawn per case; hosts beyond them share one, `other hosts`.
    public static let participantLimit = 5
    static let otherHosts = "other hosts"

    public static func build(_ report: RunReport, recordings: [Recording]) -> [String: SequenceDiagram] {
        let labelled = recordings.flatMap { recording in recording.har.log.entries.filter { $0.caseID != nil } }
        let byCase = Dictionary(grouping: labelled, by: { $0.caseID ?? "" })
        var diagrams: [String: SequenceDiagram] = [:]
        for result in report.cases where diagrams[result.id] == nil {
            var entries = byCase[result.id] ?? []
            if entries.isEmpty, labelled.isEmpty, recordings.count == 1 {
                let wanted = Set(result.steps.flatMap { $0.exchangeIDs ?? [] })
                entries = recordings[0].har.log.entries.enumerated()
                    .filter { wanted.contains($0.element.sequence ?? $0.offset) }.map(\.element)
            }
            guard !entries.isEmpty || !result.messages.isEmpty else { continue }
            diagrams[result.id] = diagram(result, entries: entries, report: report)
        }
        return diagrams
    }

    static func diagram(_ result: CaseResult, entries allEntries: [HAR.Entry], report: RunReport) -> SequenceDiagram {
        let entries = Array(allEntries.prefix(exchangeLimit))
        var diagram = SequenceDiagram(omittedExchanges: allEntries.count - entries.count)
        let parties = Parties(serviceBaseURL: report.target.baseURL, idpBaseURL: report.idp.baseURL)
        func index(of name: String) -> Int {
            if let found = diagram.participants.firstIndex(of: name) { return found }
            if diagram.participants.count >= participantLimit - 1, name != otherHosts { return index(of: otherHosts) }
            diagram.participants.append(name)
            return diagram.participants.count - 1
        }
        let browser = index(of: SequenceDiagram.browser)
        let service = index(of: SequenceDiagram.service)
        let mpass = index(of: SequenceDiagram.mpass)

        let recording = Recording(source: "case \(result.id)", format: .harness,
                                  har: HAR(log: HAR.Log(creator: HAR.Creator(name: ToolInfo.name, version: ToolInfo.version), entries: entries)))
        let found = SAMLMessageExtractor(identityProviderBaseURL: report.idp.baseURL).messages(in: recording)
        // Where each message arrived: every request that carried it (a message posted again,
        // as a replay case does, arrives twice), or, if no request did, the answer that sent
        // it on its way.
        var arrivals: [Int: [ExtractedMessage]] = [:]
        var departures: [Int: [ExtractedMessage]] = [:]
        for message in found {
            let carriers = Set(message.sightings.filter { [.requestURL, .requestBody, .samlTracerDecoded].contains($0.place) }.map(\.entry))
            if !carriers.isEmpty {
                for entry in carriers { arrivals[entry, default: []].append(message) }
            } else if let left = message.sightings.first {
                departures[left.entry, default: []].append(message)
            }
        }

        var unused = Array(result.messages.indices)
        // Against the simulator, every message to the Service is the harness's own.
        let harnessWrites = report.idp.kind == .simulator
        // The case's fault is in what the harness sent from the moment the case armed it to
        // its positive control: not in a clean prerequisite login before, nor in the control's
        // clean messages after (nor in a message with no place in the evidence, when either
        // mark is known).
        func fault(at sequence: Int?) -> String? {
            let from = result.faultFromExchange, to = result.controlFromExchange
            guard from != nil || to != nil else { return result.fault }
            guard let sequence else { return nil }
            return (from ?? Int.min) <= sequence && sequence < (to ?? Int.max) ? result.fault : nil
        }
        func messageArrow(_ message: ExtractedMessage, at sequence: Int?, suffix: String = "") -> SequenceDiagram.Arrow {
            let kind = message.kind?.rawValue ?? message.field.parameterName
            let (from, to) = message.direction == .toIdentityProvider ? (service, mpass) : (mpass, service)
            let label = "\(kind) (\(message.binding == .post ? "POST" : "Redirect"))\(suffix)"
            if harnessWrites, message.direction != .toIdentityProvider {
                if let position = unused.firstIndex(where: { candidate in
                    let evidence = result.messages[candidate]
                    return evidence.kind == kind && !evidence.id.isEmpty && evidence.id == message.messageID
                }) { unused.remove(at: position) }
                return sentByHarness(from: from, to: to, label: label, fault: fault(at: sequence))
            }
            guard let position = unused.firstIndex(where: { candidate in
                let evidence = result.messages[candidate]
                return evidence.kind == kind && !evidence.id.isEmpty && evidence.id == message.messageID
            }) else {
                return SequenceDiagram.Arrow(kind: .message, from: from, to: to, label: label, verdict: .notChecked)
            }
            let evidence = result.messages[unused.remove(at: position)]
            return arrow(for: evidence, from: from, to: to, label: label)
        }

        for (position, entry) in entries.enumerated() {
            let party = index(of: parties.name(of: entry.request.url))
            diagram.arrows.append(SequenceDiagram.Arrow(kind: .request, from: browser, to: party,
                                                        label: "\(entry.request.method) \(URLLabel.short(entry.request.url))",
                                                        exchange: entry.sequence))
            for message in arrivals[position] ?? [] { diagram.arrows.append(messageArrow(message, at: entry.sequence)) }
            diagram.arrows.append(SequenceDiagram.Arrow(kind: .response, from: party, to: browser, label: answer(entry)))
            for message in departures[position] ?? [] { diagram.arrows.append(messageArrow(message, at: entry.sequence, suffix: ", not delivered")) }
        }
        for position in unused {
            let evidence = result.messages[position]
            let (from, to) = evidence.direction == .serviceToIdP ? (service, mpass) : (mpass, service)
            let label = "\(evidence.kind) (\(evidence.binding.rawValue)), no recorded exchange"
            diagram.arrows.append(harnessWrites && evidence.direction == .idpToService
                ? sentByHarness(from: from, to: to, label: label, fault: fault(at: nil))
                : arrow(for: evidence, from: from, to: to, label: label))
        }
        return diagram
    }

    /// A message the harness wrote (the simulator's), with the case's fault when it applied one.
    private static func sentByHarness(from: Int, to: Int, label: String, fault: String?) -> SequenceDiagram.Arrow {
        SequenceDiagram.Arrow(kind: .message, from: from, to: to, label: label, verdict: .sentByHarness, fault: fault)
    }

    private static func arrow(for evidence: MessageEvidence, from: Int, to: Int, label: String) -> SequenceDiagram.Arrow {
        let checks = evidence.checks.checks
        let failed = evidence.checks.failures.map(\.id.rawValue)
        return SequenceDiagram.Arrow(kind: .message, from: from, to: to, label: label,
                                     verdict: checks.isEmpty ? .notChecked : failed.isEmpty ? .valid : .invalid,
                                     failedChecks: failed, checkCount: checks.count)
    }

    /// `302 → /sso?…`, `200 OK`, or why there was no answer.
    private static func answer(_ entry: HAR.Entry) -> String {
        let response = entry.response
        guard response.status > 0 else {
            return "no answer" + (response.error.map { ": \($0)" } ?? "")
        }
        let location = response.headers.first { $0.name.lowercased() == "location" }?.value
            ?? (response.redirectURL.isEmpty ? nil : response.redirectURL)
        if (300..<400).contains(response.status), let location {
            return "\(response.status) → \(URLLabel.short(location))"
        }
        return response.statusText.isEmpty ? "\(response.status)" : "\(response.status) \(response.statusText)"
    }

    /// Which lifeline a URL's host belongs to.
    struct Parties {
        let service: (host: String, port: Int?)?
        let idp: (host: String, port: Int?)?

        init(serviceBaseURL: String, idpBaseURL: String) {
            service = Self.origin(serviceBaseURL)
            idp = Self.origin(idpBaseURL)
        }

        func name(of url: String) -> String {
            guard let origin = Self.origin(url) else { return SequenceDiagram.service }
            if let idp, idp == origin { return SequenceDiagram.mpass }
            if let service, service == origin { return SequenceDiagram.service }
            return origin.port.map { "\(origin.host):\($0)" } ?? origin.host
        }

        /// Host (lowercased) and port (the scheme's default when absent).
        static func origin(_ url: String) -> (host: String, port: Int?)? {
            guard let components = URLComponents(string: url), let host = components.host?.lowercased(), !host.isEmpty else {
                return nil
            }
            let scheme = components.scheme?.lowercased()
            return (host, components.port ?? (scheme == "https" ? 443 : scheme == "http" ? 80 : nil))
        }
    }
}

/// URLs as a diagram labels them: the path, not the query (a SAML message is a long blob of
/// base64 that says nothing to a reader); `?…` marks that there was one.
enum URLLabel {
    static let pathLimit = 48

    static func short(_ url: String) -> String {
        let withoutFragment = url.prefix { $0 != "#" }
        let hasQuery = withoutFragment.contains("?")
        var path = withoutFragment.prefix { $0 != "?" }
        // Read by hand, not with URLComponents: a hostile URL that does not parse still gets its path.
        if let schemeEnd = path.range(of: "://") {
            let afterHost = path[schemeEnd.upperBound...]
            path = afterHost.firstIndex(of: "/").map { afterHost[$0...] } ?? "/"
        }
        var label = String(path)
        if label.count > pathLimit {
            label = String(label.prefix(pathLimit / 2 - 1)) + "…" + String(label.suffix(pathLimit / 2))
        }
        return label + (hasQuery ? "?…" : "")
    }
}
