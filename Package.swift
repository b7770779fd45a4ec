// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "sitegen",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "sitegen", targets: ["SiteGenCLI"]),
        .library(name: "SiteGen", targets: ["SiteGen"]),
        .library(name: "Markdown", targets: ["Markdown"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // The C library, found through pkg-config. Only `Markdown` imports it.
        .systemLibrary(
            name: "CMarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [
                .apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"]),
                .brew(["cmark-gfm"]),
            ]
        ),
        .target(name: "Markdown", dependencies: ["CMarkGFM"]),
        .target(name: "SiteGen", dependencies: ["Markdown"]),
        .executableTarget(
            name: "SiteGenCLI",
            dependencies: [
                "SiteGen",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Paths to the package and the shared corpus, and a process runner, for every test target.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "MarkdownTests", dependencies: ["Markdown", "TestSupport"]),
        .testTarget(name: "SiteGenTests", dependencies: ["SiteGen", "TestSupport"]),
        .testTarget(name: "CorpusTests", dependencies: ["SiteGen", "Markdown", "TestSupport"]),
        // End-to-end: runs the built `sitegen` executable.
        .testTarget(name: "CLITests", dependencies: ["SiteGenCLI", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
