@testable import GenKit
import Foundation
import Markdown
import TestSupport
import XCTest

final class AnchorRepairTests: XCTestCase {
    let loader = AnnotationLoader(fileSystem: LocalFileSystem(), siteDirectory: "/", verdicts: SiteConfig().verdicts)

    func orphans(_ annotation: String, article body: String) -> [OrphanedNote] {
        var diagnostics = DiagnosticList()
        let file = loader.parse(annotation, path: "content/annotations/a.md", diagnostics: &diagnostics)
        var notes = file.notes
        CollectNotes.assignIDs(&notes, diagnostics: &diagnostics)
        let article = Article(slug: "a", path: "content/articles/a.md", title: "A", body: body, bodyLine: 1)
        return AnchorNotes(article: article, runs: MarkdownDocument(body).textRuns(), orphanSeverity: .error).run(notes).orphans
    }

    func testRoundTripAfterTheArticleChanged() throws {
        let annotation = "---\nauthor: Desk\n---\n\r\n> the council aproved the\r\n> budget on Tuesday\r\n\r\n{#budget}\r\n\r\nA note *body*.\r\n"
        let body = "The council approved the budget on Tuesday night."
        // The loader reads the file with CRLF made LF (SourceText); the repair works on the raw bytes.
        let orphan = try XCTUnwrap(orphans(annotation.replacingOccurrences(of: "\r\n", with: "\n"), article: body).first)
        XCTAssertTrue(orphan.repairable)
        let passage = try XCTUnwrap(orphan.closest)
        let (bytes, change) = try XCTUnwrap(AnchorRepair.rewrite(Array(annotation.utf8), path: "content/annotations/a.md",
                                                                  lines: orphan.note.quoteLines, passage: passage))
        let fixed = String(decoding: bytes, as: UTF8.self)
        XCTAssertEqual(fixed, "---\nauthor: Desk\n---\n\r\n> The council approved the budget on Tuesday\r\n\r\n{#budget}\r\n\r\nA note *body*.\r\n")
        XCTAssertEqual(change.diff, """
        --- content/annotations/a.md
        +++ content/annotations/a.md
        @@ -5,2 +5,1 @@
        -> the council aproved the
        -> budget on Tuesday
        +> The council approved the budget on Tuesday

        """)
        XCTAssertEqual(orphans(fixed.replacingOccurrences(of: "\r\n", with: "\n"), article: body).count, 0)
    }

    /// A note known by an id made from its quote's first words keeps that id when its quote is
    /// repaired with other first words: written into its attributes, or as attributes of their
    /// own; a note whose first words stay, or with an id of its own, is left as it was.
    func testARepairedNoteKeepsTheIdItWasKnownBy() throws {
        let body = "The city council approved the harbour budget on Tuesday. Residents said the ferry plan will cost less. "
            + "The mayor spoke first on Monday."
        let annotation = "> The town council approved the harbour budget\r\n\r\n{.fact-check verdict=true}\r\n\r\nThe minutes say so.\r\n\r\n"
            + "> Residents said the ferry plan would cost less\r\n\r\nA note.\r\n\r\n"
            + "> A mayor spoke first on Monday\r\n\r\n{#mayor}\r\n\r\nAnother.\r\n"
        let site = try TemporarySite(["content/annotations/a.md": annotation])
        let found = orphans(annotation.replacingOccurrences(of: "\r\n", with: "\n"), article: body)
        XCTAssertEqual(found.map(\.note.id), ["the-town-council-approved-the", "residents-said-the-ferry-plan", "mayor"])
        let fixed = AnchorRepair.fix(found, siteDirectory: site.directory, acceptClaimChanges: .all)
        XCTAssertEqual(fixed.changes.map(\.diff), [
            "--- content/annotations/a.md\n+++ content/annotations/a.md\n@@ -1,3 +1,3 @@\n"
                + "-> The town council approved the harbour budget\n+> The city council approved the harbour budget\n \n"
                + "-{.fact-check verdict=true}\n+{#the-town-council-approved-the .fact-check verdict=true review=\"its claim changed: 'town' → 'city'\"}\n",
            "--- content/annotations/a.md\n+++ content/annotations/a.md\n@@ -7,1 +7,1 @@\n"
                + "-> Residents said the ferry plan would cost less\n+> Residents said the ferry plan will cost less\n",
            "--- content/annotations/a.md\n+++ content/annotations/a.md\n@@ -11,1 +11,1 @@\n"
                + "-> A mayor spoke first on Monday\n+> The mayor spoke first on Monday\n",
        ])
        let written = try site.read("content/annotations/a.md")
        XCTAssertEqual(written, "> The city council approved the harbour budget\r\n\r\n"
            + "{#the-town-council-approved-the .fact-check verdict=true review=\"its claim changed: 'town' → 'city'\"}\r\n\r\n"
            + "The minutes say so.\r\n\r\n> Residents said the ferry plan will cost less\r\n\r\nA note.\r\n\r\n"
            + "> The mayor spoke first on Monday\r\n\r\n{#mayor}\r\n\r\nAnother.\r\n")
        let again = orphans(written.replacingOccurrences(of: "\r\n", with: "\n"), article: body)
        XCTAssertEqual(again.map(\.note.id), [])
        // Without attributes: a line of its own after the quote.
        let (bytes, change) = try XCTUnwrap(AnchorRepair.rewrite(Array("> one two three\n\nA note.\n".utf8), path: "a.md", lines: 1...1,
                                                                  passage: "four two three", keepingID: "one-two-three", attributes: nil))
        XCTAssertEqual(String(decoding: bytes, as: UTF8.self), "> four two three\n\n{#one-two-three}\n\nA note.\n")
        XCTAssertEqual(change.following, ["", "{#one-two-three}"])
        // Held for review already: the new reason is added to the old.
        let held = try XCTUnwrap(AnchorRepair.rewrite(Array("> one two\n\n{.fact-check verdict=true review=\"a \\\"b\\\"\"}\n".utf8), path: "a.md",
                                                       lines: 1...1, passage: "one three", review: "'two' → 'three'", attributes: 3))
        XCTAssertEqual(String(decoding: held.bytes, as: UTF8.self),
                       "> one three\n\n{.fact-check verdict=true review=\"a \\\"b\\\"; 'two' → 'three'\"}\n")
        // A reason written over two lines: added to, not written again.
        let twoLines = try XCTUnwrap(AnchorRepair.rewrite(Array("> one two\n\n{.fact-check verdict=true review=\"first\nsecond\"}\n\nBody.\n".utf8),
                                                           path: "a.md", lines: 1...1, passage: "one three", review: "'two' → 'three'",
                                                           attributes: 3))
        XCTAssertEqual(String(decoding: twoLines.bytes, as: UTF8.self),
                       "> one three\n\n{.fact-check verdict=true review=\"first\nsecond; 'two' → 'three'\"}\n\nBody.\n")
    }

    func testEscapesMarkdownSoThePlainTextIsExact() {
        XCTAssertEqual(MarkdownDocument.escapingSyntax("a *b* [c] `d`"), "a \\*b\\* \\[c\\] \\`d\\`")
        XCTAssertEqual(MarkdownDocument.escapingSyntax("AT&T! 3 @ 4"), "AT&T! 3 @ 4")
        let text = "a *b* [c] `d` <e> &amp; &#39; ![f] [@g] ~h~ #i |j| _k_ \\ AT&T!"
        let document = MarkdownDocument("> " + MarkdownDocument.escapingSyntax(text))
        XCTAssertEqual(document.document.firstChild?.plainText, text)
        // What would open a list or a break at the start of the quote's line: "1997. That was"
        // is not item 1997 of a list.
        for text in ["1997. That was the year", "12) twelve", "3.", "- a dash", "+ plus", "=== rule", "--- rule", "2024 was 1.5C warmer"] {
            let quoted = MarkdownDocument("> " + MarkdownDocument.escapingSyntax(text))
            XCTAssertEqual(quoted.document.firstChild?.plainText, text, text)
        }
        XCTAssertEqual(MarkdownDocument.escapingSyntax("1997. That"), "1997\\. That")
        XCTAssertEqual(MarkdownDocument.escapingSyntax("2024 was 1.5C"), "2024 was 1.5C")
    }

    func testClaimChangesAreNumbersNegationsAndNames() {
        XCTAssertEqual(AnchorRepair.claimChanges(old: "prices rose by 18 per cent", new: "prices rose by 11 per cent"), ["'18' → '11'"])
        XCTAssertEqual(AnchorRepair.claimChanges(old: "the plan was approved", new: "the plan was not approved"), ["'not' added"])
        XCTAssertEqual(AnchorRepair.claimChanges(old: "the party didn't pay", new: "the party did pay"), ["'n't' removed"])
        XCTAssertEqual(AnchorRepair.claimChanges(old: "said Farage on Monday", new: "said Patel on Monday"), ["'Farage' → 'Patel'"])
        XCTAssertEqual(AnchorRepair.claimChanges(old: "the council aproved the budget", new: "the council approved the budget"), [])
        XCTAssertEqual(AnchorRepair.claimChanges(old: "about 1,800 people", new: "about 1,800 people, "), [])
        XCTAssertEqual(AnchorRepair.claimChanges(old: "the council aproved it", new: "The Council approved it"), [])
        XCTAssertEqual(AnchorRepair.claimChanges(old: "the council aproved it", new: "City Council approved it"), ["'the' → 'City'"])
    }

