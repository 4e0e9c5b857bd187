@testable import GenKit
@testable import Markdown
import TestSupport
import XCTest

/// The quote matcher on hard cases, and the marks it leads to.
final class AnchorNotesTests: XCTestCase {
    struct Outcome {
        var result: AnchorNotes.Result
        var html: String
        var problems: [String]
    }

    func anchor(_ body: String, _ annotations: String, severity: Diagnostic.Severity = .error, unsafeHTML: Bool = false) -> Outcome {
        var diagnostics = DiagnosticList()
        let loader = AnnotationLoader(fileSystem: LocalFileSystem(), siteDirectory: "/", verdicts: SiteConfig().verdicts)
        let file = loader.parse(annotations, path: "content/annotations/a.md", diagnostics: &diagnostics)
        var notes = file.notes
        CollectNotes.assignIDs(&notes, diagnostics: &diagnostics)
        let article = Article(slug: "a", path: "content/articles/a.md", title: "A", body: body, bodyLine: 5)
        let document = MarkdownDocument(body, options: MarkdownOptions(unsafeHTML: unsafeHTML))
        let runs = document.textRuns()
        let result = AnchorNotes(article: article, runs: runs, orphanSeverity: severity).run(notes)
        let markup = NoteMarkup(config: SiteConfig())
        if let text = result.text {
            let marked = markup.mark(result.anchored, runs: runs, text: text, bodies: markup.bodies(result.anchored))
            document.apply(marked.spans, to: runs)
            for (block, html) in marked.blocks.reversed() { document.insertBlock(html, before: block) }
        }
        diagnostics.append(contentsOf: result.diagnostics)
        return Outcome(result: result, html: document.renderHTML(), problems: diagnostics.sorted.map(\.rendered))
    }

    func exact(_ outcome: Outcome) -> [String] { outcome.result.anchored.map(\.exact) }

    /// A verdict on words the article strikes through (a retracted claim) is an error; a
    /// context note there is not, nor a fact check held for review.
    /// A fact check on "has never run a deficit", and its error when the article strikes
    /// through words of its quote or sentence (`place`).
    let deficitCheck = "> has never run a deficit\n\n{#deficit .fact-check verdict=true}\n\nAccounts agree.\n"
    func struckError(_ place: String) -> String {
        "content/annotations/a.md:1:1: error: fact check 'deficit' rates words the article strikes through (\(place)) in article 'a'"
    }

    func testAFactCheckOnStruckThroughWordsIsAnError() {
        let notes = deficitCheck
        for (body, place) in [("The port has ~~never~~ run a deficit.\n", "in its quote"),
                              ("~~The port has never run a deficit.~~ (Correction: it ran one in 2019.)\n", "in its quote"),
                              ("The ~~port~~ authority has never run a deficit.\n", "in its sentence")] {
            XCTAssertEqual(anchor(body, notes).problems.first?.components(separatedBy: "\n").first, struckError(place), body)
        }
        XCTAssertEqual(anchor("~~It rained.~~ The port has never run a deficit.\n", notes).problems, [])
        XCTAssertEqual(anchor("The port has ~~never~~ run a deficit.\n", notes.replacingOccurrences(of: ".fact-check verdict=true", with: ".context"))
            .problems, [])
        XCTAssertEqual(anchor("The port has ~~never~~ run a deficit.\n",
                              notes.replacingOccurrences(of: "verdict=true", with: "verdict=true review=\"struck\"")).problems
                        .filter { $0.contains("strikes") }, [])
    }

