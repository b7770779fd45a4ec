import ArgumentParser
import Foundation
import SiteGen

/// `sitegen readme`: the Docker Hub README of each image, as docker-library's update.sh makes it.
struct ReadmeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "readme",
        abstract: "Print (or write) the Docker Hub README.md of images.",
        discussion: """
        The README is byte-identical to what docker-library's update.sh generates from the \
        same docs tree and library files. With no IMAGE, every image with a content.md is \
        done. With --write, each README goes to <docs>/<image>/README.md, as update.sh puts \
        it; with --output DIR, to DIR/<image>/README.md. A README already current is left \
        untouched.

        Problems are reported as path:line:column: error: …; an image with errors gets no README, \
        and the exit status is 1 (74 when standard output cannot be written).
        """
    )

    @Argument(help: ArgumentHelp("Images to do (default: all).", valueName: "image"))
    var images: [String] = []

    @OptionGroup var input: InputOptions

    @Flag(name: .long, help: "Write <docs>/<image>/README.md instead of printing.")
    var write = false

    @Option(name: .long, help: ArgumentHelp("Write <dir>/<image>/README.md instead of printing.", valueName: "dir"))
    var output: String?

    func validate() throws {
        if write && output != nil {
            throw ValidationError("--write and --output both say where READMEs go; give one of them.")
        }
    }

    func run() throws {
        let (catalog, loadDiagnostics) = try input.resolve(or: "readme").loader.load(only: images.isEmpty ? nil : images)
        var diagnostics = loadDiagnostics
        defer { DiagnosticPrinter.print(diagnostics) }
        guard let catalog else { throw ExitCode(1) }

        var printed = ""
        for image in catalog.images {
            let readme: String
            do {
                readme = try HubReadme.render(image, in: catalog)
            } catch {
                diagnostics += error.diagnostics
                continue
            }
            if let folder = write ? image.folder.path : output.map({ $0 + "/" + image.name }) {
                do {
                    try ReadmeWriter.write(readme, to: folder + "/README.md")
                } catch {
                    diagnostics.append(error)
                }
            } else {
                printed += readme
            }
        }
        StandardStream.output(printed)
        if DiagnosticPrinter.hasErrors(diagnostics) { throw ExitCode(1) }
    }
}