    /// Any word a fact check's quote changes is a change of the claim, but a mended spelling.
    func testEveryChangedWordButAMendedSpellingChangesTheClaim() {
        XCTAssertEqual(AnchorRepair.claimChanges(old: "the first increase in four years", new: "the first increase in five years"),
                       ["'four' → 'five'"])
        XCTAssertEqual(AnchorRepair.claimChanges(old: "Unemployment in Eastbay fell to 4.1%", new: "Unemployment in Eastbay rose to 4.1%"),
                       ["'fell' → 'rose'"])
        XCTAssertEqual(AnchorRepair.claimChanges(old: "Nobody has seen a costed business plan", new: "Nobody has seen a costed alternative plan"),
                       ["'business' → 'alternative'"])
        XCTAssertEqual(AnchorRepair.claimChanges(old: "a grant of £14m", new: "a grant of £15m"), ["'£14m' → '£15m'"])
        XCTAssertEqual(AnchorRepair.claimChanges(old: "a sharp increase", new: "a sharp decrease"), ["'increase' → 'decrease'"])
        XCTAssertEqual(AnchorRepair.claimChanges(old: "the plan", new: "the new plan"), ["'new' added"])
        XCTAssertEqual(AnchorRepair.claimChanges(old: "prices will rise", new: "prices rise"), ["'will' removed"])
        XCTAssertEqual(AnchorRepair.claimChanges(old: "it can pay", new: "it can't pay"), ["'n't' added"])
        // Spelling mended: one letter added or dropped, or two swapped.
        XCTAssertEqual(AnchorRepair.claimChanges(old: "the goverment will recieve it", new: "the government will receive it"), [])
        XCTAssertEqual(AnchorRepair.claimChanges(old: "the councill said", new: "the council said"), [])
        // A first letter or a plural "s" makes another word; a sign, another number.
        XCTAssertEqual(AnchorRepair.claimChanges(old: "The atypical result", new: "The typical result"), ["'atypical' → 'typical'"])
        XCTAssertEqual(AnchorRepair.claimChanges(old: "most were asymptomatic", new: "most were symptomatic"),
                       ["'asymptomatic' → 'symptomatic'"])
        XCTAssertEqual(AnchorRepair.claimChanges(old: "the report said", new: "the reports said"), ["'report' → 'reports'"])
        XCTAssertEqual(AnchorRepair.claimChanges(old: "it fell to -5C", new: "it fell to 5C"), ["'-5C' → '5C'"])
        // A number in words is a number: a letter more or less is another one.
        XCTAssertEqual(AnchorRepair.claimChanges(old: "sent eight staff", new: "sent eighty staff"), ["'eight' → 'eighty'"])
        XCTAssertEqual(AnchorRepair.claimChanges(old: "the seventh time", new: "the seventeenth time"), ["'seventh' → 'seventeenth'"])
        XCTAssertEqual(AnchorRepair.claimChanges(old: "several thousand", new: "several thousands"), ["'thousand' → 'thousands'"])
        XCTAssertEqual(AnchorRepair.claimChanges(old: "it fell to −5C", new: "it fell to -5C"), [])
        XCTAssertEqual(AnchorRepair.claimChanges(old: "a 5-10 point lead", new: "a 5-10 point lead"), [])
        XCTAssertEqual(AnchorRepair.claimWords("a 5-10 point lead"), ["a", "5", "10", "point", "lead"])
        // A letter changed makes another word too often to pass as a mended spelling.
        XCTAssertEqual(AnchorRepair.claimChanges(old: "revenue of £40 million", new: "revenue of £40 billion"), ["'million' → 'billion'"])
        XCTAssertEqual(AnchorRepair.claimChanges(old: "the plant hired 300", new: "the plant fired 300"), ["'hired' → 'fired'"])
        XCTAssertEqual(AnchorRepair.claimChanges(old: "40 women were", new: "40 woman were"), ["'women' → 'woman'"])
        // Not in short words, names or numbers.
        XCTAssertEqual(AnchorRepair.claimChanges(old: "prices rise", new: "prices rose"), ["'rise' → 'rose'"])
        XCTAssertEqual(AnchorRepair.claimChanges(old: "said Haddad", new: "said Hadad"), ["'Haddad' → 'Hadad'"])
        // Case, spacing and punctuation are not words.
        XCTAssertEqual(AnchorRepair.claimChanges(old: "“the plan,” she said", new: "The plan – she said."), [])
    }

    /// A fact check's repair that would change the claim it rates is held back; a context note's
    /// is made; with `acceptClaimChanges` both are, and the fact check is listed for review.
    func testAFactChecksChangedClaimIsNotRepairedSilently() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gen-repair-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder + "/content/annotations", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let annotation = "> Sales rose by 18 per cent in the first quarter\n\n{#sales .fact-check verdict=false}\n\nThey did not.\n\n> the shop opened on Monday morning\n\n{#opening}\n\nContext.\n"
        let body = "Sales rose by 11 per cent in the first quarter. The shop opened on Monday mornings."
        try annotation.write(toFile: folder + "/content/annotations/a.md", atomically: true, encoding: .utf8)
        let found = orphans(annotation, article: body)
        XCTAssertEqual(found.count, 2)
        let (changes, claims, problems) = AnchorRepair.fix(found, siteDirectory: folder)
        // No last build to say where the note was: the repair is said.
        XCTAssertEqual(problems.sorted.map(\.rendered), [
            "content/annotations/a.md:7:1: warning: note 'opening' was repaired without a last build to compare with: "
                + "“The shop opened on Monday mornings”\nnote: check that this is the passage the note is about (no public/ says where it was)",
        ])
        XCTAssertEqual(changes.map(\.new), ["> The shop opened on Monday mornings"])
        XCTAssertEqual(claims.map(\.note), ["sales"])
        XCTAssertEqual(claims.first?.changed, ["'18' → '11'"])
        let kept = try String(contentsOfFile: folder + "/content/annotations/a.md", encoding: .utf8)
        XCTAssertTrue(kept.contains("> Sales rose by 18 per cent in the first quarter\n"), kept)

        // Accepting another note by name accepts nothing of this one; naming it, or all, does.
        let onArticle = orphans(kept, article: body).map { orphan in
            var orphan = orphan
            orphan.article = "a"
            return orphan
        }
        let other = AnchorRepair.fix(onArticle, siteDirectory: folder, acceptClaimChanges: .notes(["a#opening", "b#sales"]))
        XCTAssertEqual(other.changes.map(\.new), [])
        XCTAssertEqual(other.claims.map(\.accepted), [false])
        for acceptance in [ClaimAcceptance.notes(["a#sales"]), .all] {
            try kept.write(toFile: folder + "/content/annotations/a.md", atomically: true, encoding: .utf8)
            let accepted = AnchorRepair.fix(onArticle, siteDirectory: folder, acceptClaimChanges: acceptance)
            XCTAssertEqual(accepted.changes.map(\.new), ["> Sales rose by 11 per cent in the first quarter"])
            XCTAssertEqual(accepted.claims.map(\.note), ["sales"])
            XCTAssertEqual(accepted.claims.map(\.accepted), [true])
            XCTAssertEqual(accepted.claims.map(\.article), ["a"])
        }
    }

    /// Note files are read as a build reads them: one linked out of the site gets the build's
    /// diagnostic, and neither the link nor the file it leads to is rewritten; a link inside the
    /// site stays a link, and the file it leads to is repaired.
    func testANoteFileLinkedOutOfTheSiteIsRefusedAsTheBuildRefusesIt() throws {
        let annotation = "> the council aproved the budget\n\n{#budget}\n\nA note.\n"
        let body = "The council approved the budget on Tuesday."
        let outside = try TemporarySite(["a.md": annotation])
        let site = try TemporarySite(["content/articles/a.md": "---\ntitle: A\n---\n" + body + "\n",
                                      "content/annotations/.keep": ""])
        let link = site.directory + "/content/annotations/a.md"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: outside.directory + "/a.md")
        let built = site.build().diagnostics.sorted.map(\.rendered)
        XCTAssertEqual(built, ["content/annotations/a.md:1:1: error: a symbolic link to '\(outside.directory)/a.md', outside the site folder\nnote: gen reads only what is inside the site folder: copy the file in instead of linking to it"])
        // The orphans of the file as it was before it became a link.
        let found = orphans(annotation, article: body)
        XCTAssertEqual(found.count, 1)
        let fixed = AnchorRepair.fix(found, siteDirectory: site.directory)
        XCTAssertEqual(fixed.changes, [])
        XCTAssertEqual(fixed.problems.sorted.map(\.rendered), built)
        XCTAssertEqual(try outside.read("a.md"), annotation)
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: link), outside.directory + "/a.md")

        try site.write("content/notes/a.md", annotation)
        try FileManager.default.removeItem(atPath: link)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "../notes/a.md")
        let inside = AnchorRepair.fix(found, siteDirectory: site.directory)
        XCTAssertEqual(inside.problems.sorted.map(\.rendered), [
            "content/annotations/a.md:1:1: warning: note 'budget' was repaired without a last build to compare with: "
                + "“The council approved the budget”\nnote: check that this is the passage the note is about (no public/ says where it was)",
        ])
        XCTAssertEqual(inside.changes.map(\.new), ["> The council approved the budget"])
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: link), "../notes/a.md")
        XCTAssertTrue(try site.read("content/notes/a.md").hasPrefix("> The council approved the budget\n"))
    }
}


