import Dispatch
import Evidence
import Foundation
import HarnessModel
import MPassSAML
import Vocabulary

/// `replay`: recordings in, a run report out, with no network and no wall clock.
///
/// For each recording: find every SAML message (`SAMLMessageExtractor`), rebuild the flows
/// (`FlowBuilder`), give each message the expectations its flow implies (who sent it, which
/// request it answers, which session it ends), verify them all on every core with the clock
/// frozen at the recorded time (`RecordedMessageVerifier`), judge the flows against what the
/// Service then did (`FlowJudge`) and turn them into cases (`CaseAssembler`).
///
/// Deterministic: every time in the report comes from the recordings, results keep the
/// recordings' order, so the same recordings give the same report.json, byte for byte.
public struct ReplayEngine: Sendable {
    public var overrides: ReplayOverrides
    /// Verify on every core (the default); off, one message after another.
    public var parallel: Bool

    public init(overrides: ReplayOverrides = ReplayOverrides(), parallel: Bool = true) {
        self.overrides = overrides
        self.parallel = parallel
    }

    public struct Outcome: Sendable {
        public var report: RunReport
        /// SAML messages found and verified.
        public var messageCount: Int
        /// Where certificates and URLs came from, per recording, for the person reading.
        public var notes: [String]
        /// Each recording's judged flows, in recording order (what `report verify` checks a
        /// verdict the replay cannot re-derive against).
        var judged: [JudgedRecording] = []
    }

    /// One recording's flows as judged, with what the Service did in it.
    struct JudgedRecording: Sendable {
        var flows: [JudgedFlow]
        var observations: ServiceObservations?
    }

    /// Replays recording files and folders (their `.har` and `.json` files, in name order).
    public func replay(paths: [String]) throws -> Outcome {
        try replay(RecordingReader.read(paths: paths))
    }

    public func replay(_ recordings: [Recording]) throws(HarnessError) -> Outcome {
        var notes: [String] = []
        var setups: [ReplaySetup] = []
        for recording in recordings {
            let setup = try overrides.setup(for: recording)
            setups.append(setup)
            notes += setup.notes.map { "\(recording.source): \($0)" }
            if recording.timesAreExportTime {
                notes.append("\(recording.source): a SAML-tracer export gives only the export time; freshness is judged at that time")
            }
        }
        // Recordings are independent: with several, each core takes whole recordings (finding
        // the messages is as much work as verifying them); with one, its messages are spread.
        let perRecording = ReplaySlots<(cases: [CaseResult], messageCount: Int, notes: [String], judged: JudgedRecording)>(count: recordings.count)
        let frozenSetups = setups
        if parallel && recordings.count > 1 {
            DispatchQueue.concurrentPerform(iterations: recordings.count) { index in
                perRecording.set(index, replay(recordings[index], setup: frozenSetups[index], parallelMessages: false))
            }
        } else {
            for index in recordings.indices {
                perRecording.set(index, replay(recordings[index], setup: setups[index], parallelMessages: parallel))
            }
        }
        let results = perRecording.values.map { $0 ?? ([], 0, [], JudgedRecording(flows: [], observations: nil)) }
        let cases = results.flatMap(\.cases)
        notes += results.flatMap(\.notes)
        let messageCount = results.reduce(0) { $0 + $1.messageCount }
        let firstSetup = setups.first
        let times = recordings.flatMap { $0.har.log.entries.compactMap(\.startedAt) }
        guard messageCount > 0, let setup = firstSetup else {
            let names = recordings.map(\.source).joined(separator: ", ")
            throw HarnessError(.replayNoMessages,
                "no SAML message found in \(names.isEmpty ? "the recordings" : names): record the whole login (with the request to MPass and the POST back to the Service), with response bodies")
        }
        let report = RunReport(
            tool: RunReport.Tool(name: ToolInfo.name, version: ToolInfo.version),
            startedAt: times.min() ?? Date(timeIntervalSince1970: 0), finishedAt: times.max() ?? Date(timeIntervalSince1970: 0),
            target: RunReport.Target(name: setup.service.name, baseURL: setup.service.baseURL, issuer: setup.service.issuer),
            idp: RunReport.IdentityProvider(kind: setup.identityProvider.kind, baseURL: setup.identityProvider.baseURL,
                                            issuer: setup.identityProvider.issuer),
            plan: "replay", cases: cases)
        return Outcome(report: report, messageCount: messageCount, notes: notes, judged: results.map(\.judged))
    }

    /// One recording: its cases, how many messages it held, and what it showed but could not judge.
    func replay(_ recording: Recording, setup: ReplaySetup, parallelMessages: Bool)
        -> (cases: [CaseResult], messageCount: Int, notes: [String], judged: JudgedRecording) {
        let messages = SAMLMessageExtractor(identityProviderBaseURL: setup.identityProvider.baseURL).messages(in: recording)
        guard !messages.isEmpty else { return ([], 0, [], JudgedRecording(flows: [], observations: nil)) }
        let entries = recording.har.log.entries
        let flows = FlowBuilder.flows(of: messages, entries: entries)
        let (jobs, facts) = Self.jobs(messages: messages, flows: flows, setup: setup)
        let reports = RecordedMessageVerifier.verify(jobs, parallel: parallelMessages)

        let observations = ServiceObservations(entries: entries, setup: setup)
        let judge = FlowJudge(observations: observations, messages: messages, reports: reports, facts: facts, setup: setup)
        let judged = flows.enumerated().map { index, flow in
            // A flow's evidence runs to the next flow of the same case (or, unlabelled, the next flow).
            let next = flows[(index + 1)...].first { $0.caseLabel == flow.caseLabel }?.firstEntry
                ?? (flow.caseLabel == nil ? entries.count : (entries.lastIndex { $0.caseID == flow.caseLabel }.map { $0 + 1 } ?? entries.count))
            return judge.judge(flow, until: next)
        }
        let assembler = CaseAssembler(observations: observations, protectedKnown: setup.service.protectedURL != nil,
                                      source: (recording.source as NSString).lastPathComponent)
        return (assembler.cases(judged), messages.count, assembler.abandonedLogins(judged) + Self.algorithmNotes(reports),
                JudgedRecording(flows: judged, observations: observations))
    }

