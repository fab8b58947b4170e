#if !MPASS_FUZZ_CORE_ONLY
import Evidence
import Foundation
import HarnessModel
import HostGuard
import MPassSAML
import Replay
import Vocabulary

/// The fuzz targets over what a user hands the harness besides SAML messages: recordings
/// (HAR files and SAML-tracer exports, read by `RecordingReader` and replayed) and target
/// descriptions (YAML, read by `TargetDescription.parse`). A refusal must be a thrown error;
/// what is read must keep the promises the readers document.
extension FuzzHarness {
    /// The name a fuzz input is read under; every reader error must name it.
    static let recordingSource = "fuzz-input.har"

    /// A recording in, replayed offline. Checked: every refusal names the file
    /// (`RecordingReader`: "Every error names the file"); what is read survives the round trip
    /// through `HARWriter` unchanged (the harness writes HAR "both ways": a bundle re-reads the
    /// recordings it holds); the replay refuses with a thrown error or reports.
    static func recording(_ data: Data) throws(FuzzFinding) {
        let recording: Recording
        do {
            recording = try RecordingReader.read(data: data, source: recordingSource)
        } catch {
            try checkRefusal(error, source: recordingSource)
            return
        }
        try checkRoundTrip(recording)
        // Production MPass in the recording is refused by a thrown error; so is one without messages.
        _ = try? ReplayEngine(parallel: false).replay([recording])
    }

    /// A reader's refusal must name the file it refuses.
    public static func checkRefusal(_ error: HarnessError, source: String) throws(FuzzFinding) {
        guard error.reason.contains(source) else {
            throw FuzzFinding("a recording refused without naming the file: \(error)")
        }
    }

    /// What was read, written as HAR by `HARWriter` and read again, is the same archive.
    public static func checkRoundTrip(_ recording: Recording) throws(FuzzFinding) {
        let format = recording.format.rawValue
        let written: Data
        do {
            written = try HARWriter.encode(recording.har)
        } catch {
            throw FuzzFinding("a \(format) recording is read but cannot be written back as HAR: \(error)")
        }
        let reread: Recording
        do {
            reread = try RecordingReader.read(data: written, source: recording.source)
        } catch {
            throw FuzzFinding("a \(format) recording written back as HAR is refused by the reader: \(error)")
        }
        guard reread.har == recording.har else {
            throw FuzzFinding("a \(format) recording written back as HAR reads as another archive")
        }
    }

    /// The folder a fuzzed target description's relative `certificate:` paths start from: it
    /// holds `service.cert.pem`, the fuzz signer's certificate, as the seeds name it.
    static let targetDirectory: URL = {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mpass-fuzz-target-\(getpid())")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data(FuzzSigner.certificatePEM.utf8).write(to: directory.appendingPathComponent("service.cert.pem"))
        } catch {
            fatalError("the fuzz target folder \(directory.path) cannot be written: \(error)")
        }
        return directory
    }()

    /// A target description in. Checked: every problem has a reason, a fix and (when given)
    /// a 1-based line inside the file; a description that loads names no production host in
    /// any URL or issuer (the loader refuses "MPass production anywhere").
    static func targetDescription(_ data: Data) throws(FuzzFinding) {
        // `TargetDescription.load(contentsOf:)` reads the file as UTF-8 and refuses anything else.
        guard let yaml = String(data: data, encoding: .utf8) else { return }
        let description: TargetDescription
        do {
            description = try TargetDescription.parse(yaml: yaml, baseDirectory: targetDirectory)
        } catch {
            try checkRefusal(error, yaml: yaml)
            return
        }
        try checkLoaded(description)
    }

    /// Every problem has a reason, a fix and, when it has a line, a 1-based line of the file.
    public static func checkRefusal(_ error: TargetError, yaml: String) throws(FuzzFinding) {
        // libyaml also breaks lines at CR, NEL and the Unicode line and paragraph separators.
        let lines = yaml.unicodeScalars.filter { ["\n", "\r", "\u{85}", "\u{2028}", "\u{2029}"].contains($0) }.count + 1
        for problem in error.allProblems {
            if problem.reason.isEmpty || problem.fix.isEmpty {
                throw FuzzFinding("a target file problem without a reason or a fix: \(problem.code) at \(problem.field ?? "the file")")
            }
            if let line = problem.line, !(1...lines).contains(line) {
                throw FuzzFinding("a target file problem at line \(line) of a file of \(lines) lines: \(problem)")
            }
        }
    }

    /// A description that loads names no production host in a URL or an issuer.
    public static func checkLoaded(_ description: TargetDescription) throws(FuzzFinding) {
        var named: [(String, String)] = [
            ("base_url", description.baseURL.absoluteString), ("login_url", description.loginURL.absoluteString),
            ("logout_url", description.logoutURL.absoluteString), ("acs_url", description.acsURL.absoluteString),
            ("slo_url", description.sloURL.absoluteString), ("logout_response_url", description.logoutResponseURL.absoluteString),
            ("logged_in.url", description.loggedIn.url.absoluteString), ("issuer", description.issuer),
            ("idp.base_url", description.idp.baseURL.absoluteString),
        ]
        if let issuer = description.idp.issuer { named.append(("idp.issuer", issuer)) }
        for (field, value) in named where ProductionGuard.isProduction(value) {
            throw FuzzFinding("a target file loads with a production host in \(field): \(ProductionGuard.displayable(value))")
        }
    }
}
#endif
