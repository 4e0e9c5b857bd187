@testable import GenKit
import TestSupport
import XCTest

/// What Pagefind reads of a page: the marked element, without what it leaves out.
final class SearchRecordTests: XCTestCase {
    func record(_ html: String) -> String? {
        SearchRecord.make(Array(html.utf8)).map { String(decoding: $0, as: UTF8.self) }
    }

    func testKeepsTheMarkedElementWithWhatPagefindReads() throws {
        let page = """
            <!DOCTYPE html>
            <html lang="fr" dir="ltr">
            <head><title>About data-pagefind-body</title><script>var x = "<article data-pagefind-body>";</script></head>
            <body><header><nav><a href="/">Home</a></nav></header>
            <main><article class="article" data-pagefind-body>
            <h1 data-pagefind-meta="title">A <em>title</em></h1>
            <p>Text with a <a class="entity" href="../x/">link</a><sup class="note-ref" data-gen-added><a href="#note-a">1</a></sup>,
            a <mark class="annotation" id="mark-a">passage</mark><span class="sidenote" data-gen-added><span>Sidenote words</span></span> &amp; more.</p>
            <img src="photo.png" alt="A photo" width="10" height="10" loading="lazy">
            <!-- a comment <p>not text</p> -->
            <section class="notes"><ol><li><div class="note" id="note-a" data-note="a">
            <p class="note-head"><span class="note-kind">Fact check</span></p>
            <blockquote class="note-quote"><p>passage</p></blockquote>
            <p>The note's words.</p><p class="note-meta">By desk</p></div></li></ol></section>
            <section class="sources"><ol><li id="source-s">A source</li></ol></section>
            <div hidden data-pagefind-ignore><span data-pagefind-filter="tag">Politics</span><span data-pagefind-sort="date:2024-01-01"></span></div>
            <section class="article-entities" data-pagefind-ignore><h2 id="entities-heading">In this article</h2>
            <ul><li><a href="../x/" id="x-1">Ignored name</a> <b data-pagefind-filter="entity">Kept <i>name</i></b></li></ul>
            <img src="late.png" alt="Late"><h1>Fallback title</h1></section>
            <aside data-pagefind-ignore="all"><span data-pagefind-filter="tag">Left out</span>Excluded words</aside>
            <h2 id="later">Later</h2>
            <style>p { color: red }</style><svg viewBox="0 0 2 2"><line x1="0" y1="0" x2="1" y2="1"/><circle r="1"/></svg>
            </article></main><footer>Footer words</footer></body></html>
            """
        let made = try XCTUnwrap(record(page))
        XCTAssertTrue(made.hasPrefix("<!DOCTYPE html>\n<html lang=\"fr\" dir=\"ltr\">\n<head><meta charset=\"utf-8\"><title>About data-pagefind-body</title></head>"), made)
        XCTAssertTrue(made.contains("<article class=\"article\" data-pagefind-body>"), made)
        XCTAssertTrue(made.contains("<h1 data-pagefind-meta=\"title\">A title</h1>"), made)
        // Only headings and notes keep their ids (Pagefind's anchors).
        XCTAssertTrue(made.contains("<p>Text with a link,\na passage &amp; more.</p>"), made)
        XCTAssertTrue(made.contains("<h2 id=\"later\">Later</h2>"), made)
        XCTAssertTrue(made.contains("<img src=\"photo.png\" alt=\"A photo\">"), made)
        XCTAssertTrue(made.contains("<div id=\"note-a\">"), made)
        XCTAssertTrue(made.contains("<svg><line/><circle/></svg>"), made)
        XCTAssertTrue(made.contains("<p>The note's words.</p>"), made)
        XCTAssertTrue(made.contains("<div hidden data-pagefind-ignore><span data-pagefind-filter=\"tag\">Politics</span><span data-pagefind-sort=\"date:2024-01-01\"></span></div>"), made)
        // Of an ignored element, what Pagefind reads there: filters with their words, images, an <h1>.
        XCTAssertTrue(made.contains("<section class=\"article-entities\" data-pagefind-ignore><b data-pagefind-filter=\"entity\">Kept name</b><img src=\"late.png\" alt=\"Late\"><h1>Fallback title</h1></section>"), made)
        for absent in ["Sidenote words", "Home", "Footer words", "By desk", "A source", "not text", "color: red", "class=\"entity\"", "class=\"note", "href=",
                       "<blockquote", "width=", "mark-a", "In this article", "entities-heading", "Ignored name", "x-1", "Left out", "Excluded words", "<aside"] {
            XCTAssertFalse(made.contains(absent), "\(absent) in \(made)")
        }
    }

    func testAPageWithoutTheMarkHasNoRecord() {
        XCTAssertNil(record("<html><body><main>Words</main></body></html>"))
    }

    func testAPageItCannotFollowIsGivenWhole() {
        let page = "<html><body><article data-pagefind-body><p>Open <!-- comment never closed"
        XCTAssertEqual(record(page), page)
        let unclosed = "<html><body><article data-pagefind-body><p>Never closed</p>"
        XCTAssertEqual(record(unclosed), unclosed)
        // Found by fuzzing: a page that ends on "<" inside a script.
        for cut in ["<html><body><article data-pagefind-body><script>x<", "<html><head><title>data-pagefind-body x<", "<html><body><article data-pagefind-body><style><"] {
            XCTAssertEqual(record(cut), cut)
        }
    }

    func testUnclosedParagraphsCloseWithTheirParent() throws {
        let made = try XCTUnwrap(record("<html><body><article data-pagefind-body><ul><li>One<li>Two</ul><p>After</article><p>Outside</p></body></html>"))
        XCTAssertTrue(made.contains("<article data-pagefind-body><ul><li>One<li>Two</li></li></ul><p>After</p></article>"), made)
        XCTAssertFalse(made.contains("Outside"), made)
    }

    /// Every indexed page of the example site: its record has every word Pagefind indexed of
    /// the page, and nothing gen added.
    func testTheExampleSitesPages() throws {
        let result = SiteBuilder(options: BuildOptions(siteDirectory: Fixtures.repositoryRoot)).build()
        var records = 0
        for file in result.files where file.path.hasSuffix(".html") {
            guard let made = SearchRecord.make(file.bytes) else { continue }
            records += 1
            let text = String(decoding: made, as: UTF8.self)
            XCTAssertFalse(text.contains("data-gen-added"), file.path)
            XCTAssertTrue(text.contains("data-pagefind-body"), file.path)
            XCTAssertLessThan(made.count, file.bytes.count / 2, file.path)
        }
        XCTAssertGreaterThan(records, 5)
    }
}

/// The filters split by initial (`assets/search.js` names them the same way; `scripts/search_check.py`
/// searches by entity in Chromium).
final class SearchFilterKeyTests: XCTestCase {
    func testNamesAreSplitByTheirFirstLetter() {
        XCTAssertEqual(SearchMarkup.filterKey("entity", for: "Tony Blair"), "entity-t")
        XCTAssertEqual(SearchMarkup.filterKey("tag", for: "uk-politics"), "tag-u")
        XCTAssertEqual(SearchMarkup.filterKey("source", for: "2024 report"), "source-0")
        XCTAssertEqual(SearchMarkup.filterKey("entity", for: "Émile Zola"), "entity-other")
        XCTAssertEqual(SearchMarkup.filterKey("verdict", for: "false"), "verdict")
        XCTAssertEqual(SearchMarkup.filterKey("year", for: "2024"), "year")
    }
}
