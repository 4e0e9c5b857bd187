@testable import GenKit
import Markdown
import XCTest

/// Mentions in rendered pages: explicit links, recognition, link modes, places never linked.
final class EntityMarkupTests: XCTestCase {
    let entities = [
        Entity(slug: "labour-party", path: "content/entities/labour-party.md", name: "Labour Party", kind: .organization,
               aliases: ["Labour"], auto: true, body: "", bodyLine: 1),
        Entity(slug: "fec", path: "content/entities/fec.md", name: "Federal Election Commission", kind: .organization,
               aliases: ["FEC"], auto: true, body: "", bodyLine: 1),
        Entity(slug: "quiet", path: "content/entities/quiet.md", name: "Quiet", kind: .other,
               aliases: [], auto: false, body: "", bodyLine: 1),
    ]

    func render(_ markdown: String, link: SiteConfig.EntitySettings.LinkMode = .first) -> (html: String, mentions: EntityMentions) {
        var settings = SiteConfig().entities
        settings.link = link
        let markup = EntityMarkup(index: EntityIndex(entities, settings: settings), root: "../../")
        let document = MarkdownDocument(markdown)
        let runs = document.textRuns()
        var mentions = EntityMentions()
        let spans = markup.run(runs, path: "content/articles/a.md", bodyLine: 4, into: &mentions)
        document.apply(spans, to: runs)
        return (document.renderHTML(), mentions)
    }

    func testFirstMentionIsLinkedWithAnIdTheOthersAreSpans() {
        let (html, mentions) = render("Labour won. The Labour Party's plan.\n")
        XCTAssertEqual(html, """
        <p><a class="entity" data-entity="labour-party" id="mention-labour-party-1" href="../../entities/labour-party/">Labour</a> won. \
        The <span class="entity" data-entity="labour-party">Labour Party</span>'s plan.</p>

        """)
        XCTAssertEqual(mentions.count(of: 1), 2, "entities are indexed by slug: fec, labour-party, quiet")
        XCTAssertEqual(mentions.sentence(of: 1).map { String(decoding: $0, as: UTF8.self) }, "Labour won.")
    }

    func testLinkModesAllAndNone() {
        XCTAssertEqual(render("Labour and Labour.\n", link: .all).html.components(separatedBy: "<a class=\"entity\"").count, 3)
        let none = render("Labour and Labour.\n", link: .none).html
        XCTAssertFalse(none.contains("<a "), none)
        XCTAssertTrue(none.contains("<span class=\"entity\" data-entity=\"labour-party\" id=\"mention-labour-party-1\">Labour</span>"), none)
    }