/// Several passages as close as each other: the live output's selectors pick one.
final class PreviousPlaceTests: XCTestCase {
    /// A site folder with `annotation` as content/annotations/a.md and an empty
    /// public/articles/a/ (for the last build's annotations.jsonld), and the orphans of the
    /// annotation's notes in an article of `body`. The folder is removed after the test.
    func site(annotation: String, body: String) throws -> (folder: String, orphans: [OrphanedNote]) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gen-previous-\(UUID().uuidString)").path
        addTeardownBlock { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder + "/content/annotations", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: folder + "/public/articles/a", withIntermediateDirectories: true)
        try annotation.write(toFile: folder + "/content/annotations/a.md", atomically: true, encoding: .utf8)
        return (folder, orphans(in: folder, annotation: annotation, body: body))
    }

    /// The orphans of that site's article, each with its place in the last build that
    /// `public/articles/a/annotations.jsonld` holds (none without the file).
    func orphans(in folder: String, annotation: String, body: String) -> [OrphanedNote] {
        let loader = AnnotationLoader(fileSystem: LocalFileSystem(), siteDirectory: "/", verdicts: SiteConfig().verdicts)
        var diagnostics = DiagnosticList()
        var notes = loader.parse(annotation, path: "content/annotations/a.md", diagnostics: &diagnostics).notes
        CollectNotes.assignIDs(&notes, diagnostics: &diagnostics)
        let article = Article(slug: "a", path: "content/articles/a.md", title: "A", body: body, bodyLine: 1)
        var anchoring = AnchorNotes(article: article, runs: MarkdownDocument(body).textRuns(), orphanSeverity: .error)
        anchoring.previous = { AnchorRepair.previousAnchors(inCollectionAt: folder + "/public/articles/a/annotations.jsonld") }
        return anchoring.run(notes).orphans
    }

    func alternative(_ passage: String, _ prefix: String, _ suffix: String, at start: Int) -> OrphanedNote.Alternative {
        .init(passage: passage, prefix: prefix, suffix: suffix, textStart: start, repairable: true)
    }

    func testThePlaceWithTheSameSurroundingsIsChosen() {
        let first = alternative("the plan on Monday", "At first ", " and then", at: 9)
        let second = alternative("the plan on Sunday", "Later, the board said ", " to the press.", at: 60)
        let before = PreviousAnchor(prefix: "Later, the board said ", suffix: " to reporters.", start: 58)
        XCTAssertEqual(AnchorRepair.choose([first, second], near: before), second)
        // Nothing shared with either place: no choice.
        XCTAssertNil(AnchorRepair.choose([first, second], near: .init(prefix: "xyz", suffix: "", start: 9)))
        // As much shared with both: the nearer to the old position.
        let a = alternative("one", "said the board ", "", at: 10), b = alternative("two", "said the board ", "", at: 100)
        XCTAssertEqual(AnchorRepair.choose([a, b], near: .init(prefix: "said the board ", suffix: "", start: 90)), b)
        XCTAssertNil(AnchorRepair.choose([a, b], near: .init(prefix: "said the board ", suffix: "", start: nil)))
    }

    /// End to end: a quote equally close to two sentences is repaired to the one where its note
    /// was, as the output folder's annotations.jsonld says; without it, it is left alone.
    func testFixAnchorsPrefersWhereTheNoteWas() throws {
        let annotation = "> the board approved the plan on Friday\n\n{#plan}\n\nA note.\n"
        let body = "In March the board approved the plan on Monday. In May the board approved the plan on Sunday."
        let (folder, orphans) = try site(annotation: annotation, body: body)
        XCTAssertEqual(orphans.count, 1)
        XCTAssertFalse(orphans[0].repairable)
        XCTAssertEqual(orphans[0].alternatives.map(\.passage), ["the board approved the plan on Monday", "the board approved the plan on Sunday"])
        XCTAssertNil(orphans[0].lastPlace)
        XCTAssertEqual(AnchorRepair.fix(orphans, siteDirectory: folder).changes, [])

        let jsonld = #"{"type":"AnnotationCollection","first":{"type":"AnnotationPage","items":[{"id":"https://example.org/articles/a/#note-plan","target":{"source":"https://example.org/articles/a/","selector":[{"type":"TextQuoteSelector","exact":"the board approved the plan on Friday","prefix":"approved the plan on Monday. In May ","suffix":"."},{"type":"TextPositionSelector","start":53,"end":90}]}}]}}"#
        try jsonld.write(toFile: folder + "/public/articles/a/annotations.jsonld", atomically: true, encoding: .utf8)
        let withLastBuild = self.orphans(in: folder, annotation: annotation, body: body)
        XCTAssertEqual(withLastBuild.map(\.lastPlace), [.init(prefix: "approved the plan on Monday. In May ", suffix: ".", start: 53,
                                                             exact: "the board approved the plan on Friday")])
        let fixed = AnchorRepair.fix(withLastBuild, siteDirectory: folder)
        XCTAssertEqual(fixed.changes.map(\.new), ["> the board approved the plan on Sunday"])
    }

    /// The closest passage is another sentence, far from where the note was and with other words
    /// around it (the quoted sentence was deleted; another speaker says something similar):
    /// the repair is held back, for a context note as for a fact check. Where the note was, an
    /// edited passage keeps its surroundings, and is repaired.
    func testFixAnchorsDoesNotMoveANoteToAnotherSentence() throws {
        let annotation = "> Nobody has seen a costed business plan\n\n{#plan}\n\nContext.\n\n> the harbour will reopen in Mai\n\n{#reopen}\n\nContext.\n"
        let body = "The mayor spoke first, and the harbour will reopen in May, she said. Much later in the meeting, as the vote neared, "
            + "Okafor replied: Nobody has seen a costed alternative plan either."
        let (folder, orphans) = try site(annotation: annotation, body: body)
        XCTAssertEqual(orphans.map(\.repairable), [true, true])
        let jsonld = #"{"type":"AnnotationCollection","first":{"type":"AnnotationPage","items":["#
            + #"{"id":"https://example.org/articles/a/#note-plan","target":{"selector":[{"type":"TextQuoteSelector","exact":"Nobody has seen a costed business plan","prefix":"Tom Haddad disagreed. “","suffix":",” he said. The mayor spoke"},{"type":"TextPositionSelector","start":22,"end":60}]}},"#
            + #"{"id":"https://example.org/articles/a/#note-reopen","target":{"selector":[{"type":"TextQuoteSelector","exact":"the harbour will reopen in Mai","prefix":"The mayor spoke first, and ","suffix":", she said. Much later"},{"type":"TextPositionSelector","start":80,"end":110}]}}]}}"#
        try jsonld.write(toFile: folder + "/public/articles/a/annotations.jsonld", atomically: true, encoding: .utf8)
        let fixed = AnchorRepair.fix(self.orphans(in: folder, annotation: annotation, body: body), siteDirectory: folder)
        XCTAssertEqual(fixed.changes.map(\.new), ["> the harbour will reopen in May"])
        XCTAssertEqual(fixed.claims.map(\.note), ["plan"])
        XCTAssertEqual(fixed.claims.first?.movedFrom?.prefix, "Tom Haddad disagreed. “")
        XCTAssertTrue(try String(contentsOfFile: folder + "/content/annotations/a.md", encoding: .utf8)
            .hasPrefix("> Nobody has seen a costed business plan\n"))
    }
}

/// A quote matches its words wherever they are: when the sentence it quoted is edited away and
/// the same words stand elsewhere, the build and `gen check` warn, showing both places.
final class MovedNoteTests: XCTestCase {
    /// The site built into `output` (compared with the last build there), its diagnostics.
    static func build(_ site: TemporarySite, into output: String, accepting: ClaimAcceptance = .none) -> [String] {
        var options = BuildOptions(siteDirectory: site.directory, jobs: 2)
        options.readRenderCache = false
        options.acceptClaimChanges = accepting
        return SiteBuilder(options: options).build(into: .folder(OutputWriter(outputDirectory: output, jobs: 2)))
            .diagnostics.sorted.map(\.rendered)
    }

    /// A site of one article (`body`, at line 5 of its file) and its annotation file `notes`,
    /// built into public/, then with `edit` made to the article: the site, and the options of
    /// a check that compares with that build.
    func editedSinceItsLastBuild(_ body: String, notes: String, edit: (String, String)) throws -> (TemporarySite, BuildOptions) {
        let article = "---\ntitle: A\ndate: 2025-01-02\n---\n" + body
        let (site, _) = try builtOnce(article, notes: notes)
        try site.write("content/articles/a.md", article.replacingOccurrences(of: edit.0, with: edit.1))
        var options = BuildOptions(siteDirectory: site.directory, jobs: 2)
        options.previousOutput = site.directory + "/public"
        return (site, options)
    }

    /// A site of one article, `a` (`article`: its whole file), and its annotation file `notes`,
    /// built into public/ without a word: the site, and that folder.
    func builtOnce(_ article: String, notes: String) throws -> (TemporarySite, String) {
        let site = try TemporarySite([
            "gen.toml": "title = \"T\"\nbase_url = \"https://example.org/\"\n",
            "content/articles/a.md": article,
            "content/annotations/a.md": notes,
        ])
        XCTAssertEqual(Self.build(site, into: site.directory + "/public"), [])
        return (site, site.directory + "/public")
    }

