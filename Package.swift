// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "mpass-harness",
    platforms: [.macOS(.v15)], // Mutex (Synchronization) guards shared state.
    products: [
        .library(name: "Vocabulary", targets: ["Vocabulary"]),
        .library(name: "MPassSAML", targets: ["MPassSAML"]),
        .library(name: "BrowserAgent", targets: ["BrowserAgent"]),
        .library(name: "MPassSimulator", targets: ["MPassSimulator"]),
        .library(name: "HarnessModel", targets: ["HarnessModel"]),
        .library(name: "CaseCatalogue", targets: ["CaseCatalogue"]),
        .library(name: "Evidence", targets: ["Evidence"]),
        .library(name: "ReferenceService", targets: ["ReferenceService"]),
        .library(name: "Conformance", targets: ["Conformance"]),
        .library(name: "Replay", targets: ["Replay"]),
        .library(name: "Onboarding", targets: ["Onboarding"]),
        .executable(name: "mpass-harness", targets: ["mpass-harness"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        // The simulator's and the reference Service's HTTP fronts (and loopback servers in tests).
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        // The reference Service runs its server in a ServiceGroup it can shut down gracefully.
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
        // HarnessModel: the target description is YAML; the HTML report is a Mustache template.
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    // Layers, bottom to top (a module imports only from layers below it, and every dependency a
    // target declares is imported by it; LayerRulesTests checks both and holds the same list):
    // CXMLSec, HostGuard, Vocabulary, ProcessSupport → MPassSAML, TestSupport → HarnessModel
    // → BrowserAgent, MPassSimulator, ReferenceService, HeadlessChromium → Evidence → CaseCatalogue
    // → Conformance → Replay, Onboarding
    // → mpass-harness, MPassFuzzTargets, mpass-bench, mpass-bench-replay, mpass-record-browser.
    targets: [
        // libxml2, libxmlsec1 (OpenSSL backend), OpenSSL and zlib, seen through one shim header.
        .systemLibrary(
            name: "CXMLSec",
            pkgConfig: "xmlsec1-openssl",
            providers: [.apt(["libxml2-dev", "libxmlsec1-dev", "libssl-dev", "zlib1g-dev"])]
        ),
        // The one check on the host of every outbound connection and printed URL: AGE's
        // production hosts, however spelt, are refused. No dependencies, so all can use it.
        .target(name: "HostGuard"),
        // The words every room shares: the one error type (each module adds its own codes) and
        // the one form/query codec. No dependencies, so every module, BrowserAgent too, can use it.
        .target(name: "Vocabulary"),
        // Child processes (chromedriver, tools) with stdout and stderr read at once and always
        // reaped, loopback ports held until a server binds them, and the threads loopback
        // servers answer on (off Swift's cooperative pool). Foundation only.
        .target(name: "ProcessSupport"),
        // The SAML core: safe XML, credentials, signatures, messages, bindings, metadata, checks;
        // the only module that imports CXMLSec (digests, CMS and the TLS probe are its `package` APIs).
        .target(
            name: "MPassSAML",
            dependencies: ["CXMLSec", "HostGuard", "Vocabulary", .product(name: "HTTPTypes", package: "swift-http-types")]
        ),
        // MPass without the network: checks what a Service sends as MPass does and answers
        // as MPass would, shaped by MPass's "SAML Advanced Options" and more; its HTTP/TLS
        // front (`simulator serve`), its trust export (`simulator metadata`) and the SAML-core
        // signature demonstration (`demo`).
        .target(
            name: "MPassSimulator",
            dependencies: [
                "MPassSAML", "Vocabulary", "ProcessSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                // HTTPS for `run --browser chromium`: Chromium reaches it under MPass's https host.
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // What several rooms share: the run report and its four writers, the target description
        // and its loader (onboarding details included), and the tool's name and version.
        .target(
            name: "HarnessModel",
            dependencies: [
                "MPassSAML", "HostGuard", "Vocabulary",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            resources: [.copy("Report/Templates")]
        ),
        // The cases as data (chapter 9, the catalogue, plans) and the judging rules the live run
        // and the replay share (message-check ids, reading a page as an error).
        .target(
            name: "CaseCatalogue",
            dependencies: [
                "HarnessModel", "MPassSAML", "MPassSimulator", "BrowserAgent", "Vocabulary",
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // The live conformance runner: the browser agent (or headless Chromium) against the Service
        // with the simulator in process, verdicts from what the Service does; the embedded reference Service.
        .target(
            name: "Conformance",
            dependencies: [
                "HarnessModel", "CaseCatalogue", "Evidence",
                "MPassSAML", "MPassSimulator", "BrowserAgent", "ReferenceService", "Vocabulary",
                .product(name: "HTTPTypes", package: "swift-http-types"),
                // `run --browser chromium`: the same cases through headless Chromium.
                "HeadlessChromium", "ProcessSupport",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The user's browser in a conformance run: cookie jar, redirects, HTML forms,
        // in-process hosts and a log of every exchange. Knows only the bindings' field names
        // (SAMLRequest, SAMLResponse, RelayState, SigAlg); decodes and judges nothing.
        .target(
            name: "BrowserAgent",
            dependencies: [
                "HostGuard", "Vocabulary",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ]
        ),
        // Evidence: HAR recordings both ways (redacted), SAML messages found in recordings,
        // the signed compliance bundle (manifest + detached CMS signature), and a run's
        // artefacts (reports, HAR, bundle) written in one call for run, replay and live.
        .target(
            name: "Evidence",
            dependencies: [
                "HarnessModel", "MPassSAML", "BrowserAgent", "Vocabulary",
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
        // A small real Service (SAML SP) on the library, with named weaknesses that a test
        // can switch on to prove the harness catches each one. Routes only translate HTTP;
        // the SAML decisions live in ServiceCore and the library.
        .target(
            name: "ReferenceService",
            dependencies: [
                "MPassSAML", "Vocabulary", "ProcessSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                // HTTPS for `live`: staging's sample registration lives at https://localhost:5001.
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // Replay: recordings judged again offline (flows, verdicts, a run report), recordings
        // as bundle evidence, and AGE's `report verify`.
        .target(
            name: "Replay",
            dependencies: ["HarnessModel", "CaseCatalogue", "Evidence", "MPassSAML", "BrowserAgent", "Vocabulary"]
        ),
        // Onboarding: preflight of what a beneficiary sends AGE (certificates, URLs, attributes,
        // MNotify data) and the forms; MPass staging's pinned metadata cache; the live round
        // trip with staging; MNotify's mutual-TLS readiness (OpenSSL's handshake through MPassSAML).
        .target(
            name: "Onboarding",
            dependencies: [
                "MPassSAML", "HarnessModel", "CaseCatalogue", "ReferenceService", "Evidence", "HostGuard", "Vocabulary",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The command line: parses, calls one library function, prints, exits.
        .executableTarget(
            name: "mpass-harness",
            dependencies: [
                "HarnessModel",
                "CaseCatalogue",
                "Replay",
                "Evidence",
                "Onboarding",
                "MPassSAML",
                "HostGuard",
                "MPassSimulator",
                "Conformance",
                "ReferenceService",
                "Vocabulary",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // What the tests (and the fixture recorder) share, never shipped: ProcessSupport re-exported,
        // the built binaries, the one RECORD switch, fixture manifests, and ../shared required.
        .target(name: "TestSupport", dependencies: ["ProcessSupport"], path: "Tests/TestSupport"),
        // Headless Chromium over WebDriver (chromedriver), and its DevTools network log written
        // as the HAR file DevTools exports: the browser of `run --browser chromium` (through
        // Conformance), of the end-to-end tests and of the browser-style fixtures.
        .target(
            name: "HeadlessChromium",
            dependencies: [
                "HostGuard", "Vocabulary", "ProcessSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        // Re-creates fixtures/browser/ (scripts/record-fixtures); a developer's tool, not shipped.
        .executableTarget(
            name: "mpass-record-browser",
            dependencies: ["HeadlessChromium", "ProcessSupport"]
        ),
        // The fuzz targets and the xmlsec1 differential oracle (scripts/fuzz builds them and
        // everything they use under --sanitize fuzzer,address in .build-fuzz/spm and links
        // them with libFuzzer; here they serve the regression test).
        .target(
            name: "MPassFuzzTargets",
            dependencies: ["MPassSAML", "HostGuard", "HarnessModel", "Evidence", "Replay", "Vocabulary"]
        ),
        // Throughput and memory figures (scripts/bench); not a test.
        .executableTarget(
            name: "mpass-bench",
            dependencies: ["MPassSAML"]
        ),
        // Replay throughput over recordings (scripts/bench); apart, so that mpass-bench's
        // memory figures are the SAML core's and not the whole harness's code.
        .executableTarget(
            name: "mpass-bench-replay",
            dependencies: ["Replay", "Evidence"]
        ),
        // The SAML core (attack fixtures, interop with xmlsec1) and the source-tree rules (layers, C imports).
        .testTarget(
            name: "MPassSAMLTests",
            dependencies: ["MPassSAML", "CXMLSec", "HostGuard", "Vocabulary", "TestSupport", .product(name: "HTTPTypes", package: "swift-http-types")],
            resources: [.copy("Fixtures")]
        ),
        // The simulator answering as MPass does, switch by switch.
        .testTarget(
            name: "MPassSimulatorTests",
            dependencies: ["MPassSimulator", "MPassSAML", "Vocabulary", "TestSupport", .product(name: "HTTPTypes", package: "swift-http-types")]
        ),
        // The runner against the reference Service: chapter 9, and every weakness caught.
        .testTarget(
            name: "RunnerTests",
            dependencies: [
                "Conformance", "CaseCatalogue", "HarnessModel", "ReferenceService", "MPassSimulator", "MPassSAML", "BrowserAgent", "TestSupport",
                "Evidence",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                // A front that starts the reference Service's login from a script (ScriptedLoginServiceTests).
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        // A real browser (headless Chromium over WebDriver) through login and logout.
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "mpass-harness",
                "HeadlessChromium",
                "Replay",
                "TestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        // The command line as a user meets it: the built binary, its output and exit codes.
        .testTarget(
            name: "MPassHarnessCLITests",
            dependencies: ["mpass-harness", "MPassSAML", "MPassFuzzTargets", "HostGuard", "Vocabulary", "Evidence", "HarnessModel", "TestSupport"]
        ),
        // HAR both ways, redaction, recordings of every browser, bundles written and verified.
        .testTarget(
            name: "EvidenceTests",
            dependencies: [
                "Evidence", "HarnessModel", "MPassSAML", "BrowserAgent", "TestSupport",
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            resources: [.copy("Fixtures")]
        ),
        // The reference Service: every SAML decision, each weakness, its HTTP routes and TLS.
        .testTarget(
            name: "ReferenceServiceTests",
            dependencies: [
                "ReferenceService",
                "MPassSAML",
                "Vocabulary",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                // A real browser's flow against the Service on a real socket.
                "BrowserAgent",
                // launch() reads and makes files: a temporary folder removed after each test.
                "TestSupport",
            ]
        ),
        // The one error type and the form/query codec, from the WHATWG URL standard and RFC 3986.
        .testTarget(
            name: "VocabularyTests",
            dependencies: ["Vocabulary"]
        ),
        // The shared model: the report and its writers (golden files), the report folder, target files.
        .testTarget(
            name: "HarnessModelTests",
            dependencies: ["HarnessModel", "MPassSAML", "Vocabulary", "TestSupport"],
            // Golden report files, read and re-recorded from the source tree (RECORD=1).
            exclude: ["Golden"]
        ),
        // The catalogue: its check ids against what validators emit, its faults, the plans.
        .testTarget(
            name: "CaseCatalogueTests",
            dependencies: ["CaseCatalogue", "HarnessModel", "MPassSAML", "Vocabulary"]
        ),
        // Replay of the recorded fixtures (fixtures/recordings), determinism, bundles.
        .testTarget(
            name: "ReplayTests",
            dependencies: ["Replay", "Evidence", "HarnessModel", "CaseCatalogue", "MPassSAML", "ReferenceService", "Vocabulary", "TestSupport"],
            // Format-1 reports as the older tool wrote them, read from the source tree.
            exclude: ["OlderFormat"]
        ),
        // Preflight with certificates made in the tests, the IdP cache against a loopback
        // stand-in, MNotify's mutual TLS against a local server demanding a client certificate.
        .testTarget(
            name: "OnboardingTests",
            dependencies: ["Onboarding", "MPassSAML", "HarnessModel", "MPassSimulator", "ReferenceService", "HeadlessChromium", "Vocabulary", "TestSupport"]
        ),
        // The harness against real third-party SAML SPs from Debian packages (python3-saml
        // strict and lax, pysaml2, mod_auth_mellon; their apps and configs in Tests/ThirdPartySPs),
        // every verdict compared with a hand-written table per SP.
        .testTarget(
            name: "ThirdPartySPTests",
            dependencies: ["mpass-harness", "HeadlessChromium", "TestSupport"]
        ),
        // The test-support room's own promises: no pipe deadlock, children always reaped,
        // held ports, the RECORD switch.
        .testTarget(
            name: "TestSupportTests",
            dependencies: ["TestSupport"]
        ),
        // The browser agent: cookies, forms, redirects, in-process hosts, the production guard.
        .testTarget(
            name: "BrowserAgentTests",
            dependencies: [
                "BrowserAgent",
                "Vocabulary", "TestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
    ]
)
