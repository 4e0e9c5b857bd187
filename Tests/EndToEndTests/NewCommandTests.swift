import Foundation
import TestSupport
import XCTest

/// `gen new` and `--future`, run as a user would.
final class NewCommandTests: XCTestCase {
    func testNewArticlePageAndNotesWriteStubsThatBuild() throws {
        let root = try TemporarySite()
        XCTAssertEqual(try GenProcess.run(["init", "site"], in: root.directory).status, 0)
        let site = root.directory + "/site"
        let article = try GenProcess.run(["new", "article", "Why the Vote Slipped: a Timeline"], in: site)
        XCTAssertEqual(article.status, 0, article.stderr)
        XCTAssertEqual(article.stdout.split(separator: "\n").first, "content/articles/why-the-vote-slipped-a-timeline.md")
        let text = try root.read("site/content/articles/why-the-vote-slipped-a-timeline.md")
        XCTAssertTrue(text.contains("title: \"Why the Vote Slipped: a Timeline\"\ndate: "), text)
        XCTAssertTrue(text.contains("draft: true"), text)

        let page = try GenProcess.run(["new", "page", "About us"], in: site)
        XCTAssertEqual(page.stdout, "content/pages/about-us.md\n", page.stderr)

        // The stub note quotes words the article has exactly once.
        try root.write("site/content/articles/why-the-vote-slipped-a-timeline.md",
                       text.replacingOccurrences(of: "Write the article here, in Markdown.",
                                                 with: "The vote was set for Monday. The vote was set for Monday. Then it slipped to Friday."))
        let notes = try GenProcess.run(["new", "notes", "why-the-vote-slipped-a-timeline"], in: site)
        XCTAssertEqual(notes.stdout, "content/annotations/why-the-vote-slipped-a-timeline.md\n", notes.stderr)
        XCTAssertTrue(try root.read("site/content/annotations/why-the-vote-slipped-a-timeline.md")
            .contains("> The vote was set for Monday. The vote was set\n\n{.context}"))

        // It builds, with a warning until the note says something.
        let built = try GenProcess.run(["build", "--drafts"], in: site)
        XCTAssertEqual(built.status, 0, built.stderr)
        XCTAssertEqual(built.stderr, "content/annotations/why-the-vote-slipped-a-timeline.md:9:1: warning: this note still has the text 'gen new notes' wrote\n"
                       + "note: write what a reader should know about the passage, or remove the note\n")
        XCTAssertTrue(root.exists("site/public/about-us/index.html"))
        XCTAssertTrue(root.exists("site/public/articles/why-the-vote-slipped-a-timeline/annotations.jsonld"))

        let again = try GenProcess.run(["new", "page", "About us"], in: site)
        XCTAssertEqual(again.status, 1)
        XCTAssertEqual(again.stderr, "gen: error: content/pages/about-us.md exists already\n")
        // An article with a link to another's Markdown file (or any other problem for the
        // build to report) still gets its sample note.
        try root.write("site/content/articles/linking.md", "---\ntitle: Linking\n---\nOn the night.\n\nCompare [the other](about-us.md).\n")
        XCTAssertEqual(try GenProcess.run(["new", "notes", "linking"], in: site).status, 0)
        XCTAssertTrue(try root.read("site/content/annotations/linking.md").contains("> On the night.\n\n{.context}"))

        let unknown = try GenProcess.run(["new", "notes", "no-such-article"], in: site)
        XCTAssertEqual(unknown.status, 1)
        XCTAssertTrue(unknown.stderr.hasPrefix("gen: error: no article 'no-such-article'"), unknown.stderr)
        let misspelt = try GenProcess.run(["new", "notes", "why-the-vote-sliped-a-timeline"], in: site)
        XCTAssertEqual(misspelt.status, 1)
        XCTAssertTrue(misspelt.stderr.hasSuffix("; did you mean 'why-the-vote-slipped-a-timeline'?\n"), misspelt.stderr)
    }

