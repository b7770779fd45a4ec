import ArgumentParser
import Foundation
import SiteGen

/// The `sitegen` command: argument parsing and terminal output only; the work is in `SiteGen`.
@main
struct SiteGenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sitegen",
        abstract: "Build documentation sites and Docker Hub READMEs for container images.",
        discussion: """
        sitegen reads a docs tree laid out like docker-library/docs (one folder per image, \
        with content.md, README-short.txt, variant-*.md, …) and tag metadata in the \
        official-images library format (one file per image listing Tags, Architectures, \
        GitRepo, GitCommit, …).

        Start with:
          sitegen readme lumen --docs content/docs --library content/library
        which prints the Docker Hub README that docker-library's update.sh would write for `lumen`.
        """,
        version: SitegenVersion.current,
        subcommands: [BuildCommand.self, ServeCommand.self, BundleCommand.self, CheckCommand.self, ReadmeCommand.self, DiffCommand.self, RegistryCommand.self]
    )

    /// Parses and runs, first catching a misspelled command (`sitegen biuld`), which the
    /// argument parser would only call an unexpected argument.
    static func main() async {
        // A reader that went away (`sitegen readme | head`) is an error of the write, which
        // StandardStream handles (a result ends quietly with 141, a message is dropped), not a
        // signal that kills a build midway for a message nobody reads.
        signal(SIGPIPE, SIG_IGN)
        let arguments = Array(CommandLine.arguments.dropFirst())
        if let first = arguments.first, let problem = unknownCommand(first) {
            StandardStream.error(problem)
            Foundation.exit(64)
        }
        do {
            var command = try parseAsRoot(arguments)
            if var asynchronous = command as? AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }

    /// The error for `word` in the place of a command, when it names none.
    static func unknownCommand(_ word: String) -> String? {
        let names = configuration.subcommands.map { $0._commandName }
        guard !word.hasPrefix("-"), word != "help", !names.contains(word) else { return nil }
        let guess = Suggestion.closest(to: word, among: names).map { "; did you mean `\($0)`?" } ?? ""
        return "error: unknown command `\(word)`\(guess)\n  hint: the commands are \(names.joined(separator: ", ")); see sitegen --help\n"
    }
}
