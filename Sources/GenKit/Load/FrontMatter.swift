import Yams

/// The YAML block between `---` lines at the top of a content file (or Hugo's TOML between
/// `+++` lines: `TOMLFrontMatter`), with every field's place in the file, so a diagnostic
/// points at the true line (not the line within the block).
public struct FrontMatter {
    public struct Field {
        public var key: String
        public var value: Node
        public var location: SourceLocation
        /// Where the value starts (a diagnostic about the value points there).
        public var valueLocation: SourceLocation
        /// Where each item of a list value starts, when known (a diagnostic about one item
        /// points there); empty otherwise.
        public var itemLocations: [SourceLocation] = []
    }

    public var fields: [Field] = []
    /// The text after the block.
    public var body: Substring
    /// The file line on which `body` starts.
    public var bodyLine: Int
    /// Whether the block is TOML (`+++` lines).
    public var isTOML = false

    /// `yaml` or `toml`, as this block writes a key: advice shows the line the author would type.
    func spelling(yaml: String, toml: String) -> String { isTOML ? toml : yaml }

    public subscript(key: String) -> Field? { fields.first { $0.key == key } }

    /// Splits `text` and parses its front matter; problems are appended to `diagnostics`.
    public static func parse(_ text: String, path: String, diagnostics: inout DiagnosticList) -> FrontMatter {
        let firstLine = text.utf8.prefix { $0 != 10 }
        if isDelimiter(firstLine, "+++") {
            return TOMLFrontMatter.parse(text, path: path, diagnostics: &diagnostics)
        }
        guard isDelimiter(firstLine, "---") else {
            // JSON front matter: read as the body, its `"draft": true` would publish the
            // article, and its title show as its first line.
            if let kind = otherFrontMatter(text) {
                diagnostics.error("\(kind) front matter is not read: gen reads YAML front matter, between '---' lines",
                                  at: SourceLocation(path, line: 1, column: 1),
                                  notes: [.init("write it as YAML ('title: \"…\"', 'draft: true') between a line '---' and another")])
            }
            return FrontMatter(body: text[...], bodyLine: 1)
        }
        // Find the closing `---` (or `...`) line.
        var lineNumber = 1
        // A file that is only `---` has no line after it (and its front matter is not closed).
        var lineStart = firstLine.endIndex == text.utf8.endIndex ? text.endIndex : text.utf8.index(after: firstLine.endIndex)
        let yamlStart = lineStart
        var closing: (start: String.Index, end: String.Index)?
        let utf8 = text.utf8
        while lineStart < utf8.endIndex {
            lineNumber += 1
            let lineEnd = utf8[lineStart...].firstIndex(of: 10) ?? utf8.endIndex
            let line = utf8[lineStart..<lineEnd]
            if isDelimiter(line, "---") || isDelimiter(line, "...") {
                closing = (lineStart, lineEnd)
                break
            }
            lineStart = lineEnd == utf8.endIndex ? lineEnd : utf8.index(after: lineEnd)
        }
        guard let closing else {
            diagnostics.error("front matter is not closed", at: SourceLocation(path, line: 1, column: 1),
                              notes: [.init("end the YAML block with a line '---' before the body")])
            return FrontMatter(body: ""[...], bodyLine: lineNumber)
        }
        let bodyStart = closing.end == utf8.endIndex ? closing.end : utf8.index(after: closing.end)
        var result = FrontMatter(body: text[bodyStart...], bodyLine: lineNumber + 1)
        let yaml = text[yamlStart..<closing.start]
        if let simple = SimpleFrontMatter.parse(yaml) {
            result.fields = simple.map {
                Field(key: $0.key, value: $0.value, location: SourceLocation(path, line: $0.line + 1),
                      valueLocation: SourceLocation(path, line: $0.line + 1, column: $0.column),
                      itemLocations: $0.itemColumns.map { [line = $0.line] column in SourceLocation(path, line: line + 1, column: column) })
            }
        } else {
            result.fields = parseFields(String(yaml), firstLine: 2, path: path, diagnostics: &diagnostics)
        }
        return result
    }

    /// Whether `line` is the delimiter `mark` (`---`, `+++`), spaces and tabs after it aside:
    /// an editor may leave them, and read as the body the block would publish a draft.
    static func isDelimiter<Line: BidirectionalCollection<UInt8>>(_ line: Line, _ mark: String) -> Bool {
        line.reversed().drop { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }.reversed().elementsEqual(mark.utf8)
    }