    /// Words struck through with raw HTML (`<del>`, `<s>`, `<strike>`) are withdrawn as `~~…~~`
    /// ones are, where the site keeps raw HTML (`unsafe_html`); without it the tags are left
    /// out of the page, and the words are shown as any others.
    func testAFactCheckOnWordsStruckThroughWithRawHTML() {
        let notes = deficitCheck
        for (body, place) in [("The port has <del>never</del> run a deficit.\n", "in its quote"),
                              ("The port has <S class=\"old\">never</S> run a deficit.\n", "in its quote"),
                              ("The <strike>port</strike> authority has never run a deficit.\n", "in its sentence")] {
            XCTAssertEqual(anchor(body, notes, unsafeHTML: true).problems.first?.components(separatedBy: "\n").first, struckError(place), body)
            XCTAssertEqual(anchor(body, notes).problems, [], body)
        }
        // Closed before the claim, or in another paragraph: not struck.
        XCTAssertEqual(anchor("<del>It rained.</del> The port has never run a deficit.\n", notes, unsafeHTML: true).problems, [])
        XCTAssertEqual(anchor("<del>It rained.\n\nThe port has never run a deficit.\n", notes, unsafeHTML: true).problems, [])
        XCTAssertEqual(anchor("The port has <b>never</b> run a <span>deficit</span>.\n", notes, unsafeHTML: true).problems, [])
        XCTAssertEqual(["<del>", "<DEL>", "<s>", "<strike title=\"x\">"].map(MarkdownDocument.strikeTag), [1, 1, 1, 1])
        XCTAssertEqual(["</del>", "</s >", "</strike>"].map(MarkdownDocument.strikeTag), [-1, -1, -1])
        XCTAssertEqual(["<span>", "<sup>", "<s/>", "<del", "<!-- <del> -->"].map(MarkdownDocument.strikeTag), [nil, nil, nil, nil, nil])
    }

    func testSpecExampleOverlapsAcrossEmphasis() {
        let outcome = anchor("The City Council approved the budget on Tuesday after a debate that ran past *midnight*.\n", """
        > approved the budget on Tuesday

        {#budget}

        > on Tuesday after a debate that ran past midnight

        {#debate}
        """)
        XCTAssertEqual(outcome.problems, [])
        // Text covered by both notes says so to screen readers; each badge is followed by its
        // sidenote, inside the paragraph, after the punctuation that closes the passage (also
        // past the end of an emphasis): opened on a narrow screen, the note breaks the line
        // there, and the full stop stays with its words.
        XCTAssertEqual(outcome.html, """
        <p>The City Council <mark class="annotation" data-annotations="budget" id="mark-budget">approved the budget </mark>\
        <mark class="annotation" data-annotations="budget debate" id="mark-debate"><span class="visually-hidden" data-gen-added> (covered by 2 notes) </span>on Tuesday</mark>\
        <sup class="note-ref" data-gen-added><a href="#note-budget" data-note="budget" aria-label="Note 1">1</a></sup>\
        <span class="sidenote note-context" data-gen-added data-note="budget"><input type="checkbox" class="sidenote-toggle" id="sidenote-toggle-budget">\
        <label class="sidenote-label" for="sidenote-toggle-budget">Note 1 · Context</label><span class="sidenote-body"><span class="sidenote-head">\
        <a href="#note-budget">Note 1</a> · <span class="note-kind">Context</span></span></span></span>\
        <mark class="annotation" data-annotations="debate"> after a debate that ran past </mark><em>\
        <mark class="annotation" data-annotations="debate">midnight</mark>\
        <sup class="note-ref" data-gen-added><a href="#note-debate" data-note="debate" aria-label="Note 2">2</a></sup></em>.\
        <span class="sidenote note-context" data-gen-added data-note="debate"><input type="checkbox" class="sidenote-toggle" id="sidenote-toggle-debate">\
        <label class="sidenote-label" for="sidenote-toggle-debate">Note 2 · Context</label><span class="sidenote-body"><span class="sidenote-head">\
        <a href="#note-debate">Note 2</a> · <span class="note-kind">Context</span></span></span></span></p>

        """)
    }

