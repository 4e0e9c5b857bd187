import Yams

/// Reads the bibliography: `content/sources.yaml` (CSL-YAML), `content/sources.json`
/// (CSL-JSON as Zotero and Pandoc export it) and any `.yaml`, `.yml` or `.json` file under
/// `content/sources/`. JSON is read by the YAML parser (JSON is YAML), so every entry keeps its
/// line for diagnostics.
public struct SourceLoader: Sendable {
    let fileSystem: FileSystem
    let siteDirectory: String

    public init(fileSystem: FileSystem, siteDirectory: String) {
        self.fileSystem = fileSystem
        self.siteDirectory = siteDirectory
    }

    /// The bibliography files in a fixed order.
    public func listFiles() -> [String] {
        var files: [String] = []
        for name in ["content/sources.yaml", "content/sources.yml", "content/sources.json"]
        where fileSystem.exists(siteDirectory + "/" + name) {
            files.append(name)
        }
        for path in fileSystem.listRecursively(siteDirectory + "/content/sources")
        where path.hasSuffix(".yaml") || path.hasSuffix(".yml") || path.hasSuffix(".json") {
            files.append("content/sources/" + path)
        }
        return files
    }

    /// Every source by id, in file order; duplicates and malformed entries are diagnostics.
    public func load(diagnostics: inout DiagnosticList) -> [SourceRecord] {
        var records: [SourceRecord] = []
        var seen: [String: SourceLocation] = [:]
        for path in listFiles() {
            for record in load(path, diagnostics: &diagnostics) {
                if let first = seen[record.id] {
                    diagnostics.error("duplicate source id '\(record.id)'", at: record.location,
                                      notes: [.init("first defined here", at: first)])
                    continue
                }
                seen[record.id] = record.location
                records.append(record)
            }
        }
        return records
    }

    func load(_ path: String, diagnostics: inout DiagnosticList) -> [SourceRecord] {
        guard let text = fileSystem.readText(path, in: siteDirectory, diagnostics: &diagnostics) else { return [] }
        return parse(text, path: path, diagnostics: &diagnostics)
    }

    func parse(_ text: String, path: String, diagnostics: inout DiagnosticList) -> [SourceRecord] {
        let format = path.hasSuffix(".json") ? "JSON" : "YAML"
        func location(_ mark: Mark?) -> SourceLocation {
            SourceLocation(path, line: mark?.line ?? 1, column: mark?.column ?? 1)
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text, .basic, .default, .utf8)
        } catch let error as YamlError {
            var mark: Mark?
            var problem = "\(error)"
            switch error {
            case let .scanner(_, p, m, _), let .parser(_, p, m, _), let .composer(_, p, m, _): problem = p; mark = m
            default: break
            }
            diagnostics.error("malformed \(format): \(problem)", at: location(mark))
            return []
        } catch {
            diagnostics.error("malformed \(format): \(error)", at: SourceLocation(path))
            return []
        }
        guard let root else { return [] }
        // CSL-YAML is a list, or `references: [...]` as Pandoc writes it.
        let entries: Node.Sequence
        if let sequence = root.sequence {
            entries = sequence
        } else if let list = root.mapping?["references"]?.sequence {
            entries = list
        } else {
            diagnostics.error("a bibliography is a list of references (CSL-\(format))", at: location(root.mark))
            return []
        }
        var records: [SourceRecord] = []
        for entry in entries {
            guard let mapping = entry.mapping else {
                diagnostics.error("each reference must be a mapping with an 'id'", at: location(entry.mark))
                continue
            }
            guard let id = mapping["id"]?.scalar?.string, !id.isEmpty else {
                diagnostics.error("this reference has no 'id'", at: location(entry.mark))
                continue
            }
            var record = SourceRecord(id: id, type: mapping["type"]?.scalar?.string ?? "webpage", location: location(entry.mark))
            record.title = mapping["title"]?.scalar?.string
            record.containerTitle = mapping["container-title"]?.scalar?.string
            record.publisher = mapping["publisher"]?.scalar?.string
            record.url = (mapping["URL"] ?? mapping["url"])?.scalar?.string
            record.archived = (mapping["archived"] ?? mapping["archive_url"])?.scalar?.string
            if let authors = mapping["author"] { record.authors = Self.names(authors) }
            if let issued = mapping["issued"] {
                record.issued = Self.date(issued)
                if record.issued == nil {
                    diagnostics.warning("cannot read the date of '\(id)'", at: location(issued.mark),
                                        notes: [.init("write 2005-03-14, 2005-03, 2005, or date-parts: [[2005, 3, 14]]")])
                }
            }
            if let accessed = mapping["accessed"] { record.accessed = Self.date(accessed) }
            for key in ["URL", "url", "archived"] {
                if let value = mapping[key]?.scalar?.string, !ArticleLoader.isSafeLink(value) {
                    diagnostics.warning("'\(key)' of '\(id)' must be an http or https address; it is left out",
                                        at: location(mapping[key]?.mark))
                    if key == "archived" { record.archived = nil } else { record.url = nil }
                }
            }
            records.append(record)
        }
        return records
    }

    static func names(_ node: Node) -> [SourceRecord.Name] {
        let items = node.sequence.map(Array.init) ?? [node]
        return items.compactMap { item in
            if let text = item.scalar?.string { return SourceRecord.Name(literal: text) }
            guard let mapping = item.mapping else { return nil }
            let name = SourceRecord.Name(family: mapping["family"]?.scalar?.string,
                                         given: mapping["given"]?.scalar?.string,
                                         literal: mapping["literal"]?.scalar?.string)
            return name.display.isEmpty ? nil : name
        }
    }

    /// `2005-03-14`, `2005-03`, `2005`, `{date-parts: [[2005, 3, 14]]}`, `{raw: "..."}`, `{literal: "..."}`.
    static func date(_ node: Node) -> SourceRecord.Date? {
        if let text = node.scalar?.string { return date(text) }
        guard let mapping = node.mapping else { return nil }
        if let parts = mapping["date-parts"]?.sequence?.first?.sequence {
            let numbers = parts.compactMap { $0.scalar?.string }.compactMap { Int($0) }
            return numbers.isEmpty ? nil : SourceRecord.Date(parts: Array(numbers.prefix(3)))
        }
        if let raw = (mapping["raw"] ?? mapping["literal"])?.scalar?.string {
            return date(raw) ?? SourceRecord.Date(parts: [], raw: raw)
        }
        return nil
    }

    static func date(_ text: String) -> SourceRecord.Date? {
        guard !text.isEmpty else { return nil }
        let pieces = text.split(separator: "-", maxSplits: 2, omittingEmptySubsequences: false)
        guard pieces[0].count == 4, let year = Int(pieces[0]) else { return SourceRecord.Date(parts: [], raw: text) }
        var parts = [year]
        if pieces.count > 1 {
            guard let month = Int(pieces[1]), (1...12).contains(month) else { return SourceRecord.Date(parts: [], raw: text) }
            parts.append(month)
        }
        if pieces.count > 2 {
            guard let day = Int(pieces[2].prefix(2)), (1...31).contains(day) else { return SourceRecord.Date(parts: [], raw: text) }
            parts.append(day)
        }
        return SourceRecord.Date(parts: parts)
    }
}
