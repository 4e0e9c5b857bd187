import Foundation
import Markdown

/// `gen annotations import`: W3C Web Annotations (one annotation, an AnnotationCollection or
/// AnnotationPage, a JSON array, or a Hypothesis search result's `rows`) made into notes in
/// annotation files. Each annotation is placed on an article by its target's source (base_url
/// and the article's path, or the article's front matter `url`) and its TextQuoteSelector's
/// `exact`, with `prefix` and `suffix` written only where the quote alone is found more than
/// once. The site is built in memory with the new files to check that every note anchors;
/// what cannot be placed is reported, at the annotation in the JSON file.
public struct AnnotationImporter {
    public struct Report: Sendable {
        public var diagnostics = DiagnosticList()
        /// Files written (site-relative), with how many notes each has.
        public var written: [(path: String, notes: Int)] = []
        public var imported = 0
    }

    /// One annotation as read from the JSON.
    struct Incoming {
        var location: SourceLocation
        var id: String?
        var kind: Note.Kind
        var verdict: String?
        /// Held for review where it was exported (its verdict there was `Note.underReview`).
        var review: String? = nil
        var author: String?
        /// `created` (Hypothesis's too), as the note's `date`.
        var date: String?
        var tags: [String]
        var source: String
        var exact: String
        var prefix: String
        var suffix: String
        var body: String
    }

    let options: BuildOptions
    let fileSystem: FileSystem
    let force: Bool

    public init(options: BuildOptions, force: Bool = false, fileSystem: FileSystem = LocalFileSystem()) {
        self.options = options
        self.force = force
        // Confined as a build's: the trial builds read through an overlay of it.
        self.fileSystem = fileSystem.confined(to: options.siteDirectory)
    }

