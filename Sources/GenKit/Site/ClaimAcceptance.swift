/// Which fact checks whose claim, sentence or place changed since the last build a run takes as
/// read again: none, all of them (`--accept-claim-changes`), or those named
/// (`--accept-claim-change SLUG#ID`, for a desk that reads them one at a time).
public enum ClaimAcceptance: Sendable, Equatable {
    case none
    case all
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
        case .all: true
        case .notes(let names): names.contains(note)
        }
    }

    /// An error for each name that is no note of the site (`notesByArticle`, by article slug),
    /// with the closest names: a misspelt name accepts nothing, and the note meant is still
    /// held back.
    public func unknownNames(among notesByArticle: [String: [Note]]) -> DiagnosticList {
        var problems = DiagnosticList()
        guard case .notes(let names) = self else { return problems }
        for name in names.sorted() {
            let parts = name.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
            let slug = String(parts[0]), id = parts.count > 1 ? String(parts[1]) : ""
            if let notes = notesByArticle[slug], notes.contains(where: { $0.id == id }) { continue }
            let close: [String]
            if let notes = notesByArticle[slug] {
                // "note-x" copied from a link (#note-x) is the note "x".
                let bare = id.hasPrefix("note-") ? String(id.dropFirst(5)) : id
                close = notes.contains(where: { $0.id == bare }) ? [bare] : Suggestions.closest(to: id, in: notes.map(\.id))
            } else {
                close = Suggestions.closest(to: slug, in: Array(notesByArticle.keys)).compactMap { other in
                    notesByArticle[other]!.contains(where: { $0.id == id }) ? other : nil
                }.map { $0 + "#" + id }
            }
            let suggestion = close.isEmpty ? [Diagnostic.Note("name a note as ARTICLE-SLUG#NOTE-ID, as the build's errors do")]
                : [Diagnostic.Note("did you mean " + close.map { notesByArticle[slug] == nil ? "'\($0)'" : "'\(slug)#\($0)'" }
                                      .joined(separator: " or ") + "?")]
            problems.error("--accept-claim-change '\(name)': the site has no such note" + (parts.count < 2 ? " (no '#')" : ""),
                           at: nil, notes: suggestion)
        }
        return problems
    }
}
