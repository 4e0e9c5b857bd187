import Templates

/// What a name gives a template, as far as checking names goes: an object with named fields
/// (or a list of such objects: a section renders its body once for each), a value (text, a
/// number, true or false: nothing inside but `.`), or anything (`params.KEY`).
indirect enum TemplateShape: Sendable {
    case value
    case anything
    case object([String: TemplateShape])

    /// An object whose fields are all values.
    static func values(_ names: String...) -> TemplateShape { values(names) }

    static func values(_ names: [String]) -> TemplateShape {
        .object(Dictionary(uniqueKeysWithValues: names.map { ($0, .value) }))
    }

    /// This object with `more` fields.
    func adding(_ more: [String: TemplateShape]) -> TemplateShape {
        guard case .object(let fields) = self else { return self }
        return .object(fields.merging(more) { first, _ in first })
    }
}

// The names each view model of PageContexts.swift answers. A view model's `value(for:)` and
// its shape here change together; those with a `Field` enum list every case (a new field does
// not compile until it has a shape), and PageContext checks its extra names (`extraShapes`).

extension SiteContext {
    static let shape = TemplateShape.values("title", "description", "language", "og_locale", "base_url", "generator", "has_menu", "direction", "search", "has_entities", "has_sources")
        .adding(["menu": MenuEntryContext.shape, "labels": labelsShape])

    /// The theme's words: every key `[labels]` accepts.
    static let labelsShape = TemplateShape.values(ThemeLabels.keys)
}

extension MenuEntryContext {
    static let shape = TemplateShape.values("name", "url", "external")
}

extension MenuItemContext {
    static let shape = MenuEntryContext.shape.adding(["current": .value])
}

extension TagContext {
    static let shape = TemplateShape.values("name", "slug", "path", "count", "one")
}

extension ArticleContext {
    static let shape = TemplateShape.object(Dictionary(uniqueKeysWithValues: Field.allCases.map { field in
        let shape: TemplateShape = switch field {
        case .tags: TagContext.shape
        case .params: .anything
        case .notes: NoteContext.shape
        case .orphans: OrphanContext.shape
        case .entities: CoMentionContext.shape
        case .title, .titleHtml, .summaryHtml, .path, .hasDate, .date, .dateIso, .author, .publisher, .summary, .slug, .datetime, .sourceUrl,
             .hasSourceUrl, .hasTags, .wordCount, .readingMinutes, .draft, .body, .notesHtml, .sourcesHtml, .sourceCount,
             .hasSources, .noteCount, .hasNotes, .oneNote, .oneSource, .factCheckCount, .hasOrphans, .hasEntities,
             .entityCount, .toc, .hasToc: .value
        }
        return (field.rawValue, shape)
    }))
}

extension NoteContext {
    static let shape = TemplateShape.values("id", "number", "kind", "kind_label", "verdict", "quote", "author", "file")
}

extension OrphanContext {
    static let shape = TemplateShape.values("id", "quote", "file", "line", "closest", "similarity")
}

extension FeedEntryContext {
    static let shape = TemplateShape.values("title", "url", "updated", "summary", "author", "content", "id")
}

extension SourceContext {
    static let shape = TemplateShape.values("id", "reference", "url", "archived", "cited_count", "is_cited")
        .adding(["cited_by": ArticleContext.shape])
}

extension EntityContext {
    static let shape = TemplateShape.object(Dictionary(uniqueKeysWithValues: Field.allCases.map { field in
        let shape: TemplateShape = switch field {
        case .articles, .pages: EntityArticleContext.shape
        case .notes: EntityNoteContext.shape
        case .coMentions: CoMentionContext.shape
        case .name, .path, .articleCount, .slug, .kind, .kindLabel, .description, .aliases, .hasAliases, .wikidata,
             .wikidataUrl, .url, .mentionCount, .hasArticles, .oneArticle, .hasPages, .body, .hasNotes, .hasCoMentions, .picture,
             .feedPath: .value
        }
        return (field.rawValue, shape)
    }))
}

extension EntityArticleContext {
    static let shape = ArticleContext.shape.adding(["count": .value, "one": .value, "sentence": .value, "mention": .value])
}

extension EntityNoteContext {
    static let shape = TemplateShape.values("article_title", "path", "note", "quote", "verdict", "verdict_key")
}

extension CoMentionContext {
    static let shape = TemplateShape.values("name", "slug", "path", "kind", "count", "one")
}

extension KindGroupContext {
    static let shape = TemplateShape.values("kind", "label", "count").adding(["entities": EntityContext.shape])
}

extension PaginationContext {
    static let shape = TemplateShape.values("number", "total", "paged", "has_prev", "prev_path", "has_next", "next_path")
        .adding(["pages": .values("number", "path", "current", "gap")])
}

extension PageContext {
    /// The names the page kinds give their templates besides the shared ones (`extra`), on
    /// one page kind or another.
    static let extraShapes: [String: TemplateShape] = [
        "pagination": PaginationContext.shape, "feed_path": .value, "feed_title": .value,
        "articles": EntityArticleContext.shape, "has_articles": .value, "tags": TagContext.shape, "has_tags": .value,
        "article": ArticleContext.shape, "page": ArticleContext.shape, "jsonld": .value, "tag": TagContext.shape,
        "sources": SourceContext.shape, "has_sources": .value, "groups": KindGroupContext.shape, "has_entities": .value,
        "entity": EntityContext.shape, "entries": FeedEntryContext.shape, "updated": .value, "feed_url": .value,
        "home_url": .value, "feed_id": .value, "urls": FeedEntryContext.shape,
        "description": .value, "image": .value, "is_draft": .value,
        "search_filters": .value, "search_parts": .value, "verdicts": .values("key", "label"), "note_kinds": .values("key", "label"),
        "target": .value, "target_url": .value,
    ]

