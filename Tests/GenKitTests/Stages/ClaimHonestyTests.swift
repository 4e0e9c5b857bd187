import XCTest
import TestSupport
@testable import GenKit

/// A site of `files` (content paths to text) with a gen.toml, and its output folder (not built).
func claimSite(_ files: [String: String]) throws -> (TemporarySite, String) {
    var all = files
    all["gen.toml"] = "title = \"T\"\nbase_url = \"https://example.org/\"\n"
    let site = try TemporarySite(all)
    return (site, site.directory + "/public")
}

/// A fact check's claim is its whole sentence: a change anywhere in it is seen by the next
/// build, however long the sentence (up to `AnchorNotes.pinnedSentenceWindow` characters each
/// side of the quote; past that, every build says that the rest is not compared).
final class LongSentenceTests: XCTestCase {
    /// A sentence of about 520 characters before its quote.
    static let longSentence = "In a statement released late on Friday evening after a marathon session of the regional "
        + "planning committee, which had met behind closed doors for most of the afternoon to consider the objections lodged by "
        + "residents, shopkeepers, two local schools, the harbour users' association and a number of environmental groups who "
        + "had campaigned against the scheme for the better part of three years, and after a short adjournment requested by the "
        + "council's lawyers, the committee's chair, speaking to reporters outside the building on the steps of the old town hall, "
        + "confirmed that the port authority had paid £3m for the land."

    static let notes = "> the port authority had paid £3m for the land\n\n{#port .fact-check verdict=true}\n\nThe land registry agrees.\n"

    func article(_ sentence: String) -> String { "---\ntitle: A\ndate: 2025-01-02\n---\n" + sentence + " Critics were not convinced.\n" }

    func testAChangeFarFromTheQuoteInALongSentenceIsSeen() throws {
        XCTAssertGreaterThan(Self.longSentence.count, 500)
        let (site, output) = try claimSite(["content/articles/a.md": article(Self.longSentence), "content/annotations/a.md": Self.notes])
        XCTAssertEqual(MovedNoteTests.build(site, into: output), [])
        try site.write("content/articles/a.md", article(Self.longSentence.replacingOccurrences(of: "In a statement released",
                                                                                                  with: "Nobody believes that, in a statement released")))
        let found = MovedNoteTests.build(site, into: output)
        XCTAssertEqual(found.count, 1, found.joined(separator: "\n"))
        XCTAssertTrue(found[0].hasPrefix("content/annotations/a.md:1:1: error: the sentence of fact check 'port' changed around its quote"),
                      found[0])
        XCTAssertTrue(found[0].contains("changed: 'Nobody believes that' added"), found[0])
    }

    /// A build of an earlier gen kept 400 characters of such a sentence: the next compares over
    /// what it kept, without a false alarm for the words it did not keep, and sees a change in them.
    func testAnEarlierBuildsShorterCutIsComparedOverWhatItKept() {
        let quote = "the port authority had paid £3m for the land"
        let before = String(Self.longSentence[..<Self.longSentence.range(of: quote)!.lowerBound])
        let kept = String(String.UnicodeScalarView(before.unicodeScalars.suffix(AnchorNotes.earlierSentenceWindow)))
        let place = OrphanedNote.Alternative(passage: quote, prefix: before, suffix: ".", textStart: 0, repairable: true)
        let earlier = PreviousAnchor(prefix: kept, suffix: ".", start: 0, exact: quote, factCheck: true)
        XCTAssertEqual(AnchorRepair.sentenceChanges(from: earlier, now: place), [])
        var edited = place
        edited.prefix = before.replacingOccurrences(of: "the committee's chair", with: "the committee's former chair")
        XCTAssertEqual(AnchorRepair.sentenceChanges(from: earlier, now: edited), ["'former' added"])
    }

