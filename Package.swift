// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "mpass-harness",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "MPassSAML", targets: ["MPassSAML"]),
        .library(name: "BrowserAgent", targets: ["BrowserAgent"]),
        .library(name: "Conformance", targets: ["Conformance"]),
        .executable(name: "mpass-harness", targets: ["mpass-harness"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        // Tests only: a real HTTP server on loopback for the browser agent's tests.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        // Conformance: the target description is YAML; the HTML report is a Mustache template.
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        // libxml2, libxmlsec1 (OpenSSL backend), OpenSSL and zlib, seen through one shim header.
        .systemLibrary(
            name: "CXMLSec",
            pkgConfig: "xmlsec1-openssl",
            providers: [.apt(["libxml2-dev", "libxmlsec1-dev", "libssl-dev", "zlib1g-dev"])]
        ),
        // The SAML core: safe XML, credentials, signatures, messages, bindings, metadata, checks.
        .target(
            name: "MPassSAML",
            dependencies: ["CXMLSec"]
        ),
        // The user's browser in a conformance run: cookie jar, redirects, HTML forms,
        // in-process hosts and a log of every exchange. SAML-agnostic by design.
        .target(
            name: "BrowserAgent",
            dependencies: [
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ]
        ),
        // Conformance runs: the target description (Target/) and the run report with its
        // writers (Report/). The runner joins this target later, adding BrowserAgent and
        // MPassSimulator to its dependencies.
        .target(
            name: "Conformance",
            dependencies: [
                "MPassSAML",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            resources: [.copy("Report/Templates")]
        ),
        .executableTarget(
            name: "mpass-harness",
            dependencies: [
                "MPassSAML",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Throughput and memory figures (scripts/bench); not a test.
        .executableTarget(
            name: "mpass-bench",
            dependencies: ["MPassSAML"]
        ),
        .testTarget(
            name: "MPassSAMLTests",
            dependencies: ["MPassSAML", "CXMLSec"],
            resources: [.copy("Fixtures")]
        ),
        // The command line as a user meets it: the built binary, its output and exit codes.
        .testTarget(
            name: "MPassHarnessCLITests",
            dependencies: ["mpass-harness", "MPassSAML"]
        ),
        .testTarget(
            name: "ConformanceTests",
            dependencies: ["Conformance", "MPassSAML"],
            // Golden report files, read and re-recorded from the source tree (RECORD_SNAPSHOTS=1).
            exclude: ["Golden"]
        ),
        .testTarget(
            name: "BrowserAgentTests",
            dependencies: [
                "BrowserAgent",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
    ]
)
