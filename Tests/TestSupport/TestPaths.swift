import Foundation

/// Where the tests find the project and the shared corpus.
public enum TestPaths {
    /// The package root (the folder holding Package.swift).
    public static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        // Tests/TestSupport/TestPaths.swift → package root
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }()

    /// `../shared/corpus` beside the checkout, or `$SITEGEN_CORPUS`; nil when absent.
    public static let corpus: URL? = {
        let candidates = [ProcessInfo.processInfo.environment["SITEGEN_CORPUS"].map { URL(fileURLWithPath: $0) },
                          packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus")]
        return candidates.compactMap { $0 }.first { url in
            FileManager.default.fileExists(atPath: url.appendingPathComponent("docs").path)
                && FileManager.default.fileExists(atPath: url.appendingPathComponent("library").path)
        }
    }()

    /// The `sitegen` executable SwiftPM built beside the test bundle.
    public static let sitegen: String = {
        let candidates = Bundle.allBundles.map { $0.bundleURL.deletingLastPathComponent() }
            + [Bundle.main.bundleURL, URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()]
        for folder in candidates {
            let path = folder.appendingPathComponent("sitegen").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return packageRoot.appendingPathComponent(".build/debug/sitegen").path
    }()

    /// Why corpus tests do not run here, for the skip message.
    public static let corpusMissingMessage =
        "corpus not found at ../shared/corpus (set SITEGEN_CORPUS to its path); corpus tests skipped"

    /// The image folders of the corpus that have a content.md, sorted.
    public static func corpusImages() -> [String] {
        guard let corpus else { return [] }
        let docs = corpus.appendingPathComponent("docs")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: docs.path)) ?? []
        return names.filter { name in
            !name.hasPrefix(".") && FileManager.default.fileExists(atPath: docs.appendingPathComponent(name + "/content.md").path)
        }.sorted()
    }

    /// A fresh empty folder under the temporary directory.
    public static func temporaryFolder(_ label: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("sitegen-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// Runs a program and captures what it prints.
public struct ProgramRun: Sendable {
    public let status: Int32
    public let standardOutput: Data
    public let standardError: String

    public var output: String { String(decoding: standardOutput, as: UTF8.self) }

    /// Runs `executable` (a path, or a name looked up on PATH) with `arguments`, feeding `input`.
    public static func run(_ executable: String, _ arguments: [String], input: Data? = nil,
                           in directory: URL? = nil) throws -> ProgramRun {
        let process = Process()
        if executable.contains("/") {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [executable] + arguments
        }
        if let directory { process.currentDirectoryURL = directory }
        let stdout = Pipe()
        let stderr = Pipe()
        let stdin = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = stdin
        try process.run()
        // Feed input and drain both outputs concurrently so no pipe fills up and blocks.
        let group = DispatchGroup()
        nonisolated(unsafe) var out = Data()
        nonisolated(unsafe) var err = Data()
        DispatchQueue.global().async(group: group) { out = stdout.fileHandleForReading.readDataToEndOfFile() }
        DispatchQueue.global().async(group: group) { err = stderr.fileHandleForReading.readDataToEndOfFile() }
        if let input { stdin.fileHandleForWriting.write(input) }
        try? stdin.fileHandleForWriting.close()
        group.wait()
        process.waitUntilExit()
        return ProgramRun(status: process.terminationStatus, standardOutput: out,
                          standardError: String(decoding: err, as: UTF8.self))
    }
}
