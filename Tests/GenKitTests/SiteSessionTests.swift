@testable import GenKit
import TestSupport
import XCTest

/// gen serve's incremental updates give the pages a full build gives.
final class SiteSessionTests: XCTestCase {
    /// The session's pages after `update`, merged into the first build's, against a new build.
    func assertUpdateMatchesFullBuild(_ site: TemporarySite, edits: [(String, (String) -> String)],
                                      file: StaticString = #filePath, line: UInt = #line) throws {
        let options = BuildOptions(siteDirectory: site.directory, baseURL: "http://127.0.0.1:8080/", jobs: 2)
        let session = SiteSession(options: options)
        let first = SiteBuilder(options: options).build(into: .memory, session: session)
        XCTAssertTrue(first.succeeded, "\(first.diagnostics.sorted.map(\.rendered))", file: file, line: line)
        var served = Dictionary(uniqueKeysWithValues: first.files.map { ($0.path, $0.bytes) })
        for (path, edit) in edits {
            let before = try site.read(path), after = edit(before)
            XCTAssertNotEqual(before, after, "the edit of \(path) changes nothing", file: file, line: line)
            try site.write(path, after)
            let update = try XCTUnwrap(session.update([path]), "\(path) should update in place", file: file, line: line)
            for page in update.files { served[page.path] = page.bytes }
            for gone in update.removed { served[gone] = nil }
        }
        XCTAssertFalse(session.diagnostics.hasErrors, file: file, line: line)
        let fresh = SiteBuilder(options: options).build()
        XCTAssertEqual(served.keys.sorted(), fresh.files.map(\.path).sorted(), file: file, line: line)
        for page in fresh.files where served[page.path] != page.bytes {
            XCTFail("\(page.path) differs from a full build", file: file, line: line)
        }
    }

    func testArticleAndNoteEditsMatchAFullBuild() throws {
        let site = try TemporarySite(fixture: "sites/annotated")
        let article = "content/articles/labour-volunteers-us-election.md"
        let notes = "content/annotations/labour-volunteers-us-election.md"
        try assertUpdateMatchesFullBuild(site, edits: [
            (article, { $0.replacingOccurrences(of: "swift.", with: "swift, and loud.") }),
            (article, { $0.replacingOccurrences(of: "title: \"Labour staff", with: "title: \"Labour staffers") }),
            (article, { $0.replacingOccurrences(of: "tags: [us-election-2024, uk-politics]", with: "tags: [us-election-2024, volunteers]") }),
            (article, { $0.replacingOccurrences(of: "Elon Musk shared", with: "Elon Musk and Nigel Farage shared") }),
            (article, { $0.replacingOccurrences(of: "date: 2024-10-18", with: "date: 2024-11-02") }),
            (notes, { $0.replacingOccurrences(of: "The deleted post spoke", with: "The post, now deleted, spoke") }),
        ])
    }

    /// A note removed: the article's row in the lists (its note count) changes with it.
    func testRemovingANoteUpdatesTheListRows() throws {
        let site = try TemporarySite(fixture: "sites/annotated")
        try assertUpdateMatchesFullBuild(site, edits: [("content/annotations/labour-volunteers-us-election.md", { text in
            let start = text.range(of: "> Labour staff\n")!, end = text.range(of: "not to British visitors in general.\n")!
            return String(text[..<start.lowerBound]) + String(text[end.upperBound...])
        })])
    }

    /// A mention removed so that an entity's mentions fit on one page less: its last page goes,
    /// and the sitemap with it.
    func testAPageGoneLeavesTheSitemap() throws {
        let site = try TemporarySite(fixture: "sites/pages")
        let report = "content/articles/report-5.md"
        try site.write(report, "---\ntitle: \"Harbour report 5\"\ndate: 2025-03-05\ntags: [harbour, ferries]\n---\n"
            + "Report number 5 on the harbour.\n\nThe [[Harbour Board]] met again.\n")
        try assertUpdateMatchesFullBuild(site, edits: [
            (report, { $0.replacingOccurrences(of: "\n\nThe [[Harbour Board]] met again.\n", with: "\n") }),
        ])
    }

    /// In the preview, a fact check whose sentence changed around its quote is warned of until
    /// the document is rendered again.
    func testAFactChecksChangedSentenceIsWarnedOfInThePreview() throws {
        let site = try TemporarySite(fixture: "sites/annotated")
        let article = "content/articles/labour-volunteers-us-election.md"
        var options = BuildOptions(siteDirectory: site.directory, baseURL: "http://127.0.0.1:8080/", jobs: 2)
        options.acceptClaimChanges = .preview  // as gen serve has it
        let session = SiteSession(options: options)
        XCTAssertTrue(SiteBuilder(options: options).build(into: .memory, session: session).succeeded)
        func warnings() -> [String] { session.diagnostics.sorted.filter { $0.severity == .warning }.map(\.message) }
        let before = warnings()
        try site.write(article, try site.read(article).replacingOccurrences(of: "She wrote that close", with: "She denied that close"))
        XCTAssertNotNil(session.update([article]))
        XCTAssertEqual(warnings().filter { !before.contains($0) },
                       ["the sentence of fact check 'hundred-staff' changed around its quote in article 'labour-volunteers-us-election'"])
        try site.write(article, try site.read(article).replacingOccurrences(of: "set off a transatlantic row", with: "set off a row"))
        XCTAssertNotNil(session.update([article]))
        XCTAssertEqual(warnings(), before)
    }

