@testable import GenKit
import Markdown
import TestSupport
import XCTest
import Yams

/// The two fast paths against what they stand in for, on every article of the shared BBC
/// corpus (read from the shared folder, never copied in) and on hand-written tricky cases:
/// `PlainDocument` must write the bytes cmark-gfm writes, and `SimpleFrontMatter` must read
/// what Yams reads, or step aside.
final class CorpusDifferentialTests: XCTestCase {
    /// The corpus's articles, by file name, in order.
    func corpus() throws -> [(name: String, text: String)] {
        let folder: String
        switch Fixtures.sharedFile("corpus/articles", for: "the corpus differential test") {
        case .found(let path): folder = path
        case .missing(let message):
            if Fixtures.failsWhenSharedIsMissing { XCTFail(message) }
            throw XCTSkip(message)
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".md") }.sorted()
        XCTAssertFalse(names.isEmpty, "\(folder) has no articles")
        return try names.map { ($0, try String(contentsOfFile: folder + "/" + $0, encoding: .utf8)) }
    }

    // MARK: PlainDocument and cmark-gfm

    /// Every article whose body is plain renders to the same bytes, runs and summary through
    /// `PlainDocument` and through cmark-gfm: alone, and with entity mentions and a note
    /// marking a passage (spans cut into the text).
    func testPlainDocumentWritesWhatCmarkWritesForEveryCorpusArticle() throws {
        let articles = try corpus()
        let entities = EntityIndex([
            Entity(slug: "bbc", path: "content/entities/bbc.md", name: "BBC", kind: .organization, aliases: [], auto: true, body: "", bodyLine: 1),
            Entity(slug: "labour", path: "content/entities/labour.md", name: "Labour Party", kind: .organization,
                   aliases: ["Labour"], auto: true, body: "", bodyLine: 1),
            Entity(slug: "tony-blair", path: "content/entities/tony-blair.md", name: "Tony Blair", kind: .person,
                   aliases: ["Mr Blair", "Blair"], auto: true, body: "", bodyLine: 1),
            Entity(slug: "london", path: "content/entities/london.md", name: "London", kind: .place, aliases: [], auto: true, body: "", bodyLine: 1),
            Entity(slug: "us", path: "content/entities/us.md", name: "United States", kind: .place, aliases: ["US"], auto: true, body: "", bodyLine: 1),
        ])
        let config = SiteConfig()
        var fast = 0, differing: [String] = []
        for (name, text) in articles {
            var diagnostics = DiagnosticList()
            let path = "content/articles/" + name
            let frontMatter = FrontMatter.parse(text, path: path, diagnostics: &diagnostics)
            let body = String(frontMatter.body)
            guard let paragraphs = PlainBody.paragraphs(body) else { continue }
            fast += 1

            // The documents alone.
            let plain = PlainDocument(paragraphs: paragraphs), cmark = MarkdownDocument(body, options: MarkdownOptions())
            let sameRuns = plain.textRuns().map(describe) == cmark.textRuns().map(describe)
            let sameHTML = plain.renderHTMLBytes() == Array(cmark.renderHTML().utf8)

            // The whole article, with mentions and a note on a passage of its second paragraph.
            let article = Article(slug: String(name.dropLast(3)), path: path, title: "T", body: body, bodyLine: frontMatter.bodyLine)
            let words = paragraphs[min(1, paragraphs.count - 1)][0].text.split(separator: " ")
            let quote = words.dropFirst(2).prefix(6).joined(separator: " ")
            let notes = quote.isEmpty ? [] : [note(quote)]
            func render(plain: Bool) -> RenderedArticle {
                RenderMarkdown.render(article, options: MarkdownOptions(), notes: notes, markup: NoteMarkup(config: config),
                                      orphanSeverity: .warning, citations: CitationMarkup(sources: []), config: config,
                                      entities: EntityMarkup(index: entities, root: "../../"), allowPlain: plain)
            }
            let viaPlain = render(plain: true), viaCmark = render(plain: false)
            let sameArticle = viaPlain.html == viaCmark.html && viaPlain.summary == viaCmark.summary
                && viaPlain.notesHTML == viaCmark.notesHTML && viaPlain.mentions.order == viaCmark.mentions.order
                && viaPlain.mentions.sentences == viaCmark.mentions.sentences && viaPlain.orphans.count == viaCmark.orphans.count
                && viaPlain.diagnostics.items.map(\.rendered) == viaCmark.diagnostics.items.map(\.rendered)
            if !(sameRuns && sameHTML && sameArticle) {
                differing.append(name)
                if differing.count <= 5 {
                    XCTFail("\(name): runs \(sameRuns ? "same" : "differ"), document HTML \(sameHTML ? "same" : "differs"), article \(sameArticle ? "same" : "differs")\n--- PlainDocument:\n\(viaPlain.html)\n--- cmark-gfm:\n\(viaCmark.html)")
                }
            }
        }
        XCTAssertEqual(differing, [], "\(differing.count) corpus articles differ")
        XCTAssertGreaterThan(fast, 0, "no corpus article takes the fast path")
        print("PlainDocument: \(fast) of \(articles.count) corpus articles take the fast path; \(fast - differing.count) identical to cmark-gfm")
    }

    /// Text written to trip the plain-paragraph reader: whatever it takes is written as cmark-gfm
    /// writes it.
    func testPlainDocumentWritesWhatCmarkWritesForTrickyCases() {
        let cases = [
            "He said: \"yes\". She said: 'no'.", "Line one\nline two\n\nNext paragraph.", "\n\nLeading blank lines.\n\n\n",
            "1990s were fine.", "In 1990. Then", "Text with [brackets] and (parens) and {braces}.", "[x] (y) [x]y [x][y]",
            "[^1] is not a footnote here", "Ellipsis... and -- dashes --- and - a dash.", "£5m and €3 and ¥2; 100% sure.",
            "http:/ not a link, http: also not, :// alone", "www without a dot, wwwx.y, xwww.y", "a:b//c and a:/b", "x@ and @x and a @ b",
            "Non-breaking\u{A0}space\u{A0}", "\u{A0}Leading no-break space", "a = b, a + b, a | b, a # b, a: b", "Q. What? A: this!",
            "Emoji 🎉 and 中文 and العربية.", "Trailing period.", "x+y-z/w", "quotes “curly” ‘single’", "a\u{2028}b", "a\u{85}b",
            "Ends without newline", "Ends with newline\n", "Two\n\n\n\nblank runs", "(1) one (2) two", "A) not a list",
            "#hashtag midline? no: # is first", "nope #hashtag", "percent-encoded %20 and %", "dollar $5 and $$",
            "caret ^ and ^^", "semicolon; comma, colon:", "slashes / \u{2215} and pipes ¦", "=== not first", "a\n=b",
        ]
        var fast = 0
        for text in cases {
            guard let paragraphs = PlainBody.paragraphs(text) else { continue }
            fast += 1
            let plain = PlainDocument(paragraphs: paragraphs), cmark = MarkdownDocument(text, options: MarkdownOptions())
            XCTAssertEqual(plain.renderHTML(), cmark.renderHTML(), text.debugDescription)
            XCTAssertEqual(plain.textRuns().map(describe), cmark.textRuns().map(describe), text.debugDescription)
        }
        XCTAssertGreaterThan(fast, cases.count / 2)
        print("PlainDocument: \(fast) of \(cases.count) tricky cases take the fast path")
    }

    private func describe(_ run: TextRun) -> String {
        "\(run.kind) \(run.line):\(run.column) b\(run.block) \(run.text)"
    }

    private func note(_ quote: String) -> Note {
        Note(id: "n1", explicitID: true, kind: .context, extraClasses: [], verdict: nil, prefix: nil, suffix: nil,
             occurrence: nil, author: nil, tags: [], quote: quote, body: "A note.", file: "content/annotations/a.md",
             location: SourceLocation("content/annotations/a.md", line: 1, column: 1), attributesLocation: nil,
             quoteLines: 1...1, bodyLine: 3)
    }

    // MARK: SimpleFrontMatter and Yams

    /// Every corpus front matter reads the same through `SimpleFrontMatter` and Yams: keys,
    /// values, their styles and types, and where each is.
    func testSimpleFrontMatterReadsWhatYamsReadsForEveryCorpusArticle() throws {
        let articles = try corpus()
        var fast = 0, differing: [String] = []
        for (name, text) in articles {
            guard text.hasPrefix("---\n"), let end = text.range(of: "\n---\n") else {
                XCTFail("\(name) has no front matter")
                continue
            }
            let yaml = text[text.index(text.startIndex, offsetBy: 4)..<text.index(after: end.lowerBound)]
            switch compare(yaml) {
            case .fallsBack: break
            case .same: fast += 1
            case .different(let simple, let yams):
                fast += 1
                differing.append(name)
                if differing.count <= 5 { XCTFail("\(name):\nSimpleFrontMatter: \(simple)\nYams: \(yams)") }
            }
        }
        XCTAssertEqual(differing, [], "\(differing.count) corpus front matters differ")
        XCTAssertGreaterThan(fast, 0, "no corpus front matter takes the fast path")
        print("SimpleFrontMatter: \(fast) of \(articles.count) corpus front matters take the fast path; \(fast - differing.count) identical to Yams")
    }

    /// Front matter written to trip a fast reader: every case is read as Yams reads it, or
    /// left to Yams.
    func testSimpleFrontMatterReadsWhatYamsReadsForTrickyCases() {
        let cases = [
            "title: foo\t# comment\n", "title: foo # comment\n", "title: foo#not-a-comment\n", "title: C# and F#\n",
            "title: foo\t\n", "title: foo   \n", "title:\tfoo\n", "title: \tfoo\n", "title: a\tb\n",
            "title:\n", "title: \n", "title:    \n", "title: ~\n", "title: null\n", "title: \"\"\n",
            "title: \"quoted\"\n", "title: \"quoted\" \n", "title: \"quoted\" # comment\n", "title: \"a \\\"b\\\" c\"\n",
            "title: \"a\\tb\"\n", "title: \"a\\nb\"\n", "title: \"a\\u00e9\"\n", "title: 'single'\n", "title: \"it's\"\n",
            "title: it's\n", "title: a: b\n", "title: a:b\n", "title: a:\n", "url: https://example.org/a?b=c#d\n",
            "title: key: value: more\n", "title: [not a list\n", "title: a [b] c\n", "title: a, b\n", "title: {a}\n",
            "title: a {b} c\n", "title: 50% off\n", "title: %50\n", "title: @handle\n", "title: `tick`\n", "title: a `b`\n",
            "title: !important\n", "title: a !b\n", "title: &anchor\n", "title: a &b\n", "title: *star\n", "title: a * b\n",
            "title: - dash\n", "title: -dash\n", "title: a - b\n", "title: ? q\n", "title: a ? b\n", "title: | pipe\n",
            "title: a | b\n", "title: > gt\n", "title: a > b\n", "title: a < b\n", "title: a = b\n", "title: ,comma\n",
            "draft: true\n", "draft: yes\n", "draft: no\n", "draft: on\n", "draft: False\n", "draft: \"true\"\n",
            "weight: 10\n", "weight: -5\n", "weight: 0x1F\n", "weight: 1_000\n", "weight: 1.5\n", "weight: .inf\n",
            "weight: 1e3\n", "date: 2024-10-18\n", "date: 2024-10-18T09:30:00Z\n", "date: 2024-10-18 09:30:00 +01:00\n",
            "date: 2025-02-30\n", "tags: []\n", "tags: [ ]\n", "tags: [a]\n", "tags: [a, b]\n", "tags: [a,b]\n",
            "tags: [a b, c]\n", "tags: [a, ]\n", "tags: [, a]\n", "tags: [\"a, b\"]\n", "tags: [\"a\", 'b']\n",
            "tags: [a, [b]]\n", "tags: [a]  \n", "tags: [a] # c\n", "tags: [é, ü]\n", "tags: [true, 1, 2024-01-01]\n",
            "tags: [a.b, c-d, e_f]\n", "tags: [a:b]\n", "tags: [a: b]\n", "tags:\n  - a\n", "tags: a\n",
            "# comment\ntitle: x\n", "#comment\ntitle: x\n", "title: x\n# comment\n", "\ntitle: x\n\n", "title: x\n  \n",
            "title: x\n\t\n", " title: x\n", "title : x\n", "title:x\n", "Title: x\n", "title-2: x\n", "_key: x\n",
            "9key: x\n", "title: x\ntitle: y\n", "title: x\r\nauthor: y\r\n", "title: x\n---\n", "title: x\n...\n",
            "title: café naïve\n", "title: £5m deal\n", "title: a\u{2028}b\n", "title: a\u{85}b\n", "title: a\u{2029}b\n",
            "title: a\u{FEFF}b\n", "title: a\u{7F}b\n", "title: a\u{1}b\n", "title: a\u{9F}b\n", "title: \u{A0}a\n",
            "title: a\u{A0}\n", "title: \"a\u{2028}b\"\n", "title: \"a\u{1}b\"\n", "tags: [a\u{2028}b]\n", "tags: [a\u{7F}]\n",
            "title: very long \(String(repeating: "word ", count: 300))end\n",
        ]
        // Letters whose UTF-8 bytes share a tail with characters YAML refuses stay on the fast path.
        for yaml in ["title: è ¾ þ ÿ ¨ ©\n", "title: \u{2027}\u{FFFD}\u{FEFE}\n", "tags: [è, ¾]\n"] {
            XCTAssertNotNil(SimpleFrontMatter.parse(yaml[...]), yaml)
            if case .different(let simple, let yams) = compare(yaml[...]) { XCTFail("\(yaml):\n\(simple)\n\(yams)") }
        }
        var fast = 0
        for yaml in cases {
            switch compare(yaml[...]) {
            case .fallsBack: break
            case .same: fast += 1
            case .different(let simple, let yams):
                XCTFail("\(yaml.debugDescription):\nSimpleFrontMatter: \(simple)\nYams: \(yams)")
            }
        }
        print("SimpleFrontMatter: \(fast) of \(cases.count) tricky cases take the fast path")
    }

    enum Comparison {
        case fallsBack
        case same
        case different(simple: String, yams: String)
    }

    /// `yaml` (a front matter block, as if from line 2 of a file) through both readers.
    func compare(_ yaml: Substring) -> Comparison {
        guard let simple = SimpleFrontMatter.parse(yaml) else { return .fallsBack }
        let path = "content/articles/a.md"
        let fast = simple.map { field in
            "\(field.key) @\(SourceLocation(path, line: field.line + 1)) value @\(SourceLocation(path, line: field.line + 1, column: field.column)) = \(describe(field.value))"
                + field.itemColumns.map { " item @\(SourceLocation(path, line: field.line + 1, column: $0))" }.joined()
        }
        var diagnostics = DiagnosticList()
        let slow = FrontMatter.parseFields(String(yaml), firstLine: 2, path: path, diagnostics: &diagnostics).map { field in
            "\(field.key) @\(field.location) value @\(field.valueLocation) = \(describe(field.value))"
                + field.itemLocations.map { " item @\($0)" }.joined()
        } + diagnostics.sorted.map(\.rendered)
        return fast == slow ? .same : .different(simple: fast.joined(separator: "; "), yams: slow.joined(separator: "; "))
    }

    /// A node as gen reads it: its kind, style, resolved type and text.
    func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar): "scalar(\(scalar.style), \(node.tag), \(scalar.string.debugDescription))"
        case .sequence(let sequence): "sequence(\(node.tag), [\(sequence.map(describe).joined(separator: ", "))])"
        case .mapping: "mapping"
        case .alias: "alias"
        }
    }
}
