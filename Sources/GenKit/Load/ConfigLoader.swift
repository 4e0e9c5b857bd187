import Foundation
import TOMLKit

/// Reads gen.toml into a `SiteConfig`: unknown keys warn, malformed TOML and wrong types
/// are errors with their line and column.
public struct ConfigLoader: Sendable {
    public static let fileName = "gen.toml"

    public init() {}

    /// Why `url` cannot be a site's address, or nil: it must be an absolute http or https
    /// address with a host (an empty one means no absolute address at all). A `javascript:` or
    /// `file:` address would end up in every page's canonical link and feed.
    public static func baseURLProblem(_ url: String) -> String? {
        guard !url.isEmpty else { return nil }
        guard !url.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F || $0.properties.generalCategory == .format }) else {
            return "must not hold spaces, control or format characters (such as a right-to-left mark)"
        }
        let lower = url.lowercased()
        guard let scheme = ["https://", "http://"].first(where: { lower.hasPrefix($0) }) else {
            return "must be an http or https address, not \(Diagnostic.quoted(url))"
        }
        let rest = url.dropFirst(scheme.count)
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let host = authority.split(separator: "@", omittingEmptySubsequences: false).last ?? ""
        guard !host.isEmpty, !host.hasPrefix(":") else { return "has no host: \(Diagnostic.quoted(url))" }
        guard !url.contains("?") && !url.contains("#") else { return "must not have a query or a fragment" }
        // Every page and feed would publish a password written here.
        if let at = authority.lastIndex(of: "@"), authority[..<at].contains(":") { return "must not hold a password" }
        if !host.hasSuffix("]"), let colon = host.lastIndex(of: ":") {
            let port = host[host.index(after: colon)...]
            guard let number = Int(port), (1...65_535).contains(number) else { return "has no valid port (1 to 65535): \(Diagnostic.quoted(url))" }
        }
        // The name: an IPv6 address in brackets, or dot-separated labels of letters, digits and
        // '-' (not at a label's ends); names in other scripts are written as their punycode.
        let name = host.hasPrefix("[") ? host.prefix { $0 != "]" } + "]" : host.prefix { $0 != ":" }
        if name.hasPrefix("[") {
            let inner = name.dropFirst().dropLast()
            guard !inner.isEmpty, inner.contains(":"), inner.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else {
                return "has no valid host: \(Diagnostic.quoted(String(name)))"
            }
        } else {
            let labels = name.split(separator: ".", omittingEmptySubsequences: false)
            let valid = labels.enumerated().allSatisfy { n, label in
                // A name may end in a dot (the root); no other label is empty.
                (label.isEmpty && n == labels.count - 1 && labels.count > 1)
                    || (!label.isEmpty && label.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                        && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") })
            }
            guard valid else {
                return "has no valid host: \(Diagnostic.quoted(String(name))) (letters, digits and '-' between dots; "
                    + "a name in another script as its punycode, xn--...)"
            }
            // Digits alone make an IPv4 address: four numbers up to 255.
            let numbers = labels.filter { !$0.isEmpty }
            if numbers.allSatisfy({ $0.allSatisfy(\.isNumber) }),
               numbers.count != 4 || numbers.contains(where: { (Int($0) ?? 256) > 255 }) {
                return "has no valid host: \(Diagnostic.quoted(String(name))) (an IPv4 address is four numbers up to 255)"
            }
        }
        let path = rest.dropFirst(authority.count)
        if path.split(separator: "/").contains(where: { $0 == "." || $0 == ".." }) { return "must not hold '.' or '..' in its path" }
        // Characters an address escapes: written as they are, pages and feeds would carry them raw.
        if let raw = path.first(where: { "<>\"\\^`{|}".contains($0) || !$0.isASCII }) {
            return "must not hold \(Diagnostic.quoted(String(raw))) in its path: write it escaped (%XX)"
        }
        var percent = path.utf8[...]
        while let at = percent.firstIndex(of: 0x25) {
            let digits = percent[percent.index(after: at)...].prefix(2)
            guard digits.count == 2, digits.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x66) }) else {
                return "holds a '%' that is no escape (%XX) in its path"
            }
            percent = percent[percent.index(after: at)...]
        }
        guard let parsed = URL(string: url), let parsedHost = parsed.host, !parsedHost.isEmpty else {
            return "is not a valid address: \(Diagnostic.quoted(url))"
        }
        return nil
    }

    /// The line and column of a table header whose name starts with a character no key can
    /// start with (`[` alone on a line, `[#]`, `[[`): the TOML parser gen uses stops the
    /// process on one (an assertion), so it is found here first. Strings, comments and the
    /// brackets of array and inline-table values are skipped: only a `[` that starts a line
    /// outside any value is a header.
    static func tableHeaderWithoutName(_ text: String) -> (Int, Int)? {
        let bytes = Array(text.utf8)
        var i = 0, line = 1, lineStart = 0, depth = 0
        var atLineStart = true
        func isKeyStart(_ c: UInt8) -> Bool {
            (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F || c == 0x2D
                || c == 0x22 || c == 0x27 || c == 0x5D || c >= 0x80
        }
        func skipToLineEnd() { while i < bytes.count && bytes[i] != 0x0A { i += 1 } }
        while i < bytes.count {
            let c = bytes[i]
            switch c {
            case 0x0A:
                line += 1
                i += 1
                lineStart = i
                atLineStart = true
                continue
            case 0x20, 0x09, 0x0D:
                i += 1
                continue
            case 0x23:  // a comment
                skipToLineEnd()
                continue
            case 0x22, 0x27:  // a string; three quotes open one that may span lines
                let triple = i + 2 < bytes.count && bytes[i + 1] == c && bytes[i + 2] == c
                i += triple ? 3 : 1
                while i < bytes.count {
                    if bytes[i] == 0x5C && c == 0x22 { i += 2; continue }
                    if bytes[i] == 0x0A {
                        if !triple { break }
                        line += 1
                        lineStart = i + 1
                    }
                    if bytes[i] == c && (!triple || (i + 2 < bytes.count && bytes[i + 1] == c && bytes[i + 2] == c)) {
                        i += triple ? 3 : 1
                        break
                    }
                    i += 1
                }
            case 0x5B where depth == 0 && atLineStart:  // a table header
                var j = i + 1
                if j < bytes.count && bytes[j] == 0x5B { j += 1 }
                while j < bytes.count && (bytes[j] == 0x20 || bytes[j] == 0x09) { j += 1 }
                if j >= bytes.count || !isKeyStart(bytes[j]) { return (line, j - lineStart + 1) }
                skipToLineEnd()
            case 0x5B, 0x7B:
                depth += 1
                i += 1
            case 0x5D, 0x7D:
                depth = max(0, depth - 1)
                i += 1
            default:
                i += 1
            }
            atLineStart = false
        }
        return nil
    }

    public func load(text: String?) -> (SiteConfig, DiagnosticList) {
        var config = SiteConfig()
        var diagnostics = DiagnosticList()
        guard let text else { return (config, diagnostics) }
        let keys = TOMLKeyLines(text)
        if let (line, column) = Self.tableHeaderWithoutName(text) {
            diagnostics.error("malformed TOML: a table header needs a name", at: SourceLocation(Self.fileName, line: line, column: column),
                              notes: [.init("write [section] or [[section]]")])
            return (config, diagnostics)
        }
        // The TOML parser ends a string at a NUL written as an escape ("https://ex\u0000.org/"
        // would be read "https://ex"): refused before it is read.
        for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where line.contains("\\u0000") || line.contains("\\U00000000") {
            let column = line.distance(from: line.startIndex, to: line.range(of: "\\u0000")?.lowerBound
                                           ?? line.range(of: "\\U00000000")!.lowerBound) + 1
            diagnostics.error("a NUL character (\\u0000) cannot be read from gen.toml", at: SourceLocation(Self.fileName, line: n + 1, column: column),
                              notes: [.init("remove it")])
        }
        if diagnostics.hasErrors { return (config, diagnostics) }
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            diagnostics.error(
                "malformed TOML: \(error.description)",
                at: SourceLocation(Self.fileName, line: error.source.begin.line, column: error.source.begin.column),
                notes: SyntaxHints.toml(text, errorLine: error.source.begin.line, path: Self.fileName))
            return (config, diagnostics)
        } catch {
            diagnostics.error("malformed TOML: \(error)", at: SourceLocation(Self.fileName))
            return (config, diagnostics)
        }
        var reader = Reader(keys: keys, diagnostics: diagnostics)
        reader.read(table, at: nil, into: &config, Self.fields)
        config.labelBuiltInVerdicts()
        return (config, reader.diagnostics)
    }

    /// gen.toml's keys and what each sets. A table's fields are its known keys: any other key is
    /// a warning that suggests the closest of them.
    private static var fields: [Field<SiteConfig>] { [
        .string("title", \.title),
        .custom("base_url") { reader, value, path, config in
            var url: String?
            reader.string(value, path) { url = $0 }
            if let url, let problem = baseURLProblem(url) {
                reader.diagnostics.error("'base_url' \(problem)", at: reader.valueLocation(path),
                                         notes: [.init("write the address the site will be served at, such as \"https://example.org/\"")])
            } else if let url {
                config.baseURL = url
            }
        },
        .string("language", \.language),
        .string("description", \.description),
        .bool("unsafe_html", \.unsafeHTML),
        .table("entities", [.choice("link", \.entities.link), .bool("auto", \.entities.auto)]),
        .table("annotations", [.choice("orphans", \.annotations.orphans)]),
        .custom("verdicts") { reader, value, path, config in
            if let sub = reader.table(value, path) { config.verdicts = reader.verdicts(sub) }
        },
        .table("pagination", [.positive("per_page", \.perPage)]),
        .table("feed", [.positive("limit", \.feed.limit), .bool("full_content", \.feed.fullContent)]),
        .table("menu", [.custom("main") { reader, value, path, config in config.menu = reader.menu(value, path) }]),
        .table("labels", ThemeLabels.keys.map { key in
            .custom(key) { reader, value, path, config in reader.string(value, path) { config.labelOverrides[key] = $0 } }
        }),
        .table("output", [.bool("file_urls", \.fileURLs)]),
        .table("search", [.bool("enabled", \.search.enabled), .string("pagefind", \.search.pagefind)]),
    ] }

    /// One key of a TOML table and how its value is read into `Target` (the `SiteConfig`, a menu
    /// entry, a verdict); `read` is given the value and its dotted path, for diagnostics.
    private struct Field<Target> {
        let key: String
        let read: (inout Reader, TOMLValueConvertible, String, inout Target) -> Void

        static func custom(_ key: String,
                           _ read: @escaping (inout Reader, TOMLValueConvertible, String, inout Target) -> Void) -> Field {
            Field(key: key, read: read)
        }

        static func string(_ key: String, _ property: WritableKeyPath<Target, String>) -> Field {
            custom(key) { reader, value, path, target in reader.string(value, path) { target[keyPath: property] = $0 } }
        }

        static func string(_ key: String, _ property: WritableKeyPath<Target, String?>) -> Field {
            custom(key) { reader, value, path, target in reader.string(value, path) { target[keyPath: property] = $0 } }
        }

        static func bool(_ key: String, _ property: WritableKeyPath<Target, Bool>) -> Field {
            custom(key) { reader, value, path, target in reader.bool(value, path) { target[keyPath: property] = $0 } }
        }

        static func bool(_ key: String, _ property: WritableKeyPath<Target, Bool?>) -> Field {
            custom(key) { reader, value, path, target in reader.bool(value, path) { target[keyPath: property] = $0 } }
        }

        static func positive(_ key: String, _ property: WritableKeyPath<Target, Int>) -> Field {
            custom(key) { reader, value, path, target in reader.positive(value, path) { target[keyPath: property] = $0 } }
        }

        static func integer(_ key: String, _ property: WritableKeyPath<Target, Int>) -> Field {
            custom(key) { reader, value, path, target in reader.integer(value, path) { target[keyPath: property] = $0 } }
        }

        static func choice<T: RawRepresentable & CaseIterable>(_ key: String, _ property: WritableKeyPath<Target, T>) -> Field
            where T.RawValue == String {
            custom(key) { reader, value, path, target in reader.choice(value, path) { target[keyPath: property] = $0 } }
        }

        /// A table of its own (`[feed]`), whose keys are `fields`.
        static func table(_ key: String, _ fields: [Field]) -> Field {
            custom(key) { reader, value, path, target in
                if let sub = reader.table(value, path) { reader.read(sub, at: path, into: &target, fields) }
            }
        }
    }

    /// Type checks of gen.toml values, each failure an error at the key's line.
    private struct Reader {
        let keys: TOMLKeyLines
        var diagnostics: DiagnosticList
        /// While one table of an array of tables is read: the lines of its header and of the
        /// next table's (nil for none), where its keys are.
        var entryLines: (header: Int, next: Int?)?

        func location(_ path: String) -> SourceLocation {
            if let entry = entryLines, let (line, column) = keys.position(of: path, after: entry.header, before: entry.next) {
                return SourceLocation(ConfigLoader.fileName, line: line, column: column)
            }
            let (line, column) = keys.position(of: path)
            return SourceLocation(ConfigLoader.fileName, line: line, column: column)
        }

        /// Where `path`'s value is written (outside an array of tables, whose keys repeat).
        func valueLocation(_ path: String) -> SourceLocation {
            guard entryLines == nil else { return location(path) }
            let (line, column) = keys.valuePosition(of: path)
            return SourceLocation(ConfigLoader.fileName, line: line, column: column)
        }

        mutating func typeError(_ path: String, expected: String, got value: TOMLValueConvertible) {
            diagnostics.error("'\(path)' must be \(expected), not \(value.type)", at: valueLocation(path))
        }

        /// Reads `table` (at dotted `prefix`, nil for the file's top level) key by key, in name
        /// order: each key of `fields` as it says, any other as an unknown key.
        mutating func read<Target>(_ table: TOMLTable, at prefix: String?, into target: inout Target, _ fields: [Field<Target>]) {
            for key in table.keys.sorted() {
                let path = prefix.map { "\($0).\(key)" } ?? key
                if let field = fields.first(where: { $0.key == key }) {
                    field.read(&self, table[key]!, path, &target)
                } else {
                    unknown(path, known: fields.map(\.key))
                }
            }
        }

        mutating func string(_ value: TOMLValueConvertible, _ path: String, _ set: (String) -> Void) {
            if let string = value.string { set(string) } else { typeError(path, expected: "a string", got: value) }
        }

        mutating func bool(_ value: TOMLValueConvertible, _ path: String, _ set: (Bool) -> Void) {
            if let bool = value.bool { set(bool) } else { typeError(path, expected: "true or false", got: value) }
        }

        mutating func integer(_ value: TOMLValueConvertible, _ path: String, _ set: (Int) -> Void) {
            if let int = value.int { set(int) } else { typeError(path, expected: "an integer", got: value) }
        }

        mutating func positive(_ value: TOMLValueConvertible, _ path: String, _ set: (Int) -> Void) {
            if let int = value.int, int > 0 { set(int) } else {
                diagnostics.error("'\(path)' must be a positive integer", at: valueLocation(path))
            }
        }

        /// `[[menu.main]]` entries: `name`, `url`, optional `weight` (lower first).
        mutating func menu(_ value: TOMLValueConvertible, _ path: String) -> [SiteConfig.MenuEntry] {
            guard let array = value.array else {
                diagnostics.error("'\(path)' must be a list of [[\(path)]] tables with name and url", at: location(path))
                return []
            }
            var entries: [SiteConfig.MenuEntry] = []
            for (n, element) in array.enumerated() {
                // This table's own header, where there is one to point at.
                let header = keys.position(of: "[[\(path)]]", occurrence: n)
                let here = header.map { SourceLocation(ConfigLoader.fileName, line: $0.line, column: $0.column) } ?? location(path)
                guard let table = element.table else {
                    diagnostics.error("each [[\(path)]] must be a table with name and url", at: here)
                    continue
                }
                var entry = SiteConfig.MenuEntry(name: "", url: "", weight: 0)
                if let header { entryLines = (header.line, keys.position(of: "[[\(path)]]", occurrence: n + 1)?.line) }
                read(table, at: path, into: &entry, [.string("name", \.name), .string("url", \.url), .integer("weight", \.weight)])
                if table["url"] != nil { entry.location = location(path + ".url") }
                entryLines = nil
                if entry.name.isEmpty || entry.url.isEmpty {
                    diagnostics.error("each [[\(path)]] needs a name and a url", at: here)
                    continue
                }
                entries.append(entry)
            }
            return entries
        }

        mutating func table(_ value: TOMLValueConvertible, _ path: String) -> TOMLTable? {
            if let table = value.table { return table }
            typeError(path, expected: "a table", got: value)
            return nil
        }

        mutating func choice<T: RawRepresentable & CaseIterable>(
            _ value: TOMLValueConvertible, _ path: String, _ set: (T) -> Void
        ) where T.RawValue == String {
            let options = T.allCases.map(\.rawValue)
            guard let string = value.string, let choice = T(rawValue: string) else {
                diagnostics.error("'\(path)' must be one of \(options.map { "\"\($0)\"" }.joined(separator: ", "))",
                                  at: valueLocation(path))
                return
            }
            set(choice)
        }

        mutating func unknown(_ path: String, known: [String]) {
            let last = path.split(separator: ".").last.map(String.init) ?? path
            var notes: [Diagnostic.Note] = []
            if let close = Suggestions.closest(to: last, in: known).first {
                notes.append(.init("did you mean '\(close)'?"))
            }
            diagnostics.warning("unknown key '\(path)' in \(ConfigLoader.fileName) is ignored", at: location(path), notes: notes)
        }

        /// `[verdicts]` adds to the built-in scale or relabels its steps; `builtin = false`
        /// starts from an empty scale instead.
        mutating func verdicts(_ table: TOMLTable) -> [SiteConfig.Verdict] {
            var keepBuiltIn = true
            if let value = table["builtin"] {
                bool(value, "verdicts.builtin") { keepBuiltIn = $0 }
            }
            var result = keepBuiltIn ? SiteConfig.Verdict.defaults : []
            for key in table.keys.sorted() where key != "builtin" {
                let path = "verdicts.\(key)"
                if key == Note.underReview {
                    diagnostics.error("'\(key)' is gen's own verdict key: what a fact check held for review (review=\"…\") shows",
                                      at: location(path), notes: [.init("name the step otherwise, such as 'pending'")])
                    continue
                }
                guard let entry = table[key]?.table else {
                    diagnostics.error("'\(path)' must be a table like { label = \"True\", rating = 5 }", at: location(path))
                    continue
                }
                let known = result.firstIndex { $0.key == key }
                var verdict = known.map { result[$0] } ?? SiteConfig.Verdict(key: key, label: key, rating: 0)
                read(entry, at: path, into: &verdict, [.string("label", \.label), .integer("rating", \.rating)])
                // Every step has its place on the ClaimReview scale, inside the built-in one's
                // when that is kept: a step above "true" would make every rating's best wrong.
                let scale = keepBuiltIn ? "ratings run from 1 (false) to 5 (true), as in the built-in scale" : "a rating is 1 (the worst) or more"
                if known == nil && entry["rating"] == nil {
                    diagnostics.error("verdict '\(key)' has no rating", at: location(path),
                                      notes: [.init("\(scale): \(key) = { label = \"\(verdict.label)\", rating = 3 }")])
                } else if entry["rating"]?.int != nil, verdict.rating < 1 || (keepBuiltIn && verdict.rating > 5) {
                    diagnostics.error("the rating of verdict '\(key)' is \(verdict.rating), outside the scale", at: location(path),
                                      notes: [.init(scale)])
                }
                if let known { result[known] = verdict } else { result.append(verdict) }
            }
            return result.sorted { ($0.rating, $0.key) > ($1.rating, $1.key) }
        }
    }
}
