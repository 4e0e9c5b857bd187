/// Where each key of a TOML file is written, found by reading its lines; TOMLKit reports
/// positions only for syntax errors, and a type error should point at its key too.
struct TOMLKeyLines: Sendable {
    private var positions: [String: (line: Int, column: Int)] = [:]
    /// Every place of each key, in file order: the keys of the tables of an array of tables
    /// (`[[menu.main]]`) are written once per table.
    private var all: [String: [(line: Int, column: Int)]] = [:]
    /// Where each key's value starts (inside its quotes, for a string), for errors about it.
    private var values: [String: (line: Int, column: Int)] = [:]

    init(_ text: String) {
        var table = ""
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = index + 1
            let indent = rawLine.prefix { $0 == " " || $0 == "\t" }.count
            let trimmed = rawLine.dropFirst(indent)
            if trimmed.hasPrefix("[") {
                let name = trimmed.drop { $0 == "[" }.prefix { $0 != "]" }
                table = name.trimmingCharacters(in: " \t\"")
                if positions[table] == nil { positions[table] = (line, indent + 1) }
                // Each table of an array of tables, in file order: "[[menu.main]]".
                if trimmed.hasPrefix("[[") { all["[[\(table)]]", default: []].append((line, indent + 1)) }
                continue
            }
            guard let equals = trimmed.firstIndex(of: "="), !trimmed.hasPrefix("#") else { continue }
            let key = trimmed[..<equals].trimmingCharacters(in: " \t\"")
            let path = table.isEmpty ? key : "\(table).\(key)"
            if positions[path] == nil { positions[path] = (line, indent + 1) }
            all[path, default: []].append((line, indent + 1))
            // Inline tables: `true = { label = "True", rating = 5 }`.
            let rest = trimmed[trimmed.index(after: equals)...]
            if values[path] == nil {
                let blank = rest.prefix { $0 == " " || $0 == "\t" }.count
                let quoted = rest.dropFirst(blank).first.map { $0 == "\"" || $0 == "'" } ?? false
                values[path] = (line, indent + trimmed.distance(from: trimmed.startIndex, to: equals) + 2 + blank + (quoted ? 1 : 0))
            }
            if let open = rest.firstIndex(of: "{") {
                var column = indent + trimmed.distance(from: trimmed.startIndex, to: open) + 2
                for part in rest[rest.index(after: open)...].split(separator: ",", omittingEmptySubsequences: false) {
                    if let eq = part.firstIndex(of: "=") {
                        let inner = part[..<eq].trimmingCharacters(in: " \t\"")
                        let lead = part.prefix { $0 == " " }.count
                        positions["\(path).\(inner)"] = (line, column + lead)
                    }
                    column += part.count + 1
                }
            }
        }
    }

    /// The line and column of the `n`th (from 0) `path` written, e.g. the url of the third
    /// `[[menu.main]]` (or, for "[[menu.main]]", the third table's header); nil when there are fewer.
    func position(of path: String, occurrence n: Int) -> (line: Int, column: Int)? {
        guard let places = all[path], n < places.count else { return nil }
        return places[n]
    }

    /// The first place of `path` after line `line` and before line `end` (nil: to the end): a
    /// key of one table of an array of tables, between its header and the next one's.
    func position(of path: String, after line: Int, before end: Int?) -> (line: Int, column: Int)? {
        all[path]?.first { place in place.line > line && (end.map { place.line < $0 } ?? true) }
    }

    /// The line and column of `path`'s value, or of the key itself (`position(of:)`).
    func valuePosition(of path: String) -> (line: Int, column: Int) {
        values[path] ?? position(of: path)
    }

    /// The line and column of `path` ("entities.link"), or of its nearest written parent.
    func position(of path: String) -> (line: Int, column: Int) {
        var parts = path.split(separator: ".").map(String.init)
        while !parts.isEmpty {
            if let found = positions[parts.joined(separator: ".")] { return found }
            parts.removeLast()
        }
        return (1, 1)
    }
}

extension Substring {
    func trimmingCharacters(in set: String) -> String {
        let chars = Set(set)
        var slice = self[...]
        while let first = slice.first, chars.contains(first) { slice = slice.dropFirst() }
        while let last = slice.last, chars.contains(last) { slice = slice.dropLast() }
        return String(slice)
    }
}
