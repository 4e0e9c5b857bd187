@testable import GenKit
import Markdown
import TestSupport
import XCTest

final class HeadingsAndImagesTests: XCTestCase {
    func render(_ body: String, toc: Bool = false, notes: [Note] = []) -> RenderedArticle {
        var article = Article(slug: "a", path: "content/articles/a.md", title: "A", body: body, bodyLine: 5)
        article.toc = toc
        return RenderMarkdown.render(article, options: MarkdownOptions(), notes: notes,
                                     markup: notes.isEmpty ? nil : NoteMarkup(config: SiteConfig()))
    }

    func testHeadingsGetUniqueIdsAndASelfLink() {
        let html = render("# Who paid?\n\nText.\n\n## Who paid?\n\n## ???\n").html
        XCTAssertTrue(html.contains("<div class=\"heading\">\n<h1 id=\"who-paid\">Who paid?</h1><a class=\"heading-anchor\" href=\"#who-paid\" aria-label=\"Link to the section \u{201C}Who paid?\u{201D}\" data-gen-added>#</a>\n</div>"), html)
        XCTAssertTrue(html.contains("<h2 id=\"who-paid-2\">Who paid?"), html)
        XCTAssertTrue(html.contains("<h2 id=\"section\">???"), html)
    }

    /// Headings in any script are named by their words, as Hugo and GitHub name them; Latin
    /// letters lose their accents as file names do.
    func testHeadingsInAnyScriptKeepTheirWords() {
        let html = render("## Введение\n\n## 引言与方法\n\n## Ἀρχή 2\n\n## Café au lait\n\n## Введение\n").html
        let ids = html.components(separatedBy: "<h2 id=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
        XCTAssertEqual(ids, ["введение", "引言与方法", "αρχη-2", "cafe-au-lait", "введение-2"])
    }

    /// Namesakes take the next free number, a heading's own name counted: as many headings of
    /// one name as a page has are named in one pass each.
    func testNamesakesTakeTheNextFreeNumber() {
        let html = render("## Vote\n\n## Vote 3\n\n## Vote\n\n## Vote\n\n## Vote\n\n## Vote 2\n").html
        let ids = html.components(separatedBy: "<h2 id=\"").dropFirst().map { $0.prefix { $0 != "\"" } }
        XCTAssertEqual(ids, ["vote", "vote-3", "vote-2", "vote-4", "vote-5", "vote-2-2"])
    }

    func testEmphasisInAHeadingStaysAndItsIdIsThePlainText() {
        let html = render("## The *big* vote\n").html
        XCTAssertTrue(html.contains("<h2 id=\"the-big-vote\">The <em>big</em> vote</h2><a"), html)
    }

    /// A heading's citation is left out of its id, its link's name and the table of contents,
    /// as readers see no `[@key]`; an explicit entity link reads as its text.
    func testAHeadingsCitationIsNotInItsNameOrId() {
        let rendered = render("## Heading with citation [@ea2022]\n\n## The [[Harbour Board|board]] [see @a; @b] speaks\n", toc: true)
        let html = rendered.html, toc = String(decoding: rendered.tocBytes, as: UTF8.self)
        XCTAssertTrue(html.contains("<h2 id=\"heading-with-citation\">"), html)
        XCTAssertTrue(html.contains("aria-label=\"Link to the section \u{201C}Heading with citation\u{201D}\""), html)
        XCTAssertTrue(toc.contains("<li><a href=\"#heading-with-citation\">Heading with citation</a></li>"), toc)
        XCTAssertTrue(toc.contains("<li><a href=\"#the-board-speaks\">The board speaks</a></li>"), toc)
    }

    func testTheTableOfContentsNestsByLevel() {
        let rendered = render("## One\n\n### One a\n\n### One b\n\n## Two\n", toc: true)
        XCTAssertEqual(String(decoding: rendered.tocBytes, as: UTF8.self), """
        <nav class="toc" aria-labelledby="toc-title" data-gen-added>
        <h2 id="toc-title">Contents</h2>
        <ol>
        <li><a href="#one">One</a>
        <ol>
        <li><a href="#one-a">One a</a></li>
        <li><a href="#one-b">One b</a></li>
        </ol>
        </li>
        <li><a href="#two">Two</a></li>
        </ol>
        </nav>

        """)
        XCTAssertTrue(render("## One\n").tocBytes.isEmpty, "no table of contents without toc: true")
    }

    func testANoteMayQuoteAHeading() {
        let note = Note(id: "vote", explicitID: true, kind: .context, extraClasses: [], verdict: nil, prefix: nil, suffix: nil,
                        occurrence: nil, author: nil, tags: [], quote: "The big vote", body: "Context.", file: "n.md",
                        location: SourceLocation("n.md", line: 5), attributesLocation: nil, quoteLines: 5...5, bodyLine: 7)
        let rendered = render("## The *big* vote\n\nText.\n", notes: [note])
        XCTAssertEqual(rendered.anchored.count, 1, "\(rendered.diagnostics.sorted.map(\.rendered))")
        XCTAssertTrue(rendered.html.contains("<h2 id=\"the-big-vote\"><mark class=\"annotation\""), rendered.html)
    }

    /// An article that opens with a picture is summed up by its first sentences, not the
    /// picture's alt text.
    func testTheSummaryPassesOverAnOpeningPicture() {
        XCTAssertEqual(render("![A crowd on the quay](crowd.png)\n![The mayor](mayor.png)\n\nThe crowd gathered at dawn. It waited.\n").summary,
                       "The crowd gathered at dawn. It waited.")
        XCTAssertEqual(render("A photo: ![A crowd](crowd.png)\n\nMore.\n").summary, "A photo: A crowd")
    }

    func testImagesAreResolvedSizedAndLazy() throws {
        let site = try TemporarySite([
            "content/articles/trip/index.md": "---\ntitle: Trip\n---\n![A map](map.svg)\n\n![Shared](../../images/logo.svg)\n\n![Root](/badge.svg)\n\n![Remote](https://example.org/x.png)\n",
            "content/articles/trip/map.svg": "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 300 200\"></svg>",
            "content/images/logo.svg": "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"64px\" height=\"32\"></svg>",
            "static/badge.svg": "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"></svg>",
        ])
        let result = site.build()
        XCTAssertEqual(result.diagnostics.sorted.map(\.rendered), [])
        let page = try result.text("articles/trip/index.html")
        XCTAssertTrue(page.contains("<img src=\"../../articles/trip/map.svg\" alt=\"A map\" width=\"300\" height=\"200\" loading=\"lazy\" decoding=\"async\" />"), page)
        XCTAssertTrue(page.contains("<img src=\"../../images/logo.svg\" alt=\"Shared\" width=\"64\" height=\"32\""), page)
        XCTAssertTrue(page.contains("<img src=\"../../badge.svg\" alt=\"Root\" width=\"10\" height=\"10\""), page)
        XCTAssertTrue(page.contains("<img src=\"https://example.org/x.png\" alt=\"Remote\" loading=\"lazy\" decoding=\"async\" />"), page)
        let paths = Set(result.files.map(\.path))
        XCTAssertTrue(paths.isSuperset(of: ["articles/trip/map.svg", "images/logo.svg", "badge.svg"]), "\(paths.sorted())")
    }

    /// A link from the site's root, as images and menu links are: relative to the page, so that
    /// the output works under a subpath, and `gen check` finds what it leads to.
    /// A note's images and an entity's are found as an article's are, from their own file's
    /// folder, and written for the page that shows them (absolute in the W3C export).
    func testImagesOfNotesAndEntitiesAreResolvedToo() throws {
        let site = try TemporarySite([
            "gen.toml": "title = \"T\"\nbase_url = \"https://example.org/review/\"\n",
            "content/articles/a.md": "---\ntitle: A\n---\nThe harbour vote was close.\n",
            "content/annotations/a.md": "> The harbour vote\n\nThe map: ![Map](../images/map.svg) and ![Badge](/badge.svg).\n\n"
                + "> was close\n\n![Gone](../images/gone.png)\n",
            "content/entities/eastbay.md": "---\nname: Eastbay\n---\n![Map](../images/map.svg) and ![](nowhere.png)\n",
            "content/images/map.svg": "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 300 200\"></svg>",
            "static/badge.svg": "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"></svg>",
        ])
        let failed = site.build()
        XCTAssertEqual(failed.diagnostics.sorted.map(\.rendered), [
            "content/annotations/a.md:7:1: error: image '../images/gone.png' not found\nnote: looked for content/images/gone.png\n"
                + "note: put images beside an article in its folder (content/articles/SLUG/index.md), in content/images/ or in static/",
            "content/entities/eastbay.md:4:31: error: image 'nowhere.png' not found\nnote: looked for content/entities/nowhere.png\n"
                + "note: put images beside an article in its folder (content/articles/SLUG/index.md), in content/images/ or in static/",
        ])
        try site.write("content/annotations/a.md", "> The harbour vote\n\nThe map: ![Map](../images/map.svg) and ![Badge](/badge.svg).\n")
        try site.write("content/entities/eastbay.md", "---\nname: Eastbay\n---\n![Map](../images/map.svg)\n")
        let result = site.build()
        XCTAssertEqual(result.diagnostics.sorted.map(\.rendered), [])
        let page = try result.text("articles/a/index.html")
        let map = "<img src=\"../../images/map.svg\" alt=\"Map\" width=\"300\" height=\"200\" loading=\"lazy\" decoding=\"async\" />"
        // In the margin copy and in the Notes list.
        XCTAssertEqual(page.components(separatedBy: map).count - 1, 2, page)
        XCTAssertTrue(page.contains("<img src=\"../../badge.svg\" alt=\"Badge\" width=\"10\" height=\"10\""), page)
        XCTAssertTrue(try result.text("articles/a/annotations.jsonld").contains(#"<img src=\"https://example.org/review/images/map.svg\""#))
        XCTAssertTrue(try result.text("entities/eastbay/index.html").contains(map))
    }

    func testLinksFromTheSiteRootAreMadeRelative() throws {
        let site = try TemporarySite([
            "gen.toml": "title = \"T\"\nbase_url = \"https://example.org/review/\"\n",
            "content/articles/a.md": "---\ntitle: A\n---\nSee [the method](/methodology/), [the policy][p], "
                + "[a CDN](//cdn.example.org/x.js) and [elsewhere](https://example.org/).\n\n[p]: /policy.pdf\n",
            "content/pages/methodology.md": "---\ntitle: Method\n---\nBack to [the start](/).\n",
            "content/annotations/a.md": "> See\n\nA note on it: [how we check](/methodology/).\n",
            "static/policy.pdf": "%PDF-1.4\n",
            "content/entities/eastbay.md": "---\nname: Eastbay\n---\nCovered under [our method](/methodology/).\n",
        ])
        let result = site.build()
        XCTAssertEqual(result.diagnostics.sorted.map(\.rendered), [])
        let page = try result.text("articles/a/index.html")
        XCTAssertTrue(page.contains("<a href=\"../../methodology/\">the method</a>"), page)
        XCTAssertTrue(page.contains("<a href=\"../../policy.pdf\">the policy</a>"), page)
        XCTAssertTrue(page.contains("<a href=\"//cdn.example.org/x.js\">a CDN</a>"), page)
        // In a note's body too (its margin copy and the Notes list), and absolute in the export.
        XCTAssertEqual(page.components(separatedBy: "<a href=\"../../methodology/\">how we check</a>").count - 1, 2, page)
        let export = try result.text("articles/a/annotations.jsonld")
        XCTAssertTrue(export.contains(#"<a href=\"https://example.org/review/methodology/\">how we check</a>"#), export)
        let method = try result.text("methodology/index.html")
        XCTAssertTrue(method.contains("<a href=\"../\">the start</a>"), method)
        let entity = try result.text("entities/eastbay/index.html")
        XCTAssertTrue(entity.contains("<a href=\"../../methodology/\">our method</a>"), entity)
        XCTAssertEqual(LinkChecker(basePath: result.config.basePath, jobs: 2).check(result.files).map(\.rendered), [])
    }

    /// A link to another document's Markdown file, as a Markdown editor or a code host follows
    /// it, leads to that document's page, relative to the page it is on.
    func testLinksToMarkdownFilesLeadToTheirPages() throws {
        let site = try TemporarySite([
            "gen.toml": "title = \"T\"\nbase_url = \"https://example.org/review/\"\n",
            "content/articles/a.md": "---\ntitle: A\n---\nSee [b](b.md#the-vote), [the method](../pages/methodology.md), "
                + "[from content](/articles/b.md?x=1), [C](c/index.md) and [a file](notes.MD.txt).\n",
            "content/articles/b.md": "---\ntitle: B\n---\nBack to [a](./a.md).\n",
            "content/articles/c/index.md": "---\ntitle: C\n---\nText.\n",
            "content/pages/methodology.md": "---\ntitle: Method\n---\nRead [A](../articles/a.md).\n",
            "content/pages/policy/corrections.md": "---\ntitle: Corrections\n---\nAs [the method](../methodology.md) says.\n",
            "content/annotations/a.md": "> See\n\nA note: [B](../articles/b.md), [Eastbay](../entities/eastbay.md).\n",
            "content/entities/eastbay.md": "---\nname: Eastbay\n---\n",
            "content/articles/d.md": "---\ntitle: D\ndraft: true\n---\nLater.\n",
            "content/articles/e.md": "---\ntitle: E\n---\nSoon [the draft](d.md).\n",
        ])
        let result = site.build()
        XCTAssertEqual(result.diagnostics.sorted.map(\.rendered), [
            "content/articles/e.md:4:6: warning: link to 'd.md' leads to a draft or an article dated later: its text is shown without the link\n"
                + "note: it will lead to its page once content/articles/d.md is published",
        ])
        let a = try result.text("articles/a/index.html")
        for link in ["<a href=\"../../articles/b/#the-vote\">b</a>", "<a href=\"../../methodology/\">the method</a>",
                     "<a href=\"../../articles/b/?x=1\">from content</a>", "<a href=\"../../articles/c/\">C</a>",
                     "<a href=\"notes.MD.txt\">a file</a>"] {
            XCTAssertTrue(a.contains(link), link)
        }
        // In a note's body, its margin copy and the Notes list; an entity's file leads to its page.
        XCTAssertEqual(a.components(separatedBy: "<a href=\"../../articles/b/\">B</a>").count - 1, 2, a)
        XCTAssertEqual(a.components(separatedBy: "<a href=\"../../entities/eastbay/\">Eastbay</a>").count - 1, 2, a)
        // A draft's link would lead nowhere: its text stays.
        XCTAssertTrue(try result.text("articles/e/index.html").contains("<p>Soon the draft.</p>"))
        XCTAssertTrue(try result.text("articles/b/index.html").contains("<a href=\"../../articles/a/\">a</a>"))
        XCTAssertTrue(try result.text("methodology/index.html").contains("<a href=\"../articles/a/\">A</a>"))
        XCTAssertTrue(try result.text("policy/corrections/index.html").contains("<a href=\"../../methodology/\">the method</a>"))
    }

    func testAnImageCannotClimbOutOfTheSite() throws {
        let site = try TemporarySite(["content/articles/a.md": "---\ntitle: A\n---\n![x](../../../../etc/passwd)\n"])
        XCTAssertEqual(site.diagnosticLines().first, "content/articles/a.md:4:1: error: image '../../../../etc/passwd' not found")
    }
}