    /// Past the window, the rest of the sentence is not compared: every build says so, and
    /// `gen annotations pin` does not write `pinned=sentence` for words that are not all of it.
    func testASentenceLongerThanTheWindowIsWarnedOfAndNotPinned() throws {
        let filler = String(repeating: "and the objections of yet another group of residents were heard, ", count: 32)
        let sentence = "The committee met, " + filler + "then it confirmed that the port authority had paid £3m for the land."
        XCTAssertGreaterThan(sentence.count, AnchorNotes.pinnedSentenceWindow)
        let (site, _) = try claimSite(["content/articles/a.md": article(sentence), "content/annotations/a.md": Self.notes])
        var options = BuildOptions(siteDirectory: site.directory, jobs: 2)
        options.sentenceWindow = AnchorNotes.pinnedSentenceWindow
        let result = SiteBuilder(options: options).build(into: .discard)
        XCTAssertEqual(result.diagnostics.sorted.map { $0.rendered.components(separatedBy: "\n")[0] },
                       ["content/annotations/a.md:1:1: warning: fact check 'port' stands in a sentence that runs on for more than "
                        + "2000 characters before its quote in article 'a': a change further away is not compared with the last build"])
        let report = ClaimPins.pin(result, siteDirectory: site.directory)
        XCTAssertEqual(report.pinned, [])
        XCTAssertEqual(report.runOn, ["a#port"])
        XCTAssertEqual(try String(contentsOfFile: site.directory + "/content/annotations/a.md", encoding: .utf8), Self.notes)
    }

    /// A pin of a sentence longer than an earlier gen's 400 characters holds all of it.
    func testAPinHoldsAWholeLongSentence() throws {
        let (site, _) = try claimSite(["content/articles/a.md": article(Self.longSentence), "content/annotations/a.md": Self.notes])
        var options = BuildOptions(siteDirectory: site.directory, jobs: 2)
        options.sentenceWindow = AnchorNotes.pinnedSentenceWindow
        let report = ClaimPins.pin(SiteBuilder(options: options).build(into: .discard), siteDirectory: site.directory)
        XCTAssertEqual(report.pinned, ["port"])
        let pinned = try String(contentsOfFile: site.directory + "/content/annotations/a.md", encoding: .utf8)
        XCTAssertTrue(pinned.contains("prefix=\"In a statement released late on Friday evening"), pinned)
        XCTAssertTrue(pinned.contains("suffix=\".\" pinned=sentence}"), pinned)
        // Pinned, the far words are held in every clone, with no last build to compare with.
        try site.write("content/articles/a.md", article(Self.longSentence.replacingOccurrences(of: "late on Friday", with: "early on Friday")))
        let found = SiteBuilder(options: BuildOptions(siteDirectory: site.directory, jobs: 2)).build(into: .discard)
            .diagnostics.sorted.map(\.rendered)
        XCTAssertEqual(found.count, 1, found.joined(separator: "\n"))
        XCTAssertTrue(found[0].contains("error:"), found[0])
        XCTAssertTrue(found[0].contains("'late' → 'early'"), found[0])
    }
}

/// Characters that show nothing (Unicode's default-ignorable ones) are no difference a writer
/// could see: in a quote, in the article, or in a note's own prefix.
final class InvisibleCharacterTests: XCTestCase {
    func testDefaultIgnorableCharactersAreFoldedAway() {
        for invisible in ["\u{AD}", "\u{34F}", "\u{200B}", "\u{200C}", "\u{200D}", "\u{200E}", "\u{200F}", "\u{202A}",
                          "\u{2060}", "\u{2062}", "\u{FE0F}", "\u{FEFF}", "\u{E0001}"] {
            XCTAssertEqual(FoldedText.fold("har\(invisible)bour"), FoldedText.fold("harbour"), invisible.unicodeScalars.first!.escaped(asASCII: true))
        }
        // Visible marks and spaces are not.
        XCTAssertNotEqual(FoldedText.fold("har\u{301}bour"), FoldedText.fold("harbour"))
        XCTAssertNotEqual(FoldedText.fold("har-bour"), FoldedText.fold("harbour"))
    }

    func testAQuoteFindsWordsWithJoinersAndDirectionMarks() throws {
        let (site, _) = try claimSite([
            "content/articles/a.md": "---\ntitle: A\ndate: 2025-01-02\n---\nThe har\u{200C}bour plan will cost \u{200E}£14m.\n",
            "content/annotations/a.md": "> The harbour plan will cost £14m\n\n{#cost .fact-check verdict=false}\n\nIt will cost more.\n",
        ])
        let result = SiteBuilder(options: BuildOptions(siteDirectory: site.directory, jobs: 2)).build(into: .discard)
        XCTAssertEqual(result.diagnostics.sorted.map(\.rendered), [])
        XCTAssertEqual(result.orphans.count, 0)
    }