    /// A page where gen puts its own is refused before it is written; an article that opens
    /// with an image and a heading gets its note on its first sentence.
    func testNewRefusesGensOwnPagesAndQuotesPastAnOpeningImage() throws {
        let root = try TemporarySite()
        XCTAssertEqual(try GenProcess.run(["init", "site"], in: root.directory).status, 0)
        let site = root.directory + "/site"
        for title in ["Tags", "Search", "Sources"] {
            let page = try GenProcess.run(["new", "page", title], in: site)
            XCTAssertEqual(page.status, 1, title)
            XCTAssertTrue(page.stderr.contains("where gen puts its own pages: choose another title"), page.stderr)
        }
        XCTAssertFalse(root.exists("site/content/pages"))
        try root.write("site/content/articles/photo/index.md",
                       "---\ntitle: Photo\n---\n![A crowd](crowd.png)\n\n## Dawn\n\nThe crowd gathered on the quay at dawn for the vote.\n")
        XCTAssertEqual(try GenProcess.run(["new", "notes", "photo"], in: site).status, 0)
        XCTAssertTrue(try root.read("site/content/annotations/photo.md").contains("> The crowd gathered on the quay\n\n{.context}"))
    }

    /// Run from the wrong folder, gen says where the site is rather than starting a second one
    /// (content/content/articles/) or serving a folder that is no site.
    func testTheWrongFolderIsNamedWithTheSiteAroundIt() throws {
        let root = try TemporarySite()
        XCTAssertEqual(try GenProcess.run(["init", "site"], in: root.directory).status, 0)
        let content = root.directory + "/site/content"
        let new = try GenProcess.run(["new", "article", "Harbour"], in: content)
        XCTAssertEqual(new.status, 1)
        XCTAssertEqual(new.stderr, "gen: error: no site in '.' (no gen.toml or content/ folder): '.' is inside the site at '..': run gen there, or give --site ..\n")
        XCTAssertFalse(root.exists("site/content/content"))
        let outside = try GenProcess.run(["new", "page", "About"], in: root.directory)
        XCTAssertEqual(outside.status, 1)
        XCTAssertEqual(outside.stderr, "gen: error: no site in '.' (no gen.toml or content/ folder): the site at 'site' is in it: "
                       + "run gen there, or give --site site\n")
        let above = try GenProcess.run(["build"], in: root.directory)
        XCTAssertTrue(above.stderr.hasPrefix("error: no content/ folder in '.'\n"
                                             + "note: the site at 'site' is in it: run gen there, or give --site site\n"), above.stderr)

        XCTAssertFalse(root.exists("content"))
        let built = try GenProcess.run(["build"], in: content + "/articles")
        XCTAssertEqual(built.status, 1)
        XCTAssertTrue(built.stderr.hasPrefix("error: no content/ folder in '.'\n"
                                             + "note: '.' is inside the site at '../..': run gen there, or give --site ../..\n"), built.stderr)
        let served = try GenProcess.run(["serve", "--port", "0"], in: content)
        XCTAssertEqual(served.status, 1)
        XCTAssertEqual(served.stderr, "gen: error: no site in '.' (no gen.toml or content/ folder)\n"
                       + "note: '.' is inside the site at '..': run gen there, or give --site ..\n")
        // An apostrophe inside a word does not split the slug.
        let possessive = try GenProcess.run(["new", "article", "The council\u{2019}s plan"], in: root.directory + "/site")
        XCTAssertEqual(possessive.stdout.split(separator: "\n").first, "content/articles/the-councils-plan.md", possessive.stderr)
    }