    /// `--fix-anchors` on `orphans` (of a build compared with the last one, which gave each its
    /// last place) as `gen check` runs it: the quotes written.
    func fixed(_ orphans: [OrphanedNote], in site: TemporarySite) -> [String] {
        AnchorRepair.fix(orphans, siteDirectory: site.directory).changes.map(\.new)
    }

    /// A note without an id of its own is known by the place it had in the last build when its
    /// id changes: removing a note before it with the same first words ("-2" dropped), or a
    /// find and replace in the article and its quote.
    func testANoteWhoseMadeIdChangedIsComparedWithItsOwnLastPlace() throws {
        let article = "---\ntitle: Harbour\ndate: 2025-01-02\n---\nOfficials said the harbour plan will cost £14m this year. "
            + "Residents feared the harbour plan will cost £20m by the end. In all, 14 boats were lost in the storm.\n"
        let site = try TemporarySite([
            "gen.toml": "title = \"T\"\nbase_url = \"https://example.org/\"\n",
            "content/articles/harbour.md": article,
            "content/annotations/harbour.md": "> the harbour plan will cost £14m\n\n{.fact-check verdict=true}\n\nThe budget says so.\n\n"
                + "> the harbour plan will cost £20m\n\n{.fact-check verdict=false}\n\nNo budget says so.\n\n"
                + "> 14 boats were lost in the storm\n\n{.fact-check verdict=true}\n\nThe coastguard counted them.\n",
        ])
        let output = site.directory + "/public"
        func build(accepting: ClaimAcceptance = .none) -> [String] { Self.build(site, into: output, accepting: accepting) }
        XCTAssertEqual(build(), [])
        // The first note removed: the second takes its id, and is still on its own words.
        try site.write("content/annotations/harbour.md", "> the harbour plan will cost £20m\n\n{.fact-check verdict=false}\n\nNo budget says so.\n\n"
            + "> 14 boats were lost in the storm\n\n{.fact-check verdict=true}\n\nThe coastguard counted them.\n")
        XCTAssertEqual(build(), [
            "content/annotations/harbour.md:1:1: warning: note 'the-harbour-plan-will-cost' was 'the-harbour-plan-will-cost-2' in the last "
                + "build of article 'harbour': links to #note-the-harbour-plan-will-cost-2 no longer lead to it\n"
                + "note: a note's id is made from its quote's first words, and told apart from its neighbours' by a number: it changes "
                + "when they change\n"
                + "note: to keep one, give the note its own: {#the-harbour-plan-will-cost-2}",
        ])
        // The number changed in the article and the quote at once: the claim changed.
        try site.write("content/articles/harbour.md", article.replacingOccurrences(of: "14 boats", with: "40 boats"))
        try site.write("content/annotations/harbour.md", "> the harbour plan will cost £20m\n\n{.fact-check verdict=false}\n\nNo budget says so.\n\n"
            + "> 40 boats were lost in the storm\n\n{.fact-check verdict=true}\n\nThe coastguard counted them.\n")
        let found = build()
        XCTAssertEqual(found.count, 2, found.joined(separator: "\n"))
        XCTAssertTrue(found.contains { $0.hasPrefix("content/annotations/harbour.md:7:1: error: the claim of fact check '40-boats-were-lost-in' "
                                                    + "changed since the last build, in article 'harbour' and in its quote: '14' → '40'") },
                      found.joined(separator: "\n"))
        XCTAssertTrue(found.contains { $0.hasPrefix("content/annotations/harbour.md:7:1: warning: note '40-boats-were-lost-in' was "
                                                    + "'14-boats-were-lost-in' in the last build") }, found.joined(separator: "\n"))
        // The failed build left the last one in place: the same again, until a build accepts it.
        XCTAssertEqual(build(), found)
        XCTAssertEqual(build(accepting: .all).count, 2)
        XCTAssertEqual(build(), [])
    }

    /// A fact check renamed by its author (`{#id}`) in the same edit as its sentence is compared
    /// with the note of the last build on its very words, in its place: the rename does not
    /// let the verdict pass onto the changed sentence unseen. The rename is said once (a
    /// reminder, which `--strict` leaves a warning); another note's new id is not paired.
    func testARenamedFactCheckIsComparedWithTheNoteItWas() throws {
        let article = "---\ntitle: A\ndate: 2025-01-02\n---\nThe minister said that 120 nurses were hired in March. "
            + "Unions said the figure was lower.\n"
        let notes = "> 120 nurses were hired in March\n\n{#nurses .fact-check verdict=true}\n\nThe payroll shows it.\n"
        let (site, output) = try builtOnce(article, notes: notes)
        try site.write("content/articles/a.md", article.replacingOccurrences(of: "minister said", with: "minister denied"))
        try site.write("content/annotations/a.md", notes.replacingOccurrences(of: "{#nurses ", with: "{#nurses-hired "))
        let found = Self.build(site, into: output)
        XCTAssertEqual(found.count, 2, found.joined(separator: "\n"))
        XCTAssertTrue(found[0].hasPrefix("content/annotations/a.md:1:1: error: the sentence of fact check 'nurses-hired' changed around "
                                         + "its quote in article 'a'"), found[0])
        XCTAssertTrue(found[0].contains("note: changed: 'said' → 'denied'"), found[0])
        XCTAssertEqual(found[1], "content/annotations/a.md:1:1: warning: note 'nurses-hired' was 'nurses' in the last build of article 'a' "
                       + "(known by its place): links to #note-nurses no longer lead to it\n"
                       + "note: its words, place and sentence are compared with those of 'nurses' in the last build")
        // Accepted: published, and the next build has nothing to say.
        var options = BuildOptions(siteDirectory: site.directory, jobs: 2)
        options.readRenderCache = false
        options.acceptClaimChanges = .all
        options.strict = true
        XCTAssertTrue(SiteBuilder(options: options).build(into: .folder(OutputWriter(outputDirectory: output, jobs: 2))).succeeded)
        XCTAssertEqual(Self.build(site, into: output), [])
        // Renamed again, in the same edit as its claim in the article and the quote (a find and
        // replace): the claim is compared with the last build's.
        try site.write("content/articles/a.md", article.replacingOccurrences(of: "minister said", with: "minister denied")
            .replacingOccurrences(of: "120 nurses", with: "180 nurses"))
        try site.write("content/annotations/a.md", notes.replacingOccurrences(of: "{#nurses ", with: "{#nurses-count ")
            .replacingOccurrences(of: "120 nurses", with: "180 nurses"))
        let claim = Self.build(site, into: output)
        XCTAssertTrue(claim.contains { $0.hasPrefix("content/annotations/a.md:1:1: error: the claim of fact check 'nurses-count' changed "
                                                    + "since the last build, in article 'a' and in its quote: '120' → '180'") },
                      claim.joined(separator: "\n"))
        try site.write("content/annotations/a.md", notes.replacingOccurrences(of: "{#nurses ", with: "{#nurses-hired "))
        try site.write("content/articles/a.md", article.replacingOccurrences(of: "minister said", with: "minister denied"))
        XCTAssertEqual(Self.build(site, into: output), [])
        // A new note of its own on other words is nobody's renamed note.
        try site.write("content/annotations/a.md", notes.replacingOccurrences(of: "{#nurses ", with: "{#nurses-hired ")
            + "\n> the figure was lower\n\n{#unions .context}\n\nThey counted agency staff.\n")
        XCTAssertEqual(Self.build(site, into: output), [])
    }

    /// A quote found twice once a sentence quoting it was added: the error points at the place
    /// the note had in the last build, and its prefix is the one suggested.
    func testAnAmbiguousQuoteSuggestsThePlaceTheNoteHad() throws {
        let body = "The council leader Martin Greaves said the bridge carried 22,000 vehicles a day before it closed. Repairs start in May.\n"
        let notes = "> the bridge carried 22,000 vehicles a day before it closed\n\n{#vehicles .fact-check verdict=true}\n\nCounts agree.\n"
        let (site, _) = try editedSinceItsLastBuild(body, notes: notes, edit: (
            "The council leader", "Mr Greaves has claimed that \"the bridge carried 22,000 vehicles a day before it closed\" more than once.\n\nThe council leader"))
        let found = Self.build(site, into: site.directory + "/public")
        XCTAssertEqual(found, [
            "content/annotations/a.md:1:1: error: quote appears 2 times in article 'a'\n"
                + "content/articles/a.md:5:30: note: found here\n"
                + "content/articles/a.md:7:40: note: found here (where the note was in the last build)\n"
                + "note: add prefix=\"Martin Greaves said\" (the words just before the one where the note was in the last build), "
                + "suffix=\"...\" or occurrence=N to pick one",
        ])
        try site.write("content/annotations/a.md", notes.replacingOccurrences(of: "{#vehicles ", with: "{#vehicles prefix=\"Martin Greaves said\" "))
        XCTAssertEqual(Self.build(site, into: site.directory + "/public"), [])
    }