    /// Numbers read in order in the text: a passage inside a longer one ends, and shows its
    /// number, first, so it is numbered first; two passages ending together, the longer first.
    func testNotesAreNumberedWhereTheirNumbersStand() {
        let outcome = anchor("Most water sits in oceans, which hold about 97 percent of it. As the vapour rises it cools.\n", """
        > oceans, which hold about 97 percent of it. As the vapour

        {#long}

        > which hold about 97 percent

        {#inner}

        > sits in oceans, which hold about 97 percent

        {#same-end}
        """)
        XCTAssertEqual(outcome.problems, [])
        XCTAssertEqual(outcome.result.anchored.map(\.note.id), ["same-end", "inner", "long"])
        XCTAssertEqual(outcome.result.anchored.map(\.number), [1, 2, 3])
        let badges = outcome.html.components(separatedBy: "aria-label=\"Note ").dropFirst().map { $0.prefix { $0 != "\"" } }
        XCTAssertEqual(badges, ["1", "2", "3"])
    }

    /// Closing punctuation stays with the passage's words, the note comes after it; an opening
    /// quotation mark or bracket does not.
    func testTheNoteFollowsThePunctuationAfterThePassage() {
        let outcome = anchor("They voted “against the plan.” Then (on Friday) it passed.\n", """
        > against the plan

        {#p}

        > on Friday

        {#f}
        """)
        XCTAssertEqual(outcome.problems, [])
        XCTAssertTrue(outcome.html.contains("aria-label=\"Note 1\">1</a></sup>.”<span class=\"sidenote"), outcome.html)
        XCTAssertTrue(outcome.html.contains("aria-label=\"Note 2\">2</a></sup>)<span class=\"sidenote"), outcome.html)
    }

    /// A passage that ends inside a link: the badge and sidenote (links themselves) come after
    /// the link, never inside it.
    func testTheBadgeOfAPassageEndingInALinkFollowsTheLink() {
        let outcome = anchor("See the [regional guidance on sampling](https://example.org/g) today.\n", """
        > See the regional guidance

        {#g}
        """)
        XCTAssertEqual(outcome.problems, [])
        XCTAssertTrue(outcome.html.contains("<mark class=\"annotation\" data-annotations=\"g\">regional guidance</mark> on sampling</a>"
                                            + "<sup class=\"note-ref\" data-gen-added><a href=\"#note-g\""), outcome.html)
    }

    /// cmark-gfm's table cells refuse custom nodes: the marks go in as placeholders, the
    /// cell's text stays.
    func testMarksInsideTableCellsKeepTheText() {
        let outcome = anchor("| State | Said |\n|---|---|\n| Nevada | a destination [@x] |\n| Ohio | *a* destination |\n", """
        > a destination

        {#first occurrence=1}

        > Ohio a destination

        {#second}
        """)
        XCTAssertEqual(outcome.problems, [])
        XCTAssertTrue(outcome.html.contains("<td><mark class=\"annotation\" data-annotations=\"first\" id=\"mark-first\">a destination</mark>"
                                            + "<sup class=\"note-ref\" data-gen-added><a href=\"#note-first\" data-note=\"first\" aria-label=\"Note 1\">1</a></sup>"
                                            + "<span class=\"sidenote note-context\" data-gen-added data-note=\"first\">"), outcome.html)
        XCTAssertTrue(outcome.html.contains("</span></span> [@x]</td>"), outcome.html)
        XCTAssertTrue(outcome.html.contains("<td><mark class=\"annotation\" data-annotations=\"second\" id=\"mark-second\">Ohio</mark></td>"), outcome.html)
        XCTAssertTrue(outcome.html.contains("<td><em><mark class=\"annotation\" data-annotations=\"second\">a</mark></em>"
                                            + "<mark class=\"annotation\" data-annotations=\"second\"> destination</mark>"), outcome.html)
        XCTAssertFalse(outcome.html.contains("\u{E000}"), outcome.html)
    }

