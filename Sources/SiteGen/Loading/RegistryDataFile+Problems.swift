import Foundation

/// The wording of a registry data file's problems: where a value of the wrong kind, a number no
/// field holds or a fault of JSON's syntax is (line and column), said in JSON's terms rather
/// than Swift's. Only a file that does not read takes these paths.
extension RegistryDataFile {
    /// The file as a whole: decoded only to word the error of a file whose structure the scan
    /// could not cut into parts.
    private struct Whole: Decodable {
        let schemaVersion: Int?
        let registry: String?
        let namespace: String?
        let images: [String: RegistryData.Image]?
    }

    /// The error of bytes ``RegistryDataSections`` could not cut: not JSON, or JSON whose
    /// top level or `images` is not an object.
    static func uncut(_ bytes: [UInt8], path: String) -> Diagnostic {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            return .error("registry-data.syntax", file: path, line: 1, column: 1,
                          "the registry data file starts with a byte order mark, which JSON does not allow",
                          hint: "save it as UTF-8 without a byte order mark")
        }
        if bytes.allSatisfy(JSONScanner.isSpace) {
            return .error("registry-data.syntax", file: path, "the registry data file is empty",
                          hint: "delete it and run `sitegen registry sync` to write it afresh")
        }
        do {
            _ = try JSONDecoder().decode(Whole.self, from: Data(bytes))
        } catch {
            return problem(error, bytes: bytes, path: path)
        }
        // JSONDecoder reads what JSON does not allow (a comma before a closing bracket).
        if let fault = JSONSyntax.firstFault(in: bytes) { return syntaxFault(fault, bytes: bytes, path: path) }
        return .error("registry-data.syntax", file: path, "the registry data file is not a JSON object", hint: hint)
    }

    /// A fault ``JSONSyntax`` found, at its line and column.
    static func syntaxFault(_ fault: JSONSyntax.Fault, bytes: [UInt8], path: String) -> Diagnostic {
        let place = JSONPathLocator.position(of: fault.offset, in: bytes)
        return .error("registry-data.syntax", file: path, line: place.line, column: place.column,
                      "the registry data file \(fault.isRepeatedName ? "has" : "is not valid JSON:") \(fault.message)", hint: hint)
    }

    /// `within`: the keys of the part that was decoded, which its error's path is relative to.
    /// The error is placed at its value's line (``JSONPathLocator``) and worded in JSON's terms.
    /// `part`: where in `bytes` that part is (nil: the whole file was decoded).
    static func problem(_ error: any Error, bytes: [UInt8], path: String, within: [String] = [],
                                part: Range<Int>? = nil) -> Diagnostic {
        guard let error = error as? DecodingError else {
            return .error("registry-data.syntax", file: path, "the registry data file is not valid JSON", hint: hint)
        }
        func located(_ codingPath: [any CodingKey]) -> (name: String, line: Int?, column: Int?, found: String?) {
            let steps = within.map(JSONPathLocator.Step.key) + codingPath.map(JSONPathLocator.Step.init)
            let name = JSONPathLocator.name(of: steps).map { "`\($0)`" } ?? "the registry data file"
            guard let found = JSONPathLocator.find(steps, in: bytes) else { return (name, nil, nil, nil) }
            let position = JSONPathLocator.position(of: found.offset, in: bytes)
            // Short of the path, the value reached is the container, not the value at fault.
            return (name, position.line, position.column, found.whole ? JSONPathLocator.kind(at: found.offset, in: bytes) : nil)
        }
        switch error {
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            return syntaxProblem(bytes, path: path, part: part ?? bytes.indices)
        case .keyNotFound(let key, let context):
            let place = located(context.codingPath)
            return .error("registry-data.invalid", file: path, line: place.line, column: place.column,
                          context.codingPath.isEmpty && within.isEmpty ? "`\(key.stringValue)` is missing" : "\(place.name) has no `\(key.stringValue)`",
                          hint: hint)
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            let place = located(context.codingPath)
            return .error("registry-data.invalid", file: path, line: place.line, column: place.column,
                          "\(place.name) is \(place.found ?? "of another type"); it should be \(jsonKind(of: type))", hint: hint)
        case .dataCorrupted(let context):
            // A number a field's type cannot hold (a fraction, or past 64 bits): the only value
            // the file's types refuse by what it is rather than by its kind.
            let place = located(context.codingPath)
            let number = place.found.map { $0.first == "-" || $0.first?.isNumber == true } ?? false
            return .error("registry-data.invalid", file: path, line: place.line, column: place.column,
                          number ? "\(place.name) is \(place.found ?? ""); it should be a whole number" : "\(place.name) is not a value the schema allows",
                          hint: hint)
        @unknown default:
            return .error("registry-data.invalid", file: path, "the registry data file does not follow its schema", hint: hint)
        }
    }

    /// A Swift type as JSON calls its values ("a whole number").
    static func jsonKind(of type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type: "a whole number"
        case is Bool.Type: "true or false"
        case is [Any].Type: "an array"
        default:
            // The decoder names containers by their Swift type: `Dictionary<String, Any>`, or
            // the model's own types, which the file holds as objects.
            String(describing: type).hasPrefix("Array") ? "an array" : "an object"
        }
    }

    /// Why and where `bytes` do not read, since JSONDecoder says neither: JSONSerialization's
    /// position ("around character N"), or the end of the text when it ends early. Text that
    /// JSONSerialization reads has a number no field can hold (JSONDecoder calls a fraction
    /// "not valid JSON" too, without the field's path): the first such number in `part` (the
    /// part that was decoded).
    static func syntaxProblem(_ bytes: [UInt8], path: String, part: Range<Int>) -> Diagnostic {
        let offset: Int?
        var endsEarly = false
        do {
            _ = try JSONSerialization.jsonObject(with: Data(bytes))
            if let fault = JSONSyntax.firstFault(in: bytes) { return syntaxFault(fault, bytes: bytes, path: path) }
            if let number = firstNonWholeNumber(bytes, in: part) {
                let place = JSONPathLocator.position(of: number, in: bytes)
                return .error("registry-data.invalid", file: path, line: place.line, column: place.column,
                              "a number here is \(JSONPathLocator.kind(at: number, in: bytes) ?? "not whole"); sizes and the schema version are whole numbers (of at most 64 bits)",
                              hint: hint)
            }
            offset = nil
        } catch {
            let text = String(describing: error)
            if let range = text.range(of: #"character \d+"#, options: .regularExpression),
               let found = Int(text[range].dropFirst("character ".count)), found <= bytes.count {
                offset = found
            } else if text.contains("end of file") {
                // After the last byte that is not whitespace: where the text stops.
                offset = (bytes.lastIndex { !JSONScanner.isSpace($0) } ?? -1) + 1
                endsEarly = true
            } else {
                offset = nil
            }
        }
        let place = offset.map { JSONPathLocator.position(of: $0, in: bytes) }
        return .error("registry-data.syntax", file: path, line: place?.line, column: place?.column,
                      "the registry data file is not valid JSON\(endsEarly ? ": it ends early" : "")",
                      hint: hint)
    }

    /// The offset of the first value of a `size` or `schemaVersion` member in `range` of
    /// `bytes` that is a number but not a 64-bit whole number: the schema's only numbers.
    /// (Members it does not name are not decoded, so their numbers are nobody's problem.)
    static func firstNonWholeNumber(_ bytes: [UInt8], in range: Range<Int>) -> Int? {
        bytes.withUnsafeBufferPointer { whole -> Int? in
            let buffer = UnsafeBufferPointer(rebasing: whole[range])
            var found: Int?
            // False: stop (found, or the text is not as expected).
            func walk(_ scanner: inout JSONScanner, numberWanted: Bool) -> Bool {
                scanner.skipSpace()
                guard scanner.index < buffer.count else { return false }
                switch buffer[scanner.index] {
                case UInt8(ascii: "{"):
                    return scanner.members { scanner, key, _ in
                        walk(&scanner, numberWanted: key == "size" || key == "schemaVersion")
                    }
                case UInt8(ascii: "["):
                    scanner.index += 1
                    scanner.skipSpace()
                    if scanner.index < buffer.count, buffer[scanner.index] == UInt8(ascii: "]") {
                        scanner.index += 1
                        return true
                    }
                    while true {
                        guard walk(&scanner, numberWanted: false) else { return false }
                        scanner.skipSpace()
                        guard scanner.index < buffer.count else { return false }
                        scanner.index += 1
                        if buffer[scanner.index - 1] == UInt8(ascii: "]") { return true }
                        guard buffer[scanner.index - 1] == UInt8(ascii: ",") else { return false }
                    }
                default:
                    let start = scanner.index
                    guard let value = scanner.value() else { return false }
                    let first = buffer[start]
                    if numberWanted, first == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first),
                       Int(String(decoding: UnsafeBufferPointer(rebasing: buffer[value]), as: UTF8.self)) == nil {
                        found = range.lowerBound + start
                        return false
                    }
                    return true
                }
            }
            var scanner = JSONScanner(bytes: buffer)
            _ = walk(&scanner, numberWanted: false)
            return found
        }
    }

    /// The line of the top-level member `key`'s value, if the file has one (not the first
    /// line that holds the key's text: an image may have a tag of that name).
    static func line(ofMember key: String, in bytes: [UInt8]) -> Int? {
        guard let found = JSONPathLocator.find([.key(key)], in: bytes), found.whole else { return nil }
        return JSONPathLocator.position(of: found.offset, in: bytes).line
    }
}
