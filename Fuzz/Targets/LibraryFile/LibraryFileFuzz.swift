import Foundation
import SiteGen

// A library file's bytes, read as the loader reads them (NUL bytes and invalid UTF-8 give a
// diagnostic), then everything a build derives from a parsed file: the README's tag and
// architecture sections, the Dockerfile links of every entry and architecture, the
// Debian/Ubuntu suite lists.

func fuzzLibraryFile(_ input: UnsafeBufferPointer<UInt8>) {
    let bytes = Data(buffer: input)
    let (parsed, diagnostics) = LibraryFile.parse(data: bytes, name: "demo", path: "library/demo")
    for diagnostic in diagnostics {
        _ = diagnostic.description
    }
    guard let file = parsed else {
        if !diagnostics.contains(where: { $0.severity == .error }) {
            fatalError("no file and no error")
        }
        return
    }
    if diagnostics.contains(where: { $0.severity == .error }) {
        fatalError("a file despite an error")
    }

    _ = HubReadme.tagsSection(file)
    _ = HubReadme.architecturesLine(file, image: file.name)
    _ = file.sharedTagGroups
    _ = DistributionSuites(debianLibrary: file, ubuntuLibrary: file)
    var simpleTags: Set<String> = []
    for entry in file.entries {
        if entry.tags.isEmpty || entry.architectures.isEmpty {
            fatalError("entry at line \(entry.line) has no tags or no architectures")
        }
        for tag in entry.tags where !simpleTags.insert(tag).inserted {
            fatalError("simple tag `\(tag)` names two entries")
        }
        _ = entry.allTags
        _ = DockerfileLinks.url(for: entry)
        for architecture in entry.architectures {
            _ = entry.dockerfilePath(for: architecture)
            _ = DockerfileLinks.url(for: entry, architecture: architecture)
        }
        for tag in entry.tags {
            _ = file.entry(forTag: tag)
        }
    }
}