    func testFoldingRules() {
        let body = "She said \u{201C}it\u{2019}s   fine\u{201D} \u{2014} twice\u{2026} and Cafe\u{0301} opened.\u{00A0}Then\nmore."
        let outcome = anchor(body, """
        > said "it's fine" - twice...

        > Café opened. Then more.
        """)
        XCTAssertEqual(outcome.problems, [])
        XCTAssertEqual(exact(outcome), ["said \u{201C}it\u{2019}s   fine\u{201D} \u{2014} twice\u{2026}", "Cafe\u{0301} opened.\u{00A0}Then more."])
    }

    /// Characters that show nothing, which articles copied from the web carry (a soft hyphen, a
    /// zero-width space, a word joiner), are not needed in a quote, nor kept out of it.
    func testInvisibleCharactersAreIgnored() {
        let body = "The com\u{00AD}mit\u{00AD}tee met at\u{200B}noon and voted\u{2060} twice.\n"
        let outcome = anchor(body, "> committee met atnoon\n\nA.\n\n> voted twice\n\nB.\n\n> The com\u{00AD}mittee\n\nC.\n")
        XCTAssertEqual(outcome.problems, [])
        XCTAssertEqual(exact(outcome), ["The com\u{00AD}mit\u{00AD}tee", "com\u{00AD}mit\u{00AD}tee met at\u{200B}noon", "voted\u{2060} twice"])
    }

    /// A quote that starts or ends with a letter or digit matches whole words only; an edit that
    /// makes the quoted word part of a longer one orphans the note instead of cutting a word.
    func testQuotesMatchWholeWordsOnly() {
        let body = "The Editors said so. Numbers rose to 1800 and the Éditeur agreed; also matchs.\n"
        let outcome = anchor(body, "> Editor\n\nA.\n\n> 180\n\nB.\n\n> diteur\n\nC.\n\n> also match\n\nD.\n\n> rose to 1800 and\n\nE.\n\n> so.\n\nF.\n", severity: .warning)
        XCTAssertEqual(exact(outcome), ["so.", "rose to 1800 and"])
        XCTAssertEqual(outcome.result.orphans.map(\.note.quote), ["Editor", "180", "diteur", "also match"])
        // Punctuation at a quote's edge needs no boundary: "so." is found before " Numbers".
    }

    /// A quote that starts or ends with a digit is not found inside a longer number: the claim
    /// "200 jobs" is not the claim "1,200 jobs".
    func testQuotesMatchWholeNumbersOnly() {
        let body = "It will create 1,200 jobs. Inflation rose by 0.18 per cent. It fell to -5C overnight. "
            + "The bill was 200,000 pounds. Polls gave 5-10 points to the mayor, and 30 seats to Labour.\n"
        let outcome = anchor(body, "> 200 jobs\n\nA.\n\n> 18 per cent\n\nB.\n\n> 5C overnight\n\nC.\n\n> was 200\n\nD.\n\n"
                                 + "> 10 points\n\nE.\n\n> 30 seats\n\nF.\n", severity: .warning)
        XCTAssertEqual(exact(outcome), ["10 points", "30 seats"])
        XCTAssertEqual(outcome.result.orphans.map(\.note.quote), ["200 jobs", "18 per cent", "5C overnight", "was 200"])
    }

    /// A note whose prefix picked one of two places, and whose place was then edited: the quote
    /// is found only at the other place, which the error does not advise to pin the note to.
    func testAQuoteLeftOnlyAtAnotherPlaceThanItsPrefixSaysSo() {
        let body = "Critics disagree. The plan will cost much more than anyone will say, according to the mayor. "
            + "Others agree: the plan will cost far more than anyone will say.\n"
        let outcome = anchor(body, "> plan will cost far more\n\n{#cost prefix=\"Critics disagree. The \"}\n\nA claim.\n")
        XCTAssertEqual(outcome.problems, [
            "content/annotations/a.md:3:1: error: quote found in article 'a', but not with this prefix, suffix or occurrence\n"
                + "note: the article now reads “…Others agree: the ⟨plan will cost far more⟩ than anyone will say.…”\n"
                + "note: its prefix is still in the article, around other words: “…Critics disagree. The plan will cost much more…”\n"
                + "note: the passage the note was on may have been edited: if so, write its quote as that passage now reads",
        ])
    }

