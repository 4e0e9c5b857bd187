@testable import GenKit
import Foundation
import Markdown
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

    func testEscapesMarkdownSoThePlainTextIsExact() {
        XCTAssertEqual(AnchorRepair.escape("a *b* [c] `d`"), "a \\*b\\* \\[c\\] \\`d\\`")
        let document = MarkdownDocument("> " + AnchorRepair.escape("a *b* [c] `d` <e>"))
        XCTAssertEqual(document.document.firstChild?.plainText, "a *b* [c] `d` <e>")
    }

    func testClaimChangesAreNumbersNegationsAndNames() {
        XCTAssertEqual(AnchorRepair.claimChanges(old: "prices rose by 18 per cent", new: "prices rose by 11 per cent"), ["'18' → '11'"])
        XCTAssertEqual(AnchorRepair.claimChanges(old: "the plan was approved", new: "the plan was not approved"), ["'not' added"])
        XCTAssertEqual(AnchorRepair.claimChanges(old: "the party didn't pay", new: "the party did pay"), ["'n't' removed"])
        XCTAssertEqual(AnchorRepair.claimChanges(old: "said Farage on Monday", new: "said Patel on Monday"), ["'Farage' → 'Patel'"])
        XCTAssertEqual(AnchorRepair.claimChanges(old: "the council aproved the budget", new: "the council approved the budget"), [])
        XCTAssertEqual(AnchorRepair.claimChanges(old: "about 1,800 people", new: "about 1,800 people, "), [])
        XCTAssertEqual(AnchorRepair.claimChanges(old: "the council aproved it", new: "The Council approved it"), [])
        XCTAssertEqual(AnchorRepair.claimChanges(old: "the council aproved it", new: "City Council approved it"), ["'City' added"])
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
        let (changes, claims, failures) = AnchorRepair.fix(found, siteDirectory: folder)
        XCTAssertEqual(failures, [])
        XCTAssertEqual(changes.map(\.new), ["> The shop opened on Monday mornings"])
        XCTAssertEqual(claims.map(\.note), ["sales"])
        XCTAssertEqual(claims.first?.changed, ["'18' → '11'"])
        let kept = try String(contentsOfFile: folder + "/content/annotations/a.md", encoding: .utf8)
        XCTAssertTrue(kept.contains("> Sales rose by 18 per cent in the first quarter\n"), kept)

        let accepted = AnchorRepair.fix(orphans(kept, article: body), siteDirectory: folder, acceptClaimChanges: true)
        XCTAssertEqual(accepted.changes.map(\.new), ["> Sales rose by 11 per cent in the first quarter"])
        XCTAssertEqual(accepted.claims.map(\.note), ["sales"])
    }
}

