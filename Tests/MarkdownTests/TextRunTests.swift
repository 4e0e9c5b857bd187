import Markdown
import XCTest

final class TextRunTests: XCTestCase {
    func testRunsInReadingOrder() {
        let document = MarkdownDocument("Some *emph* and `code`\nnext line.\n\n- item one\n- item two\n\n```\nblock code\n```\n")
        let runs = document.textRuns()
        XCTAssertEqual(runs.map(\.text).joined(), "Some emph and code next line. item one item two")
        XCTAssertEqual(runs.map(\.kind), [.text, .text, .text, .code, .lineBreak, .text, .blockBreak, .text, .blockBreak, .text])
    }

    /// The brackets and `@` written with a backslash, by their offset in the run's text,
    /// past references (`&amp;`) and escaped backslashes.
    func testEscapedBracketsAndAtAreKnown() {
        let runs = MarkdownDocument(#"A &amp; \[x\] \\[y] [z\] \@w *\[v*"# + "\n").textRuns()
        XCTAssertEqual(runs.map(\.text), [#"A & [x] \[y] [z] @w "#, "[v"])
        XCTAssertEqual(runs.map(\.escaped), [[4, 6, 15, 17], [0]])
        XCTAssertEqual(MarkdownDocument("No backslash [x]\n").textRuns().map(\.escaped), [[]])
        // The text after an e-mail autolink, to which cmark-gfm gives no place: found after the
        // node before it, not where the same words stand earlier in the document.
        let afterMail = MarkdownDocument(#"Mail me@example.org or [\@key] and \[\[x\]\]."# + "\n").textRuns()
        XCTAssertEqual(afterMail.map(\.text), ["Mail ", "me@example.org", " or [@key] and [[x]]."])
        XCTAssertEqual(afterMail.map(\.escaped), [[], [], [5, 15, 16, 18, 19]])
        let twice = MarkdownDocument("Note: see \\[@k\\] here.\n\nMail a@b.co see [@k] here.\n\nMail c@d.co see \\[@k\\] here.\n").textRuns()
        XCTAssertEqual(twice.filter { $0.kind == .text }.map(\.escaped), [[10, 13], [], [], [], [], [], [5, 8]])
        // A reference cmark-gfm does not know is in the literal as written.
        XCTAssertEqual(MarkdownDocument("Q&A; see \\[@k\\] and &amp; \\@\n").textRuns().map(\.escaped), [[9, 12, 20]])
    }

    func testWrapsPartsOfRunsAndKeepsSafeMode() {
        let document = MarkdownDocument("The council approved the budget <b>x</b>.")
        let runs = document.textRuns()
        XCTAssertEqual(runs[0].text, "The council approved the budget ")
        document.apply([TextSpan(run: 0, start: 12, end: 20, open: "<mark>", close: "</mark>"),
                        TextSpan(run: 0, start: 21, end: 31, open: "<mark id=\"b\">", close: "</mark>"),
                        TextSpan(run: 0, start: 31, end: 31, open: "<sup>1</sup>", close: "")], to: runs)
        XCTAssertEqual(document.renderHTML(),
                       "<p>The council <mark>approved</mark> <mark id=\"b\">the budget</mark><sup>1</sup> <!-- raw HTML omitted -->x<!-- raw HTML omitted -->.</p>\n")
    }

    func testNestedSpansOnOneRun() {
        let document = MarkdownDocument("abcdef")
        let runs = document.textRuns()
        document.apply([TextSpan(run: 0, start: 1, end: 5, open: "<i>", close: "</i>"),
                        TextSpan(run: 0, start: 2, end: 3, open: "<b>", close: "</b>")], to: runs)
        XCTAssertEqual(document.renderHTML(), "<p>a<i>b</i><i><b>c</b></i><i>de</i>f</p>\n")
    }

    func testInsertsABlockBetweenParagraphs() {
        let document = MarkdownDocument("One.\n\nTwo.\n")
        document.insertBlock("<aside>note</aside>", before: 1)
        XCTAssertEqual(document.renderHTML(), "<p>One.</p>\n<aside>note</aside>\n<p>Two.</p>\n")
    }
}

final class TextReplaceTests: XCTestCase {
    func testReplacesTextAcrossRuns() {
        let document = MarkdownDocument("Claim [see @fec, p. 4] here.")
        let runs = document.textRuns()
        let joined = runs.map(\.text).joined()
        XCTAssertEqual(joined, "Claim [see @fec, p. 4] here.")
        // Find which runs hold "[" ... "]" and replace them all.
        var spans: [TextSpan] = []
        var offset = 0
        let start = joined.utf8.firstIndex(of: UInt8(ascii: "["))!.utf16Offset(in: joined)
        let end = joined.utf8.firstIndex(of: UInt8(ascii: "]"))!.utf16Offset(in: joined) + 1
        for (i, run) in runs.enumerated() {
            let runEnd = offset + run.text.utf8.count
            let s = max(start, offset), e = min(end, runEnd)
            if s < e {
                spans.append(TextSpan(run: i, start: s - offset, end: e - offset, open: s == start ? "<sup>1</sup>" : "", close: "", replaces: true))
            }
            offset = runEnd
        }
        document.apply(spans, to: runs)
        XCTAssertEqual(document.renderHTML(), "<p>Claim <sup>1</sup> here.</p>\n")
    }

    /// A replacement that shows text is wrapped by the spans covering all of it (on both
    /// renderers); a citation marker, and a span covering part of a replacement, are not.
    func testAReplacementShowingTextIsWrappedByTheSpansCoveringIt() {
        func spans() -> [TextSpan] {
            var link = TextSpan(run: 0, start: 5, end: 19, open: "<a>Tony Blair</a>", close: "", replaces: true)
            link.showsText = true
            return [link,
                    TextSpan(run: 0, start: 23, end: 29, open: "<sup>1</sup>", close: "", replaces: true),
                    TextSpan(run: 0, start: 0, end: 32, open: "<mark id=\"m\">", close: "</mark>", reopen: "<mark>"),
                    TextSpan(run: 0, start: 10, end: 19, open: "<b>", close: "</b>")]
        }
        let markdown = "said [[tony-blair]] on [@key] Monday"
        let expected = "<p><mark id=\"m\">said </mark><mark><a>Tony Blair</a></mark><mark> on </mark><sup>1</sup><mark> Mo</mark>nday</p>\n"
        let document = MarkdownDocument(markdown)
        let runs = document.textRuns()
        XCTAssertEqual(runs.map(\.text), [markdown])
        document.apply(spans().sorted(), to: runs)
        XCTAssertEqual(document.renderHTML(), expected)
        let plain = PlainDocument(paragraphs: [[(text: markdown, number: 1)]])
        plain.apply(spans(), to: plain.textRuns())
        XCTAssertEqual(plain.renderHTML(), expected)
    }

    /// Columns count characters, as diagnostics give them, not cmark-gfm's bytes: on a line
    /// with "£", "’" and "—", and inside a quotation after them.
    func testColumnsCountCharacters() {
        let document = MarkdownDocument("£ *x* [a](b.md)\n\nThe council’s report — £1m: [c](d.md) ![e](f.png)\n\n> “Quoted” *y*\n")
        let runs = document.textRuns()
        XCTAssertEqual(runs.filter { $0.kind == .text }.map { "\($0.text)@\($0.line):\($0.column)" },
                       ["£ @1:1", "x@1:4", " @1:6", "a@1:8", "The council’s report — £1m: @3:1", "c@3:30", " @3:38",
                        "“Quoted” @5:3", "y@5:13"])
        var links: [String] = []
        document.rewriteLinks { link in links.append("\(link.url)@\(link.line):\(link.column)"); return nil }
        XCTAssertEqual(links, ["b.md@1:7", "d.md@3:29"])
        var images: [String] = []
        document.rewriteImages { image in images.append("\(image.url)@\(image.line):\(image.column)"); return nil }
        XCTAssertEqual(images, ["f.png@3:39"])
    }

    /// cmark-gfm gives the text after an e-mail autolink (and the address's own text) no
    /// place: found in the source after the node before it, so that a diagnostic about a quote
    /// there points at it, not at the start of the document.
    func testTextAfterAnEMailAutolinkHasItsPlace() {
        let runs = MarkdownDocument("Intro for more.\n\nWrite to me@example.org for more, as said. More for more\nand £ me@x.org end.\n").textRuns()
        XCTAssertEqual(runs.filter { $0.kind == .text }.map { "\($0.text)@\($0.line):\($0.column)" },
                       ["Intro for more.@1:1", "Write to @3:1", "me@example.org@3:10", " for more, as said. More for more@3:24",
                        "and £ @4:1", "me@x.org@4:7", " end.@4:15"])
        // Not in the words of an image before it, which are not text.
        let afterImage = MarkdownDocument("![me@x.org](a.png) see me@x.org now\n").textRuns()
        XCTAssertEqual(afterImage.filter { $0.kind == .text }.map { "\($0.text)@\($0.line):\($0.column)" },
                       [" see @1:19", "me@x.org@1:24", " now@1:32"])
    }
}