    /// "JSON" when `text` starts with Hugo's JSON front matter (a JSON object of keys); nil
    /// otherwise.
    static func otherFrontMatter(_ text: String) -> String? {
        guard text.hasPrefix("{") else { return nil }
        let rest = text.dropFirst().drop { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard rest.first == "\"", let close = rest.dropFirst().firstIndex(of: "\"") else { return nil }
        return rest[rest.index(after: close)...].drop { $0 == " " || $0 == "\t" }.first == ":" ? "JSON" : nil
    }

    static func parseFields(_ yaml: String, firstLine: Int, path: String,
                            diagnostics: inout DiagnosticList) -> [Field] {
        func location(_ mark: Mark?) -> SourceLocation {
            SourceLocation(path, line: (mark?.line ?? 1) + firstLine - 1, column: mark?.column ?? 1)
        }
        let node: Node?
        do {
            node = try Yams.compose(yaml: yaml, .basic, .default, .utf8)
        } catch let error as YamlError {
            let duplicates = duplicateKeys(yaml, firstLine: firstLine, path: path)
            if !duplicates.isEmpty {
                diagnostics.append(contentsOf: duplicates)
                return []
            }
            let (message, mark, context) = describe(error)
            var notes: [Diagnostic.Note] = []
            if let context { notes.append(.init(context.text, at: location(context.mark))) }
            notes += SyntaxHints.yaml(yaml.split(separator: "\n", omittingEmptySubsequences: false), firstLine: firstLine,
                                      errorLine: location(mark).line, path: path)
            diagnostics.error("malformed YAML front matter: \(message)", at: location(mark), notes: notes)
            return []
        } catch {
            diagnostics.error("malformed YAML front matter: \(error)", at: location(nil))
            return []
        }
        guard let node else { return [] }
        guard let mapping = node.mapping else {
            diagnostics.error("front matter must be a list of 'key: value' lines", at: location(node.mark))
            return []
        }
        var fields: [Field] = []
        for (key, value) in mapping {
            fields.append(Field(key: key.string ?? "", value: value, location: location(key.mark),
                                valueLocation: location(value.mark ?? key.mark),
                                itemLocations: value.sequence.map { $0.map { location($0.mark ?? value.mark ?? key.mark) } } ?? []))
        }
        return fields
    }

    /// Yams reports a repeated key at the start of the mapping; find both lines instead.
    static func duplicateKeys(_ yaml: String, firstLine: Int, path: String) -> [Diagnostic] {
        var seen: [String: Int] = [:]
        var found: [Diagnostic] = []
        for (offset, line) in yaml.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard let first = line.first, first != " ", first != "\t", first != "#", first != "-",
                  let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon].trimmingCharacters(in: " \t\"'")
            let lineNumber = offset + firstLine
            if let previous = seen[key] {
                found.append(.error("duplicate front matter key '\(key)'", at: SourceLocation(path, line: lineNumber),
                                    notes: [.init("first set here", at: SourceLocation(path, line: previous))]))
            } else {
                seen[key] = lineNumber
            }
        }
        return found
    }

    private static func describe(_ error: YamlError) -> (String, Mark?, YamlError.Context?) {
        switch error {
        case let .scanner(context, problem, mark, _): return (problem, mark, context)
        case let .parser(context, problem, mark, _): return (problem, mark, context)
        case let .composer(context, problem, mark, _): return (problem, mark, context)
        case let .reader(problem, _, _, _): return (problem, nil, nil)
        default: return ("\(error)", nil, nil)
        }
    }
}

/// Typed reads of front matter values; a wrong type is an error at the value.
extension FrontMatter.Field {
    /// The value as text, or nil for an empty or null value.
    func string(diagnostics: inout DiagnosticList) -> String? {
        guard let scalar = value.scalar else {
            diagnostics.error("'\(key)' must be text", at: valueLocation)
            return nil
        }
        if scalar.style == .plain && ["", "~", "null", "Null", "NULL"].contains(scalar.string) { return nil }
        return scalar.string
    }

    func bool(diagnostics: inout DiagnosticList) -> Bool? {
        guard let scalar = value.scalar, scalar.style == .plain else {
            diagnostics.error("'\(key)' must be true or false", at: valueLocation)
            return nil
        }
        switch scalar.string {
        case "true", "True", "TRUE", "yes", "Yes", "on": return true
        case "false", "False", "FALSE", "no", "No", "off", "": return false
        default:
            diagnostics.error("'\(key)' must be true or false, not '\(scalar.string)'", at: valueLocation)
            return nil
        }
    }

    /// A list of strings; a single value counts as a list of one. An empty item is an error,
    /// or with `keepingEmpty` kept for the caller to say more of it.
    func stringList(keepingEmpty: Bool = false, diagnostics: inout DiagnosticList) -> [String] {
        stringItems(keepingEmpty: keepingEmpty, diagnostics: &diagnostics).map(\.text)
    }

    /// `stringList`, each item with where it starts (the value's start when that is not known).
    func stringItems(keepingEmpty: Bool = false, diagnostics: inout DiagnosticList) -> [(text: String, location: SourceLocation)] {
        if let sequence = value.sequence {
            var items: [(text: String, location: SourceLocation)] = []
            for (i, item) in sequence.enumerated() {
                let location = i < itemLocations.count ? itemLocations[i] : valueLocation
                if let text = item.scalar?.string, keepingEmpty || !text.isEmpty { items.append((text, location)) } else {
                    diagnostics.error("each of '\(key)' must be text", at: location)
                }
            }
            return items
        }
        return string(diagnostics: &diagnostics).map { [($0, valueLocation)] } ?? []
    }
}
