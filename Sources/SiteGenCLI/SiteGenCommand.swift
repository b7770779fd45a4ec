import ArgumentParser

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
        subcommands: [BuildCommand.self, ServeCommand.self, BundleCommand.self, CheckCommand.self, ReadmeCommand.self]
    )
}
