@testable import GenKit
import Markdown
import XCTest

/// Plain note bodies skip cmark-gfm: the output must be the bytes cmark-gfm would write.
final class PlainBodyTests: XCTestCase {
    let sources = [SourceRecord(id: "src-1", type: "report", title: "Report", location: SourceLocation("content/sources.yaml")),
                   SourceRecord(id: "src-2", type: "report", title: "Minutes", location: SourceLocation("content/sources.yaml"))]
    let entities = [Entity(slug: "little-britain", path: "content/entities/little-britain.md", name: "Little Britain",
                           kind: .work, aliases: [], auto: true, body: "", bodyLine: 1)]

    func note(_ body: String) -> Note {
        Note(id: "n1", explicitID: true, kind: .context, extraClasses: [], verdict: nil, prefix: nil, suffix: nil,
             occurrence: nil, author: nil, tags: [], quote: "q", body: body, file: "content/annotations/a.md",
             location: SourceLocation("content/annotations/a.md", line: 5, column: 1), attributesLocation: nil,
             quoteLines: 5...5, bodyLine: 9)
    }

    /// The body through the fast path and through cmark-gfm, with the same citations and links
    /// (nil for the fast path when the body is not plain).
    func both(_ body: String) -> (fast: String?, cmark: String) {
        let citations = CitationMarkup(sources: sources)
        let markup = EntityMarkup(index: EntityIndex(entities), root: "../../")
        let notes = NoteMarkup(config: SiteConfig())
        func render(plain: Bool) -> String {
            var cited = CitationMarkup.Result(), mentions = EntityMentions(), problems = DiagnosticList()
            return String(decoding: notes.body(note(body), citations: citations, cited: &cited, entities: markup,
                                               mentions: &mentions, allowPlain: plain, diagnostics: &problems), as: UTF8.self)
        }
        return (PlainBody.paragraphs(body) == nil ? nil : render(plain: true), render(plain: false))
    }

    func testPlainBodiesMatchCmarkByteForByte() {
        for body in [
            "This passage is checked against the record [@src-1]. See [[Little Britain]].",
            "Checked against [@src-1]. See [[Little Britain|the show]].",
            "Two lines\nin one \"paragraph\" [see @src-1, p. 4; @src-2].\n\nAnd a second one's end.",
            "A citation across lines [@src-1,\np. 4] and text after.",
            "Unicode: café — naïve ‘quotes’ … [@src-2]",
            "Brackets [like this] stay, and so does a lone @handle.",
            "Time 10:30 is not a link.",
        ] {
            let (fast, cmark) = both(body)
            XCTAssertNotNil(fast, body)
            XCTAssertEqual(fast, cmark, body)
        }
    }

    func testAnythingElseGoesThroughCmark() {
        for body in ["*emphasis*", "`code`", "[a link](https://x)", "- a list", "1. a list", "# heading", "> quote",
                     "see https://example.org", "www.example.org", "a@b.org", "a footnote[^1]", "hard  \nbreak",
                     "  indented", "tab\there", "&amp;", "<b>html</b>", "a | table\n|---|---|", "a | b\n:--|--", "~~strike~~", "[ref]: https://x"] {
            XCTAssertNil(PlainBody.paragraphs(body), body)
        }
    }
}

