/// Which fact checks whose claim, sentence or place changed since the last build a run takes as
/// read again: none, all of them (`--accept-claim-changes`), or those named
/// (`--accept-claim-change SLUG#ID`, for a desk that reads them one at a time).
public enum ClaimAcceptance: Sendable, Equatable {
    case none
    case all
    /// Every change let through without taking it as read (`gen serve`, which publishes nothing:
    /// each is shown as a warning of what the next build would refuse).
    case preview
    /// "slug#id" of each note accepted.
    case notes(Set<String>)

    /// From the command line's flag and the notes it names.
    public init(all: Bool, notes: [String]) {
        self = all ? .all : notes.isEmpty ? .none : .notes(Set(notes))
    }

    /// Whether the note "slug#id" is accepted.
    public func accepts(_ note: String) -> Bool {
        switch self {
        case .none: false
        case .all, .preview: true
        case .notes(let names): names.contains(note)
        }
    }

    /// An error for each name that is no note of the site (`unknownNames`), and a warning for
    /// each note named that accepts nothing in this run: `diagnostics` (all of a run that
    /// compared the site with its last build) say no verdict of it is at risk. A name kept in a
    /// script would otherwise accept the note's next change unread.
    public func check(among notesByArticle: [String: [Note]], documents: [Article], diagnostics: DiagnosticList) -> DiagnosticList {
        var problems = unknownNames(among: notesByArticle, documents: documents)
        guard case .notes(let names) = self else { return problems }
        let atRisk = Set(diagnostics.items.compactMap { $0.verdictAtRisk?.note })
        for name in names.sorted() where !atRisk.contains(name) {
            guard let (slug, id) = Self.split(name), let note = notesByArticle[slug]?.first(where: { $0.id == id }) else { continue }
            let why = note.kind != .factCheck ? "it is not a fact check"
                : note.review != nil ? "it is held for review, and publishes no verdict"
                : "its claim, sentence and place are as in the last build"
            problems.warning("--accept-claim-change '\(name)' accepts nothing: \(why)", at: nil,
                             notes: [.init("name only the notes whose change the build reports, and only once read again")])
        }
        return problems
    }

    /// An error for each name that is no note of the site (`notesByArticle`, by article slug),
    /// with the closest names: a misspelt name accepts nothing, and the note meant is still
    /// held back.
    func unknownNames(among notesByArticle: [String: [Note]], documents: [Article]) -> DiagnosticList {
        var problems = DiagnosticList()
        guard case .notes(let names) = self else { return problems }
        var renamed: [String: String]?
        for name in names.sorted() {
            if let (slug, id) = Self.split(name), notesByArticle[slug]?.contains(where: { $0.id == id }) == true { continue }
            var help: [Diagnostic.Note] = []
            if name.contains(",") || name.contains(" ") {
                help.append(.init("name one note per option: --accept-claim-change ARTICLE#NOTE --accept-claim-change ARTICLE#OTHER"))
            }
            if renamed == nil { renamed = Self.renamed(documents) }
            let close = Self.meant(name, among: notesByArticle, renamed: renamed!)
            help.append(close.isEmpty ? .init("name a note as ARTICLE-SLUG#NOTE-ID, as the build's errors do")
                                      : .init("did you mean " + close.map { "'\($0)'" }.joined(separator: " or ") + "?"))
            problems.error("--accept-claim-change '\(name)': the site has no such note" + (name.contains("#") ? "" : " (no '#')"),
                           at: nil, notes: help)
        }
        return problems
    }

    /// "slug#id" as its two parts; nil without a "#".
    static func split(_ name: String) -> (slug: String, id: String)? {
        guard let hash = name.firstIndex(of: "#") else { return nil }
        return (String(name[..<hash]), String(name[name.index(after: hash)...]))
    }

    /// Each old slug an article's `aliases` give (`articles/old/index.html`), and its slug now.
    static func renamed(_ documents: [Article]) -> [String: String] {
        var slugs: [String: String] = [:]
        for document in documents {
            for folder in document.aliasFolders where folder.hasPrefix("articles/") {
                slugs[String(folder.dropFirst("articles/".count).dropLast())] = document.slug
            }
        }
        return slugs
    }

    /// The notes a name that is none likely meant: the same in other letter case; one copied
    /// from an address (`https://…/articles/slug/#note-id`, `#note-id`), or under an article's
    /// old slug (`renamed`, from its aliases); or the closest in spelling, within its article or
    /// among the articles with a note of its id.
    static func meant(_ name: String, among notesByArticle: [String: [Note]], renamed: [String: String] = [:]) -> [String] {
        let (given, fragment) = split(name) ?? (name, "")
        // The last folder of an address is the document's slug; "note-x" in a link is the note "x".
        let written = given.split(separator: "/").last.map(String.init) ?? ""
        let slug = renamed[written] ?? written
        func ids(_ slug: String) -> [String] { notesByArticle[slug]?.map(\.id) ?? [] }
        func same(_ a: String, _ b: String) -> Bool { a.lowercased() == b.lowercased() }
        func match(in slug: String) -> String? {
            ids(slug).first { same($0, fragment) } ?? ids(slug).first { fragment.lowercased().hasPrefix("note-") && same("note-" + $0, fragment) }
        }
        let slugs = notesByArticle.keys.sorted()
        if let article = slugs.first(where: { same($0, slug) }) {
            if let id = match(in: article) { return [article + "#" + id] }
            return Suggestions.closest(to: fragment, in: ids(article)).map { article + "#" + $0 }
        }
        let having = slugs.compactMap { article in match(in: article).map { article + "#" + $0 } }
        if slug.isEmpty { return Array(having.prefix(3)) }
        let close = Set(Suggestions.closest(to: slug, in: slugs, limit: 10))
        return Array(having.filter { close.contains(String($0[..<$0.firstIndex(of: "#")!])) }.prefix(3))
    }
}