    /// An invisible character put into a note's own prefix words in the article is no change of
    /// its sentence (it read "'O' added": the prefix was counted in characters, invisible ones too).
    func testInvisibleCharactersInANotesOwnPrefixAreNoChange() throws {
        let body = "---\ntitle: A\ndate: 2025-01-02\n---\nOfficials said the scheme would create 200 jobs. Critics doubted it.\n"
        let (site, output) = try claimSite([
            "content/articles/a.md": body,
            "content/annotations/a.md": "> the scheme would create 200 jobs\n\n{#jobs .fact-check verdict=misleading prefix=\"Officials said \"}\n\nNot quite.\n",
        ])
        XCTAssertEqual(MovedNoteTests.build(site, into: output), [])
        for edit in ["Officials sa\u{AD}id the", "Offi\u{AD}cials sa\u{200B}id the", "O\u{2060}fficials said  the"] {
            try site.write("content/articles/a.md", body.replacingOccurrences(of: "Officials said the", with: edit))
            XCTAssertEqual(MovedNoteTests.build(site, into: output), [], edit.debugDescription)
        }
        // A word changed before the prefix still is a change.
        try site.write("content/articles/a.md", body.replacingOccurrences(of: "Officials said the", with: "Few believe Officials sa\u{AD}id the"))
        let found = MovedNoteTests.build(site, into: output)
        XCTAssertEqual(found.count, 1, found.joined(separator: "\n"))
        XCTAssertTrue(found[0].contains("changed: 'Few believe' added"), found[0])
    }
}

/// An article gone since the last build takes its fact checks' verdicts off the site: said once.
/// One renamed while its claims were rewritten is compared with what its fact checks rated.
final class GoneArticleTests: XCTestCase {
    static let article = "---\ntitle: Port\ndate: 2025-01-02\n---\nThe port authority said it paid £3m for the quay in 2021.\n"
    static let notes = "> it paid £3m for the quay\n\n{#quay .fact-check verdict=true}\n\nThe accounts show it.\n"

    func builtOnce() throws -> (TemporarySite, String) {
        let (site, output) = try claimSite(["content/articles/solo.md": Self.article, "content/annotations/solo.md": Self.notes,
                                            "content/articles/other.md": "---\ntitle: Other\ndate: 2025-01-03\n---\nThe ferry runs daily.\n"])
        XCTAssertEqual(MovedNoteTests.build(site, into: output), [])
        return (site, output)
    }

    func testAnArticleGoneWithItsFactChecksIsSaidOnce() throws {
        let (site, output) = try builtOnce()
        try FileManager.default.removeItem(atPath: site.directory + "/content/articles/solo.md")
        try FileManager.default.removeItem(atPath: site.directory + "/content/annotations/solo.md")
        XCTAssertEqual(MovedNoteTests.build(site, into: output), ["""
            warning: article '/articles/solo/' is gone since the last build, with its fact check 'quay': its verdict and ClaimReview are no longer published
            note: 'quay' was given for “it paid £3m for the quay”
            note: if the article was renamed, add its old address to its front matter (aliases: [/articles/solo/]) so that its fact checks are compared with what they rated; if it was removed or made a draft, nothing more is needed
            """])
        XCTAssertEqual(MovedNoteTests.build(site, into: output), [])
    }

    /// Renamed without an alias, with one of its fact checks removed in the same edit: the
    /// removed one is said, as at its own address.
    func testAFactCheckRemovedFromARenamedArticleIsSaid() throws {
        let (site, output) = try claimSite(["content/articles/solo.md": Self.article.replacingOccurrences(
                                                of: "in 2021.", with: "in 2021. The quay reopened in May."),
                                            "content/annotations/solo.md": Self.notes + "\n> The quay reopened in May\n\n{#may .fact-check verdict=true}\n\nIt did.\n"])
        XCTAssertEqual(MovedNoteTests.build(site, into: output), [])
        try FileManager.default.moveItem(atPath: site.directory + "/content/articles/solo.md", toPath: site.directory + "/content/articles/solo-port.md")
        try FileManager.default.removeItem(atPath: site.directory + "/content/annotations/solo.md")
        try site.write("content/annotations/solo-port.md", Self.notes)
        let found = MovedNoteTests.build(site, into: output)
        XCTAssertEqual(found.count, 2, found.joined(separator: "\n"))
        XCTAssertTrue(found.contains { $0.hasPrefix("content/articles/solo-port.md:1:1: warning: fact check 'may' of article 'solo-port' is gone since the last build") },
                      found.joined(separator: "\n"))
        XCTAssertTrue(found.contains { $0.contains("warning: article 'solo-port' is new since the last build, and '/articles/solo/'") },
                      found.joined(separator: "\n"))
    }

