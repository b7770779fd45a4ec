// swift-tools-version: 6.1
import PackageDescription

// Linux only: the build reads Linux `stat` fields (`st_mtim`, `st_ctim`) and swaps the site in
// with `renameat2`; no other platform is claimed or tested.

let package = Package(
    name: "sitegen",
    products: [
        .executable(name: "sitegen", targets: ["SiteGenCLI"]),
        .library(name: "SiteGen", targets: ["SiteGen"]),
        .library(name: "Markdown", targets: ["Markdown"]),
        .library(name: "Highlighting", targets: ["Highlighting"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
    ],
    targets: [
        // The C library, found through pkg-config. Only `Markdown` imports it.
        .systemLibrary(
            name: "CMarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [
                .apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"]),
            ]
        ),
        .target(name: "Markdown", dependencies: ["CMarkGFM"]),
        // libpng (Debian's libpng-dev), for the docset's icons: only SiteGen's `PNGImage` imports it.
        .systemLibrary(
            name: "CLibPNG",
            pkgConfig: "libpng",
            providers: [.apt(["libpng-dev"])]
        ),
        // Build-time syntax highlighting of code blocks: pure Swift, no dependencies.
        .target(name: "Highlighting"),
        // Small C helpers Swift cannot reach directly (atomic directory exchange).
        .target(name: "CSupport"),
        // The default theme: templates, CSS, JS and default texts, shipped as resources so an
        // installed `sitegen` finds them wherever it runs. Its sources live in `theme/`.
        .target(
            name: "DefaultTheme",
            path: "theme",
            resources: [.copy("templates"), .copy("assets"), .copy("defaults")]
        ),
        .target(
            name: "SiteGen",
            dependencies: [
                "Markdown", "Highlighting", "CSupport", "CLibPNG", "DefaultTheme",
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // The preview server (`sitegen serve`), kept apart so the library has no server dependency.
        .target(
            name: "SiteGenServer",
            dependencies: ["SiteGen", .product(name: "Hummingbird", package: "hummingbird")]
        ),
        // `sitegen registry sync`: the OCI distribution API over AsyncHTTPClient, kept apart so
        // the library (and every build) stays offline.
        .target(
            name: "SiteGenRegistry",
            dependencies: [
                "SiteGen",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // On Linux the executable links mimalloc (Debian's libmimalloc-dev), which then serves
        // every malloc of the process in place of glibc's: a build makes millions of small
        // strings and arrays on two threads, and glibc's allocator was about a tenth of its time.
        .executableTarget(
            name: "SiteGenCLI",
            dependencies: [
                "SiteGen", "SiteGenServer", "SiteGenRegistry",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            linkerSettings: [.linkedLibrary("mimalloc", .when(platforms: [.linux]))]
        ),
        // Paths to the package and the shared corpus, and a process runner, for every test target.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "MarkdownTests", dependencies: ["Markdown", "TestSupport"]),
        .testTarget(name: "HighlightingTests", dependencies: ["Highlighting", "TestSupport"]),
        .testTarget(name: "SiteGenTests", dependencies: ["SiteGen", "TestSupport"]),
        .testTarget(name: "CorpusTests", dependencies: ["SiteGen", "Markdown", "TestSupport"]),
        .testTarget(
            name: "SiteGenServerTests",
            dependencies: ["SiteGenServer", "SiteGen", "TestSupport", .product(name: "HummingbirdTesting", package: "hummingbird")]
        ),
        // Against a real registry (Debian's docker-registry) started by each test.
        .testTarget(name: "SiteGenRegistryTests", dependencies: [
            "SiteGenRegistry", "SiteGen", "SiteGenCLI", "TestSupport", .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"), .product(name: "AsyncHTTPClient", package: "async-http-client"),
        ]),
        // End-to-end: runs the built `sitegen` executable.
        .testTarget(name: "CLITests", dependencies: ["SiteGenCLI", "SiteGen", "SiteGenServer", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
