import XCTest
@testable import GenKit
import TestSupport

/// What a reading page says besides its body: titles and summaries with inline Markdown, meta
/// tags, the favicon, drafts, the theme's language, and links for opening the output from disk.
final class ReadingPageTests: XCTestCase {
    func build(_ files: [String: String], drafts: Bool = false, fileURLs: Bool = false) throws -> (BuildResult, [String: String]) {
        let site = try TemporarySite(files)
        var options = BuildOptions(siteDirectory: site.directory, drafts: drafts, jobs: 2)
        options.fileURLs = fileURLs
        let result = SiteBuilder(options: options).build()
        XCTAssertEqual(result.diagnostics.sorted.map(\.rendered), [])
        return (result, Dictionary(uniqueKeysWithValues: result.files.map { ($0.path, String(decoding: $0.bytes, as: UTF8.self)) }))
    }

    let article = """
    ---
    title: "Why the *river* moved"
    date: 2025-03-14
    summary: "A summary with **bold**, `code` and <b>raw</b> HTML."
    ---

    Text of the article.

    ![A map of the river](https://example.org/map.png)
    """

    func testTitlesAndSummariesRenderInlineMarkdownAndArePlainInMetaAndFeeds() throws {
        let (_, files) = try build(["gen.toml": "title = \"T\"\nbase_url = \"https://example.org/\"\n",
                                    "content/articles/a.md": article])
        let page = try XCTUnwrap(files["articles/a/index.html"])
        XCTAssertTrue(page.contains("<h1>Why the <em>river</em> moved</h1>"), page)
        XCTAssertTrue(page.contains("<title>Why the river moved · T</title>"), page)
        XCTAssertTrue(page.contains(#"<meta name="description" content="A summary with bold, code and raw HTML.">"#), page)
        XCTAssertTrue(page.contains(#"<meta property="og:title" content="Why the river moved">"#), page)
        XCTAssertTrue(page.contains(#"<meta property="og:type" content="article">"#), page)
        XCTAssertTrue(page.contains(#"<meta property="og:image" content="https://example.org/map.png">"#), page)
        XCTAssertTrue(page.contains(#"<meta name="twitter:card" content="summary_large_image">"#), page)
        XCTAssertTrue(page.contains(#"<link rel="icon" href="../../assets/favicon.svg" type="image/svg+xml">"#), page)
        XCTAssertNotNil(files["assets/favicon.svg"])
        let index = try XCTUnwrap(files["index.html"])
        XCTAssertTrue(index.contains(">Why the <em>river</em> moved</a>"), index)
        XCTAssertTrue(index.contains("A summary with <strong>bold</strong>, <code>code</code> and raw HTML."), index)
        XCTAssertFalse(index.contains("&lt;b&gt;"), index)
        let feed = try XCTUnwrap(files["feed.xml"])
        XCTAssertTrue(feed.contains("<title>Why the river moved</title>"), feed)
        XCTAssertTrue(feed.contains("<summary>A summary with bold, code and raw HTML.</summary>"), feed)
        XCTAssertTrue(index.contains(#"<meta property="og:type" content="website">"#), index)
    }

    func testCitationsAndEntityLinksInTitlesAndSummaries() {
        XCTAssertEqual(InlineMarkdown.plain("[@a] As the report says [@a, p. 4], it rose [see @a; @b]."), "As the report says, it rose.")
        XCTAssertEqual(InlineMarkdown.html("As *the* report says [@a]."), "As <em>the</em> report says.")
        XCTAssertEqual(InlineMarkdown.plain(#"Written \[@a\] and `[@b]` and `` `[@c]` ``, mailed to x@y.org [here]"#),
                       "Written [@a] and [@b] and `[@c]`, mailed to x@y.org [here]")
        XCTAssertEqual(InlineMarkdown.plain("An `unclosed [@a] span"), "An `unclosed span")
        // Entity links show their words; escaped, the brackets.
        XCTAssertEqual(InlineMarkdown.plain(#"[[Sofia Patel]] met [[sofia-patel|the *director*]], not \[\[Sam\]\] or [[]] [[a"#),
                       "Sofia Patel met the director, not [[Sam]] or [[]] [[a")
        XCTAssertEqual(InlineMarkdown.html("Met [[sofia-patel|the *director*]]"), "Met the <em>director</em>")
        // A link whose text looks like a citation is a link (a title shows its text).
        XCTAssertEqual(InlineMarkdown.plain("Asked [@jack](https://example.org/jack) and [[|x]] [[y|]]"), "Asked @jack and [[|x]] [[y|]]")
    }

    func testAFaviconOfTheSiteReplacesTheDefault() throws {
        let (_, files) = try build(["content/articles/a.md": "---\ntitle: A\n---\nText.\n",
                                    "templates/assets/favicon.svg": "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"])
        XCTAssertEqual(files["assets/favicon.svg"], "<svg xmlns=\"http://www.w3.org/2000/svg\"/>")
    }

    func testDraftsAreMarkedInDraftBuilds() throws {
        let (_, files) = try build(["content/articles/a.md": "---\ntitle: A\ndraft: true\n---\nText.\n"], drafts: true)
        XCTAssertTrue(try XCTUnwrap(files["articles/a/index.html"]).contains("<p class=\"draft-mark\">Draft</p>"))
        XCTAssertTrue(try XCTUnwrap(files["index.html"]).contains("<span class=\"draft-mark\">Draft</span>"))
    }

    func testLanguageSelectsTheThemesWordsAndDates() throws {
        let notes = "> Text\n\n{#n .fact-check verdict=false}\n\nA note.\n"
        let (_, files) = try build(["gen.toml": "language = \"fr\"\n",
                                    "content/articles/a.md": "---\ntitle: A\ndate: 2024-10-18\ntoc: true\n---\nText of it.\n\n## Suite\n",
                                    "content/annotations/a.md": notes])
        let page = try XCTUnwrap(files["articles/a/index.html"])
        // gen's own words in the text too: a heading's self-link, the table of contents.
        XCTAssertTrue(page.contains("aria-label=\"Lien vers la section « Suite »\" data-gen-added>#</a>"), page)
        XCTAssertTrue(page.contains("<h2 id=\"toc-title\">Sommaire</h2>"), page)
        XCTAssertTrue(page.contains("<time datetime=\"2024-10-18T00:00:00Z\" dir=\"auto\">18 octobre 2024</time>"), page)
        XCTAssertTrue(page.contains("1 min de lecture"), page)
        XCTAssertTrue(page.contains("<h2 id=\"notes-heading\">Notes</h2>"), page)
        XCTAssertTrue(page.contains("<span class=\"note-kind\">Vérification</span>"), page)
        XCTAssertTrue(page.contains(">Aller au contenu</a>"), page)
        XCTAssertTrue(page.contains("<html lang=\"fr\" dir=\"ltr\">"), page)
        XCTAssertTrue(page.contains("<meta property=\"og:locale\" content=\"fr_FR\">"), page)
        XCTAssertEqual(ThemeLabels(language: "fr-CA").openGraphLocale, "fr_CA")
        XCTAssertEqual(ThemeLabels(language: "eo").openGraphLocale, "eo")
        XCTAssertFalse(page.contains("min read"), page)

        let (_, german) = try build(["gen.toml": "language = \"de\"\n[labels]\nnotes = \"Randnotizen\"\n",
                                     "content/articles/a.md": "---\ntitle: A\ndate: 2024-10-18\n---\nText of it.\n",
                                     "content/annotations/a.md": notes])
        let de = try XCTUnwrap(german["articles/a/index.html"])
        XCTAssertTrue(de.contains(">18. Oktober 2024</time>"), de)
        XCTAssertTrue(de.contains("<h2 id=\"notes-heading\">Randnotizen</h2>"), de)

        let (_, spanish) = try build(["gen.toml": "language = \"es\"\n",
                                      "content/articles/a.md": "---\ntitle: A\ndate: 2024-10-18\n---\nText.\n"])
        XCTAssertTrue(try XCTUnwrap(spanish["articles/a/index.html"]).contains(">18 de octubre de 2024</time>"))

        let (_, entities) = try build(["gen.toml": "language = \"es\"\n",
                                       "content/entities/lowmoor.md": "---\nname: Lowmoor\nkind: place\n---\nA town.\n",
                                       "content/articles/a.md": "---\ntitle: A\n---\nIn Lowmoor.\n"])
        XCTAssertTrue(try XCTUnwrap(entities["entities/index.html"]).contains("Lugares"))
        XCTAssertTrue(try XCTUnwrap(entities["entities/lowmoor/index.html"]).contains("Lugar"))

        // A reference's dates and words too, on the article and on /sources/; [labels] reaches them.
        let sources = "- id: plan\n  type: report\n  title: Plan\n  author: [{family: Ng, given: Ana}, {family: Roy, given: Li}]\n"
            + "  issued: 2024-10\n  accessed: 2024-10-19\n  URL: https://example.org/plan\n  archive_url: https://archive.org/plan\n"
        for (language, expected) in [("fr", "Ana Ng et Li Roy (octobre 2024). <cite>Plan</cite>. <a class=\"source-url\" href=\"https://example.org/plan\" rel=\"noopener\">example.org/plan</a>, <a class=\"source-archived\" href=\"https://archive.org/plan\" rel=\"noopener\">copie archivée</a>. Consulté le 19 octobre 2024."),
                                     ("de", "Ana Ng und Li Roy (Oktober 2024). <cite>Plan</cite>. <a class=\"source-url\" href=\"https://example.org/plan\" rel=\"noopener\">example.org/plan</a>, <a class=\"source-archived\" href=\"https://archive.org/plan\" rel=\"noopener\">Archiv</a>. Abgerufen am 19. Oktober 2024."),
                                     ("es", "Ana Ng y Li Roy (octubre de 2024). <cite>Plan</cite>. <a class=\"source-url\" href=\"https://example.org/plan\" rel=\"noopener\">example.org/plan</a>, <a class=\"source-archived\" href=\"https://archive.org/plan\" rel=\"noopener\">copia archivada</a>. Consultado el 19 de octubre de 2024.")] {
            let (_, cited) = try build(["gen.toml": "language = \"\(language)\"\n" + (language == "de" ? "[labels]\narchived_copy = \"Archiv\"\n" : ""),
                                        "content/sources.yaml": sources,
                                        "content/articles/a.md": "---\ntitle: A\n---\nText [@plan].\n"])
            XCTAssertTrue(try XCTUnwrap(cited["articles/a/index.html"]).contains(expected), language)
            XCTAssertTrue(try XCTUnwrap(cited["sources/index.html"]).contains(expected), language)
        }

        let (_, arabic) = try build(["gen.toml": "language = \"ar\"\n", "content/articles/a.md": "---\ntitle: A\n---\nText.\n"])
        XCTAssertTrue(try XCTUnwrap(arabic["index.html"]).contains("<html lang=\"ar\" dir=\"rtl\">"))
    }

    /// A standalone page that mentions an entity is listed on the entity's page under "Pages",
    /// apart from the articles: "Mentioned in N articles", the paging of the articles, the
    /// entity's feed and the count on /entities/ are the articles'.
    func testAnEntityPageListsStandalonePagesApartFromArticles() throws {
        let (_, files) = try build(["gen.toml": "[pagination]\nper_page = 1\n",
                                    "content/entities/lowmoor.md": "---\nname: Lowmoor\nkind: place\n---\n",
                                    "content/entities/highfell.md": "---\nname: Highfell\nkind: place\n---\n",
                                    "content/articles/a.md": "---\ntitle: Floods\ndate: 2024-10-18\n---\nRain in Lowmoor.\n",
                                    "content/pages/about.md": "---\ntitle: About us\n---\nWe write from Lowmoor, near Highfell.\n"])
        let entity = try XCTUnwrap(files["entities/lowmoor/index.html"])
        XCTAssertTrue(entity.contains("Mentioned in 1 article ·"), entity)
        let articles = try XCTUnwrap(entity.components(separatedBy: #"<h2 id="mentions-heading">"#).last?
            .components(separatedBy: "</section>").first)
        XCTAssertTrue(articles.contains(#"<a href="../../articles/a/#mention-lowmoor-1">Floods</a>"#), articles)
        XCTAssertFalse(articles.contains("About us"), articles)
        let pages = try XCTUnwrap(entity.components(separatedBy: #"<h2 id="pages-heading">"#).last?
            .components(separatedBy: "</section>").first)
        XCTAssertTrue(pages.hasPrefix("Pages</h2>"), pages)
        XCTAssertTrue(pages.contains(#"<a href="../../about/#mention-lowmoor-1">About us</a>"#), pages)
        XCTAssertTrue(pages.contains("We write from Lowmoor, near Highfell."), pages)
        // One article at one per page: no second page for the page that mentions it.
        XCTAssertNil(files["entities/lowmoor/page/2/index.html"])
        XCTAssertFalse(try XCTUnwrap(files["entities/lowmoor/feed.xml"]).contains("About us"))

        // Mentioned in a page only.
        let other = try XCTUnwrap(files["entities/highfell/index.html"])
        XCTAssertTrue(other.contains("Mentioned in 0 articles ·"), other)
        XCTAssertTrue(other.contains("<p>No article mentions it yet.</p>"), other)
        XCTAssertTrue(other.contains(#"<a href="../../about/#mention-highfell-1">About us</a>"#), other)
        let list = try XCTUnwrap(files["entities/index.html"])
        XCTAssertTrue(list.contains(#"<a href="../entities/highfell/">Highfell</a> <span class="count">0<span class="visually-hidden"> articles</span></span>"#), list)
        let second = try XCTUnwrap(files["entities/page/2/index.html"])
        XCTAssertTrue(second.contains(#"entities/lowmoor/">Lowmoor</a> <span class="count">1<span class="visually-hidden"> article</span></span>"#), second)
    }

    /// The co-mention picture draws the 8 strongest; when the list beside it has more, a line
    /// under it says so, in the site's language, and the picture's name is in it too.
    func testThePictureSaysWhenItShowsFewerThanTheList() throws {
        var files = ["gen.toml": "language = \"fr\"\n"]
        let towns = ["Ardley", "Bexford", "Carrow", "Dunmere", "Elstow", "Fenby", "Garth", "Holm", "Islip", "Jarrow"]
        for town in towns + ["Lowmoor", "Kirkby"] { files["content/entities/\(town.lowercased()).md"] = "---\nname: \(town)\nkind: place\n---\n" }
        // Lowmoor is mentioned with eleven, of which the list has the first ten; Kirkby with
        // Lowmoor only.
        files["content/articles/a.md"] = "---\ntitle: Floods\ndate: 2024-10-18\n---\nRain in Lowmoor, " + towns.joined(separator: ", ") + ".\n"
        files["content/articles/b.md"] = "---\ntitle: Roads\ndate: 2024-10-19\n---\nThe road from Kirkby to Lowmoor.\n"
        let (_, built) = try build(files)
        let lowmoor = try XCTUnwrap(built["entities/lowmoor/index.html"])
        XCTAssertTrue(lowmoor.contains(">Lowmoor et les entités le plus souvent citées avec</title>"), lowmoor)
        XCTAssertTrue(lowmoor.contains("</svg>\n<p class=\"meta co-mention-caption\">L’image montre les 8 premiers des 10 ci-dessous.</p>"), lowmoor)
        XCTAssertEqual(lowmoor.components(separatedBy: "<circle cx=").count - 1, 8)
        let kirkby = try XCTUnwrap(built["entities/kirkby/index.html"])
        XCTAssertTrue(kirkby.contains("<title id=\"co-mentions-kirkby\">Kirkby et les"), kirkby)
        XCTAssertFalse(kirkby.contains("co-mention-caption"), kirkby)
    }

    /// A page gen.toml's menu links to and that says `menu: main` too is in the menu once, as
    /// gen.toml names it, and a warning says so.
    func testAPageInTheMenuTwiceIsShownOnce() throws {
        let site = try TemporarySite([
            "gen.toml": "title = \"T\"\n[[menu.main]]\nname = \"About us\"\nurl = \"/about/\"\n",
            "content/articles/a.md": "---\ntitle: A\n---\nText.\n",
            "content/pages/about.md": "---\ntitle: About\nmenu: main\n---\nWho we are.\n",
        ])
        let result = SiteBuilder(options: BuildOptions(siteDirectory: site.directory, jobs: 1)).build()
        let built = Dictionary(result.files.map { ($0.path, String(decoding: $0.bytes, as: UTF8.self)) }, uniquingKeysWith: { a, _ in a })
        XCTAssertEqual(result.diagnostics.sorted.map(\.rendered), [
            "content/pages/about.md:1:1: warning: page 'About' has 'menu: main', and gen.toml's [[menu.main]] link 'About us' leads to "
                + "it too: it is in the menu once, as gen.toml names it\nnote: remove one of the two",
        ])
        let page = try XCTUnwrap(built["index.html"])
        XCTAssertEqual(page.components(separatedBy: "about/\"").count - 1, 1, page)
        XCTAssertTrue(page.contains(">About us</a>"), page)
    }

    /// docs/writing-content.md names every key `[labels]` accepts, and nothing else; every
    /// built-in language has every key.
    func testTheDocumentedLabelKeysAreTheThemesKeys() throws {
        let doc = try String(contentsOfFile: Fixtures.repositoryRoot + "/docs/writing-content.md", encoding: .utf8)
        let paragraph = try XCTUnwrap(doc.components(separatedBy: "The keys: ").dropFirst().first?.components(separatedBy: "\n\n").first)
        var documented = Set(paragraph.components(separatedBy: "`").enumerated().filter { $0.offset % 2 == 1 }.map(\.element))
            .filter { !$0.contains("{") && !$0.contains(" ") && !$0.contains(".") }
        documented.remove("month_1"); documented.remove("month_12")
        documented.formUnion((1...12).map { "month_\($0)" })
        // "likewise for `organization`, `place`, ...": the kinds of entity, each with both keys.
        for kind in ["organization", "place", "event", "work", "topic", "other"] {
            documented.remove(kind)
            documented.formUnion(["kind_" + kind, "kinds_" + kind])
        }
        XCTAssertEqual(documented.sorted(), ThemeLabels.keys)
        for language in ["fr", "de", "es"] {
            XCTAssertEqual(Set(ThemeLabels.builtIn[language]!.keys).symmetricDifference(ThemeLabels.keys).sorted(), [], language)
        }
    }

    func testAnUnknownLabelIsAWarning() throws {
        let site = try TemporarySite(["gen.toml": "[labels]\nnotez = \"x\"\n", "content/articles/a.md": "---\ntitle: A\n---\nText.\n"])
        let rendered = site.build().diagnostics.sorted.map(\.rendered).joined(separator: "\n")
        XCTAssertTrue(rendered.contains("warning: unknown key 'labels.notez' in gen.toml is ignored"), rendered)
    }

    func testFileURLsEndInIndexHTML() throws {
        let files = ["content/articles/a.md": "---\ntitle: A\ntags: [x]\n---\nText.\n"]
        for fromConfig in [false, true] {
            let (_, out) = try build(fromConfig ? files.merging(["gen.toml": "[output]\nfile_urls = true\n"]) { $1 } : files,
                                     fileURLs: !fromConfig)
            let index = try XCTUnwrap(out["index.html"])
            XCTAssertTrue(index.contains("href=\"./articles/a/index.html\""), index)
            XCTAssertTrue(index.contains("href=\"./tags/index.html\""), index)
            XCTAssertTrue(index.contains("href=\"./index.html\""), index)
            XCTAssertTrue(index.contains("href=\"./assets/style.css\""), index)
            let page = try XCTUnwrap(out["articles/a/index.html"])
            XCTAssertTrue(page.contains("href=\"../../tags/x/index.html\""), page)
            XCTAssertFalse(page.contains("href=\"../../\""), page)
            // The 404 page, opened from disk beside the index, links as the index does.
            let notFound = try XCTUnwrap(out["404.html"])
            XCTAssertTrue(notFound.contains("href=\"./index.html\""), notFound)
            XCTAssertTrue(notFound.contains("href=\"./assets/style.css\""), notFound)
            XCTAssertFalse(notFound.contains("href=\"/"), notFound)
        }
        let (_, plain) = try build(files)
        XCTAssertTrue(try XCTUnwrap(plain["index.html"]).contains("href=\"./articles/a/\""))
    }

    func testSidenoteBodiesArePhrasingContent() {
        var out: [UInt8] = []
        NoteMarkup.appendPhrasing(Array("<p>One <em>two</em></p>\n<blockquote>\n<p>Q</p>\n</blockquote>\n<ol start=\"2\">\n<li>x</li>\n</ol>\n<hr />\n".utf8), to: &out)
        XCTAssertEqual(String(decoding: out, as: UTF8.self),
                       "<span class=\"sidenote-p\">One <em>two</em></span>\n<span class=\"sidenote-blockquote\">\n<span class=\"sidenote-p\">Q</span>\n</span>\n"
                       + "<span class=\"sidenote-ol\">\n<span class=\"sidenote-li\">x</span>\n</span>\n<span class=\"sidenote-hr\"></span>\n")
    }

    func testPhrasingBlocksAreRecognisedExactlyByTheirBytes() {
        let others = ["a", "em", "span", "h7", "h0", "hx", "pr", "pres", "tfoot", "sup", "b", "blockquotes", "figcap", "d", "t", "s"]
        let blocks: Set = ["p", "blockquote", "ul", "ol", "li", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "div",
                           "section", "table", "thead", "tbody", "tr", "th", "td", "dl", "dt", "dd", "figure", "figcaption"]
        for name in blocks.sorted() + others {
            let bytes = Array(name.utf8)
            XCTAssertEqual(NoteMarkup.isPhrasingBlock(bytes, 0..<bytes.count), blocks.contains(name), name)
        }
    }
}
