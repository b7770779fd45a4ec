import Foundation

/// The JSON Schemas the docs publish: of `sitegen diff --format json` (`docs/diff-schema.md`,
/// its only `json` code block) and of the registry data file (`docs/registry-data.md`, its
/// `schema` block); and a check of outputs against one with Python's `jsonschema` (Draft
/// 2020-12), a validator we did not write.
public enum DiffSchema {
    public static let diff = (document: "docs/diff-schema.md", fence: "json")
    public static let registryData = (document: "docs/registry-data.md", fence: "schema")

    /// The schema text from the document.
    public static func schema(_ source: (document: String, fence: String) = diff) throws -> String {
        try codeBlock(source.fence, in: source.document)
    }

    /// The first code block fenced as `fence` in `document`.
    public static func codeBlock(_ fence: String, in document: String) throws -> String {
        let text = try String(contentsOf: TestPaths.packageRoot.appendingPathComponent(document), encoding: .utf8)
        guard let start = text.range(of: "\n```\(fence)\n"),
              let end = text[start.upperBound...].range(of: "\n```\n") else {
            throw Problem(message: "\(document) has no ```\(fence) block")
        }
        return String(text[start.upperBound..<end.lowerBound])
    }

    public struct Problem: Error, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    /// Each output's validation errors (none when valid), by output, after checking the schema
    /// itself is a valid Draft 2020-12 schema.
    public static func problems(_ outputs: [String], schema source: (document: String, fence: String) = diff) throws -> [String] {
        let folder = try TestPaths.temporaryFolder("diff-schema")
        try schema(source).write(to: folder.appendingPathComponent("schema.json"), atomically: true, encoding: .utf8)
        for (index, output) in outputs.enumerated() {
            try output.write(to: folder.appendingPathComponent("output-\(index).json"), atomically: true, encoding: .utf8)
        }
        let script = """
        import json, sys, glob, jsonschema
        schema = json.load(open(sys.argv[1] + "/schema.json"))
        jsonschema.Draft202012Validator.check_schema(schema)
        validator = jsonschema.Draft202012Validator(schema)
        for path in sorted(glob.glob(sys.argv[1] + "/output-*.json")):
            for error in validator.iter_errors(json.load(open(path))):
                print(path.rsplit("/", 1)[1] + ": " + "/".join(map(str, error.absolute_path)) + ": " + error.message)
        """
        let run = try ProgramRun.run("python3", ["-c", script, folder.path])
        guard run.status == 0 else {
            throw Problem(message: "python3 jsonschema failed (pip install jsonschema): \(run.standardError)")
        }
        return run.output.split(separator: "\n").map(String.init)
    }
}
