// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "mpass-harness",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "MPassSAML", targets: ["MPassSAML"]),
        .executable(name: "mpass-harness", targets: ["mpass-harness"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
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
    ]
)
