import ByteText
import Foundation
import Markdown

/// Reads `content/annotations/**/*.md`: each top-level blockquote starts a note, an attribute
/// paragraph may follow it, and the body runs to the next top-level blockquote.
public struct AnnotationLoader: Sendable {
    public static let folder = "content/annotations"
    static let knownKeys = ["verdict", "prefix", "suffix", "occurrence", "pinned", "lead_in", "author", "tags", "review", "date"]

    let fileSystem: FileSystem
    let siteDirectory: String
    let verdicts: [SiteConfig.Verdict]
    /// The build's time (seconds since 1970), past which a note's date is a warning; nil: none is.
    var now: Int?

    public init(fileSystem: FileSystem, siteDirectory: String, verdicts: [SiteConfig.Verdict], now: Int? = nil) {
        self.fileSystem = fileSystem
        self.siteDirectory = siteDirectory
        self.verdicts = verdicts
        self.now = now
    }

    /// The annotation files in path order.
    public func listFiles(diagnostics: inout DiagnosticList) -> [String] {
        fileSystem.listReadable(Self.folder, in: siteDirectory, diagnostics: &diagnostics).compactMap { path in
            let full = Self.folder + "/" + path
            guard path.hasSuffix(".md") else {
                diagnostics.warning("'\(full)' is not a Markdown file and is ignored", at: SourceLocation(full))
                return nil
            }
            return full
        }
    }

    public func load(_ path: String, diagnostics: inout DiagnosticList) -> AnnotationFile? {
        guard let text = fileSystem.readText(path, in: siteDirectory, diagnostics: &diagnostics) else { return nil }
        return parse(text, path: path, diagnostics: &diagnostics)
    }

