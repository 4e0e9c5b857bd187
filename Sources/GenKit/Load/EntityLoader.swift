/// Reads `content/entities/*.md` into `Entity` values: name, kind, aliases, description,
/// wikidata, url, auto and a Markdown body; a name or alias claimed twice is an error naming
/// both files.
public struct EntityLoader: Sendable {
    public static let folder = "content/entities"
    static let knownKeys = ["name", "kind", "aliases", "description", "wikidata", "url", "auto"]

    let fileSystem: FileSystem
    let siteDirectory: String

    public init(fileSystem: FileSystem, siteDirectory: String) {
        self.fileSystem = fileSystem
        self.siteDirectory = siteDirectory
    }

    public func loadAll(jobs: Int = 1, diagnostics: inout DiagnosticList) -> [Entity] {
        guard let entries = fileSystem.list(siteDirectory + "/" + Self.folder) else { return [] }
        for entry in entries where !entry.name.hasPrefix(".") {
            if let refusal = entry.refusal { diagnostics.refused(Self.folder + "/" + entry.name, refusal) }
        }
        let paths = entries.filter { $0.refusal == nil && !$0.isDirectory && $0.name.hasSuffix(".md") && !$0.name.hasPrefix(".") }
            .map { Self.folder + "/" + $0.name }.sorted()
        let loaded = parallelLoad(paths, jobs: jobs) { load($0, diagnostics: &$1) }
        var entities: [Entity] = []
        for (entity, local) in loaded {
            diagnostics.append(contentsOf: local)
            if let entity { entities.append(entity) }
        }
        var claimed: [String: Entity] = [:]
        for entity in entities {
            for word in Set(entity.names) {
                if let other = claimed[word], other.slug != entity.slug {
                    diagnostics.error("'\(word)' names two entities", at: entity.location(of: word),
                                      notes: [.init("also claimed here", at: other.location(of: word)),
                                              .init("a name or alias may belong to one entity only")])
                } else {
                    claimed[word] = entity
                }
            }
        }
        return entities
    }

    func load(_ path: String, diagnostics: inout DiagnosticList) -> Entity? {
        let slug = fileStem(path)
        guard Slug.isValid(slug) else {
            let suggestion = Slug.make(from: slug)
            diagnostics.error("'\(slug)' is not a valid entity slug", at: SourceLocation(path),
                              notes: suggestion.isEmpty ? [] : [.init("rename the file to '\(suggestion).md'")])
            return nil
        }
        guard let text = fileSystem.readText(path, in: siteDirectory, diagnostics: &diagnostics) else { return nil }
        let errorsBefore = diagnostics.errorCount
        let front = FrontMatter.parse(text, path: path, diagnostics: &diagnostics)
        // After a front matter error, what is missing is missing because of it: no second word.
        let frontMatterFailed = diagnostics.errorCount > errorsBefore
        var entity = Entity(slug: slug, path: path, name: "", kind: .other, aliases: [], description: nil, wikidata: nil,
                            url: nil, auto: true, body: String(front.body), bodyLine: front.bodyLine, unreadable: frontMatterFailed)
        for field in front.fields {
            switch field.key {
            case "name":
                entity.name = field.string(diagnostics: &diagnostics) ?? ""
                entity.nameLocation = field.valueLocation
            case "aliases":
                entity.aliases = field.stringList(diagnostics: &diagnostics)
                entity.aliasesLocation = field.valueLocation
            case "description": entity.description = field.string(diagnostics: &diagnostics)
            case "auto": entity.auto = field.bool(diagnostics: &diagnostics) ?? true
            case "kind":
                guard let value = field.string(diagnostics: &diagnostics) else { break }
                if let kind = Entity.Kind(rawValue: value) {
                    entity.kind = kind
                } else {
                    var notes: [Diagnostic.Note] = Suggestions.closest(to: value, in: Entity.Kind.allCases.map(\.rawValue), limit: 1)
                        .map { .init("did you mean '\($0)'?") }
                    notes.append(.init("kinds are: \(Entity.Kind.allCases.map(\.rawValue).joined(separator: ", "))"))
                    diagnostics.error("unknown entity kind '\(value)'", at: field.valueLocation, notes: notes)
                }
            case "wikidata":
                guard let value = field.string(diagnostics: &diagnostics) else { break }
                if value.first == "Q", value.count > 1, value.dropFirst().allSatisfy(\.isASCIIDigit) {
                    entity.wikidata = value
                } else {
                    // The id as Wikidata's pages write it: "Q" and its number, from a bare number,
                    // a lowercase "q" or the item's address.
                    let digits = value.split(separator: "/").last.map { $0.drop { $0 == "Q" || $0 == "q" } } ?? ""
                    let fix = !digits.isEmpty && digits.allSatisfy(\.isASCIIDigit) ? "Q" + digits : nil
                    diagnostics.error("'wikidata' must be an item id like Q42, not '\(value)'", at: field.valueLocation,
                                      notes: fix.map { [.init("did you mean '\($0)'?")] } ?? [])
                }
            case "url":
                guard let value = field.string(diagnostics: &diagnostics) else { break }
                if ArticleLoader.isSafeLink(value) { entity.url = value } else {
                    diagnostics.warning("'url' must be an http or https address; it is left out", at: field.valueLocation)
                }
            default:
                var notes: [Diagnostic.Note] = []
                if let close = Suggestions.closest(to: field.key, in: Self.knownKeys, limit: 1).first {
                    notes.append(.init("did you mean '\(close)'?"))
                }
                diagnostics.warning("unknown front matter key '\(field.key)' in an entity file", at: field.location, notes: notes)
            }
        }
        if entity.name.isEmpty {
            entity.name = Slug.title(from: slug)
            if !frontMatterFailed { diagnostics.warning("entity has no name; using '\(entity.name)'", at: SourceLocation(path),
                                notes: [.init("add '\(front.spelling(yaml: "name: \"...\"", toml: "name = \"...\""))' to the front matter")]) }
        }
        return entity
    }
}

private extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
