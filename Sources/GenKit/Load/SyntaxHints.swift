/// How to mend the usual slips behind a YAML or TOML syntax error: the parsers say where they
/// stopped, often lines after the slip and in their own terms ("did not find expected key").
/// Each hint points at the line that holds the slip. Looked for only once a parser has failed.
enum SyntaxHints {
    /// Hints for YAML `lines` (the front matter; the first is line `firstLine` of `path`), up to
    /// the line where the parser stopped (`errorLine`, in the file's numbering).
    static func yaml(_ lines: [Substring], firstLine: Int, errorLine: Int, path: String) -> [Diagnostic.Note] {
        var notes: [Diagnostic.Note] = []
        for (offset, line) in lines.enumerated() {
            let number = firstLine + offset
            guard number <= errorLine else { break }
            if let tab = line.prefix(while: { $0 == " " || $0 == "\t" }).firstIndex(of: "\t") {
                notes.append(.init("YAML does not allow tabs for indentation: indent with spaces",
                                   at: SourceLocation(path, line: number, column: line.unicodeScalars.distance(from: line.startIndex, to: tab) + 1)))
                break
            }
            // The value of `key: value` or `- value`.
            guard let value = yamlValue(line) else { continue }
            let column = line.unicodeScalars.distance(from: line.startIndex, to: value.startIndex) + 1
            if let quote = value.first, quote == "\"" || quote == "'", !closes(value.dropFirst(), quote: quote) {
                notes.append(.init("this quoted value is not closed: end it with \(quote) on the same line",
                                   at: SourceLocation(path, line: number, column: column)))
                break
            }
            if let open = value.first, let close = ["[": Character("]"), "{": "}"][open], !balanced(value, open: open, close: close) {
                notes.append(.init("this \(open == "[" ? "list" : "mapping") is not closed: end it with '\(close)' on the same line",
                                   at: SourceLocation(path, line: number, column: column)))
                break
            }
        }
        return notes
    }

    /// Hints for TOML `text` whose parser stopped on line `errorLine` of `path`.
    static func toml(_ text: String, errorLine: Int, path: String) -> [Diagnostic.Note] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard errorLine >= 1, errorLine <= lines.count else { return [] }
        let line = lines[errorLine - 1]
        guard let equals = line.firstIndex(of: "=") else { return [] }
        let value = line[line.index(after: equals)...].drop(while: { $0 == " " || $0 == "\t" })
        guard let quote = value.first, quote == "\"" || quote == "'", !value.hasPrefix(String(repeating: quote, count: 3)),
              !closes(value.dropFirst(), quote: quote) else { return [] }
        return [.init("this string is not closed: end it with \(quote) on the same line",
                      at: SourceLocation(path, line: errorLine, column: line.unicodeScalars.distance(from: line.startIndex, to: value.startIndex) + 1))]
    }

    /// The value part of a YAML line `key: value`, `- value` or `- key: value`; nil for none.
    private static func yamlValue(_ line: Substring) -> Substring? {
        var rest = line.drop(while: { $0 == " " })
        if rest.hasPrefix("#") { return nil }
        if rest.hasPrefix("- ") { rest = rest.dropFirst(2).drop(while: { $0 == " " }) }
        if let first = rest.first, first == "\"" || first == "'" || first == "[" || first == "{" { return rest }
        guard let colon = rest.range(of: ": ") else { return nil }
        let value = rest[colon.upperBound...].drop(while: { $0 == " " })
        return value.isEmpty ? nil : value
    }

    /// Whether `rest` (what follows an opening quote) closes it: `\"` escapes a double quote,
    /// `''` stands for a single one.
    private static func closes(_ rest: Substring, quote: Character) -> Bool {
        var i = rest.startIndex
        while i < rest.endIndex {
            let character = rest[i]
            if quote == "\"" && character == "\\" {
                i = rest.index(after: i)
                if i < rest.endIndex { i = rest.index(after: i) }
                continue
            }
            if character == quote {
                let next = rest.index(after: i)
                if quote == "'" && next < rest.endIndex && rest[next] == "'" { i = rest.index(after: next); continue }
                return true
            }
            i = rest.index(after: i)
        }
        return false
    }

    /// Whether every `open` in `value` is closed on the line, quoted text aside.
    private static func balanced(_ value: Substring, open: Character, close: Character) -> Bool {
        var depth = 0
        var quote: Character?
        for character in value {
            if let current = quote {
                if character == current { quote = nil }
                continue
            }
            switch character {
            case "\"", "'": quote = character
            case open: depth += 1
            case close: depth -= 1
            case "#" where depth == 0: return true
            default: break
            }
        }
        return depth <= 0
    }
}