    func testNamesAcrossLineBreaksAndEmphasis() {
        let html = render("A question for the Federal Election\nCommission and the *Labour* Party.\n").html
        // One link, the line break inside it.
        XCTAssertTrue(html.contains(#"<a class="entity" data-entity="fec" id="mention-fec-1" href="../../entities/fec/">Federal Election"#
                                    + "\n" + #"Commission</a>"#), html)
        XCTAssertTrue(html.contains(#"<em><a class="entity" data-entity="labour-party" id="mention-labour-party-1""#), html)
        XCTAssertTrue(html.contains(#"</em><a class="entity" data-entity="labour-party" href="../../entities/labour-party/"> Party</a>"#), html)
    }

    func testNeverInsideCodeOrLinkTextOrForAutoFalse() {
        let (html, mentions) = render("`Labour` and [Labour](https://labour.example) and Quiet.\n")
        XCTAssertFalse(html.contains("class=\"entity\""), html)
        XCTAssertEqual(mentions.order, [])
    }

    func testExplicitLinksByNameAliasSlugAndWithText() {
        let (html, mentions) = render("See [[FEC]], [[labour-party|the party]] and [[Quiet]].\n")
        XCTAssertEqual(html, """
        <p>See <a class="entity" data-entity="fec" id="mention-fec-1" href="../../entities/fec/">FEC</a>, \
        <a class="entity" data-entity="labour-party" id="mention-labour-party-1" href="../../entities/labour-party/">the party</a> \
        and <a class="entity" data-entity="quiet" id="mention-quiet-1" href="../../entities/quiet/">Quiet</a>.</p>

        """)
        XCTAssertEqual(mentions.order, [0, 1, 2])
    }

    /// Brackets escaped with a backslash are the author's (as in Pandoc): `\\[\\[quiet\\]\\]`
    /// shows "[[quiet]]", and an escaped backslash leaves the link a link.
    func testEscapedBracketsAreNoLink() {
        let (html, mentions) = render(#"Write \[\[quiet\]\] or [\[quiet]], [[quiet\]] and \\[[quiet]]."# + "\n")
        XCTAssertEqual(html, #"<p>Write [[quiet]] or [[quiet]], [[quiet]] and \<a class="entity" data-entity="quiet" id="mention-quiet-1" href="../../entities/quiet/">Quiet</a>.</p>"# + "\n")
        XCTAssertEqual(mentions.order, [2])
    }

    /// A link by slug shows the entity's name (a slug is not words a reader reads), in the page,
    /// in the sentence of an entity page and in what the reader's text is told.
    func testALinkBySlugShowsTheEntitysName() {
        let markup = EntityMarkup(index: EntityIndex(entities), root: "../../")
        let document = MarkdownDocument("Then [[labour-party]] and [[ fec ]] agreed with [[Labour]].\n")
        let runs = document.textRuns()
        var mentions = EntityMentions()
        var shown: [String] = []
        let spans = markup.run(runs, path: "a.md", bodyLine: 1, into: &mentions) { run, range, text in
            shown.append("\(run) \(range.lowerBound)..<\(range.upperBound) \(text)")
        }
        document.apply(spans, to: runs)
        XCTAssertEqual(document.renderHTML(), """
        <p>Then <a class="entity" data-entity="labour-party" id="mention-labour-party-1" href="../../entities/labour-party/">Labour Party</a> \
        and <a class="entity" data-entity="fec" id="mention-fec-1" href="../../entities/fec/">Federal Election Commission</a> agreed with \
        <a class="entity" data-entity="labour-party" href="../../entities/labour-party/">Labour</a>.</p>

        """)
        XCTAssertEqual(shown, ["0 5..<21 Labour Party", "0 26..<35 Federal Election Commission", "0 48..<58 Labour"])
        XCTAssertEqual(mentions.sentence(of: 1).map { String(decoding: $0, as: UTF8.self) },
                       "Then Labour Party and Federal Election Commission agreed with Labour.")
    }

    /// An explicit link's sentence runs across the paragraph's line breaks, as a name's does.
    func testAnExplicitLinksSentenceRunsAcrossLineBreaks() {
        let (_, mentions) = render("It began. Then the\n[[fec]] met *at last*\nand agreed. Later.\n")
        XCTAssertEqual(mentions.sentence(of: 0).map { String(decoding: $0, as: UTF8.self) },
                       "Then the Federal Election Commission met at last and agreed.")
    }

    /// An entity page's sentence shows what the page shows: brackets and `@` the author
    /// escaped are text, not a citation to drop or a link to read.
    func testASentenceKeepsEscapedSyntaxAsWritten() {
        let (_, linked) = render(#"Then [[fec]] cited \[@report\] and \[\[x\]\]. Later."# + "\n")
        XCTAssertEqual(linked.sentence(of: 0).map { String(decoding: $0, as: UTF8.self) },
                       "Then Federal Election Commission cited [@report] and [[x]].")
        let (_, named) = render(#"Labour cited \[@report\] here. Later."# + "\n")
        XCTAssertEqual(named.sentence(of: 1).map { String(decoding: $0, as: UTF8.self) }, "Labour cited [@report] here.")
    }

    /// Explicit and recognised mentions are numbered together, in reading order.
    func testTheFirstMentionOnThePageGetsTheIdWhateverItsKind() {
        let (html, mentions) = render("Labour said so, and [[Labour Party|the party]] agreed.\n")
        XCTAssertEqual(html, """
        <p><a class="entity" data-entity="labour-party" id="mention-labour-party-1" href="../../entities/labour-party/">Labour</a> \
        said so, and <a class="entity" data-entity="labour-party" href="../../entities/labour-party/">the party</a> agreed.</p>

        """)
        XCTAssertEqual(mentions.count(of: 1), 2)
        XCTAssertEqual(mentions.sentence(of: 1).map { String(decoding: $0, as: UTF8.self) }, "Labour said so, and the party agreed.")
    }

    func testUnknownExplicitTargetIsAnErrorWithSuggestions() {
        let (_, mentions) = render("Text.\n\nAsk the [[Federal Election Comission]].\n")
        XCTAssertEqual(mentions.diagnostics.sorted.map(\.rendered), ["""
        content/articles/a.md:6:9: error: no entity 'Federal Election Comission'
        note: did you mean '[[Federal Election Commission]]'?
        note: an entity is a file in content/entities/; link to its name, an alias or its file name
        """])
    }

    func testAMentionInsideAHighlightAndAHighlightInsideAMention() {
        let document = MarkdownDocument("The Labour Party said so.\n")
        let runs = document.textRuns()
        var mentions = EntityMentions()
        var spans = EntityMarkup(index: EntityIndex(entities), root: "../../")
            .run(runs, path: "a.md", bodyLine: 1, into: &mentions)
        // A mark over "Party said": it cuts the mention in two; the id stays on the first piece.
        spans.append(TextSpan(run: 0, start: 11, end: 21, open: "<mark id=\"mark-x\">", close: "</mark>", reopen: "<mark>"))
        document.apply(spans, to: runs)
        XCTAssertEqual(document.renderHTML(), """
        <p>The <a class="entity" data-entity="labour-party" id="mention-labour-party-1" href="../../entities/labour-party/">Labour </a>\
        <a class="entity" data-entity="labour-party" href="../../entities/labour-party/"><mark id="mark-x">Party</mark></a>\
        <mark> said</mark> so.</p>

        """)
    }
}

final class SentenceBoundsTests: XCTestCase {
    /// The sentence around `offset` by scanning: back to ". " (or "! ", "? ") at most 200 bytes
    /// away, forward past the next sentence end less than 200 bytes away.
    /// Nil for a sentence the window cuts (`testALongSentenceIsCutAtAWordWithAnEllipsis`).
    func scannedSentence(around offset: Int, in bytes: [UInt8]) -> [UInt8]? {
        func endsSentence(_ byte: UInt8) -> Bool { byte == 0x2E || byte == 0x21 || byte == 0x3F }
        var start = offset, end = offset, whole = (start: false, end: false)
        // A title's or an initial's stop ends no sentence (`SentenceEnds`).
        func stopContinues(_ i: Int) -> Bool {
            bytes[i] == 0x2E && bytes.withUnsafeBufferPointer { EntityMarkup.SentenceBounds.stopContinues(at: i, in: $0) }
        }
        while start > 0, offset - start < 200 {
            if start >= 2, bytes[start - 1] == 0x20, endsSentence(bytes[start - 2]), !stopContinues(start - 2) { whole.start = true; break }
            start -= 1
        }
        if start == 0 { whole.start = true }
        while end < bytes.count, end - offset < 200 {
            if endsSentence(bytes[end]), end + 1 == bytes.count || bytes[end + 1] == 0x20, end + 1 == bytes.count || !stopContinues(end) {
                end += 1; whole.end = true; break
            }
            end += 1
        }
        if end == bytes.count { whole.end = true }
        return whole.start && whole.end ? EntityMarkup.sentence(in: bytes, start: start, end: end) : nil
    }

    func testASentenceHasItsWhitespaceCollapsed() {
        func sentence(_ text: String) -> String {
            let bytes = Array(text.utf8)
            return String(decoding: EntityMarkup.sentence(in: bytes, start: 0, end: bytes.count), as: UTF8.self)
        }
        XCTAssertEqual(sentence("Labour won the vote."), "Labour won the vote.")
        XCTAssertEqual(sentence("  Labour  won\nthe\t\tvote. "), "Labour won the vote.")
        XCTAssertEqual(sentence("Labour won "), "Labour won")
        XCTAssertEqual(sentence(" \n "), "")
        XCTAssertEqual(sentence("[[Labour Party|Labour]] won."), "Labour won.")
        XCTAssertEqual(sentence("Labour won [@bbc-2024, para. 4]. [see @a; @b]"), "Labour won.")
        XCTAssertEqual(sentence("Mail me at a@b.org [today]."), "Mail me at a@b.org [today].")
    }

    /// A citation's "para." or "p." ends no sentence.
    func testACitationEndsNoSentence() {
        let bytes = Array("First one. Labour won [@law, para. (a)(1)] in May. Next one.".utf8)
        let bounds = EntityMarkup.SentenceBounds(bytes)
        let offset = Array("First one. Labour".utf8).count - 6
        XCTAssertEqual(String(decoding: EntityMarkup.sentence(around: offset, in: bytes, bounds: bounds), as: UTF8.self),
                       "Labour won in May.")
    }

    /// Looking sentences up in `SentenceBounds` finds exactly what scanning around each offset does.
    func testBoundsGiveTheScannedSentence() {
        var generator = SystemRandomNumberGenerator()
        let pieces = ["word", "Labour", " ", " ", ". ", "! ", "? ", ".", "é", "“quoted”", "[[Labour Party|the party]]", "\n", "3.5m"]
        for _ in 0..<300 {
            let count = Int.random(in: 0...120, using: &generator)
            let text = (0..<count).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let bytes = Array(text.utf8)
            let bounds = EntityMarkup.SentenceBounds(bytes)
            for offset in stride(from: 0, to: bytes.count, by: 7) where bytes[offset] & 0xC0 != 0x80 {
                guard let scanned = scannedSentence(around: offset, in: bytes) else { continue }
                XCTAssertEqual(EntityMarkup.sentence(around: offset, in: bytes, bounds: bounds), scanned, "\(text) @\(offset)")
            }
        }
    }

    /// A sentence longer than the window is cut at a space, outside any citation or explicit
    /// link, with an ellipsis where it was cut; a title's or an initial's stop ends no sentence.
    func testALongSentenceIsCutAtAWordWithAnEllipsis() {
        func around(_ text: String, _ word: String) -> String {
            let bytes = Array(text.utf8)
            let offset = text.utf8.count - text.components(separatedBy: word).dropFirst().joined(separator: word).utf8.count - word.utf8.count
            return String(decoding: EntityMarkup.sentence(around: offset, in: bytes, bounds: EntityMarkup.SentenceBounds(bytes)), as: UTF8.self)
        }
        let long = "The council said that the wall, built in the nineteen-sixties and patched every decade since then by crews "
            + "working at low tide, leaves forty homes exposed to the next winter storm [@guardian-2024, p. 3] and more after it."
        XCTAssertEqual(around(long, "council"),
                       "The council said that the wall, built in the nineteen-sixties and patched every decade since then by crews "
                        + "working at low tide, leaves forty homes exposed to the next winter storm\u{2026}")
        let before = String(repeating: "words go on here ", count: 14) + "[[lowmoor|Lowmoor]] said it. Next."
        let cut = around(before, "said")
        XCTAssertTrue(cut.hasPrefix("\u{2026}on here words go on here") && cut.hasSuffix(" words go on here Lowmoor said it."), cut)
        XCTAssertEqual(around("Its chair, Dr. Amina Okafor, said the wall holds. It does not.", "Amina"),
                       "Its chair, Dr. Amina Okafor, said the wall holds.")
        XCTAssertEqual(around("Dr. Amina Okafor of the U.S. Geological Survey spoke. Then.", "Survey"),
                       "Dr. Amina Okafor of the U.S. Geological Survey spoke.")
    }
}