    /// What a page template can look up, on a page of any kind.
    static let shape: TemplateShape = TemplateShape.values("root", "page_title", "kind", "path", "canonical")
        .adding(["site": SiteContext.shape, "menu": MenuItemContext.shape, "labels": SiteContext.labelsShape])
        .adding(Dictionary(uniqueKeysWithValues: PageKinds.all.compactMap { $0.template.name == nil ? nil : "is_" + $0.name }
            .reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }.map { ($0, TemplateShape.value) }))
        .adding(extraShapes)
}

/// The check of the names templates look up: a name no page defines renders as nothing, which
/// is almost always a typo (`{{site.titel}}`); each is a warning at its place, with the closest
/// name that is defined there.
enum TemplateNameCheck {
    /// Checks the templates pages render with (`pageTemplates`) and the partials and parents they
    /// include, each name where it is looked up: inside a section, the section's value's names
    /// count too. A name is reported when it is defined nowhere it is used.
    static func check(_ library: TemplateLibrary, origins: [String: String], pageTemplates: [String],
                      diagnostics: inout DiagnosticList) {
        var checker = Checker(library: library)
        for name in pageTemplates { checker.visit(name, scopes: [PageContext.shape], path: "") }
        for key in checker.failures.keys.sorted(by: { ($0.template, $0.use) < ($1.template, $1.use) })
        where !checker.found.contains(key) {
            guard let use = library[key.template]?.names[key.use], let origin = origins[key.template] else { continue }
            let failure = checker.failures[key]!
            var notes: [Diagnostic.Note] = []
            if let suggestion = failure { notes.append(.init("did you mean '\(suggestion)'?")) }
            diagnostics.warning("no page has a value named '\(use.parts.joined(separator: "."))': it renders as nothing",
                                at: SourceLocation(origin, line: use.line, column: use.column), notes: notes)
        }
    }

    struct Use: Hashable {
        var template: String
        var use: Int
    }

    private struct Checker {
        let library: TemplateLibrary
        /// Uses not found somewhere they were checked, with the closest defined name there.
        var failures: [Use: String?] = [:]
        /// Uses found somewhere.
        var found: Set<Use> = []
        private var visited: Set<String> = []

        init(library: TemplateLibrary) { self.library = library }

        /// Checks template `name` rendered with `scopes` (innermost last), reached by `path`
        /// (the sections around it, for visiting each template once per place).
        mutating func visit(_ name: String, scopes: [TemplateShape], path: String, depth: Int = 0) {
            guard depth < 16, let template = library[name], visited.insert(name + "|" + path).inserted else { return }
            for (number, use) in template.names.enumerated() {
                let key = Use(template: name, use: number)
                switch Self.resolve(use.parts, in: scopes + Self.scopes(of: use.enclosingSections, in: scopes)) {
                case .found: found.insert(key)
                case .missing(let suggestion): if failures[key] == nil { failures[key] = suggestion }
                }
            }
            for reference in template.references {
                let inner = Self.scopes(of: reference.enclosingSections, in: scopes)
                let sections = reference.enclosingSections.map { $0.joined(separator: ".") }.joined(separator: ">")
                visit(reference.name, scopes: scopes + inner, path: path + ">" + sections, depth: depth + 1)
            }
        }

        /// The scopes the sections `sections` (outermost first) add inside `scopes`.
        static func scopes(of sections: [[String]], in scopes: [TemplateShape]) -> [TemplateShape] {
            var added: [TemplateShape] = []
            for section in sections {
                switch resolve(section, in: scopes + added) {
                case .found(let shape): added.append(shape)
                // Reported where the section opens; its body is not checked against a guess.
                case .missing: added.append(.anything)
                }
            }
            return added
        }

        enum Resolution {
            case found(TemplateShape)
            /// Not defined; the closest defined name, if one is close.
            case missing(String?)
        }

        /// Mustache's lookup of `parts` in `scopes`: the first part in any scope (innermost
        /// first), the rest in what it gives.
        static func resolve(_ parts: [String], in scopes: [TemplateShape]) -> Resolution {
            var firstFailure: Resolution?
            for scope in scopes.reversed() {
                switch scope {
                case .anything: return .found(.anything)
                case .value: continue
                case .object(let fields):
                    guard var shape = fields[parts[0]] else { continue }
                    var failed = false
                    for (n, part) in parts.enumerated().dropFirst() {
                        if case .anything = shape { break }
                        guard case .object(let inner) = shape, let next = inner[part] else {
                            let names: [String] = if case .object(let inner) = shape { inner.keys.sorted() } else { [] }
                            let close = Suggestions.closest(to: part, in: names, limit: 1).first
                            if firstFailure == nil {
                                firstFailure = .missing(close.map { (parts[..<n] + [$0]).joined(separator: ".") })
                            }
                            failed = true
                            break
                        }
                        shape = next
                    }
                    if !failed { return .found(shape) }
                }
            }
            if let firstFailure { return firstFailure }
            // The names defined anywhere, innermost scope first: gathered only for a name not found.
            let candidates = scopes.reversed().flatMap { scope -> [String] in
                if case .object(let fields) = scope { fields.keys.sorted() } else { [] }
            }
            let close = Suggestions.closest(to: parts[0], in: candidates, limit: 1).first
            return .missing(close.map { ([$0] + parts.dropFirst()).joined(separator: ".") })
        }
    }
}