final class SidenoteIDTests: XCTestCase {
    /// The sidenote's copy of a body leaves the ids to the note list's copy.
    func testIDsAndDescribedByBecomeDataAttributes() {
        XCTAssertEqual(NoteMarkup.withoutIDs(#"<a id="cite-a-1" aria-describedby="tip-cite-a-1">1</a><span id="tip-cite-a-1">x</span>"#),
                       #"<a data-id="cite-a-1" data-describedby="tip-cite-a-1">1</a><span data-id="tip-cite-a-1">x</span>"#)
        XCTAssertEqual(NoteMarkup.withoutIDs(#"<p class="x" data-valid="y">no ids</p>"#), #"<p class="x" data-valid="y">no ids</p>"#)
    }
}

/// Plain annotation files are cut into blocks by lines: the same blocks cmark-gfm finds.
final class PlainAnnotationBlocksTests: XCTestCase {
    func describe(_ blocks: [AnnotationLoader.Block]) -> [String] {
        blocks.map { block in
            let kind: String = switch block.kind {
            case .quote(let text): "quote(\(text))"
            case .nestedQuote(let text): "nested(\(text))"
            case .paragraph: "paragraph"
            case .other: "other"
            }
            return "\(kind) \(block.startLine)-\(block.endLine):\(block.startColumn)"
        }
    }

    func testPlainFilesGiveTheBlocksCmarkGives() throws {
        for body in [
            "\n> giant Viacom has paid out $3.5m (£1.8m) to end investigations\n\n{#n0 .fact-check verdict=true}\n\nChecked [@src-1]. See [[Little Britain]].\n\n> shows, including those by “shock jock” Howard Stern and\n> two New\n\n{#n1}\n\nAnother note.\n",
            "> one quote\n\nA body\nover two lines.\n\n> > a nested quotation\n> > on two lines\n\nMore body.\n",
            "> a    quote  with   spaces \n\n(Parenthesis) body; \"quoted\" 'single'.\n",
        ] {
            let lines = body.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { Substring($0) }
            let plain = try XCTUnwrap(AnnotationLoader.plainBlocks(lines), body)
            XCTAssertEqual(describe(plain), describe(AnnotationLoader.markdownBlocks(body)), body)
        }
    }

    func testAnythingUnusualGoesThroughCmark() {
        for body in ["> *emphasis* in a quote\n", "> a\nlazy continuation\n", "- a list\n", "    code\n", "> www.example.org\n",
                     "1. item\n", "[x]: https://example.org\n", "<div>html</div>\n", "> > nested\n> plain\n", "Title\n===\n"] {
            let lines = body.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { Substring($0) }
            XCTAssertNil(AnnotationLoader.plainBlocks(lines), body)
        }
    }
}

/// Plain articles skip cmark-gfm too (`PlainDocument`): with notes, citations and entities, the
/// page must be the bytes the cmark-gfm path writes.
final class PlainDocumentTests: XCTestCase {
    func note(_ id: String, quote: String, kind: Note.Kind = .context, body: String = "A note [@src-1].") -> Note {
        Note(id: id, explicitID: true, kind: kind, extraClasses: [], verdict: nil, prefix: nil, suffix: nil,
             occurrence: nil, author: nil, tags: [], quote: quote, body: body, file: "content/annotations/a.md",
             location: SourceLocation("content/annotations/a.md", line: 5, column: 1), attributesLocation: nil,
             quoteLines: 5...5, bodyLine: 9)
    }

    func testPlainArticlesRenderAsCmarkDoes() throws {
        let sources = [SourceRecord(id: "src-1", type: "report", title: "Report", location: SourceLocation("content/sources.yaml"))]
        let entities = EntityIndex([
            Entity(slug: "little-britain", path: "content/entities/little-britain.md", name: "Little Britain",
                   kind: .work, aliases: [], auto: true, body: "", bodyLine: 1),
            Entity(slug: "bbc", path: "content/entities/bbc.md", name: "BBC", kind: .organization, aliases: ["the Corporation"],
                   auto: true, body: "", bodyLine: 1),
        ])
        let cases: [(body: String, notes: [Note])] = [
            ("One paragraph about Little Britain on the BBC.", []),
            ("First line of a paragraph\nand its second, \"quoted\" line [@src-1].\n\nThe BBC said it would air Little Britain again.\n\n\nA third paragraph, after two blank lines.",
             [note("n1", quote: "second, \"quoted\" line"), note("n2", quote: "The BBC said it", kind: .factCheck),
              note("n3", quote: "said it would air"), note("n4", quote: "again. A third paragraph")]),
            ("Brackets [like this] and [[the Corporation]] and [[Little Britain|the show]] stay as text.\nCafé — naïve ‘quotes’ … end.",
             [note("n1", quote: "Café — naïve"), note("n2", quote: "and its missing quote")]),
        ]
        let config = SiteConfig()
        for (body, notes) in cases {
            XCTAssertNotNil(PlainBody.paragraphs(body), body)
            let article = Article(slug: "a", path: "content/articles/a.md", title: "A", body: body, bodyLine: 5)
            func render(plain: Bool) -> RenderedArticle {
                RenderMarkdown.render(article, options: MarkdownOptions(), notes: notes, markup: NoteMarkup(config: config),
                                      orphanSeverity: .warning, citations: CitationMarkup(sources: sources), config: config,
                                      entities: EntityMarkup(index: entities, root: "../../"), allowPlain: plain)
            }
            let fast = render(plain: true), cmark = render(plain: false)
            XCTAssertEqual(fast.html, cmark.html, body)
            XCTAssertEqual(fast.summary, cmark.summary, body)
            XCTAssertEqual(fast.notesHTML, cmark.notesHTML, body)
            XCTAssertEqual(fast.annotationsJSON, cmark.annotationsJSON, body)
            XCTAssertEqual(fast.mentions.order, cmark.mentions.order, body)
            XCTAssertEqual(fast.mentions.sentences, cmark.mentions.sentences, body)
            XCTAssertEqual(fast.diagnostics.items.map(\.rendered), cmark.diagnostics.items.map(\.rendered), body)
            XCTAssertEqual(fast.anchored.count, notes.count - fast.orphans.count)
        }
    }
}