    func testCaseMatters() {
        XCTAssertEqual(anchor("The Budget passed.", "> the budget passed").result.anchored.count, 0)
    }

    func testAcrossInlinesAndBlocks() {
        let body = """
        A [linked *phrase*](https://example.org) and `code span` here.

        - first item
        - second item

        | a | b |
        |---|---|
        | left cell | right cell |

        Emoji 👩‍👩‍👧 family.
        """
        let outcome = anchor(body, """
        > linked phrase and code span

        > first item second item

        > left cell right cell

        > 👩‍👩‍👧 family
        """)
        XCTAssertEqual(outcome.problems, [])
        XCTAssertEqual(exact(outcome), ["linked phrase and code span", "first item second item", "left cell right cell", "👩‍👩‍👧 family"])
        XCTAssertTrue(outcome.html.contains("<li><mark class=\"annotation\" data-annotations=\"first-item-second-item\" id=\"mark-first-item-second-item\">first item</mark></li>"), outcome.html)
        XCTAssertTrue(outcome.html.contains("<code>code span</code>"), outcome.html)
    }

    func testAmbiguousQuoteListsEveryPlaceAndSuggestsAPrefix() {
        let outcome = anchor("The staff left.\nLater the staff came back and the staff stayed.\n", "> the staff\n")
        XCTAssertEqual(outcome.problems, [
            "content/annotations/a.md:1:1: error: quote appears 2 times in article 'a'\n"
                + "content/articles/a.md:6:7: note: found here\ncontent/articles/a.md:6:31: note: found here\n"
                + "note: add prefix=\"staff left. Later\" (the words just before the first), suffix=\"...\" or occurrence=N to pick one",
        ])
        // A paragraph written twice: no words before tell the places apart; a quotation mark
        // in the suggested prefix is escaped.
        let twice = anchor("He said \"prices would fall\" soon.\n\nHe said \"prices would fall\" soon.\n", "> would fall\n")
        XCTAssertTrue(twice.problems.first?.hasSuffix("note: add occurrence=N (1 for the first) to pick one: the words before them read the same") == true,
                      "\(twice.problems)")
        let quoted = anchor("Then \"prices would fall\" soon. Now \"prices would fall\" later.\n", "> would fall\n")
        XCTAssertTrue(quoted.problems.first?.contains(#"note: add prefix="Then \"prices" (the words just before the first)"#) == true,
                      "\(quoted.problems)")
    }

    func testPrefixSuffixAndOccurrencePickOne() {
        let body = "Later the staff came back and the staff stayed, and the staff left."
        let outcome = anchor(body, """
        > the staff

        {#p prefix="back and"}

        > the staff

        {#s suffix="left"}

        > the staff

        {#o occurrence=1}

        > the staff

        {#x occurrence=4}
        """)
        XCTAssertEqual(outcome.result.anchored.map(\.note.id), ["o", "p", "s"])
        XCTAssertEqual(outcome.result.anchored.map(\.textStart), [6, 30, 52])
        XCTAssertEqual(outcome.problems, ["content/annotations/a.md:15:1: error: occurrence=4, but the quote appears 3 times in article 'a'"])
    }

    /// The hint about nested blockquotes comes only where it may apply: a quote after another
    /// note, with no close passage in the article.
    func testTheNestedQuoteHintOnlyAfterANote() {
        let outcome = anchor("The council met.", "> The council met\n\nA note.\n\n> Words from a report, not the article\n\nMore.\n")
        XCTAssertEqual(outcome.problems.count, 1)
        XCTAssertTrue(outcome.problems[0].hasSuffix("note: a quotation inside a note's body is written as a nested blockquote: '> > ...'"),
                      outcome.problems[0])
        // A quote with attributes of its own starts a note: a quotation in a body has none.
        let note = anchor("The council met.", "> The council met\n\nA note.\n\n> 220 jobs would be created\n\n{#jobs}\n\nMore.\n")
        XCTAssertEqual(note.problems.count, 1)
        XCTAssertFalse(note.problems[0].contains("nested blockquote"), note.problems[0])
        // Nor one with a close passage: a note's quote the article was edited under.
        let edited = anchor("The council met on Tuesday to approve the budget.",
                            "> The council met\n\nA note.\n\n> met on Monday to pass the budget\n\nMore.\n")
        XCTAssertEqual(edited.problems.count, 1)
        XCTAssertFalse(edited.problems[0].contains("nested blockquote"), edited.problems[0])
        // Unless it reads as a quotation: led in to by the body before it, in quotation marks, or
        // with no body of its own (a report on the article's subject is close to its passages).
        let article = "Average journey times on the coast road fell from 24 to 22 minutes, the council said."
        for notes in ["> fell from 24 to 22 minutes\n\nThe traffic report says:\n\n> Average journey times on the coast road rose from 24 to 25 minutes.\n\nMore.\n",
                      "> fell from 24 to 22 minutes\n\nA note.\n\n> \"Average journey times on the coast road rose from 24 to 25 minutes.\"\n\nMore.\n",
                      "> fell from 24 to 22 minutes\n\nA note.\n\n> Average journey times on the coast road rose from 24 to 25 minutes.\n"] {
            let quoted = anchor(article, notes)
            XCTAssertEqual(quoted.problems.count, 1, notes)
            XCTAssertTrue(quoted.problems[0].hasSuffix("note: a quotation inside a note's body is written as a nested blockquote: '> > ...'"),
                          quoted.problems[0])
        }
    }

    func testMissingQuoteShowsTheClosestPassage() {
        let outcome = anchor("The council approved the annual budget on Tuesday evening.", "> approved the budget on Tuesday\n")
        XCTAssertEqual(outcome.problems, [
            "content/annotations/a.md:1:1: error: quote not found in article 'a'\n"
                + "content/articles/a.md:5:13: note: closest passage (81% similar): \u{201C}approved the annual budget on Tuesday\u{201D}",
        ])
        XCTAssertEqual(outcome.result.orphans.first?.closest, "approved the annual budget on Tuesday")
        XCTAssertEqual(outcome.result.orphans.first?.repairable, false)
    }

    /// A quote like nothing in the article (its passage deleted) is said to be so, with what to
    /// do: not compared word by word with the closest words as if they were an edit of it.
    func testAQuoteWithNothingCloseSaysThePassageIsGone() {
        let body = "The council met on Tuesday. It cost £4m, the treasurer said, and work starts in May."
        let outcome = anchor(body, "> the Pope had annulled the charter within three months\n\n{.fact-check verdict=true}\n\nIt did.\n")
        XCTAssertEqual(outcome.problems.count, 1)
        XCTAssertTrue(outcome.problems[0].hasPrefix("content/annotations/a.md:1:1: error: quote not found in article 'a'\n"
                                                    + "content/articles/a.md:5:"), outcome.problems[0])
        XCTAssertTrue(outcome.problems[0].contains("note: no passage of the article is close to it: the closest is "), outcome.problems[0])
        XCTAssertTrue(outcome.problems[0].hasSuffix("note: if its passage was deleted, delete the note or quote the passage it is now "
                                                    + "about; to publish the rest meanwhile, set orphans = \"warn\" under [annotations] in "
                                                    + "gen.toml (the note is then listed as orphaned, without its verdict)"), outcome.problems[0])
        XCTAssertFalse(outcome.problems[0].contains("words of its claim"), outcome.problems[0])
        let warned = anchor(body, "> the Pope had annulled the charter within three months\n\n{.fact-check verdict=true}\n\nIt did.\n",
                            severity: .warning)
        XCTAssertTrue(warned.problems[0].hasSuffix("note: if its passage was deleted, delete the note or quote the passage it is now about"),
                      warned.problems[0])
    }

    func testSmallEditIsRepairableAndWarnModeWarns() {
        let outcome = anchor("The council approved the budget on Tuesday.", "> the council aproved the budget\n", severity: .warning)
        XCTAssertEqual(outcome.result.orphans.first?.closest, "The council approved the budget")
        XCTAssertEqual(outcome.result.orphans.first?.repairable, true)
        XCTAssertTrue(outcome.problems[0].hasPrefix("content/annotations/a.md:1:1: warning: quote not found"), outcome.problems[0])
    }

    func testWebAnnotationSelectorsUseTheRealText() {
        let outcome = anchor("Before it: \u{201C}quoted words\u{201D} and after.", "> \"quoted words\"\n")
        let note = outcome.result.anchored[0]
        XCTAssertEqual(note.exact, "\u{201C}quoted words\u{201D}")
        XCTAssertEqual(note.prefix, "Before it: ")
        XCTAssertEqual(note.suffix, " and after.")
        XCTAssertEqual([note.textStart, note.textEnd], [11, 25])
    }
}

/// The annotated fixture (the example article with notes that show every kind of note)
/// through the loaders, CollectNotes and RenderMarkdown, as the build will run them.
final class AnnotatedFixtureTests: XCTestCase {
    func testEveryNoteAnchorsAndRenders() throws {
        let site = try TemporarySite(fixture: "sites/annotated")
        var diagnostics = DiagnosticList()
        let article = try XCTUnwrap(ArticleLoader(fileSystem: LocalFileSystem(), siteDirectory: site.directory)
            .load("content/articles/labour-volunteers-us-election.md", diagnostics: &diagnostics))
        let loader = AnnotationLoader(fileSystem: LocalFileSystem(), siteDirectory: site.directory, verdicts: SiteConfig().verdicts)
        let files = loader.listFiles(diagnostics: &diagnostics).compactMap { loader.load($0, diagnostics: &diagnostics) }
        let notes = CollectNotes.run(files, articles: [article.slug], diagnostics: &diagnostics)[article.slug] ?? []
        let entities = EntityLoader(fileSystem: LocalFileSystem(), siteDirectory: site.directory).loadAll(diagnostics: &diagnostics)
        let rendered = RenderMarkdown.render(article, options: MarkdownOptions(), notes: notes, markup: NoteMarkup(config: SiteConfig()),
                                             entities: EntityMarkup(index: EntityIndex(entities), root: "../../"))
        diagnostics.append(contentsOf: rendered.diagnostics)
        XCTAssertEqual(diagnostics.sorted.map(\.rendered), [])
        XCTAssertEqual(rendered.anchored.map(\.note.id),
                       ["hundred-staff", "go-home", "not-at-all", "nigel-farage-called-it-direct", "federal-election-commission"])
        XCTAssertTrue(rendered.notesHTML.contains("<div class=\"note note-fact-check\" id=\"note-not-at-all\" data-note=\"not-at-all\">"))
        XCTAssertTrue(rendered.notesHTML.contains("<span class=\"verdict verdict-false\"><span class=\"verdict-prefix\">Verdict: </span>False</span>"))
        XCTAssertTrue(rendered.notesHTML.contains("<a class=\"note-back\" href=\"#mark-not-at-all\">"))
        XCTAssertTrue(rendered.html.contains(#"<span class="entity" data-entity="labour-party"><mark class="annotation" data-annotations="go-home" id="mark-go-home">Labour</mark></span><mark class="annotation" data-annotations="go-home"> staff</mark>"#), rendered.html)
        // The quote runs across `[[nigel-farage]]`, which shows the entity's name.
        XCTAssertTrue(rendered.html.contains(#"<mark class="annotation" data-annotations="nigel-farage-called-it-direct" id="mark-nigel-farage-called-it-direct"><a class="entity" data-entity="nigel-farage""#), rendered.html)
    }
}
