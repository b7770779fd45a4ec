import Foundation

/// The JSON Schema of `sitegen diff --format json`, as `docs/diff-schema.md` documents it (the
/// file's only `json` code block), and a check of outputs against it with Python's
/// `jsonschema` (Draft 2020-12), a validator we did not write.
public enum DiffSchema {
    /// The schema text from the document.
    public static func schema() throws -> String {
        let document = try String(contentsOf: TestPaths.packageRoot.appendingPathComponent("docs/diff-schema.md"), encoding: .utf8)
        guard let start = document.range(of: "\n```json\n"),
              let end = document[start.upperBound...].range(of: "\n```\n") else {
            throw Problem(message: "docs/diff-schema.md has no ```json block")
        }
        return String(document[start.upperBound..<end.lowerBound])
    }

    public struct Problem: Error, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    /// Each output's validation errors (none when valid), by output, after checking the schema
    /// itself is a valid Draft 2020-12 schema.
    public static func problems(_ outputs: [String]) throws -> [String] {
        let folder = try TestPaths.temporaryFolder("diff-schema")
        try schema().write(to: folder.appendingPathComponent("schema.json"), atomically: true, encoding: .utf8)
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
