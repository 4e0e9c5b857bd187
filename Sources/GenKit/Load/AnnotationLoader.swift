import Foundation
import Markdown

/// Reads `content/annotations/**/*.md`: each top-level blockquote starts a note, an attribute
/// paragraph may follow it, and the body runs to the next top-level blockquote.
public struct AnnotationLoader: Sendable {
    public static let folder = "content/annotations"
    static let knownKeys = ["verdict", "prefix", "suffix", "occurrence", "author", "tags"]

    let fileSystem: FileSystem
    let siteDirectory: String
    let verdicts: [SiteConfig.Verdict]

    public init(fileSystem: FileSystem, siteDirectory: String, verdicts: [SiteConfig.Verdict]) {
        self.fileSystem = fileSystem
        self.siteDirectory = siteDirectory
        self.verdicts = verdicts
    }

    /// The annotation files in path order.
    public func listFiles(diagnostics: inout DiagnosticList) -> [String] {
        Theme.listRecursively(siteDirectory + "/" + Self.folder, fileSystem: fileSystem).compactMap { path in
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
        let stem = String(path.split(separator: "/").last!.dropLast(3))
        var article = stem
        var articleLocation = SourceLocation(path)
        var defaultAuthor: String?
        for field in front.fields {
            switch field.key {
            case "article":
                if let value = field.string(diagnostics: &diagnostics) { article = value; articleLocation = field.location }
            case "author": defaultAuthor = field.string(diagnostics: &diagnostics)
            default:
                diagnostics.warning("unknown front matter key '\(field.key)' in an annotation file", at: field.location,
                                    notes: [.init("annotation files take 'article' and 'author'")])
            }
        }
        let body = String(front.body)
        // Split on the byte, not the Character: "\r\n" is one Character to Swift.
        let lines = body.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { Substring($0) }
        let offset = front.bodyLine - 1
        let document = MarkdownDocument(body)
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
        func source(_ node: MarkdownNode, unwrap: Bool = false) -> String {
            let first = max(node.startLine, 1), last = min(max(node.endLine, first), lines.count)
            return lines[(first - 1)..<last].map { line -> Substring in
                guard unwrap else { return line }
                var rest = line.drop { $0 == " " }
                if rest.first == ">" { rest = rest.dropFirst(); if rest.first == " " { rest = rest.dropFirst() } }
                return rest
            }.joined(separator: "\n")
        }

        var node = document.document.firstChild
        while let block = node {
            defer { node = block.next }
            let line = block.startLine + offset
            if block.isBlockQuote {
                if block.firstChild?.isBlockQuote == true && block.firstChild?.next == nil && current != nil {
                    // `> > ...`: a quotation inside the body, unwrapped one level.
                    if bodyParts.isEmpty { current!.bodyLine = line }
                    bodyParts.append(source(block, unwrap: true))
                    expectAttributes = false
                    continue
                }
                finish()
                let quote = block.plainText
                current = Note(id: "", explicitID: false, kind: .context, extraClasses: [], verdict: nil, prefix: nil,
                               suffix: nil, occurrence: nil, author: defaultAuthor, tags: [], quote: quote, body: "",
                               file: path, location: SourceLocation(path, line: line, column: block.startColumn), attributesLocation: nil,
                               quoteLines: line...(block.endLine + offset), bodyLine: block.endLine + offset + 1)
                if quote.isEmpty {
                    diagnostics.error("this quote is empty", at: current!.location)
                }
                expectAttributes = true
                continue
            }
            guard current != nil else {
                diagnostics.warning("text before the first quote belongs to no note and is ignored",
                                    at: SourceLocation(path, line: line, column: block.startColumn),
                                    notes: [.init("a note starts with a quote of the article: '> the exact words'")])
                continue
            }
            if expectAttributes && block.isParagraph && Attributes.looksLikeAttributes(source(block)) {
                expectAttributes = false
                apply(source(block), at: SourceLocation(path, line: line, column: block.startColumn), to: &current!,
                      diagnostics: &diagnostics)
                current!.bodyLine = block.endLine + offset + 1
                continue
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

    private func apply(_ text: String, at location: SourceLocation, to note: inout Note, diagnostics: inout DiagnosticList) {
        let attributes: Attributes
        switch Attributes.parse(text) {
        case .failure(let error):
            diagnostics.error("malformed attributes: \(error.message)", at: location,
                              notes: [.init("write them as {#id .fact-check verdict=false prefix=\"words before\"}")])
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
        var kinds: [Note.Kind] = []
        for name in attributes.classes {
            if let kind = Note.Kind(rawValue: name) {
                kinds.append(kind)
            } else {
                note.extraClasses.append(name)
                if let close = Suggestions.closest(to: name, in: Note.Kind.allCases.map(\.rawValue), limit: 1).first {
                    diagnostics.warning("unknown note class '.\(name)'", at: location, notes: [.init("did you mean '.\(close)'?")])
                }
            }
        }
        if kinds.count > 1 {
            diagnostics.error("a note is one of .fact-check, .context or .correction, not several", at: location)
        }
        note.kind = kinds.first ?? .context
        for (key, value) in attributes.pairs {
            switch key {
            case "verdict": note.verdict = value
            case "prefix": note.prefix = value
            case "suffix": note.suffix = value
            case "author": note.author = value
            case "tags": note.tags = value.split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init)
            case "occurrence":
                if let n = Int(value), n >= 1 { note.occurrence = n } else {
                    diagnostics.error("occurrence must be a whole number from 1, not '\(value)'", at: location)
                }
            default:
                var notes: [Diagnostic.Note] = []
                if let close = Suggestions.closest(to: key, in: Self.knownKeys, limit: 1).first {
                    notes.append(.init("did you mean '\(close)'?"))
                }
                diagnostics.warning("unknown note attribute '\(key)' is ignored", at: location, notes: notes)
            }
        }
        note.attributesLocation = location
    }

    private func validate(_ note: inout Note, diagnostics: inout DiagnosticList) {
        let place = note.attributesLocation ?? note.location
        var scale: String { verdicts.map { "\($0.key) (\($0.label))" }.joined(separator: ", ") }
        switch (note.kind, note.verdict) {
        case (.factCheck, nil):
            diagnostics.error("a .fact-check note needs a verdict", at: place,
                              notes: [.init("add verdict=KEY to its attributes; the scale is: \(scale)")])
        case (.factCheck, let verdict?) where !verdicts.contains { $0.key == verdict }:
            var notes: [Diagnostic.Note] = [.init("the scale is: \(scale)")]
            if let close = Suggestions.closest(to: verdict, in: verdicts.map(\.key), limit: 1).first {
                notes.insert(.init("did you mean '\(close)'?"), at: 0)
            }
            diagnostics.error("unknown verdict '\(verdict)'", at: place, notes: notes)
        case (.context, _?), (.correction, _?):
            diagnostics.error("only a .fact-check note has a verdict; this one is .\(note.kind.rawValue)", at: place,
                              notes: [.init("add .fact-check to its attributes, or remove the verdict; the scale is: \(scale)")])
        default:
            break
        }
    }
}