    /// A new note of its own, pinned by its author to another sentence with the same words, is
    /// not taken for the deleted note of the first (whose place shares the words after them).
    func testANewNotePinnedElsewhereIsNotARenamedOne() throws {
        let article = "---\ntitle: A\ndate: 2025-01-02\n---\nIn March the mayor said the plan will cost five million pounds, "
            + "officials confirmed.\n\nIn April the treasurer insisted the plan will cost five million pounds, officials confirmed.\n"
        let (site, output) = try builtOnce(article, notes: "> the plan will cost five million pounds\n\n"
                                           + "{#mayor-cost .fact-check verdict=true prefix=\"the mayor said \"}\n\nIt will.\n")
        try site.write("content/annotations/a.md", "> the plan will cost five million pounds\n\n"
                       + "{#treasurer-cost .fact-check verdict=true prefix=\"the treasurer insisted \"}\n\nIt will.\n")
        // The mayor's verdict is no longer published: said once.
        XCTAssertEqual(Self.build(site, into: output), [
            "content/articles/a.md:1:1: warning: fact check 'mayor-cost' of article 'a' is gone since the last build: its verdict "
                + "and ClaimReview are no longer published\n"
                + "note: if it was not meant to go, put its note back; a note moved to another article is compared there",
        ])
        XCTAssertEqual(Self.build(site, into: output), [])
    }

    /// A site built once with article `a` and a fact check on it, then `a` renamed `b` (with its
    /// old address in `aliases`, or not) and its sentence edited ("said" → "denied").
    func renamedFromAToB(alias: Bool) throws -> (TemporarySite, String) {
        let article = "---\ntitle: A\ndate: 2025-01-02\n---\nThe minister said that 120 nurses were hired in March.\n"
        let notes = "> 120 nurses were hired in March\n\n{#nurses .fact-check verdict=true}\n\nThe payroll shows it.\n"
        let (site, output) = try builtOnce(article, notes: notes)
        try FileManager.default.removeItem(atPath: site.directory + "/content/articles/a.md")
        try FileManager.default.removeItem(atPath: site.directory + "/content/annotations/a.md")
        try site.write("content/articles/b.md", article.replacingOccurrences(of: "title: A", with: alias ? "title: A\naliases: [/articles/a/]" : "title: A")
            .replacingOccurrences(of: "minister said", with: "minister denied"))
        try site.write("content/annotations/b.md", notes)
        return (site, output)
    }

    /// An article renamed since the last build, with its old address in `aliases`, has its
    /// notes compared with that address's: its fact check's changed sentence is not let through.
    func testARenamedArticleIsComparedAtItsOldAddress() throws {
        let (site, output) = try renamedFromAToB(alias: true)
        let found = Self.build(site, into: output)
        XCTAssertEqual(found.count, 1, found.joined(separator: "\n"))
        XCTAssertTrue(found[0].hasPrefix("content/annotations/b.md:1:1: error: the sentence of fact check 'nurses' changed around "
                                         + "its quote in article 'b'"), found[0])
    }

    /// A fact check pinned with suffix="." ends its sentence there: a word changed in the next
    /// sentence is not its sentence's, and nothing is said.
    func testAPinnedSentenceEndKeepsTheNextSentenceOut() throws {
        let article = "---\ntitle: A\ndate: 2025-01-02\n---\nThe harbour plan will cost £14m. Mayor Sofia Patel told the council so.\n"
        let notes = "> will cost £14m\n\n{#cost .fact-check verdict=true prefix=\"The harbour plan \" suffix=\".\"}\n\nIt will.\n"
        let (site, output) = try builtOnce(article, notes: notes)
        try site.write("content/articles/a.md", article.replacingOccurrences(of: "Patel told", with: "Patel warned"))
        XCTAssertEqual(Self.build(site, into: output), [])
        // Its own sentence is still compared; its own suffix holds only the sentence's end, so
        // the error offers a pin, which makes its prefix the sentence's start.
        try site.write("content/articles/a.md", article.replacingOccurrences(of: "The harbour plan will", with: "The harbour plan still will"))
        try site.write("content/annotations/a.md", notes.replacingOccurrences(of: "prefix=\"The harbour plan \"", with: ""))
        let found = Self.build(site, into: output)
        XCTAssertEqual(found.count, 1, found.joined(separator: "\n"))
        XCTAssertTrue(found[0].contains("changed: 'still' added"), found[0])
        XCTAssertTrue(found[0].contains("build once with --accept-claim-change a#cost, or pin the note to them: "
                                        + "gen annotations pin --accept-claim-change a#cost\n"), found[0])
    }

    /// An article renamed without an alias is compared with the gone article that had its
    /// notes, as with the alias: its fact check's changed sentence is not let through, and a
    /// warning says the alias to add. Unrelated new articles are compared with nothing, one
    /// with a note of the same id on other words too.
    func testARenamedArticleWithoutAnAliasIsComparedAllTheSame() throws {
        let (site, output) = try renamedFromAToB(alias: false)
        try site.write("content/articles/c.md", "---\ntitle: C\ndate: 2025-01-03\n---\nThe port reopened in May.\n")
        try site.write("content/annotations/c.md", "> reopened in May\n\n{#may .fact-check verdict=true}\n\nIt did.\n")
        // Another new article with a note of the same id, on other words: no rename of 'a'.
        try site.write("content/articles/d.md", "---\ntitle: D\ndate: 2025-01-04\n---\nElsewhere, 300 nurses left the service in June.\n")
        try site.write("content/annotations/d.md", "> 300 nurses left the service\n\n{#nurses .fact-check verdict=false}\n\nFewer.\n")
        let found = Self.build(site, into: output)
        XCTAssertEqual(found.count, 2, found.joined(separator: "\n"))
        XCTAssertTrue(found[0].hasPrefix("content/annotations/b.md:1:1: error: the sentence of fact check 'nurses' changed around "
                                         + "its quote in article 'b'"), found[0])
        XCTAssertEqual(found[1], """
            content/articles/b.md:1:1: warning: article 'b' is new since the last build, and '/articles/a/', with the same notes, is gone: its notes are compared with that article's
            note: if it was renamed, add its old address to its front matter, aliases: [/articles/a/], so that the old address leads to it; if not, give the notes their own ids
            """)
    }

    /// A word deleted at a quote's end: the closest passage the build shows, and the one
    /// `--fix-anchors` writes, end where the quote did, not with the next word in its place.
    func testAWordDeletedAtAnEndIsNotMadeUpForByItsNeighbour() throws {
        let (site, options) = try editedSinceItsLastBuild(
            "The mayor said that the harbour will reopen to boats and ferries in the spring, pointing to the repairs, and the council agreed.\n",
            notes: "> the harbour will reopen to boats and ferries in the spring\n\n{#reopen}\n\nThe works are on time.\n",
            edit: ("in the spring,", "in the,"))
        let result = SiteBuilder(options: options).build(into: .discard)
        XCTAssertEqual(result.orphans.map(\.closest), ["the harbour will reopen to boats and ferries in the"])
        // Without the last build, the neighbour is taken in: nothing says where the quote ended.
        var withoutLastBuild = options
        withoutLastBuild.previousOutput = nil
        XCTAssertEqual(SiteBuilder(options: withoutLastBuild).build(into: .discard).orphans.map(\.closest),
                       ["the harbour will reopen to boats and ferries in the, pointing"])
        XCTAssertEqual(fixed(result.orphans, in: site), ["> the harbour will reopen to boats and ferries in the"])
    }

