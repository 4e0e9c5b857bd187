/// Gathers the notes of all annotation files by article, checks that each article exists, and
/// gives every note its id: the written `#id`, or a slug of the quote's first words, unique in
/// the article and the same on every build (files in path order, notes in file order).
public enum CollectNotes {
    public static func run(_ files: [AnnotationFile], articles: Set<String>, jobs: Int = 1,
                           diagnostics: inout DiagnosticList) -> [String: [Note]] {
        // Files by article, as indices in path order: the notes themselves are copied once, on
        // all cores, below.
        var byArticle: [String: [Int]] = [:]
        for f in files.indices.sorted(by: { files[$0].path < files[$1].path }) {
            let file = files[f]
            guard articles.contains(file.article) else {
                let slugs = articles.sorted()
                var close = Suggestions.closest(to: file.article, in: slugs)
                if close.isEmpty {
                    // A slug written short: 'jobless' for 'jobless-rate'.
                    let part = "-" + file.article + "-"
                    close = Array(slugs.filter { ("-" + $0 + "-").contains(part) }.prefix(3))
                }
                if close.isEmpty {
                    // The article's file renamed to a shorter slug: 'school-closure' for 'school-closure-what-was-said'.
                    let whole = "-" + file.article + "-"
                    close = Array(slugs.filter { whole.contains("-" + $0 + "-") }.sorted { $0.count > $1.count }.prefix(3))
                }
                var notes: [Diagnostic.Note] = close.map { .init("did you mean '\($0)'?") }
                notes.append(.init("name the article with 'article: <slug>' in the front matter, or name the file <slug>.md"))
                diagnostics.error("no article '\(file.article)' for these notes", at: file.articleLocation, notes: notes)
                continue
            }
            byArticle[file.article, default: []].append(f)
        }
        // Ids are per article: the articles are independent, so they are done on all cores.
        let slugs = byArticle.keys.sorted()
        let grouped = byArticle
        let assigned = parallelMap(slugs.count, jobs: jobs) { i -> ([Note], DiagnosticList) in
            var notes: [Note] = []
            for f in grouped[slugs[i]]! { notes += files[f].notes }
            var local = DiagnosticList()
            assignIDs(&notes, diagnostics: &local)
            return (notes, local)
        }
        var result: [String: [Note]] = [:]
        result.reserveCapacity(slugs.count)
        for (i, (notes, local)) in assigned.enumerated() {
            result[slugs[i]] = notes
            diagnostics.append(contentsOf: local)
        }
        return result
    }

    /// The id a note without one of its own is known by: its quote's first five words as a
    /// slug of at most 40 characters (a number follows when an earlier note has it).
    static func idBase(of quote: String) -> String {
        let words = quote.split(separator: " ").prefix(5).joined(separator: " ")
        var base = String(Slug.make(from: words).prefix(40))
        while base.hasSuffix("-") { base.removeLast() }
        return base.isEmpty ? "note" : base
    }

    static func assignIDs(_ notes: inout [Note], diagnostics: inout DiagnosticList) {
        var taken: [String: SourceLocation] = [:]
        for note in notes where note.explicitID {
            if let first = taken[note.id] {
                diagnostics.error("duplicate note id '\(note.id)'", at: note.attributesLocation ?? note.location,
                                  notes: [.init("first used here", at: first)])
            } else {
                taken[note.id] = note.attributesLocation ?? note.location
            }
        }
        for i in notes.indices where !notes[i].explicitID {
            let base = idBase(of: notes[i].quote)
            var id = base, n = 2
            while taken[id] != nil { id = "\(base)-\(n)"; n += 1 }
            notes[i].id = id
            taken[id] = notes[i].location
        }
    }
}