    func parse(_ text: String, path: String, diagnostics: inout DiagnosticList) -> AnnotationFile {
        let front = FrontMatter.parse(text, path: path, diagnostics: &diagnostics)
        let stem = fileStem(path)
        var article = stem
        var articleLocation = SourceLocation(path)
        var defaultAuthor: String?
        var defaultDate: SiteDate?
        for field in front.fields {
            switch field.key {
            case "article":
                if let value = field.string(diagnostics: &diagnostics) { article = value; articleLocation = field.valueLocation }
            case "author": defaultAuthor = field.string(diagnostics: &diagnostics)
            case "date":
                if let value = field.string(diagnostics: &diagnostics) {
                    defaultDate = date(value, at: field.valueLocation, diagnostics: &diagnostics)
                }
            default:
                diagnostics.warning("unknown front matter key '\(field.key)' in an annotation file", at: field.location,
                                    notes: [.init("annotation files take 'article', 'author' and 'date'")])
            }
        }
        let body = String(front.body)
        let lines = Self.lines(of: body)
        let offset = front.bodyLine - 1
        var notes: [Note] = []
        var current: Note?
        var bodyParts: [String] = []
        var expectAttributes = false

        func finish() {
            guard var note = current else { return }
            note.body = bodyParts.joined(separator: "\n\n")
            notes.append(note)
            current = nil
            bodyParts = []
        }
        func source(_ block: Block, unwrap: Bool = false) -> String {
            let first = max(block.startLine, 1), last = min(max(block.endLine, first), lines.count)
            return lines[(first - 1)..<last].map { line -> Substring in
                guard unwrap else { return line }
                var rest = line.drop { $0 == " " }
                if rest.first == ">" { rest = rest.dropFirst(); if rest.first == " " { rest = rest.dropFirst() } }
                return rest
            }.joined(separator: "\n")
        }

        // Plain files (quotes, attribute lines and plain paragraphs, each followed by a blank
        // line) are cut into blocks by lines; anything else goes through cmark-gfm.
        for block in Self.plainBlocks(lines) ?? Self.markdownBlocks(body) {
            let line = block.startLine + offset
            switch block.kind {
            case .nestedQuote where current != nil:
                // `> > ...`: a quotation inside the body, unwrapped one level.
                if bodyParts.isEmpty { current!.bodyLine = line }
                bodyParts.append(source(block, unwrap: true))
                expectAttributes = false
                continue
            case .quote(var quote), .nestedQuote(var quote):
                finish()
                // `{#id …}` on the line right after the quote, with no blank line between: Markdown
                // reads it as the quote's last line. Taken for the attribute line it is, and said.
                // Written `> {#id …}`, or with the body right under it too: the same.
                var attached: (text: String, line: Int, body: String?)?
                if block.endLine > block.startLine, block.endLine <= lines.count {
                    func unquoted(_ line: Substring) -> Substring {
                        var rest = line.drop { $0 == " " }
                        if rest.first == ">" { rest = rest.dropFirst().drop { $0 == " " } }
                        return rest
                    }
                    for k in block.startLine..<block.endLine {  // the lines after the first, 0-based
                        let line = unquoted(lines[k]), trimmed = Attributes.trim(String(line))
                        guard trimmed.hasPrefix("{#") || trimmed.hasPrefix("{."), Attributes.looksLikeAttributes(String(line)),
                              let at = quote.range(of: trimmed, options: .backwards) else { continue }
                        let rest = lines[(k + 1)..<block.endLine].map(unquoted).joined(separator: "\n")
                        attached = (String(trimmed), k + 1 + offset, rest.isEmpty ? nil : rest)
                        quote = String(quote[..<at.lowerBound])
                        while quote.last == " " || quote.last == "\n" { quote.removeLast() }
                        break
                    }
                }
                current = Note(id: "", explicitID: false, kind: .context, extraClasses: [], verdict: nil, prefix: nil,
                               suffix: nil, occurrence: nil, author: defaultAuthor, tags: [], quote: quote, body: "",
                               file: path, location: SourceLocation(path, line: line, column: block.startColumn), attributesLocation: nil,
                               quoteLines: line...(block.endLine + offset), bodyLine: block.endLine + offset + 1)
                current!.date = defaultDate
                if quote.isEmpty {
                    diagnostics.error("this quote is empty", at: current!.location)
                } else if !quote.utf8.contains(where: { ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7A) }),
                          FoldedText.fold(quote).isEmpty {
                    // Only characters a reader does not see (a zero-width space): it would match nothing.
                    diagnostics.error("this quote has no visible character", at: current!.location,
                                      notes: [.init("quote the article's words, as a reader sees them")])
                }
                expectAttributes = true
                if let attached {
                    let location = SourceLocation(path, line: attached.line, column: 1)
                    diagnostics.warning("this attribute line is read as part of the quote above it", at: location,
                                        notes: [.init("leave a blank line between a quote and its attributes: Markdown reads a line "
                                                      + "right after '> …' as the quote's own")])
                    expectAttributes = false
                    apply(attached.text, at: location, to: &current!, diagnostics: &diagnostics)
                    current!.bodyLine = attached.line + 1
                    if let body = attached.body { bodyParts.append(body) }
                }
                continue
            case .paragraph, .other:
                break
            }
            guard current != nil else {
                diagnostics.warning("text before the first quote belongs to no note and is ignored",
                                    at: SourceLocation(path, line: line, column: block.startColumn),
                                    notes: [.init("a note starts with a quote of the article: '> the exact words'")])
                continue
            }
            if expectAttributes, case .paragraph = block.kind, Attributes.looksLikeAttributes(source(block)) {
                expectAttributes = false
                apply(source(block), at: SourceLocation(path, line: line, column: block.startColumn), to: &current!,
                      diagnostics: &diagnostics)
                current!.bodyLine = block.endLine + offset + 1
                continue
            }
            if expectAttributes, case .paragraph = block.kind {
                // The attribute line's first line, when it opens like one: `{#id` or `{.class`.
                let text = source(block)
                let first = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
                let opening = Attributes.trim(String(first[0]))
                if opening.hasPrefix("{#") || opening.hasPrefix("{.") {
                    // `{...}` with the body on the next line, no blank line between them; or not
                    // closed: were it read as the body, the note would lose its id, kind and
                    // verdict without a word, so it is read as if closed, and reported.
                    expectAttributes = false
                    if !opening.hasSuffix("}") {
                        let end = SourceLocation(path, line: line, column: block.startColumn + first[0].unicodeScalars.count)
                        diagnostics.error("the note's attributes are not closed", at: end,
                                          notes: [.init("end them with '}' on the same line: {#id .fact-check verdict=false}")])
                    }
                    apply(opening.hasSuffix("}") ? String(first[0]) : String(opening) + "}",
                          at: SourceLocation(path, line: line, column: block.startColumn), to: &current!, diagnostics: &diagnostics)
                    current!.bodyLine = line + 1
                    if first.count > 1 { bodyParts.append(String(first[1])) }
                    continue
                }
            }
            expectAttributes = false
            // Lines inside the body count from its first block (citations in it are reported there).
            if bodyParts.isEmpty { current!.bodyLine = line }
            bodyParts.append(source(block))
        }
        finish()
        for i in notes.indices { validate(&notes[i], diagnostics: &diagnostics) }
        if notes.isEmpty {
            diagnostics.warning("no notes in this file", at: SourceLocation(path),
                                notes: [.init("a note starts with a quote of the article: '> the exact words'")])
        }
        return AnnotationFile(path: path, article: article, articleLocation: articleLocation, notes: notes)
    }

    /// A top-level block of an annotation file's body, as far as notes care.
    struct Block {
        enum Kind {
            /// A blockquote and its plain text.
            case quote(String)
            /// A blockquote holding only a blockquote (`> > ...`), and its plain text.
            case nestedQuote(String)
            case paragraph
            case other
        }
        var kind: Kind
        var startLine: Int
        var endLine: Int
        var startColumn: Int
    }

    /// The blocks as cmark-gfm reads them.
    static func markdownBlocks(_ body: String) -> [Block] {
        let document = MarkdownDocument(body)
        var blocks: [Block] = []
        var node = document.document.firstChild
        while let block = node {
            let kind: Block.Kind
            if block.isBlockQuote {
                let nested = block.firstChild?.isBlockQuote == true && block.firstChild?.next == nil
                kind = nested ? .nestedQuote(block.plainText) : .quote(block.plainText)
            } else {
                kind = block.isParagraph ? .paragraph : .other
            }
            blocks.append(Block(kind: kind, startLine: block.startLine, endLine: block.endLine, startColumn: block.startColumn))
            node = block.next
        }
        return blocks
    }

    /// The blocks of a plain file, read by lines, or nil when cmark-gfm must read it: every
    /// block is a one-paragraph quote (`> ...` lines, or `> > ...` lines), or a paragraph of
    /// lines that start with a letter, a digit, `{`, `[`, `(`, a quote mark or any non-ASCII
    /// character, with no leading spaces; blocks are separated by blank lines. Quotes must be
    /// plain text (no character Markdown could read as markup).
    static func plainBlocks(_ lines: [Substring]) -> [Block]? {
        var blocks: [Block] = []
        var n = 0
        while n < lines.count {
            let line = lines[n]
            if line.utf8.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { n += 1; continue }
            let start = n
            while n < lines.count, !lines[n].utf8.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { n += 1 }
            let block = lines[start..<n]
            guard let first = line.utf8.first else { return nil }
            if first == 0x3E {
                // Every line a quote line; `> >` on all of them or on none.
                guard block.allSatisfy({ $0.utf8.first == 0x3E }) else { return nil }
                let inner = block.map { Self.unquote($0) }
                let nested = inner.allSatisfy { $0.utf8.first == 0x3E }
                guard nested || !inner.contains(where: { $0.utf8.first == 0x3E }) else { return nil }
                let content = nested ? inner.map { Self.unquote($0) } : inner
                guard let text = plainText(content) else { return nil }
                blocks.append(Block(kind: nested ? .nestedQuote(text) : .quote(text), startLine: start + 1, endLine: n,
                                    startColumn: 1))
            } else {
                for text in block {
                    guard let lead = text.utf8.first, lead >= 0x80 || ASCII.isAlphanumeric(lead)
                        || lead == 0x7B || lead == 0x5B || lead == 0x28 || lead == 0x22 || lead == 0x27 else { return nil }
                    // A digit may start a list ("1. ", "2) "); "[x]: url" defines a link.
                    if lead >= 0x30 && lead <= 0x39 { return nil }
                    if lead == 0x5B, text.contains("]:") { return nil }
                }
                blocks.append(Block(kind: .paragraph, startLine: start + 1, endLine: n, startColumn: 1))
            }
        }
        return blocks
    }

    /// The lines of `text`, split on the byte, not the Character ("\r\n" is one Character to
    /// Swift), as the generic `split` would (an empty last line after a final line break).
    static func lines(of text: String) -> [Substring] {
        var lines: [Substring] = []
        let utf8 = text.utf8
        var start = utf8.startIndex
        let done: Void? = utf8.withContiguousStorageIfAvailable { (bytes: UnsafeBufferPointer<UInt8>) -> Void in
            guard let base = bytes.baseAddress else { return }
            lines.reserveCapacity(bytes.count / 40 + 1)
            var offset = 0
            while offset <= bytes.count {
                var end = bytes.count
                if let found = memchr(base + offset, 0x0A, bytes.count - offset) {
                    end = UnsafeRawPointer(found) - UnsafeRawPointer(base)
                }
                let next = utf8.index(start, offsetBy: end - offset)
                lines.append(text[start..<next])
                if end >= bytes.count { break }
                start = utf8.index(after: next)
                offset = end + 1
            }
        }
        if done == nil || lines.isEmpty {
            return text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { Substring($0) }
        }
        return lines
    }

    /// A quote line without its `>` and the space after it.
    static func unquote(_ line: Substring) -> Substring {
        var rest = line.dropFirst()
        if rest.first == " " { rest = rest.dropFirst() }
        return rest
    }

    /// The plain text of a quote's lines, whitespace collapsed, as cmark-gfm's would be; nil
    /// when a character could be markup.
    static func plainText(_ lines: [Substring]) -> String? {
        var bytes: [UInt8] = []
        for line in lines {
            var line = line
            let plain = line.withUTF8 { utf8 -> Bool in
                // Indented content (code), autolinks (www., scheme://, a@b): cmark-gfm decides.
                if utf8.first == 0x20 { return false }
                for i in utf8.indices {
                    if utf8[i] == 0x77, i + 3 < utf8.count, utf8[i + 1] == 0x77, utf8[i + 2] == 0x77, utf8[i + 3] == 0x2E { return false }
                    if utf8[i] == 0x3A, i + 2 < utf8.count, utf8[i + 1] == 0x2F, utf8[i + 2] == 0x2F { return false }
                    if utf8[i] == 0x40, i > 0, ASCII.isAlphanumeric(utf8[i - 1]) { return false }
                }
                for (i, byte) in utf8.enumerated() {
                    switch byte {
                    case 0x5C, 0x60, 0x2A, 0x5F, 0x3C, 0x3E, 0x26, 0x21, 0x7E, 0x5B, 0x5D, 0x7C, 0x23, 0x00, 0x09:
                        return false  // \ ` * _ < > & ! ~ [ ] | # NUL tab
                    case 0x20, 0x0D:
                        if let last = bytes.last, last != 0x20 { bytes.append(0x20) }
                    default:
                        // A line may not open a list or heading inside the quote.
                        if i == 0, byte == 0x2D || byte == 0x2B || byte == 0x3D || (byte >= 0x30 && byte <= 0x39) { return false }
                        bytes.append(byte)
                    }
                }
                return true
            }
            guard plain else { return nil }
            if let last = bytes.last, last != 0x20 { bytes.append(0x20) }
        }
        while bytes.last == 0x20 { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self)
    }

    private func apply(_ text: String, at location: SourceLocation, to note: inout Note, diagnostics: inout DiagnosticList) {
        let attributes: Attributes
        switch Attributes.parse(text) {
        case .failure(let error):
            let place = error.offset.flatMap { $0 <= text.utf8.count ? ParagraphPlaces(text: text, location: location).location(ofByte: $0) : nil } ?? location
            // Curly quotation marks, as a word processor makes them, where straight ones belong.
            let curly = text.contains { "\u{201C}\u{201D}\u{201E}\u{2018}\u{2019}\u{00AB}\u{00BB}".contains($0) }
                && !text.contains("=\"") && !text.contains("='")
            diagnostics.error("malformed attributes: \(error.message)", at: place,
                              notes: curly ? [.init("a value is quoted with straight quotation marks, prefix=\"words before\", "
                                                    + "not curly ones (“…”), which a word processor may have put in")]
                                  : [.init(error.suggestion ?? "write them as {#id .fact-check verdict=false prefix=\"words before\"}")])
            return
        case .success(let parsed): attributes = parsed
        }
        if let id = attributes.id {
            if id.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2D || $0 == 0x5F }) {
                note.id = id
                note.explicitID = true
            } else {
                diagnostics.error("note id '\(id)' may hold only letters, digits, '-' and '_'", at: location,
                                  notes: Slug.make(from: id).isEmpty ? [] : [.init("for example '#\(Slug.make(from: id))'")])
            }
        }
        // Places in the paragraph, from the offsets the parser kept (linear however many).
        let places = ParagraphPlaces(text: text, location: location)
        var kinds: [Note.Kind] = [], extraClasses: [String] = []
        for (n, name) in attributes.classes.enumerated() {
            if let kind = Note.Kind(rawValue: name) {
                kinds.append(kind)
            } else {
                extraClasses.append(name)
                if let close = Suggestions.closest(to: name, in: Note.Kind.allCases.map(\.rawValue), limit: 1).first {
                    diagnostics.warning("unknown note class '.\(name)'", at: places.location(ofByte: attributes.classOffsets[n]),
                                        notes: [.init("did you mean '.\(close)'?")])
                }
            }
        }
        // Set once: a note's fields are shared until written, and each write copies them.
        note.extraClasses = extraClasses
        if kinds.count > 1 {
            diagnostics.error("a note is one of .fact-check, .context or .correction, not several", at: location)
        }
        note.kind = kinds.first ?? .context
        var given = Set<String>()
        for (n, (key, value)) in attributes.pairs.enumerated() {
            // Worked out where a diagnostic or the verdict needs them.
            var keyPlace: SourceLocation { places.location(ofByte: attributes.pairOffsets[n].key) }
            var valuePlace: SourceLocation { places.location(ofByte: attributes.pairOffsets[n].value) }
            // The same key twice: which one holds (verdict=true verdict=false) is not for gen to guess.
            guard given.insert(key).inserted else {
                diagnostics.error("'\(key)' is given twice in the note's attributes", at: keyPlace, notes: [.init("keep one")])
                continue
            }
            switch key {
            case "verdict":
                note.verdict = value
                note.verdictLocation = valuePlace
            case "prefix": note.prefix = value
            case "pinned":
                if value == "sentence" { note.pinnedSentence = true } else {
                    diagnostics.error("pinned may only be 'sentence', not '\(value)'",
                                      at: valuePlace,
                                      notes: [.init("gen annotations pin writes pinned=sentence with the words of the quote's sentence as its prefix and suffix")])
                }
            case "suffix": note.suffix = value
            case "review": note.review = value
            case "lead_in": note.leadIn = value
            case "author": note.author = value
            case "date":
                note.date = date(value, at: valuePlace, diagnostics: &diagnostics)
            case "tags": note.tags = value.split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init)
            case "occurrence":
                if let n = Int(value), n >= 1 { note.occurrence = n } else {
                    diagnostics.error("occurrence must be a whole number from 1, not '\(value)'",
                                      at: valuePlace)
                }
            default:
                var notes: [Diagnostic.Note] = []
                if let close = Suggestions.closest(to: key, in: Self.knownKeys, limit: 1).first {
                    notes.append(.init("did you mean '\(close)'?"))
                }
                diagnostics.warning("unknown note attribute '\(key)' is ignored", at: keyPlace,
                                    notes: notes)
            }
        }
        note.attributesLocation = location
    }

    /// A note's `date` (or an annotation file's), read as an article's is; one later than the
    /// build is a warning.
    func date(_ text: String, at location: SourceLocation, diagnostics: inout DiagnosticList) -> SiteDate? {
        guard let date = SiteDate.read(text, key: "date", at: location, diagnostics: &diagnostics) else { return nil }
        // A day is later once it has begun nowhere yet (as an article's date).
        if let now, date.publishedFrom > now {
            diagnostics.warning("'date' \(text) is later than this build: a fact check's review would say it was published then",
                                at: location, notes: [.init("a note's date is the day it was written or its verdict given")])
        }
        return date
    }

    /// How the note `gen new notes` writes begins: published as it is, it would tell readers
    /// nothing, so the build warns.
    static let placeholderBody = "What a reader should know about this passage."

    private func validate(_ note: inout Note, diagnostics: inout DiagnosticList) {
        let place = note.attributesLocation ?? note.location
        if note.body.hasPrefix(Self.placeholderBody) {
            diagnostics.warning("this note still has the text 'gen new notes' wrote", at: SourceLocation(note.file, line: note.bodyLine, column: 1),
                                notes: [.init("write what a reader should know about the passage, or remove the note")])
        }
        let verdictPlace = note.verdictLocation ?? place
        // Highest rating first, as the docs' table lists them (the order of the site's scale:
        // `SiteConfig.Verdict.defaults`, and `[verdicts]` as the config loader sorts it).
        var scale: String { verdicts.map { "\($0.key) (\($0.label))" }.joined(separator: ", ") }
        switch (note.kind, note.verdict) {
        case (.factCheck, nil) where note.review == nil:
            diagnostics.error("a .fact-check note needs a verdict", at: place,
                              notes: [.init("add verdict=KEY to its attributes; the scale is: \(scale)")])
        case (.factCheck, let verdict?) where !verdicts.contains { $0.key == verdict }:
            var notes: [Diagnostic.Note] = [.init("the scale is: \(scale)")]
            if let close = Suggestions.closest(to: verdict, in: verdicts.map(\.key), limit: 1).first {
                notes.insert(.init("did you mean '\(close)'?"), at: 0)
            }
            diagnostics.error("unknown verdict '\(verdict)'", at: verdictPlace, notes: notes)
        case (.context, _?), (.correction, _?):
            diagnostics.error("only a .fact-check note has a verdict; this one is .\(note.kind.rawValue)", at: verdictPlace,
                              notes: [.init("add .fact-check to its attributes, or remove the verdict; the scale is: \(scale)")])
        default:
            break
        }
        if let review = note.review {
            if note.kind == .factCheck {
                // Said on every build until the mark is taken away: the page shows no verdict
                // meanwhile, and nothing else would remind anyone.
                // A reminder: the safe state it reminds of publishes with `--strict` too.
                let verdict = note.verdict.flatMap { key in verdicts.first { $0.key == key }?.label }
                var reminder = Diagnostic.warning("this fact check is held for review" + (review.isEmpty ? "" : ": \(review)"), at: place,
                                                  notes: [.init((verdict.map { "its verdict (\($0)) is not published while it is" } ?? "it has no verdict yet")
                                                                + ": read the passage as it now reads, set the verdict, then remove review=\"…\" "
                                                                + "from its attributes (if its words changed since its verdict was last published, "
                                                                + "the build then asks you to accept them by name)")])
                reminder.isReminder = true
                diagnostics.append(reminder)
            } else {
                diagnostics.warning("review=\"…\" holds back a fact check's verdict; this note is .\(note.kind.rawValue) and has none",
                                    at: place, notes: [.init("remove it")])
            }
        }
    }
}

/// Where bytes of an attribute paragraph (`text`, its first line on `location`'s) are written:
/// line and column (in characters), found in one pass over the paragraph when first asked for.
final class ParagraphPlaces {
    let text: String
    let location: SourceLocation
    private lazy var places: [(line: Int32, column: Int32)] = {
        var result = [(line: Int32, column: Int32)](repeating: (0, 0), count: text.utf8.count + 1)
        var line: Int32 = 0, column: Int32 = 1, offset = 0
        for character in text {
            let width = character.utf8.count
            for k in offset..<(offset + width) { result[k] = (line, column) }
            offset += width
            if character == "\n" || character == "\r\n" { line += 1; column = 1 } else { column += 1 }
        }
        result[offset] = (line, column)
        return result
    }()

    init(text: String, location: SourceLocation) {
        self.text = text
        self.location = location
    }

    func location(ofByte offset: Int) -> SourceLocation {
        let place = places[max(0, min(offset, places.count - 1))]
        return SourceLocation(location.path, line: location.line + Int(place.line), column: Int(place.column))
    }
}