    /// Reads `bytes` (the JSON file at `path`, as the user named it), places its annotations and
    /// writes the annotation files; with `write: false`, only reports what would be written.
    public func run(_ bytes: [UInt8], path: String, write: Bool = true) -> Report {
        var report = Report()
        let incoming = Self.read(bytes, path: path, diagnostics: &report.diagnostics)
        guard !incoming.isEmpty else { return report }
        var timer = StageTimer()
        let site = SiteLoader(options: options, fileSystem: fileSystem).load(timer: &timer)
        let config = site.config

        // Articles by address: base_url + path, and the front matter `url`.
        var byAddress: [String: Article] = [:]
        for article in site.documents {
            if !config.normalizedBaseURL.isEmpty { byAddress[Self.address(config.normalizedBaseURL + article.outputPath)] = article }
            if let url = article.url { byAddress[Self.address(url)] = article }
        }
        // And its old addresses (`aliases`): annotations made before a rename find it there.
        if !config.normalizedBaseURL.isEmpty {
            for article in site.documents {
                for folder in article.aliasFolders where byAddress[Self.address(config.normalizedBaseURL + folder)] == nil {
                    byAddress[Self.address(config.normalizedBaseURL + folder)] = article
                }
            }
        }
        var byArticle: [String: [Incoming]] = [:]
        var articles: [String: Article] = [:]
        for annotation in incoming {
            guard let article = byAddress[Self.address(annotation.source)] else {
                report.diagnostics.error("no article at '\(annotation.source)'", at: annotation.location, notes: [
                    .init("an annotation is placed on the article whose address is base_url and its path, or whose front matter 'url' is its source"),
                ])
                continue
            }
            byArticle[article.slug, default: []].append(annotation)
            articles[article.slug] = article
        }

        // One file per article: content/annotations/<slug>.md.
        var files: [String: (slug: String, notes: [Incoming], contextual: Set<Int>)] = [:]
        for slug in byArticle.keys.sorted() {
            let file = "content/annotations/\(slug).md"
            // A note the article has in another file already, under the same id on the same
            // words (gen's own export imported again), is not imported twice.
            let others = (site.notesByArticle[slug] ?? []).filter { $0.file != file }
            byArticle[slug] = byArticle[slug]!.filter { annotation in
                guard let id = annotation.id.map(Slug.make(from:)), !id.isEmpty,
                      let same = others.first(where: { $0.id == id && FoldedText.fold($0.quote) == FoldedText.fold(annotation.exact) })
                else { return true }
                report.diagnostics.warning("note '\(id)' of article '\(slug)' is in \(same.file) already, on the same words: "
                                           + "the annotation was not imported again", at: annotation.location,
                                           notes: [.init("the note is here", at: same.location)])
                return false
            }
            guard !byArticle[slug]!.isEmpty else { continue }
            if !force && fileSystem.exists(options.siteDirectory + "/" + file) {
                // What --force would lose, said before anyone uses it.
                let kept = site.notesByArticle.values.joined().filter { $0.file == file }.count
                let notes = kept == 1 ? "its note" : "its \(kept) notes"
                for annotation in byArticle[slug]! {
                    report.diagnostics.error("\(file) exists (\(kept == 1 ? "1 note" : "\(kept) notes")): the annotation was not imported",
                                             at: annotation.location,
                                             notes: [.init("--force replaces the file and \(notes) with the imported ones; to keep \(kept == 1 ? "it" : "them"), "
                                                     + "rename the file (with 'article: \(slug)' in its front matter) and import again")])
                }
                continue
            }
            files[file] = (slug, byArticle[slug]!, [])
        }
        // Ids: the annotation's own (gen's "#note-ID"), or made from the quote; unique among
        // the article's notes in other files.
        var ids: [String: [String]] = [:]
        for (file, entry) in files {
            var taken = Set((site.notesByArticle[entry.slug] ?? []).filter { $0.file != file }.map(\.id))
            ids[file] = entry.notes.map { annotation in
                var base = annotation.id.map { Slug.make(from: $0) } ?? ""
                if base.isEmpty {
                    base = String(Slug.make(from: annotation.exact.split(separator: " ").prefix(5).joined(separator: " ")).prefix(40))
                    while base.hasSuffix("-") { base.removeLast() }
                    if base.isEmpty { base = "note" }
                }
                var id = base, n = 2
                while taken.contains(id) { id = "\(base)-\(n)"; n += 1 }
                taken.insert(id)
                return id
            }
        }

        // Twice at most: quotes alone, then with prefix and suffix where a quote alone is found
        // more than once. What still does not anchor is left out, with the build's reason.
        var failed: [String: [Int: Diagnostic]] = [:]
        for round in 0..<4 {
            var overlay: [String: [UInt8]] = [:]
            var lines: [String: [Int: Int]] = [:]
            for (file, entry) in files {
                let (text, quoteLines) = Self.file(entry.notes, ids: ids[file]!, contextual: entry.contextual,
                                                   skipping: Set(failed[file]?.keys.map { $0 } ?? []))
                overlay[file] = Array(text.utf8)
                lines[file] = quoteLines
            }
            let overlaid = OverlayFileSystem(base: fileSystem, root: options.siteDirectory, files: overlay)
            let session = SiteSession(options: options, fileSystem: overlaid)
            let trial = SiteBuilder(options: options, fileSystem: overlaid).build(into: .discard, session: session)
            var again = false
            // A quote written alone, found once, but with neither of the annotation's prefix and
            // suffix around it: the annotation may be about another passage (the article has
            // changed since), which a quote alone would not tell apart.
            for document in session.rendered {
                for anchored in document.anchored {
                    let file = anchored.note.file
                    guard let entry = files[file], let noteIndex = lines[file]?[anchored.note.location.line],
                          !entry.contextual.contains(noteIndex), failed[file]?[noteIndex] == nil,
                          Self.isElsewhere(entry.notes[noteIndex], than: anchored) else { continue }
                    let annotation = entry.notes[noteIndex]
                    failed[file, default: [:]][noteIndex] = Diagnostic(
                        .error, "the quote is in article '\(document.article.slug)' once, but neither the annotation's prefix nor its suffix is around it",
                        at: annotation.location, notes: [
                            .init("the annotation: “…\(annotation.prefix)⟨\(annotation.exact)⟩\(annotation.suffix)…”"),
                            .init("the article: “…\(anchored.prefix)⟨\(anchored.exact)⟩\(anchored.suffix)…”"),
                            .init("it may be about another passage than the one annotated (has the article changed?): "
                                  + "read it, and add the note by hand where it belongs"),
                        ])
                    again = true
                }
            }
            // A fact check whose sentence reads otherwise than where it was exported (its prefix
            // and suffix, which hold a gen export's whole sentence): its verdict was given for
            // those words. It is imported held for review, as `--fix-anchors` holds a repair it
            // was told to make of a changed claim, so that its verdict is not published unread.
            for document in session.rendered {
                for anchored in document.anchored where anchored.note.kind == .factCheck {
                    let file = anchored.note.file
                    guard let noteIndex = lines[file]?[anchored.note.location.line], failed[file]?[noteIndex] == nil,
                          let annotation = files[file]?.notes[noteIndex], annotation.review == nil,
                          !annotation.prefix.isEmpty || !annotation.suffix.isEmpty else { continue }
                    // Context shorter than 32 characters is compared only where it reads as its
                    // sentence's own ends (as gen's export cuts it): another tool may cut it
                    // anywhere, inside a word.
                    let prefixWhole = annotation.prefix.unicodeScalars.count >= 32 || annotation.prefix.isEmpty
                        || annotation.prefix.first.map { $0.isUppercase || $0.isNumber || "“‘\"'(".contains($0) } == true
                    let suffixWhole = annotation.suffix.unicodeScalars.count >= 32 || annotation.suffix.isEmpty
                        || AnchorRepair.endsSentence(annotation.suffix)
                    guard prefixWhole && suffixWhole else { continue }
                    let changed = AnchorRepair.sentenceChanges(from: PreviousAnchor(prefix: annotation.prefix, suffix: annotation.suffix,
                                                                                    start: nil, exact: annotation.exact),
                                                               now: anchored.place)
                    guard !changed.isEmpty else { continue }
                    files[file]!.notes[noteIndex].review = "its sentence changed since it was exported: " + changed.joined(separator: ", ")
                    report.diagnostics.warning(
                        "the sentence of this fact check reads otherwise in article '\(document.article.slug)' than where it was exported: "
                            + changed.joined(separator: ", "), at: annotation.location, notes: [
                            .init("the annotation: “…\(annotation.prefix)⟨\(annotation.exact)⟩\(annotation.suffix)…”"),
                            .init("the article: “…\(anchored.prefix)⟨\(anchored.exact)⟩\(anchored.suffix)…”"),
                            .init("imported with review=\"…\": its verdict is not published until someone has read it again "
                                  + "and removed that"),
                        ])
                    again = true
                }
            }
            for diagnostic in trial.diagnostics.sorted {
                guard let location = diagnostic.location, let entry = files[location.path],
                      let noteIndex = lines[location.path]!.filter({ $0.key <= location.line }).max(by: { $0.key < $1.key })?.value
                else { continue }
                guard diagnostic.severity == .error else { continue }
                if round == 0, diagnostic.message.hasPrefix("quote appears"), !entry.notes[noteIndex].prefix.isEmpty
                    || !entry.notes[noteIndex].suffix.isEmpty {
                    files[location.path]!.contextual.insert(noteIndex)
                    again = true
                } else if failed[location.path]?[noteIndex] == nil {
                    failed[location.path, default: [:]][noteIndex] = diagnostic
                    again = true
                }
            }
            // Until a build with the notes kept has no error in them.
            if !again { break }
        }
        for (file, entry) in files {
            for (noteIndex, diagnostic) in failed[file] ?? [:] {
                let annotation = entry.notes[noteIndex]
                // The places in the article (the closest passage, where a quote is found) stay;
                // advice about editing annotation files gives way to advice about the import.
                var notes = diagnostic.notes.filter { $0.location != nil && $0.location?.path != file }
                if diagnostic.message.hasPrefix("quote not found") {
                    notes.append(.init("the article's words differ from those the annotation quotes: correct its 'exact', or add the note by hand"))
                } else if diagnostic.message.hasPrefix("quote appears") {
                    notes.append(.init("the annotation's prefix and suffix do not pick one of them"))
                } else {
                    notes = diagnostic.notes.map { .init($0.message, at: $0.location?.path == file ? nil : $0.location) }
                }
                report.diagnostics.append(Diagnostic(.error, diagnostic.message + " (the annotation was not imported)",
                                                     at: annotation.location, notes: notes))
            }
        }
        for file in files.keys.sorted() {
            let entry = files[file]!
            let skipped = Set(failed[file]?.keys.map { $0 } ?? [])
            let count = entry.notes.count - skipped.count
            guard count > 0 else { continue }
            let (text, _) = Self.file(entry.notes, ids: ids[file]!, contextual: entry.contextual, skipping: skipped)
            if write {
                let url = URL(fileURLWithPath: options.siteDirectory + "/" + file)
                do {
                    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                    try Data(text.utf8).write(to: url, options: .atomic)
                } catch {
                    report.diagnostics.error("cannot write \(file): \(error.localizedDescription)", at: nil)
                    continue
                }
            }
            report.written.append((file, count))
            report.imported += count
            // What --force replaced: the old file's notes not among the new ones, its fact
            // checks named, whose verdicts the site no longer publishes.
            let kept = Set(ids[file]!.enumerated().filter { !skipped.contains($0.offset) }.map(\.element))
            // The file's notes, whatever article its front matter names.
            let replaced = site.notesByArticle.values.joined().filter { $0.file == file }
            let gone = replaced.filter { !kept.contains($0.id) }
            if !gone.isEmpty {
                let checks = gone.filter { $0.kind == .factCheck }
                report.diagnostics.warning(
                    "\(file) was replaced: \(gone.count == 1 ? "1 note" : "\(gone.count) notes") of it \(gone.count == 1 ? "is" : "are") not "
                        + "among the imported ones: " + gone.map { "'\($0.id)'" }.joined(separator: ", "),
                    at: SourceLocation(file), notes: checks.isEmpty ? [] : [
                        .init((checks.count == 1 ? "the verdict of its fact check " : "the verdicts of its fact checks ")
                              + checks.map { "'\($0.id)' (\($0.verdict ?? "under review"))" }.joined(separator: ", ")
                              + (checks.count == 1 ? " is" : " are") + " no longer published"),
                    ])
            }
            // And the verdicts --force changed: a note of the same id rated otherwise now.
            let old = Dictionary(replaced.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            // And the pins it dropped: a W3C annotation carries none (a gen export's prefix and
            // suffix are its place's, written only where they pick among several).
            let unpinned = ids[file]!.enumerated().filter { n, id in
                guard !skipped.contains(n), entry.notes[n].kind == .factCheck, let before = old[id], before.kind == .factCheck else {
                    return false
                }
                // A prefix or suffix the import writes is the place's, to pick it among others: never a pin.
                return before.pinnedSentence || (!entry.contextual.contains(n) && (before.prefix != nil || before.suffix != nil))
            }.map(\.element)
            if !unpinned.isEmpty {
                let one = unpinned.count == 1
                report.diagnostics.warning(
                    "\(file) was replaced: \(one ? "fact check" : "fact checks") " + unpinned.map { "'\($0)'" }.joined(separator: ", ")
                        + " \(one ? "is" : "are") no longer pinned to \(one ? "its sentence" : "their sentences") (an annotation carries no pin)",
                    at: SourceLocation(file), notes: [
                        .init("once \(one ? "it is" : "they are") read again for the words \(one ? "it has" : "they have") now, "
                              + "pin \(one ? "it" : "them") again: gen annotations pin"),
                    ])
            }
            for (n, id) in ids[file]!.enumerated() where !skipped.contains(n) {
                guard let before = old[id], before.kind == .factCheck, let was = before.publishedVerdict else { continue }
                let incoming = entry.notes[n]
                let now = incoming.kind != .factCheck ? nil : incoming.review != nil ? Note.underReview : incoming.verdict
                guard now != was else { continue }
                report.diagnostics.warning("\(file) was replaced: " + (now.map { "the verdict of note '\(id)' is now '\($0)', not '\(was)'" }
                                               ?? "note '\(id)' is no longer a fact check, and its verdict '\(was)' no longer published"),
                                           at: incoming.location)
            }
        }
        return report
    }

    /// Whether a quote placed alone (`placed`) is away from `annotation`'s prefix and suffix: not
    /// in the place they tell, as `--fix-anchors` judges a note's last place (eight characters
    /// or more of them next to the quote, `AnchorRepair.isInPlace`).
    static func isElsewhere(_ annotation: Incoming, than placed: AnchoredNote) -> Bool {
        guard !annotation.prefix.isEmpty || !annotation.suffix.isEmpty else { return false }
        // Context shorter than the eight characters `isInPlace` needs (a list item's, whose
        // sentence is its item: prefix "", suffix "."), found whole around the quote, is its place.
        let before = FoldedText.fold(annotation.prefix), after = FoldedText.fold(annotation.suffix)
        let now = (FoldedText.fold(placed.prefix), FoldedText.fold(placed.suffix))
        if before.count + after.count < 8, now.0.count >= before.count, now.0.suffix(before.count).elementsEqual(before),
           now.1.starts(with: after) {
            return false
        }
        return !AnchorRepair.isInPlace(placed.place, PreviousAnchor(prefix: annotation.prefix, suffix: annotation.suffix,
                                                                                 start: nil))
    }

    /// An annotation file's text and, for each note, the line its quote starts on.
    static func file(_ notes: [Incoming], ids: [String], contextual: Set<Int>, skipping: Set<Int>) -> (String, [Int: Int]) {
        var text = ""
        var lines: [Int: Int] = [:]
        var line = 1
        for (n, note) in notes.enumerated() where !skipping.contains(n) {
            if !text.isEmpty { text += "\n"; line += 1 }
            lines[line] = n
            var attributes = "{#\(ids[n])"
            switch note.kind {
            case .factCheck: attributes += " .fact-check"
            case .correction: attributes += " .correction"
            case .context: break
            }
            if let verdict = note.verdict { attributes += " verdict=" + value(verdict) }
            if let review = note.review { attributes += " review=" + value(review) }
            if let author = note.author { attributes += " author=" + value(author) }
            if let date = note.date { attributes += " date=" + value(date) }
            if !note.tags.isEmpty { attributes += " tags=" + value(note.tags.joined(separator: ", ")) }
            if contextual.contains(n) {
                if !note.prefix.isEmpty { attributes += " prefix=" + value(note.prefix) }
                if !note.suffix.isEmpty { attributes += " suffix=" + value(note.suffix) }
            }
            attributes += "}"
            var block = "> " + MarkdownDocument.escapingSyntax(note.exact.split(whereSeparator: \.isNewline).joined(separator: " ")) + "\n\n"
                + attributes + "\n\n"
            // A quotation in the body is nested one level, so it does not start a note.
            let body = note.body.split(separator: "\n", omittingEmptySubsequences: false)
                .map { $0.hasPrefix(">") ? "> " + $0 : String($0) }.joined(separator: "\n")
            if !body.isEmpty { block += body + "\n" }
            text += block
            line += block.filter { $0 == "\n" }.count
        }
        return (text, lines)
    }

    /// An attribute value, quoted, each character Markdown or the attribute syntax reads escaped.
    private static func value(_ text: String) -> String {
        let flat = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        // Markdown's characters escaped (a backslash among them), then the quotes: the attribute
        // parser keeps whatever follows a backslash, so each is escaped once.
        return "\"" + MarkdownDocument.escapingSyntax(flat).replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// An address as compared: no scheme, fragment or query, no "www.", no "index.html" or
    /// trailing slash, the host in lower case.
    static func address(_ url: String) -> String {
        var rest = Substring(url.trimmingCharacters(in: " "))
        if let fragment = rest.firstIndex(of: "#") { rest = rest[..<fragment] }
        if let query = rest.firstIndex(of: "?") { rest = rest[..<query] }
        if let scheme = rest.range(of: "://") { rest = rest[scheme.upperBound...] }
        if rest.hasPrefix("www.") { rest = rest.dropFirst(4) }
        if rest.hasSuffix("index.html") { rest = rest.dropLast(10) }
        while rest.hasSuffix("/") { rest = rest.dropLast() }
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        return rest[..<slash].lowercased() + rest[slash...]
    }

    // MARK: Reading

    /// The annotations of a W3C or Hypothesis export; what cannot be read is reported.
    static func read(_ bytes: [UInt8], path: String, diagnostics: inout DiagnosticList) -> [Incoming] {
        let json: PositionedJSON
        do {
            json = try PositionedJSON.parse(bytes)
        } catch let error as PositionedJSON.SyntaxError {
            diagnostics.error("malformed JSON: \(error.message)",
                              at: SourceLocation(path, line: error.position.line, column: error.position.column))
            return []
        } catch {
            return []
        }
        func at(_ value: PositionedJSON) -> SourceLocation {
            SourceLocation(path, line: value.position.line, column: value.position.column)
        }
        // The list of annotations, whatever holds it.
        var items: [PositionedJSON]
        if let array = json.array {
            items = array
        } else if let rows = json["rows"]?.array {
            items = rows
        } else if let list = json["items"]?.array {
            items = list
        } else if let first = json["first"], let list = first["items"]?.array {
            items = list
        } else if json["target"] != nil {
            items = [json]
        } else {
            diagnostics.error("not a W3C annotation, collection or page, nor a Hypothesis export", at: at(json), notes: [
                .init("expected an annotation (with 'target'), an AnnotationCollection or AnnotationPage (with 'items'), a JSON array, or 'rows'"),
            ])
            return []
        }
        var result: [Incoming] = []
        for item in items {
            guard item.isObject else {
                diagnostics.error("an annotation must be a JSON object", at: at(item))
                continue
            }
            let targets = item["target"]?.list ?? []
            var source = item["uri"]?.string
            var quote: PositionedJSON?
            for target in targets {
                if let string = target.string { source = source ?? string; continue }
                if let s = target["source"]?.string { source = s }
                for selector in target["selector"]?.list ?? [] where selector["type"]?.string == "TextQuoteSelector" {
                    quote = selector
                }
            }
            if item["references"]?.array?.isEmpty == false && quote == nil {
                diagnostics.error("a reply cannot be placed on a passage", at: at(item),
                                  notes: [.init("a reply's text belongs to the note it answers: add it to that note's body")])
                continue
            }
            guard let quote, let exact = quote["exact"]?.string, !exact.trimmingCharacters(in: " ").isEmpty else {
                diagnostics.error("annotation has no TextQuoteSelector: it cannot be placed on a passage", at: at(item),
                                  notes: [.init("a note on the whole page, or on an image, has no quote; gen's notes are on passages")])
                continue
            }
            guard let source else {
                diagnostics.error("annotation has no target source: the article it is on is unknown", at: at(item))
                continue
            }
            var incoming = Incoming(location: at(item), id: nil, kind: .context, verdict: nil, author: nil, tags: [],
                                    source: source, exact: exact, prefix: quote["prefix"]?.string ?? "",
                                    suffix: quote["suffix"]?.string ?? "", body: "")
            // gen's own export: ".../#note-ID".
            if let id = item["id"]?.string, let range = id.range(of: "#note-") { incoming.id = String(id[range.upperBound...]) }
            let motivations = (item["motivation"]?.list ?? []).compactMap(\.string)
            if motivations.contains("assessing") { incoming.kind = .factCheck }
            if motivations.contains("editing") { incoming.kind = .correction }
            // Creator: a name, an object with a name, or Hypothesis's "acct:NAME@host".
            if let creator = item["creator"]?.list.first {
                incoming.author = creator.string ?? creator["name"]?.string ?? creator["nickname"]?.string
            } else if let user = item["user"]?.string {
                var name = Substring(user)
                if name.hasPrefix("acct:") { name = name.dropFirst(5) }
                if let at = name.firstIndex(of: "@") { name = name[..<at] }
                incoming.author = String(name)
            }
            incoming.tags = (item["tags"]?.list ?? []).compactMap(\.string)
            incoming.date = item["created"]?.string.flatMap { SiteDate(parsing: $0)?.rfc3339 }
            var bodies: [String] = []
            if let text = item["text"]?.string, !text.isEmpty { bodies.append(text) }
            for body in item["body"]?.list ?? [] + (item["bodyValue"].map { [$0] } ?? []) {
                if let text = body.string { bodies.append(text); continue }
                let value = body["value"]?.string ?? ""
                switch body["purpose"]?.string {
                case "tagging": if !value.isEmpty { incoming.tags.append(value) }
                case "classifying" where value == Note.underReview: incoming.review = incoming.review ?? "under review where it was exported"
                case "questioning": if !value.isEmpty { incoming.review = value }
                case "classifying": if !value.isEmpty { incoming.verdict = value }
                default:
                    let format = body["format"]?.string ?? "text/plain"
                    if format == "text/html" {
                        bodies.append(HTMLMarkdown.markdown(fromHTML: value))
                    } else if format == "text/markdown" {
                        bodies.append(value)
                    } else {
                        bodies.append(value.split(separator: "\n", omittingEmptySubsequences: false)
                            .map { MarkdownDocument.escapingSyntax(String($0)) }.joined(separator: "\n"))
                    }
                }
            }
            incoming.body = bodies.map { $0.trimmingCharacters(in: "\n") }.filter { !$0.isEmpty }.joined(separator: "\n\n")
            // A fact check without a verdict on this site's scale is a note of context.
            if incoming.kind == .factCheck && incoming.verdict == nil && incoming.review == nil { incoming.kind = .context }
            incoming.tags = incoming.tags.map { $0.split(whereSeparator: { $0 == " " || $0 == "," }).joined(separator: "-") }
            result.append(incoming)
        }
        return result
    }
}

/// The disk, with some files replaced or added (site-relative paths under `root`).
struct OverlayFileSystem: FileSystem {
    let base: FileSystem
    let root: String
    let files: [String: [UInt8]]

    private func relative(_ path: String) -> String? {
        let prefix = root.hasSuffix("/") ? root : root + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : nil
    }

    func list(_ path: String) -> [DirectoryEntry]? {
        let folder = relative(path).map { $0.hasSuffix("/") ? $0 : $0 + "/" }
        let added = files.keys.compactMap { file -> DirectoryEntry? in
            guard let folder, file.hasPrefix(folder), !file.dropFirst(folder.count).contains("/") else { return nil }
            return DirectoryEntry(name: String(file.dropFirst(folder.count)), isDirectory: false)
        }
        guard let listed = base.list(path) else { return added.isEmpty ? nil : added.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) } }
        let names = Set(listed.map(\.name))
        return (listed + added.filter { !names.contains($0.name) }).sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
    }

    func read(_ path: String) throws -> [UInt8] {
        if let file = relative(path).flatMap({ files[$0] }) { return file }
        return try base.read(path)
    }

    func exists(_ path: String) -> Bool {
        relative(path).flatMap { files[$0] } != nil || base.exists(path) || isDirectory(path)
    }

    func isDirectory(_ path: String) -> Bool {
        if base.isDirectory(path) { return true }
        guard let folder = relative(path) else { return false }
        return files.keys.contains { $0.hasPrefix(folder + "/") }
    }

    func refusal(of path: String) -> FileRefusal? {
        relative(path).flatMap { files[$0] } != nil ? nil : base.refusal(of: path)
    }
}
