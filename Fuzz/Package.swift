// swift-tools-version: 6.1
// The libFuzzer targets. A package of its own so that the main package's `swift build` never
// sees them: they call libFuzzer's driver, which links only with `-sanitize=fuzzer`, and
// scripts/fuzz.sh builds them with it. Each target feeds libFuzzer's inputs to sitegen's
// public API.
import PackageDescription

let package = Package(
    name: "sitegen-fuzz",
    dependencies: [.package(name: "sitegen", path: "..")],
    targets: [
        // Starts libFuzzer's driver from Swift's `main`.
        .target(name: "FuzzDriver", path: "Targets/FuzzDriver"),
        .executableTarget(name: "fuzz-library-file", dependencies: ["FuzzDriver", .product(name: "SiteGen", package: "sitegen")],
                          path: "Targets/LibraryFile"),
        .executableTarget(name: "fuzz-markdown", dependencies: ["FuzzDriver", .product(name: "Markdown", package: "sitegen")],
                          path: "Targets/Markdown"),
        .executableTarget(name: "fuzz-content", dependencies: ["FuzzDriver", .product(name: "SiteGen", package: "sitegen"),
                                                               .product(name: "Markdown", package: "sitegen")],
                          path: "Targets/Content"),
        .executableTarget(name: "fuzz-highlighter", dependencies: ["FuzzDriver", .product(name: "Highlighting", package: "sitegen")],
                          path: "Targets/Highlighter"),
        .executableTarget(name: "fuzz-registry-data", dependencies: ["FuzzDriver", .product(name: "SiteGen", package: "sitegen")],
                          path: "Targets/RegistryData"),
    ],
    swiftLanguageModes: [.v6]
)
