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
}
