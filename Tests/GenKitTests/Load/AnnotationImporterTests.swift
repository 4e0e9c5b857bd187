import Foundation
@testable import GenKit
import TestSupport
import XCTest

final class AnnotationImporterTests: XCTestCase {
    /// Every annotation of every annotations.jsonld of a build, as JSON values.
    func exported(_ result: BuildResult) throws -> [String: NSDictionary] {
        var items: [String: NSDictionary] = [:]
        for file in result.files where file.path.hasSuffix("annotations.jsonld") {
            let collection = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(file.bytes)) as? [String: Any])
            let page = try XCTUnwrap(collection["first"] as? [String: Any])
            for item in try XCTUnwrap(page["items"] as? [[String: Any]]) { items[item["id"] as! String] = item as NSDictionary }
        }
        return items
    }

    /// The repository's example site (citations with locators, entities, a quotation in a body,
    /// code, a passage found only with its prefix, fact checks, corrections, tags): its notes
    /// exported, imported into a copy without them, and exported again are the same annotations.
    func testExportImportExportRoundTrip() throws {
        let site = try TemporarySite()
        let root = Fixtures.repositoryRoot
        for folder in ["content", "gen.toml"] {
            try FileManager.default.copyItem(atPath: root + "/" + folder, toPath: site.directory + "/" + folder)
        }
        let original = site.build()
        XCTAssertEqual(original.diagnostics.sorted.map(\.rendered), [])
        let before = try exported(original)
        XCTAssertGreaterThan(before.count, 5)
        // Their sum as one JSON array (one of the shapes the importer reads).
        let json = try JSONSerialization.data(withJSONObject: before.keys.sorted().map { before[$0]! })
        try FileManager.default.removeItem(atPath: site.directory + "/content/annotations")

        let report = AnnotationImporter(options: BuildOptions(siteDirectory: site.directory)).run([UInt8](json), path: "notes.json")
        XCTAssertEqual(report.diagnostics.sorted.map(\.rendered), [])
        XCTAssertEqual(report.imported, before.count)
        let again = site.build()
        XCTAssertEqual(again.diagnostics.sorted.map(\.rendered), [])
        let after = try exported(again)
        XCTAssertEqual(Set(after.keys), Set(before.keys))
        for key in before.keys.sorted() { XCTAssertEqual(after[key], before[key], key) }

        // Importing again does not overwrite what is there.
        let twice = AnnotationImporter(options: BuildOptions(siteDirectory: site.directory)).run([UInt8](json), path: "notes.json")
        XCTAssertEqual(twice.imported, 0)
        XCTAssertEqual(twice.diagnostics.errorCount, before.count)
    }

    /// The Hypothesis export of the conformance data (an article of the harbour plan's) imported
    /// into a site whose article, harbour-plan, has `text` for its body.
    func importHypothesisExport(into text: String) throws -> (TemporarySite, AnnotationImporter.Report) {
        let site = try TemporarySite([
            "gen.toml": "base_url = \"https://example.org/review/\"\n",
            "content/articles/harbour-plan.md": "---\ntitle: Harbour plan approved after long debate\n---\n" + text,
        ])
        let path = Fixtures.shared + "/conformance/hypothesis/search-response.json"
        guard let data = FileManager.default.contents(atPath: path) else {
            throw XCTSkip("\(path) is not there (the shared folder sits beside the repository)")
        }
        return (site, AnnotationImporter(options: BuildOptions(siteDirectory: site.directory)).run([UInt8](data), path: "search-response.json"))
    }

    /// A Hypothesis search result: the annotation with a quote is placed, the page note is reported.
    func testHypothesisExport() throws {
        let (site, report) = try importHypothesisExport(into: "Officials said on Monday that the harbour plan will cost £14m, paid over five years.")
        XCTAssertEqual(report.diagnostics.sorted.map(\.rendered), [
            "search-response.json:29:5: error: annotation has no TextQuoteSelector: it cannot be placed on a passage\n"
                + "note: a note on the whole page, or on an image, has no quote; gen's notes are on passages",
        ])
        XCTAssertEqual(try site.read("content/annotations/harbour-plan.md"), """
        > the harbour plan will cost £14m

        {#the-harbour-plan-will-cost author="desk.editor" date="2024-10-20T09:14:03+00:00" tags="budget, needs-source"}

        The council minutes give **£12m**, not £14m. See the [minutes](https://example.org/minutes.pdf).

        """)
        XCTAssertEqual(site.build().diagnostics.sorted.map(\.rendered), [])
    }

    /// The annotated sentence changed since, and the quote's words now stand in another one: the
    /// annotation is not put there, where neither its prefix nor its suffix is.
    func testAQuoteFoundOnlyAwayFromItsPrefixAndSuffixIsNotImported() throws {
        let (site, report) = try importHypothesisExport(into: "Officials said on Monday that the harbour plan will cost £18m, "
            + "paid over five years.\nResidents feared that the harbour plan will cost £14m, far more than the council says.")
        let problems = report.diagnostics.sorted.map(\.rendered)
        XCTAssertEqual(report.imported, 0, problems.joined(separator: "\n"))
        XCTAssertTrue(problems.contains { $0.contains("error: the quote is in article 'harbour-plan' once, but neither the annotation's "
                                                     + "prefix nor its suffix is around it (the annotation was not imported)") },
                      problems.joined(separator: "\n"))
        XCTAssertFalse(site.exists("content/annotations/harbour-plan.md"))
    }

    /// A fact check held for review is exported as "under-review", with why (a body of purpose
    /// "questioning"): imported, it is held for review still, for the same reason, without a
    /// verdict (the exported one is not known), and exports the same.
    func testAFactCheckHeldForReviewRoundTrips() throws {
        let site = try TemporarySite([
            "gen.toml": "base_url = \"https://example.org/\"\n",
            "content/articles/jobs.md": "---\ntitle: Jobs\n---\nThe plant will add 200 jobs next year.\n",
            "content/annotations/jobs.md": "> add 200 jobs\n\n{#jobs .fact-check verdict=false review=\"its claim changed\"}\n\nThe filing says 150.\n",
        ])
        let before = try exported(site.build())
        let json = try JSONSerialization.data(withJSONObject: before.keys.sorted().map { before[$0]! })
        try FileManager.default.removeItem(atPath: site.directory + "/content/annotations")
        let report = AnnotationImporter(options: BuildOptions(siteDirectory: site.directory)).run([UInt8](json), path: "notes.json")
        XCTAssertEqual(report.diagnostics.sorted.map(\.rendered), [])
        XCTAssertEqual(report.imported, 1)
        let written = try site.read("content/annotations/jobs.md")
        XCTAssertTrue(written.contains("{#jobs .fact-check review=\"its claim changed\""), written)
        let again = site.build()
        XCTAssertEqual(again.diagnostics.sorted.map(\.rendered), [
            "content/annotations/jobs.md:3:1: warning: this fact check is held for review: its claim changed\n"
                + "note: it has no verdict yet: read the passage as it now reads, set the verdict, then remove review=\"…\" from its attributes "
                + "(if its words changed since its verdict was last published, the build then asks you to accept them by name)",
        ])
        XCTAssertEqual(try exported(again), before)
    }

    /// A prefix and suffix with straight quotes and Markdown's characters, written where the
    /// quote alone is found twice, pick the place they were exported from.
    func testAPrefixWithQuotesAndMarkdownCharactersRoundTrips() throws {
        let site = try TemporarySite([
            "gen.toml": "base_url = \"https://example.org/\"\n",
            "content/articles/harbour.md": "---\ntitle: Harbour\n---\n\"We will watch the vote closely,\" said Jane *Doe*. "
                + "Later she added: \"We will watch the vote closely, and we will act\" [sic].\n",
            "content/annotations/harbour.md": "> We will watch the vote closely\n\n{#watch prefix=\"added: \\\"\" suffix=\", and\"}\n\nA claim.\n",
        ])
        let built = site.build()
        XCTAssertEqual(built.diagnostics.sorted.map(\.rendered), [])
        let before = try exported(built)
        let json = try JSONSerialization.data(withJSONObject: before.keys.sorted().map { before[$0]! })
        try FileManager.default.removeItem(atPath: site.directory + "/content/annotations")
        let report = AnnotationImporter(options: BuildOptions(siteDirectory: site.directory)).run([UInt8](json), path: "notes.json")
        XCTAssertEqual(report.diagnostics.sorted.map(\.rendered), [])
        XCTAssertEqual(report.imported, 1)
        let again = site.build()
        XCTAssertEqual(again.diagnostics.sorted.map(\.rendered), [])
        XCTAssertEqual(try exported(again), before)
    }

    func testHTMLBodiesBecomeMarkdown() {
        XCTAssertEqual(HTMLMarkdown.markdown(fromHTML: "<p>A <em>b</em> <strong>c</strong> <code>d*</code> <a href=\"https://x.org/a b\">e</a>.</p>\n"
            + "<blockquote>\n<p>Quoted\nlines</p>\n</blockquote>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n<p>1. not a list &amp; *stars*</p>"),
            "A *b* **c** `d*` [e](<https://x.org/a b>).\n\n> Quoted\n> lines\n\n- one\n- two\n\n1\\. not a list & \\*stars\\*")
        XCTAssertEqual(HTMLMarkdown.markdown(fromHTML: ##"<p>Paid<sup class="citations" data-gen-added>see <a class="citation" data-source="fec" href="#source-fec">1</a>, p. 2; <a class="citation" data-source="usc" href="#source-usc">2</a></sup>.</p>"##),
                       "Paid [see @fec, p. 2; @usc].")
        XCTAssertEqual(HTMLMarkdown.markdown(fromHTML: #"<p>By <a class="entity" data-entity="x" href="../x/">Ann Lee</a>.</p>"#), "By [[x|Ann Lee]].")
    }
}
