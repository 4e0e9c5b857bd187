import TOMLKit
import Yams

/// Hugo's TOML front matter, between `+++` lines, read into the fields YAML front matter gives:
/// an article written for Hugo builds as it is. Values become what the same value written in
/// YAML reads as (text, true/false, a list, a table); a date or a date and time is written as
/// gen reads dates (`2024-05-01`, `2024-05-01T09:30:00+01:00`).
enum TOMLFrontMatter {
    /// The front matter of `text`, which starts with a `+++` line.
    static func parse(_ text: String, path: String, diagnostics: inout DiagnosticList) -> FrontMatter {
        // "\r\n" is one Character: both line ends split.
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        guard let close = lines.indices.dropFirst().first(where: { FrontMatter.isDelimiter(lines[$0].utf8, "+++") }) else {
            diagnostics.error("front matter is not closed", at: SourceLocation(path, line: 1, column: 1),
                              notes: [.init("end the TOML block with a line '+++' before the body")])
            return FrontMatter(body: ""[...], bodyLine: lines.count + 1, isTOML: true)
        }
        let bodyStart = close + 1 < lines.count ? lines[close + 1].startIndex : text.endIndex
        var result = FrontMatter(body: text[bodyStart...], bodyLine: close + 2, isTOML: true)
        let toml = lines[1..<close].joined(separator: "\n")
        let table: TOMLTable
        do {
            table = try TOMLTable(string: toml)
        } catch let error as TOMLParseError {
            diagnostics.error("malformed TOML front matter: \(error.description)",
                              at: SourceLocation(path, line: error.source.begin.line + 1, column: error.source.begin.column),
                              notes: SyntaxHints.toml(toml, errorLine: error.source.begin.line, path: path)
                                  .map { Diagnostic.Note($0.message, at: $0.location.map { SourceLocation(path, line: $0.line + 1, column: $0.column) }) })
            return result
        } catch {
            diagnostics.error("malformed TOML front matter: \(error)", at: SourceLocation(path, line: 2, column: 1))
            return result
        }
        let keyLines = TOMLKeyLines(toml)
        // In the file's order (TOMLKit gives a table's keys sorted).
        let places = table.keys.map { (key: $0, place: keyLines.position(of: $0)) }.sorted { ($0.place.line, $0.key) < ($1.place.line, $1.key) }
        for (key, place) in places {
            guard let value = table[key] else { continue }
            let location = SourceLocation(path, line: place.line + 1, column: place.column)
            result.fields.append(FrontMatter.Field(key: key, value: node(value), location: location, valueLocation: location))
        }
        return result
    }

    /// `value` as the node its YAML spelling gives.
    static func node(_ value: TOMLValueConvertible) -> Node {
        if let text = value.string { return .scalar(.init(text, SimpleFrontMatter.textTag, .doubleQuoted)) }
        if let flag = value.bool { return plain(flag ? "true" : "false") }
        if let number = value.int { return plain(String(number)) }
        if let number = value.double { return plain(String(number)) }
        if let dateTime = value.dateTime {
            var text = day(dateTime.date) + "T" + clock(dateTime.time)
            if let offset = dateTime.offset?.offset {
                text += offset == 0 ? "Z" : (offset < 0 ? "-" : "+") + two(abs(offset) / 60) + ":" + two(abs(offset) % 60)
            }
            return plain(text)
        }
        if let date = value.date { return plain(day(date)) }
        if let time = value.time { return plain(clock(time)) }
        if let array = value.array {
            return .sequence(.init(array.map { node($0) }, SimpleFrontMatter.listTag))
        }
        if let table = value.table {
            return .mapping(.init(table.keys.sorted().compactMap { key in table[key].map { (plain(key), node($0)) } },
                                  SimpleFrontMatter.mapTag))
        }
        return plain("")
    }

    private static func plain(_ text: String) -> Node { .scalar(.init(text, SimpleFrontMatter.textTag, .plain)) }
    private static func two(_ number: Int) -> String { number < 10 ? "0\(number)" : String(number) }
    private static func day(_ date: TOMLDate) -> String {
        (date.year < 1000 ? String(repeating: "0", count: 4 - String(date.year).count) : "") + "\(date.year)-\(two(date.month))-\(two(date.day))"
    }
    private static func clock(_ time: TOMLTime) -> String {
        "\(two(time.hour)):\(two(time.minute)):\(two(time.second))"
    }
}