    /// A fact check held for review (`review="…"`, as `--accept-claim-changes` writes it) is
    /// warned of on every build, and publishes no verdict meanwhile: "Under review" in its
    /// place, no ClaimReview, "under-review" as its W3C classifying body. On a note of another
    /// kind the mark is a warning.
    func testAFactCheckHeldForReviewPublishesNoVerdict() throws {
        let site = try TemporarySite([
            "gen.toml": "title = \"T\"\nbase_url = \"https://example.org/\"\n",
            "content/articles/jobs.md": "---\ntitle: Jobs\ndate: 2025-01-02\n---\nThe plant will add 200 jobs next year, the firm said.\n",
            "content/annotations/jobs.md": "> add 200 jobs\n\n{#jobs .fact-check verdict=false review=\"its claim changed: '150' → '200'\"}\n\n"
                + "The filing says 150.\n\n> the firm said\n\n{review=\"x\"}\n\nA statement.\n",
        ])
        let result = SiteBuilder(options: BuildOptions(siteDirectory: site.directory, jobs: 2)).build()
        XCTAssertEqual(result.diagnostics.sorted.map(\.rendered), [
            "content/annotations/jobs.md:3:1: warning: this fact check is held for review: its claim changed: '150' → '200'\n"
                + "note: its verdict (False) is not published while it is: read the passage as it now reads, set the verdict, "
                + "then remove review=\"…\" from its attributes (if its words changed since its verdict was last published, "
                + "the build then asks you to accept them by name)",
            "content/annotations/jobs.md:9:1: warning: review=\"…\" holds back a fact check's verdict; this note is .context and has none\n"
                + "note: remove it",
        ])
        let page = try result.text("articles/jobs/index.html")
        XCTAssertTrue(page.contains("<span class=\"verdict verdict-under-review\"><span class=\"verdict-prefix\">Verdict: </span>Under review</span>"))
        XCTAssertFalse(page.contains("verdict-false"))
        XCTAssertFalse(page.contains("ClaimReview"))
        let annotations = try result.text("articles/jobs/annotations.jsonld")
        XCTAssertTrue(annotations.contains(#"{"type":"TextualBody","purpose":"classifying","value":"under-review"},"#
                                           + #"{"type":"TextualBody","purpose":"questioning","value":"its claim changed: '150' → '200'"}"#),
                      annotations)
        XCTAssertFalse(annotations.contains(#""value":"false""#))
    }

    /// A short quote with a word less at an end is below the similarity a repair needs, but
    /// where the last build's surroundings hold both its ends it is known for an edit in place,
    /// and repaired. Without the last build, nothing tells a word deleted from a word replaced:
    /// the next word is taken for the quote's last.
    func testAShortQuoteWithAWordLessIsRepairedWhereItWas() throws {
        let (site, options) = try editedSinceItsLastBuild("The lender said it was in talks with UK bank Barclays about a merger.\n",
                                                          notes: "> in talks with UK bank\n\n{#talks}\n\nSince March.\n",
                                                          edit: ("UK bank Barclays", "UK Barclays"))
        var withoutLastBuild = options
        withoutLastBuild.previousOutput = nil
        XCTAssertEqual(SiteBuilder(options: withoutLastBuild).build(into: .discard).orphans.map(\.closest), ["in talks with UK Barclays"])
        let orphans = SiteBuilder(options: options).build(into: .discard).orphans
        XCTAssertEqual(orphans.map(\.closest), ["in talks with UK"])
        XCTAssertEqual(orphans.map(\.repairable), [true])
        XCTAssertEqual(fixed(orphans, in: site), ["> in talks with UK"])
    }

    /// An end whose word changed, with the words beside it changed since the last build too,
    /// is not repaired: "met. Senator Tom" → "met, and Tom" may be "Senator" dropped or
    /// replaced by "and", and nothing says which. Punctuation alone changed beside a word
    /// replaced is no such doubt ("law. Representative" → "rules; Representative"), unless the
    /// new word is one that joins ("and").
    func testAnEndWhoseSurroundingsChangedTooIsLeftToAPerson() throws {
        let (rules, ruled) = try editedSinceItsLastBuild("He said it broke the law. Representative Greene agreed.\n",
                                                         notes: "> He said it broke the law\n\n{#law}\n\nContext.\n",
                                                         edit: ("the law. Representative", "the rules; Representative"))
        let orphans = withExtendedLifetime(rules) { SiteBuilder(options: ruled).build(into: .discard).orphans }
        XCTAssertEqual(orphans.map(\.repairable), [true])
        XCTAssertEqual(fixed(orphans, in: rules), ["> He said it broke the rules"])
        let (site, options) = try editedSinceItsLastBuild("The council met. Senator Tom Cotton presented the trip to voters.\n",
                                                          notes: "> Senator Tom Cotton presented the trip\n\n{#trip}\n\nContext.\n",
                                                          edit: ("met. Senator Tom", "met, and Tom"))
        let result = withExtendedLifetime(site) { SiteBuilder(options: options).build(into: .discard) }
        XCTAssertEqual(result.orphans.map(\.repairable), [false])
        XCTAssertEqual(result.diagnostics.sorted.map(\.rendered), [
            "content/annotations/a.md:1:1: error: quote not found in article 'a'\n"
                + "content/articles/a.md:5:18: note: closest passage (83% similar): “and Tom Cotton presented the trip”\n"
                + "note: its first word and the words before it changed since the last build: whether a word was replaced or "
                + "dropped there is for you to say, so --fix-anchors leaves it",
        ])
    }

    /// A note placed by `occurrence` on words that stand several times close together (a
    /// table's column): when the row it counted is edited, the count picks the next row, a few
    /// characters on. That is not the place the note was, however near: a warning.
    func testANoteWhoseOccurrencePicksAnotherPlaceIsAWarning() throws {
        let table = "| State | Mentioned as |\n|---|---|\n| Nevada | a destination |\n| Ohio | a destination |\n| Utah | a destination |\n"
        let site = try TemporarySite([
            "gen.toml": "title = \"T\"\nbase_url = \"https://example.org/\"\n",
            "content/articles/states.md": "---\ntitle: States\ndate: 2025-01-02\n---\n" + table,
            "content/annotations/states.md": "> a destination\n\n{#ohio occurrence=2}\n\nThe most contested.\n",
        ])
        let output = site.directory + "/public"
        XCTAssertEqual(Self.build(site, into: output), [])
        try site.write("content/articles/states.md", "---\ntitle: States\ndate: 2025-01-02\n---\n"
            + table.replacingOccurrences(of: "| Ohio | a destination |", with: "| Ohio | a key destination |"))
        XCTAssertEqual(Self.build(site, into: output), [
            "content/annotations/states.md:1:1: warning: note 'ohio' now marks the same words elsewhere in article 'states'\n"
                + "note: in the last build: “… as Nevada a destination Ohio ⟨a destination⟩ Utah a destination…”\n"
                + "content/articles/states.md:9:10: note: now: “… Ohio a key destination Utah ⟨a destination⟩…”\n"
                + "note: occurrence=2 counts the places of these words: one of them was edited or added, so it now picks another\n"
                + "note: if the note is not about this passage, change its quote or give it a prefix=\"…\"",
        ])
    }

    /// A fact check in a list's third item reads its claim with the list's lead-in: a changed
    /// lead-in is its change too, said with both, though its item's own words stand.
    func testALaterItemsChangedLeadInIsAChangedClaim() throws {
        let article = "---\ntitle: Plan\ndate: 2025-01-02\n---\nThe plan includes:\n\n- a new sea wall;\n- two slipways;\n"
            + "- a visitor centre that will open in 2027.\n"
        let (site, output) = try builtOnce(article, notes: "> a visitor centre that will open in 2027\n\n"
                                           + "{#visitor .fact-check verdict=false}\n\nThe application says 2029.\n")
        XCTAssertTrue(try String(contentsOfFile: output + "/articles/a/annotations.jsonld", encoding: .utf8)
                        .contains(#""leadIn":"The plan includes:""#))
        try site.write("content/articles/a.md", article.replacingOccurrences(
            of: "The plan includes:", with: "The plan approved on Monday drops all of these from the first draft:"))
        XCTAssertEqual(Self.build(site, into: output).first?.components(separatedBy: "\n").prefix(5).map { $0 }, [
            "content/annotations/a.md:1:1: error: the lead-in of fact check 'visitor' (its list's, or its table's header) changed in "
                + "article 'a': its claim reads otherwise",
            "note: in the last build: “The plan includes:”",
            "content/articles/a.md:9:3: note: now: “The plan approved on Monday drops all of these from the first draft:”",
            "note: changed: 'includes' → 'approved on Monday drops all of these from the first draft'",
            "note: the verdict was given for its item as the lead-in read then: read it again",
        ])
        // Accepted once, it is said no more.
        XCTAssertEqual(Self.build(site, into: output, accepting: .all).count, 1)
        XCTAssertEqual(Self.build(site, into: output), [])
    }

    /// What a claim reads with away from it: a nested list's parent item, a list's lead-in
    /// inside a quotation, a table's header row. Each changed is the claim's change; a list
    /// before the lead-in is none of it (an edit there says nothing).
    func testLeadInsOfNestedListsQuotationsAndTableHeaders() throws {
        func changed(_ article: String, quote: String, _ edit: (String, String)) throws -> [String] {
            let body = "---\ntitle: T\ndate: 2025-01-02\n---\n" + article
            let (site, output) = try builtOnce(body, notes: "> \(quote)\n\n{#claim .fact-check verdict=true}\n\nYes.\n")
            try site.write("content/articles/a.md", body.replacingOccurrences(of: edit.0, with: edit.1))
            return Self.build(site, into: output).map { $0.components(separatedBy: "\n")[0] }
        }
        let said = "content/annotations/a.md:1:1: error: the lead-in of fact check 'claim' (its list's, or its table's header) "
            + "changed in article 'a': its claim reads otherwise"
        let nested = "- spending the council approved in March:\n  - a youth centre;\n  - a new library that opened in 2024.\n"
        XCTAssertEqual(try changed(nested, quote: "a new library that opened in 2024", ("approved", "rejected")), [said])
        let quoted = "> The minister listed what was delivered:\n>\n> - a pier;\n> - a bus station opened in 2021.\n"
        XCTAssertEqual(try changed(quoted, quote: "a bus station opened in 2021", ("delivered:", "cancelled:")), [said])
        let table = "| Year | Homes built |\n|---|---|\n| 2022 | 80 homes |\n| 2023 | 120 homes |\n"
        XCTAssertEqual(try changed(table, quote: "120 homes", ("Homes built", "Homes demolished")), [said])
        let twoLists = "The old plan had:\n\n- a pier\n- a kiosk\n\nThe new plan includes:\n\n- a sea wall;\n- a visitor centre in 2027.\n"
        XCTAssertEqual(try changed(twoLists, quote: "a visitor centre in 2027", ("a pier", "a jetty")), [])
        XCTAssertEqual(try changed(twoLists, quote: "a visitor centre in 2027", ("new plan includes", "new plan drops")), [said])
    }

    /// Two fact checks placed by `occurrence`, and a sentence with the same words put before
    /// both: each count now finds other words. Each is said as that, with the count that finds
    /// the words it had (not as a changed sentence, whose pin would hold the verdict to the new
    /// words); written, the site builds.
    func testAnOccurrenceThatNowCountsToOtherWordsSaysWhichCountHasItsWords() throws {
        let article = "---\ntitle: H\ndate: 2025-01-02\n---\nThe trust says it hired 350 nurses this year.\n\n"
            + "Chief executive Daniel Reyes said waiting times had fallen by a third. He spoke on Tuesday.\n\n"
            + "He added that waiting times had fallen by a third in emergency care as well.\n"
        let notes = "> waiting times had fallen by a third\n\n{#waiting-1 .fact-check verdict=false occurrence=1}\n\nNHS data show 12%.\n\n"
            + "> waiting times had fallen by a third\n\n{#waiting-2 .fact-check verdict=true occurrence=2}\n\nEmergency care alone.\n"
        let (site, output) = try builtOnce(article, notes: notes)
        try site.write("content/articles/a.md", article.replacingOccurrences(
            of: "this year.\n", with: "this year. A union leaflet claims that waiting times had fallen by a third only on paper.\n"))
        let said = Self.build(site, into: output)
        XCTAssertEqual(said.count, 2, said.joined(separator: "\n"))
        let first: [String] = [
            "content/annotations/a.md:1:1: error: occurrence=1 of note 'waiting-1' now picks other words in article 'a': "
                + "those it was on in the last build are occurrence=2",
            "note: in the last build: “… executive Daniel Reyes said ⟨waiting times had fallen by a third⟩. He spoke on Tuesday.”",
            "content/articles/a.md:5:75: note: now: “… A union leaflet claims that ⟨waiting times had fallen by a third⟩ only on paper.”",
            "note: a place of its words was added or removed before it; write occurrence=2 to keep the note where it was",
            "note: the verdict may not hold for these words",
            "note: if the verdict holds for the words the article has now, build once with --accept-claim-change a#waiting-1",
            "note: if not, hold the note with review=\"...\" until it is checked again",
        ]
        XCTAssertEqual(said.first?.components(separatedBy: "\n"), first)
        XCTAssertTrue(said.last?.hasPrefix("content/annotations/a.md:7:1: error: occurrence=2 of note 'waiting-2' now picks other words "
                                           + "in article 'a': those it was on in the last build are occurrence=3\n") ?? false, said.joined())
        try site.write("content/annotations/a.md", notes.replacingOccurrences(of: "occurrence=2}", with: "occurrence=3}")
                        .replacingOccurrences(of: "occurrence=1}", with: "occurrence=2}"))
        XCTAssertEqual(Self.build(site, into: output), [])
    }

    /// A fact check on the same words elsewhere: an error at every build until one accepts it
    /// (the failed builds leave the last one, with the note where it was, in place); then said
    /// no more. The same for one whose sentence changed around it. A note its author pinned
    /// where it now is (a prefix of its own that its last place did not have) is not said.
    func testAFactCheckOnTheSameWordsElsewhereIsAnErrorUntilAccepted() throws {
        let site = try TemporarySite([
            "gen.toml": "title = \"T\"\nbase_url = \"https://example.org/\"\n",
            "content/articles/vote.md": "---\ntitle: Vote\ndate: 2025-01-02\n---\n"
                + "Eastbay council voted 7–4 on Monday night to approve the harbour plan.\n\nThe mayor welcomed it.\n",
            "content/annotations/vote.md": "---\narticle: vote\n---\n> voted 7–4 on Monday night\n\n{#vote .fact-check verdict=true}\n\nThe minutes record it.\n",
        ])
        let output = site.directory + "/public"
        func build(accepting: ClaimAcceptance = .none) -> [String] { Self.build(site, into: output, accepting: accepting) }
        XCTAssertEqual(build(), [])
        try site.write("content/articles/vote.md", "---\ntitle: Vote\ndate: 2025-01-02\n---\n"
            + "Eastbay council approved the harbour plan.\n\nThe mayor welcomed it. In 2023 the planning committee "
            + "voted 7–4 on Monday night to reject a smaller scheme.\n")
        var options = BuildOptions(siteDirectory: site.directory, jobs: 2)
        options.previousOutput = output
        let checked = SiteBuilder(options: options).build().diagnostics.sorted.map(\.rendered)
        let said = "content/annotations/vote.md:4:1: error: note 'vote' now marks the same words elsewhere in article 'vote'\n"
            + "note: in the last build: “…Eastbay council ⟨voted 7–4 on Monday night⟩ to approve the harbour plan.”\n"
            + "content/articles/vote.md:7:55: note: now: “… In 2023 the planning committee ⟨voted 7–4 on Monday night⟩ to reject a smaller scheme.”\n"
            + "note: the verdict may not hold for this passage\n"
            + "note: if the note is not about this passage, change its quote or give it a prefix=\"…\""
        let error = said + "\n"
            + "note: if the verdict holds for the words the article has now, build once with --accept-claim-change vote#vote, "
            + "or pin the note to them: gen annotations pin --accept-claim-change vote#vote\n"
            + "note: if not, hold the note with review=\"...\" until it is checked again"
        XCTAssertEqual(checked, [error])
        XCTAssertEqual(build(), [error])
        XCTAssertEqual(build(), [error])
        XCTAssertEqual(build(accepting: .all), [said.replacingOccurrences(of: ": error: ", with: ": warning: ")
            + "\nnote: accepted as read again (--accept-claim-changes): a gen build with it publishes the verdict on these words"])
        XCTAssertEqual(build(), [])
        // The same words in place, the sentence edited around them.
        try site.write("content/articles/vote.md", "---\ntitle: Vote\ndate: 2025-01-02\n---\n"
            + "Eastbay council approved the harbour plan.\n\nThe mayor welcomed it. In 2023 the planning committee "
            + "voted 7–4 on Monday night to reject a much smaller scheme.\n")
        let sentence = "content/annotations/vote.md:4:1: error: the sentence of fact check 'vote' changed around its quote in article 'vote'\n"
            + "note: in the last build: “… In 2023 the planning committee ⟨voted 7–4 on Monday night⟩ to reject a smaller scheme.”\n"
            + "content/articles/vote.md:7:55: note: now: “… In 2023 the planning committee ⟨voted 7–4 on Monday night⟩ to reject a much smaller …”\n"
            + "note: changed: 'much' added\n"
            + "note: the verdict may not hold for the sentence as it now reads: read it again\n"
            + "note: if the verdict holds for the words the article has now, build once with --accept-claim-change vote#vote, "
            + "or pin the note to them: gen annotations pin --accept-claim-change vote#vote\n"
            + "note: if not, hold the note with review=\"...\" until it is checked again"
        XCTAssertEqual(build(), [sentence])
        XCTAssertEqual(build(), [sentence])
        XCTAssertEqual(build(accepting: .all).map { $0.components(separatedBy: "\n")[0] },
                       ["content/annotations/vote.md:4:1: warning: the sentence of fact check 'vote' changed around its quote in article 'vote'"])
        XCTAssertEqual(build(), [])
        // Moved back, and pinned there by its author: where they put it.
        try site.write("content/articles/vote.md", "---\ntitle: Vote\ndate: 2025-01-02\n---\n"
            + "Eastbay council voted 7–4 on Monday night to approve the harbour plan.\n\nThe mayor welcomed it.\n")
        try site.write("content/annotations/vote.md", "---\narticle: vote\n---\n> voted 7–4 on Monday night\n\n"
            + "{#vote .fact-check verdict=true prefix=\"Eastbay council \"}\n\nThe minutes record it.\n")
        XCTAssertEqual(build(), [])
    }

    /// The words of a quote's sentence around it, within the 32 characters a selector keeps each
    /// side: cut at the sentence's ends, and where the text was cut, words only one side has at
    /// the cut are the cut's, not an edit's.
    /// An abbreviation's full stop ends no sentence: the words before it are the quote's
    /// sentence still ("She added that the U.S. fines…", "hired approx. 300").
    func testAbbreviationsDoNotEndASentence() {
        XCTAssertEqual(AnchorRepair.sentencePart("She added that the U.S. ", before: true).text, "She added that the U.S. ")
        XCTAssertEqual(AnchorRepair.sentencePart("The plant hired approx. ", before: true).text, "The plant hired approx. ")
        XCTAssertEqual(AnchorRepair.sentencePart("Mr. Okafor said that ", before: true).text, "Mr. Okafor said that ")
        XCTAssertEqual(AnchorRepair.sentencePart("It rained. Then Dr. Lin said ", before: true).text, " Then Dr. Lin said ")
        XCTAssertEqual(AnchorRepair.sentencePart(" in the U.S. Later he left", before: false).text, " in the U.S. Later he left")
        XCTAssertEqual(AnchorRepair.sentencePart(" at approx. 300 a day. Others", before: false).text, " at approx. 300 a day.")
        XCTAssertFalse(AnchorRepair.endsSentence("fines in the U.S."))
        XCTAssertTrue(AnchorRepair.endsSentence("fines rose tenfold."))
        // A word with a digit is no abbreviation; a full stop before a lowercase word ends no
        // sentence ("e.g. in", "9 p.m. on"), and "No." before a number is one.
        XCTAssertTrue(AnchorRepair.endsSentence("derelict since the 1980s."))
        XCTAssertEqual(AnchorRepair.sentencePart("It fell. Officials denied, e.g. in a letter, that ", before: true).text,
                       " Officials denied, e.g. in a letter, that ")
        XCTAssertEqual(AnchorRepair.sentencePart("It fell. Officials denied at 9 p.m. on Friday that ", before: true).text,
                       " Officials denied at 9 p.m. on Friday that ")
        XCTAssertEqual(AnchorRepair.sentencePart("It fell. Officials at No. 10 denied that ", before: true).text,
                       " Officials at No. 10 denied that ")
        XCTAssertEqual(AnchorRepair.sentencePart("It fell to no. Officials denied that ", before: true).text, " Officials denied that ")
        // An ellipsis before a lowercase word goes on the sentence; before a capital, it ends it.
        XCTAssertEqual(AnchorRepair.sentencePart("Fell in May... or so he said, ", before: true).text, "Fell in May... or so he said, ")
        XCTAssertEqual(AnchorRepair.sentencePart(" last year... or so the mayor said.", before: false).text, " last year... or so the mayor said.")
        XCTAssertEqual(AnchorRepair.sentencePart(" last year... Then it rose", before: false).text, " last year...")
    }

    func testTheSentenceAroundAQuoteIsComparedWordByWord() {
        func changes(_ prefixes: (String, String), _ suffixes: (String, String) = ("", ""), exact: String = "the quote",
                     prefixInBlock: Int = .max, suffixInBlock: Int = .max) -> [String] {
            let now = OrphanedNote.Alternative(passage: exact, prefix: prefixes.1, suffix: suffixes.1, textStart: 0, repairable: true,
                                               prefixInBlock: prefixInBlock, suffixInBlock: suffixInBlock)
            return AnchorRepair.sentenceChanges(from: PreviousAnchor(prefix: prefixes.0, suffix: suffixes.0, start: 0,
                                                                                   exact: exact), now: now)
        }
        XCTAssertEqual(changes(("a transatlantic row. She wrote that ", "a transatlantic row. She denied that ")), ["'wrote' → 'denied'"])
        // Another sentence's words do not count.
        XCTAssertEqual(changes(("The row grew. She wrote that ", "The row grew fast. She wrote that ")), [])
        XCTAssertEqual(changes(("", ""), (" and asked who paid. Later on", " and asked who paid! Much later on")), [])
        // A sentence longer than the window: the far words differ as the cut moved.
        let window = AnchorNotes.pinnedSentenceWindow
        let long = (0..<80).map { "word\($0)" }.joined(separator: " ") + " "
        func cutBefore(_ text: String) -> String { String(String.UnicodeScalarView(text.unicodeScalars.suffix(window))) }
        func cutAfter(_ text: String) -> String { String(String.UnicodeScalarView(text.unicodeScalars.prefix(window))) }
        XCTAssertEqual(changes((cutBefore(long + "of the Labour Party, who wrote that "),
                                cutBefore(long + "of the Labour Party, who has now written that "))),
                       ["'wrote' → 'has now written'"])
        XCTAssertEqual(changes(("", ""), (cutAfter(" and asked who was paying, pointing " + long), cutAfter(" and then asked who was paying, pointing " + long))),
                       ["'then' added"])
        // A selector's 32 characters that show the sentence's start hold it whole: the words
        // added before it now are all new.
        XCTAssertEqual(changes(("l cost £14m. The port authority ", "Critics wrongly claim the port authority ")),
                       ["'Critics wrongly claim' added"])
        // Shorter than the window and longer than a selector's 32 characters, a side reached
        // its sentence's start: its first word is whole, and compared.
        XCTAssertEqual(changes((" Nobody in the U.S. Congress believes ", " Everyone in the U.S. Congress believes ")),
                       ["'Nobody' → 'Everyone'"])
        // A word cut at the window's end is the word it begins: "point" is "pointing", and
        // "paying" was removed, not replaced.
        XCTAssertEqual(changes(("", ""), (" and asked who was paying, point", " and asked who was, pointing out")), ["'paying' removed"])
        XCTAssertEqual(changes(("ervative Party leader said that ", "ty leader Kemi Badenoch said that ")), ["'Kemi Badenoch' added"])
        // A last build that kept 32 characters against one that keeps the whole sentence: the
        // words past the old cut are not new; a word changed within it is.
        XCTAssertEqual(changes(("fine levied against Viacom over ", "The payment is not related to the FCC's $550,000 (£293,000) fine levied against Viacom over ")), [])
        XCTAssertEqual(changes(("fine levied against Viacom over ", "The payment is not related to the FCC's $550,000 (£293,000) fine waived against Viacom over ")),
                       ["'levied' → 'waived'"])
        // A note's own prefix that holds its sentence's start keeps the sentence before out.
        let pinnedPlace = OrphanedNote.Alternative(passage: "the quote", prefix: "It cost £18m. Then she said ", suffix: "",
                                                   textStart: 0, repairable: true)
        XCTAssertEqual(AnchorRepair.sentenceChanges(from: PreviousAnchor(prefix: "It cost £14m. Then she said ", suffix: "", start: 0,
                                                                         exact: "the quote"),
                                                    now: pinnedPlace, pinned: ("m. Then she said ", "")), [])
        // A side the last build kept whole (longer than 32 characters, to its sentence's end):
        // a longer one now is the sentence grown, not a cut moved.
        XCTAssertEqual(changes(("", ""), (" last year, according to Dr. Smith, who now says it rose.",
                                          " last year, according to Dr. Smith, who now says it doubled.")), ["'rose' → 'doubled'"])
        XCTAssertEqual(changes(("", ""), (" last year, according to Dr. Smith, who said so.",
                                          " last year, according to Dr. Smith, who said so at first.")), ["'at first' added"])
        // A quote that ends its sentence: what follows is another sentence.
        XCTAssertEqual(changes(("", ""), (" The 51-year-old premier has mar", " An editor added this sentence t"),
                               exact: "longest-serving prime minister."), [])
        // The passage ends its paragraph now (the next one moved away, or this one moved):
        // only the paragraph's own text is compared.
        XCTAssertEqual(changes(("", ""), (" Midfielder Andrew Frampton and ", " Brentford boss Martin Allen: “A"), suffixInBlock: 0), [])
        XCTAssertEqual(changes(("", ""), (", he said. Midfielder Andrew Fra", ", she said Brentford boss Martin"), suffixInBlock: 10),
                       ["'he' → 'she'"])
        XCTAssertEqual(changes(("ch 1945 GMT Barry Knight (Kent) ", "the end of the last paragraph. "), prefixInBlock: 0), [])
        XCTAssertEqual(changes(("Barry Knight (Kent) ", "his list. Then Barry Knight (Kent) "), prefixInBlock: 20), [])
        XCTAssertEqual(changes(("Barry Knight (Kent) ", "his list. Then Larry Knight (Kent) "), prefixInBlock: 20), ["'Barry' → 'Larry'"])
    }
}

/// Where `gen annotations pin` finds the `occurrence=N` it takes out of a note's attribute line.
final class ClaimPinOccurrenceTokenTests: XCTestCase {
    func testFindsTheOccurrenceOutsideQuotedValues() {
        func removed(_ line: String) -> String? {
            let bytes = Array(line.utf8)
            guard let token = ClaimPins.occurrenceToken(in: bytes) else { return nil }
            var out = bytes
            out.removeSubrange(token)
            return String(decoding: out, as: UTF8.self)
        }
        XCTAssertEqual(removed("{#a .fact-check occurrence=2 verdict=false}"), "{#a .fact-check verdict=false}")
        XCTAssertEqual(removed("{#a .fact-check verdict=false occurrence=\"12\"}"), "{#a .fact-check verdict=false}")
        XCTAssertEqual(removed("{occurrence=2 .fact-check}"), "{.fact-check}")
        XCTAssertEqual(removed("{ occurrence=2\t.fact-check}"), "{ .fact-check}")
        // Inside a quoted value it is words of the text, not the attribute.
        XCTAssertEqual(removed("{.fact-check review=\"see occurrence=2 \\\" occurrence=3\" occurrence=4}"),
                       "{.fact-check review=\"see occurrence=2 \\\" occurrence=3\"}")
        XCTAssertNil(removed("{.fact-check review=\"occurrence=2\"}"))
        XCTAssertNil(removed("{.fact-check occurrence=2 occurrence=3}"))
        XCTAssertNil(removed("{.fact-check myoccurrence=2}"))
    }
}

/// What a last build made by an earlier gen kept of a neighbouring block, left out of the
/// comparison of a fact check's sentence (`AnchorRepair.withoutWords`).
final class EarlierBuildsAcrossBlocksUnitTests: XCTestCase {
    func testOnlyWordsTheNeighbouringBlockStillHasAreLeftOut() {
        XCTAssertEqual(AnchorRepair.withoutWords(of: "Some history. Background of the fares ", startingSide: "Background of the fares The council "),
                       "The council ")
        // Cut at 32 characters: its first word may be the end of the block's last.
        XCTAssertEqual(AnchorRepair.withoutWords(of: "in Britain.", startingSide: "n. Simon Pegg, who stars in and "), "Simon Pegg, who stars in and ")
        // Not cut: a whole word must be the block's own.
        XCTAssertEqual(AnchorRepair.withoutWords(of: "in Britain.", startingSide: "n. Simon Pegg "), "n. Simon Pegg ")
        XCTAssertEqual(AnchorRepair.withoutWords(of: "Background ", startingSide: "Critics say the council "), "Critics say the council ")
        XCTAssertEqual(AnchorRepair.withoutWords(of: " Wages stayed where they were", endingSide: " a tenth Wages stayed where"), " a tenth")
        XCTAssertEqual(AnchorRepair.withoutWords(of: " Wages stayed", endingSide: " a tenth, critics said"), " a tenth, critics said")
    }
}