    func testAnArticleMadeADraftIsSaidOnce() throws {
        let (site, output) = try builtOnce()
        try site.write("content/articles/solo.md", Self.article.replacingOccurrences(of: "title: Port", with: "title: Port\ndraft: true"))
        let found = MovedNoteTests.build(site, into: output)
        XCTAssertEqual(found.count, 1, found.joined(separator: "\n"))
        XCTAssertTrue(found[0].hasPrefix("warning: article '/articles/solo/' is gone since the last build"), found[0])
        XCTAssertEqual(MovedNoteTests.build(site, into: output), [])
    }

    /// Renamed, with the claim, its sentence and the quote rewritten in the same edit: nothing
    /// ties the new article to the old but its fact checks' ids, and that is enough when no
    /// other article is new or gone with them.
    func testAnArticleRenamedWithItsClaimRewrittenIsComparedByItsFactChecksIds() throws {
        let (site, output) = try builtOnce()
        try FileManager.default.removeItem(atPath: site.directory + "/content/articles/solo.md")
        try FileManager.default.removeItem(atPath: site.directory + "/content/annotations/solo.md")
        try site.write("content/articles/solo-port.md", Self.article.replacingOccurrences(of: "said it paid £3m for the quay in 2021",
                                                                                          with: "now says it paid £30m for the quay in 2022"))
        try site.write("content/annotations/solo-port.md", Self.notes.replacingOccurrences(of: "£3m", with: "£30m"))
        let found = MovedNoteTests.build(site, into: output)
        XCTAssertEqual(found.count, 2, found.joined(separator: "\n"))
        XCTAssertTrue(found[0].hasPrefix("content/annotations/solo-port.md:1:1: error: the claim of fact check 'quay' changed since the last build"),
                      found[0])
        XCTAssertTrue(found[0].contains("'£3m' → '£30m'"), found[0])
        XCTAssertTrue(found[1].hasPrefix("content/articles/solo-port.md:1:1: warning: article 'solo-port' is new since the last build, and "
                                         + "'/articles/solo/', with fact checks of the same ids, is gone"), found[1])
        // Two new articles with those ids and other words: neither is taken for the renamed one.
        try site.write("content/articles/solo-quay.md", "---\ntitle: Quay\ndate: 2025-01-04\n---\nThe quay was sold in 2019.\n")
        try site.write("content/annotations/solo-quay.md", "> The quay was sold\n\n{#quay .fact-check verdict=false}\n\nIt was leased.\n")
        let two = MovedNoteTests.build(site, into: output)
        XCTAssertEqual(two.count, 1, two.joined(separator: "\n"))
        XCTAssertTrue(two[0].hasPrefix("warning: article '/articles/solo/' is gone since the last build"), two[0])
    }
}

/// A fact check whose quote is its whole sentence rates that sentence: a sentence added before
/// it (all its 32 characters of context changed, and none after it at its paragraph's end) is
/// no move, and was said as one ("now marks the same words elsewhere"), suggesting a pin that
/// changed nothing for a note pinned already.
final class WholeSentenceQuoteTests: XCTestCase {
    func testASentenceAddedBeforeAWholeSentenceQuoteIsNoMove() throws {
        let body = "---\ntitle: School\ndate: 2025-01-02\n---\nRiverside Primary School will close in July, the council confirmed on Thursday.\n"
            + "The school has 84 pupils, down from 210 a decade ago.\n\nCouncillor Vance said no teacher would lose their job.\n"
        for pin in ["", " pinned=sentence"] {
            let (site, output) = try claimSite([
                "content/articles/a.md": body,
                "content/annotations/a.md": "> The school has 84 pupils, down from 210 a decade ago.\n\n{#pupils .fact-check verdict=mostly-true\(pin)}\n\nRoughly.\n",
            ])
                XCTAssertEqual(MovedNoteTests.build(site, into: output), [])
            try site.write("content/articles/a.md", body.replacingOccurrences(
                of: "on Thursday.", with: "on Thursday. The building, designed by a local architect and extended twice since then, opened in 1902."))
            XCTAssertEqual(MovedNoteTests.build(site, into: output), [], pin)
            // Its own words changed still are a change.
            try site.write("content/articles/a.md", body.replacingOccurrences(of: "84 pupils", with: "48 pupils"))
            let found = MovedNoteTests.build(site, into: output)
            XCTAssertEqual(found.count, 1, found.joined(separator: "\n"))
            XCTAssertTrue(found[0].contains("error:"), found[0])
        }
    }
}