    /// A note for each SHA-1 algorithm MPass's messages were accepted with (their checks say
    /// WARN in the report), so the console shows it too.
    static func algorithmNotes(_ reports: [ValidationReport]) -> [String] {
        let algorithms = CheckID.signatureAlgorithmChecks.union(CheckID.digestAlgorithmChecks)
        let warned = reports.flatMap(\.checks).filter { $0.isWarning && algorithms.contains($0.id) }
        let kinds = Set(reports.filter { $0.checks.contains { $0.isWarning && algorithms.contains($0.id) } }.map(\.messageKind))
        guard !warned.isEmpty else { return [] }
        return ["MPass signs with RSA-SHA1/SHA-1 (\(kinds.sorted().joined(separator: ", "))): accepted from the pinned certificate with a WARN; --strict-idp-algorithm makes it a FAIL"]
    }

    /// The expectations each message is checked with, from its flow: who sent it (MPass's
    /// certificate or the Service's), what it answers, which session it ends, which IDs
    /// the recording already used.
    static func jobs(messages: [ExtractedMessage], flows: [RecordedFlow], setup: ReplaySetup)
        -> ([VerificationJob], [Int: FlowClassification.ResponseFacts]) {
        var checks = [VerificationJob.Check](repeating: .none, count: messages.count)
        var facts: [Int: FlowClassification.ResponseFacts] = [:]
        var seenIDs: Set<String> = []
        var session: (nameID: String?, sessionIndex: String?)?
        let service = setup.service
        let idp = setup.identityProvider
        let serviceIssuer = { (index: Int?) in service.issuer ?? index.flatMap { messages[$0].issuer } }
        // MPass's own messages only: its RSA-SHA1 is a WARN unless --strict-idp-algorithm.
        let fromMPass = { (expectations: RequestExpectations) in
            var lenient = expectations
            lenient.warnOnWeakAlgorithms = !idp.strictAlgorithm
            return lenient
        }

        // A redelivery is the same message as its first delivery, checked once, with that flow.
        for flow in flows where flow.redelivery == nil {
            let requestID = flow.request.flatMap { messages[$0].messageID }
            switch flow.kind {
            case .login:
                if let request = flow.request {
                    checks[request] = .authnRequest(RequestExpectations(
                        pinnedCertificates: service.certificates, issuer: service.issuer, destination: idp.singleSignOnURL,
                        registeredACSURLs: service.acsURL.map { [$0] }, seenIDs: seenIDs))
                    if let requestID { seenIDs.insert(requestID) }
                }
                if let answer = flow.answer {
                    var expectations = ResponseExpectations(
                        pinnedCertificates: idp.certificates, idpIssuer: idp.issuer, acsURL: service.acsURL ?? messages[answer].url,
                        audience: serviceIssuer(flow.request), outstandingRequestIDs: Set([requestID].compactMap { $0 }))
                    expectations.warnOnWeakAlgorithms = !idp.strictAlgorithm
                    checks[answer] = .response(expectations)
                    let read = FlowClassification.ResponseFacts(xml: messages[answer].xml)
                    facts[answer] = read
                    if read.isSuccess { session = (read.nameID, read.sessionIndex) }
                }
            case .serviceLogout:
                if let request = flow.request {
                    checks[request] = .logoutRequest(RequestExpectations(
                        pinnedCertificates: service.certificates, issuer: service.issuer, destination: idp.singleLogoutURL,
                        nameID: session?.nameID, sessionIndex: session?.sessionIndex, seenIDs: seenIDs))
                    if let requestID { seenIDs.insert(requestID) }
                }
                if let answer = flow.answer {
                    checks[answer] = .logoutResponse(fromMPass(RequestExpectations(
                        pinnedCertificates: idp.certificates, issuer: idp.issuer, destination: nil,
                        outstandingRequestIDs: Set([requestID].compactMap { $0 }))))
                }
            case .mpassLogout:
                if let request = flow.request {
                    checks[request] = .logoutRequest(fromMPass(RequestExpectations(
                        pinnedCertificates: idp.certificates, issuer: idp.issuer, destination: service.singleLogoutURL,
                        nameID: session?.nameID, sessionIndex: session?.sessionIndex)))
                }
                if let answer = flow.answer {
                    checks[answer] = .logoutResponse(RequestExpectations(
                        pinnedCertificates: service.certificates, issuer: service.issuer, destination: idp.singleLogoutURL,
                        outstandingRequestIDs: Set([requestID].compactMap { $0 })))
                }
            }
        }
        return (zip(messages, checks).map { VerificationJob(message: $0, check: $1) }, facts)
    }
}
