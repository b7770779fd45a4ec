import Foundation
import SiteGen

// A registry data file's bytes, decoded as a build decodes them: cut into the images' parts on
// the bytes, each part read by the fast reader of what a sync writes (else by `JSONDecoder`),
// then checked. Those readers skip strings and whitespace eight bytes at a time and reuse
// recurring strings, so they are where a file edited by hand could read out of bounds or read
// differently from Foundation. What must hold:
// - a failure says why: at least one error, each naming the file;
// - what comes back is what `JSONDecoder` reads from the same bytes (the namespace trimmed of
//   slashes at either end, as the file's documented read does);
// - a build that shows only some images reads the same data for those;
// - what comes back, written as a sync writes it, reads back the same, and writes the same bytes.

/// The file as `JSONDecoder` reads it whole: the reference for what the fast readers give.
private struct Reference: Decodable {
    let registry: String
    let namespace: String
    let images: [String: RegistryData.Image]
}

private let path = "registry-data.json"

func fuzzRegistryData(_ input: UnsafeBufferPointer<UInt8>) {
    let bytes = Array(input)
    let decoded: RegistryData
    do {
        decoded = try RegistryDataFile.decode(bytes, path: path)
    } catch {
        if !error.diagnostics.contains(where: { $0.severity == .error }) {
            fatalError("the file was refused without an error")
        }
        for diagnostic in error.diagnostics where diagnostic.file != path {
            fatalError("an error that does not name the file: \(diagnostic)")
        }
        return
    }

    guard let reference = try? JSONDecoder().decode(Reference.self, from: Data(bytes)) else {
        fatalError("read a file that JSONDecoder does not read")
    }
    // A namespace with a slash at either end (as syncs before that rule wrote `demo/`) is read
    // without it: the one reading the file adds to JSONDecoder's.
    if reference.registry != decoded.registry || RegistryPlatforms.namespace(trimming: reference.namespace) != decoded.namespace {
        fatalError("the head differs from JSONDecoder's reading")
    }
    if reference.images != decoded.images {
        let differing = decoded.images.keys.filter { reference.images[$0] != decoded.images[$0] }.sorted()
        fatalError("images read differently from JSONDecoder: \(differing)")
    }

    // Half the images, as a build of part of a tree reads them.
    let names = decoded.images.keys.sorted()
    let wanted = Set(names.enumerated().filter { $0.offset % 2 == 0 }.map(\.element))
    guard let part = try? RegistryDataFile.decode(bytes, path: path, images: wanted) else {
        fatalError("the whole file reads, but not the images \(wanted.sorted())")
    }
    if part.images != decoded.images.filter({ wanted.contains($0.key) }) {
        fatalError("the images \(wanted.sorted()) read differently on their own")
    }

    let written = decoded.encoded()
    guard let again = try? RegistryDataFile.decode(written, path: path) else {
        fatalError("the file as a sync would write it does not read")
    }
    if again != decoded { fatalError("the file as a sync would write it reads differently") }
    if again.encoded() != written { fatalError("writing the file is not deterministic") }
}