    func testFutureArticlesWaitForTheirDateUnlessAsked() throws {
        let site = try TemporarySite([
            "content/articles/now.md": "---\ntitle: Now\ndate: 2024-01-01\n---\nText.\n",
            "content/articles/later.md": "---\ntitle: Later\ndate: 2999-01-01\n---\nText.\n",
            // Hugo's embargo: dated in the past, published later.
            "content/articles/embargo.md": "+++\ntitle = \"Embargo\"\ndate = 2024-01-01\npublishDate = 2999-01-01T09:00:00Z\n+++\nText.\n",
            // Hugo's other spellings; and publishDate alone says when, as in Hugo.
            "content/articles/embargo-2.md": "---\ntitle: Embargo 2\ndate: 2024-01-01\nPubDate: 2999-01-01\n---\nText.\n",
            "content/articles/announced.md": "---\ntitle: Announced\ndate: 2999-01-01\npublishDate: 2024-01-01\n---\nText.\n",
            "content/articles/wip.md": "---\ntitle: WIP\ndraft: true\n---\nText.\n",
            "content/pages/soon.md": "---\ntitle: Soon\ndraft: true\n---\nText.\n",
        ])
        let built = try GenProcess.run(["build"], in: site.directory)
        XCTAssertEqual(built.status, 0, built.stderr)
        XCTAssertEqual(built.stderr, "")
        XCTAssertTrue(built.stdout.contains("gen: built 2 articles, "), built.stdout)
        XCTAssertTrue(site.exists("public/articles/announced/index.html"))
        // The draft page is counted with the draft article.
        XCTAssertTrue(built.stdout.contains("; left out: 2 drafts (--drafts), 3 dated in the future (--future)"), built.stdout)
        XCTAssertFalse(site.exists("public/soon/index.html"))
        XCTAssertFalse(site.exists("public/articles/later/index.html"))
        XCTAssertFalse(site.exists("public/articles/embargo/index.html"))
        let future = try GenProcess.run(["build", "--future"], in: site.directory)
        XCTAssertTrue(future.stdout.contains("gen: built 5 articles, "), future.stdout)
        XCTAssertTrue(site.exists("public/articles/later/index.html"))
        XCTAssertTrue(try site.read("public/articles/embargo/index.html").contains("<time datetime=\"2024-01-01T00:00:00Z\" dir=\"auto\">1 January 2024</time>"))
    }
}

/// `gen --version`, and `gen init` on a folder that has a site already.
final class VersionAndInitAgainTests: XCTestCase {
    func testVersionNamesGenAndCmarkGFM() throws {
        let outcome = try GenProcess.run(["--version"])
        XCTAssertEqual(outcome.status, 0)
        XCTAssertNotNil(outcome.stdout.range(of: #"^gen \d+\.\d+\.\d+ \(cmark-gfm [0-9.a-z]+\)\n$"#, options: .regularExpression),
                        outcome.stdout)
    }

    func testInitOnAnExistingSiteAddsOnlyWhatIsMissingAndTheBuildStillWorks() throws {
        let site = try TemporarySite(["content/articles/mine.md": "---\ntitle: Mine\n---\nMy words.\n"])
        let made = try GenProcess.run(["init"], in: site.directory)
        XCTAssertEqual(made.status, 0, made.stderr)
        XCTAssertEqual(made.stdout, "created gen.toml\ncreated .gitignore\nnext: gen build\n")
        XCTAssertFalse(site.exists("content/articles/welcome.md"))
        XCTAssertTrue(try site.read(".gitignore").contains("public/\n.*.gen-spare/\n.*.gen-manifest*\n"))
        let built = try GenProcess.run(["build"], in: site.directory)
        XCTAssertEqual(built.status, 0, built.stderr)
    }
}

/// A misspelt command is named, with the closest one, at every level.
final class MisspeltCommandTests: XCTestCase {
    func testMisspeltCommandsAreSuggested() throws {
        let top = try GenProcess.run(["bild"])
        XCTAssertEqual(top.status, 64)
        XCTAssertEqual(top.stderr, "gen: error: 'bild' is not a gen command; did you mean 'build'?\n"
                       + "note: the commands are build, check, serve, init, new, entities, annotations (gen --help says more)\n")
        let inner = try GenProcess.run(["new", "artcle", "My title"])
        XCTAssertEqual(inner.status, 64)
        XCTAssertEqual(inner.stderr, "gen: error: 'artcle' is not a command of gen new; did you mean 'article'?\n"
                       + "note: gen new has article, page, notes (gen new --help says more)\n")
        XCTAssertEqual(try GenProcess.run(["annotations", "pim"]).stderr.components(separatedBy: "\n").first,
                       "gen: error: 'pim' is not a command of gen annotations; did you mean 'pin'?")
    }
}