/// A slip in a fact check's quote (the article unchanged) is no claim the article changed: the
/// article has the very words the last build rated, and `--fix-anchors` puts them back without
/// holding the verdict for review ("frist" for "first" read as a changed ordinal).
final class QuoteSlipTests: XCTestCase {
    func testASlipInTheQuoteIsPutBackWithoutAReview() throws {
        let (site, output) = try claimSite([
            "content/articles/a.md": "---\ntitle: Bridge\ndate: 2025-01-02\n---\nThe repairs will cost £4.2m, though the first estimate was £2.1m.\n",
            "content/annotations/a.md": "> the first estimate was £2.1m\n\n{#first-estimate .fact-check verdict=true}\n\nThe 2023 report says so.\n",
        ])
        XCTAssertEqual(MovedNoteTests.build(site, into: output), [])
        try site.write("content/annotations/a.md", "> the frist estimate was £2.1m\n\n{#first-estimate .fact-check verdict=true}\n\nThe 2023 report says so.\n")
        var options = BuildOptions(siteDirectory: site.directory, jobs: 2)
        options.previousOutput = output
        let result = SiteBuilder(options: options).build(into: .discard)
        let found = result.diagnostics.sorted.map(\.rendered)
        XCTAssertEqual(found.count, 1, found.joined(separator: "\n"))
        XCTAssertTrue(found[0].contains("its quote was edited since; 'gen check --fix-anchors' puts them back"), found[0])
        XCTAssertFalse(found[0].contains("read the verdict again"), found[0])
        XCTAssertNil(result.diagnostics.items.first?.verdictAtRisk)
        let report = AnchorRepair.fix(result.orphans, siteDirectory: site.directory)
        XCTAssertEqual(report.changes.map(\.new), ["> the first estimate was £2.1m"])
        XCTAssertEqual(try site.read("content/annotations/a.md"),
                       "> the first estimate was £2.1m\n\n{#first-estimate .fact-check verdict=true}\n\nThe 2023 report says so.\n")
    }
}

/// The words of a citation in a fact check's sentence are read with its claim ("officials
/// confirmed [contradicted by 1]"): changed, they are a change of the sentence; a citation added
/// or removed without words, or another source cited, is not.
final class CitationWordsTests: XCTestCase {
    static let sources = "- id: minutes\n  type: report\n  title: Council minutes\n- id: report\n  type: report\n  title: Audit report\n"

    func build(_ sentence: String, into site: TemporarySite, output: String) throws -> [String] {
        try site.write("content/articles/a.md", "---\ntitle: Bridge\ndate: 2025-01-02\n---\n" + sentence + " Work starts in May.\n")
        return MovedNoteTests.build(site, into: output)
    }

    func testTheWordsOfACitationInTheSentenceAreCompared() throws {
        let (site, output) = try claimSite([
            "content/sources.yaml": Self.sources,
            "content/annotations/a.md": "> did not approve the new bridge\n\n{#bridge .fact-check verdict=true}\n\nThe minutes say so.\n",
        ])
        let original = "The council did not approve the new bridge in 2023, officials confirmed [@minutes, p. 4]."
        XCTAssertEqual(try build(original, into: site, output: output), [])
        let found = try build(original.replacingOccurrences(of: "[@minutes, p. 4]", with: "[contradicted by @minutes]"),
                              into: site, output: output)
        XCTAssertEqual(found.count, 1, found.joined(separator: "\n"))
        XCTAssertTrue(found[0].hasPrefix("content/annotations/a.md:1:1: error: the citations in the sentence of fact check 'bridge' "
                                         + "changed since the last build, in article 'a': "), found[0])
        XCTAssertTrue(found[0].contains("note: in the last build: [@minutes, p. 4]\n"), found[0])
        // The same words, another source or one more without words: no change of what it says.
        XCTAssertEqual(try build(original.replacingOccurrences(of: "[@minutes, p. 4]", with: "[@report, p. 4]"), into: site, output: output), [])
        XCTAssertEqual(try build(original.replacingOccurrences(of: "[@minutes, p. 4]", with: "[@report, p. 4; @minutes]"),
                                 into: site, output: output), [])
        // A citation in the next sentence is not this one's.
        XCTAssertEqual(try build(original.replacingOccurrences(of: "[@minutes, p. 4]", with: "[@report, p. 4; @minutes]")
            + " Critics disagree [contradicted by @minutes].", into: site, output: output), [])
    }
}