    func testATemplateEditMatchesAFullBuild() throws {
        let site = try TemporarySite(fixture: "sites/annotated")
        try site.write("templates/footer.mustache", "<footer>first</footer>\n")
        try assertUpdateMatchesFullBuild(site, edits: [
            ("templates/footer.mustache", { _ in "<footer>second</footer>\n" }),
        ])
    }

    /// Pages, article folders, static files and the pages of paged lists stay current: an edit
    /// that moves an article to another page of the index, one that empties a tag's third page,
    /// a page's note and text, a static file.
    func testPagesStaticFilesAndPaginationMatchAFullBuild() throws {
        let site = try TemporarySite(fixture: "sites/pages")
        try assertUpdateMatchesFullBuild(site, edits: [
            ("content/pages/about.md", { $0.replacingOccurrences(of: "A small paper", with: "A small weekly paper") }),
            ("content/annotations/about.md", { $0.replacingOccurrences(of: "in the spring", with: "in the autumn") }),
            ("content/articles/report-1.md", { $0.replacingOccurrences(of: "date: 2025-03-01", with: "date: 2025-03-20") }),
            ("content/articles/report-2.md", { $0.replacingOccurrences(of: "tags: [harbour]", with: "tags: [boats]") }),
            ("content/articles/harbour-photos/index.md", { $0.replacingOccurrences(of: "north quay.", with: "north quay at dawn.") }),
            ("static/robots.txt", { $0 + "Disallow: /drafts/\n" }),
            ("content/articles/report-2.md", { $0.replacingOccurrences(of: "title: \"Harbour report 2\"", with: "title: \"Harbour report two\"") }),
            ("content/articles/report-2.md", { $0.replacingOccurrences(of: "\"report-two/\"]", with: "\"report-ii/\"]") }),
            ("content/pages/about.md", { $0.replacingOccurrences(of: "aliases: [/about-us/]\n", with: "") }),
        ])
    }

    /// An alias onto another page's address fails the build; the edit that mends it is the
    /// whole build's to check again (the preview's update would keep the error it planned).
    func testAnAliasClashIsLeftToAFullBuild() throws {
        let site = try TemporarySite(fixture: "sites/pages")
        let about = "content/pages/about.md"
        try site.write(about, try site.read(about).replacingOccurrences(of: "aliases: [/about-us/]", with: "aliases: [/tags/]"))
        let options = BuildOptions(siteDirectory: site.directory, jobs: 2)
        let session = SiteSession(options: options)
        let failed = SiteBuilder(options: options).build(into: .memory, session: session)
        XCTAssertEqual(failed.diagnostics.sorted.map(\.rendered).first?.components(separatedBy: "\n").first,
                       "content/pages/about.md:6:11: error: an alias in 'content/pages/about.md' and gen's tags would both be 'tags/index.html' in the output")
        try site.write(about, try site.read(about).replacingOccurrences(of: "aliases: [/tags/]", with: "aliases: [/about-us/]"))
        XCTAssertNil(session.update([about]))
        // And a clash made by an edit while serving is found by the update, and left to a full build too.
        let fine = SiteSession(options: options)
        XCTAssertTrue(SiteBuilder(options: options).build(into: .memory, session: fine).succeeded)
        try site.write(about, try site.read(about).replacingOccurrences(of: "aliases: [/about-us/]", with: "aliases: [/sources/]"))
        XCTAssertNil(fine.update([about]))
    }

    /// An image's size is in the pages that show it: an image edited while serving makes them
    /// again, and one removed makes the whole site again (its pages fail as a build's would).
    func testAnImageEditedOrRemovedWhileServing() throws {
        let site = try TemporarySite(fixture: "sites/pages")
        try assertUpdateMatchesFullBuild(site, edits: [
            ("content/images/map.svg", { $0.replacingOccurrences(of: "viewBox=\"0 0 120 80\"", with: "viewBox=\"0 0 240 160\"") }),
        ])
        let session = SiteSession(options: BuildOptions(siteDirectory: site.directory, jobs: 2))
        XCTAssertTrue(SiteBuilder(options: session.options).build(into: .memory, session: session).succeeded)
        try FileManager.default.removeItem(atPath: site.directory + "/content/articles/harbour-photos/quay.png")
        XCTAssertNil(session.update(["content/articles/harbour-photos/quay.png"]))
    }
}
