@testable import GenKit
import TestSupport
import XCTest

/// Front matter keys gen does not know go to templates as `article.params`; one a letter off a
/// known key is also a warning, and is kept all the same.
final class ArticleParamsTests: XCTestCase {
    func testUnknownKeysAreKeptAndOnlyNearMissesWarn() throws {
        let site = try TemporarySite([
            "content/articles/a.md": "---\ntitle: A\nfoo: bar\ntopic: harbours\ntime: morning\nsite: quay\ntittle: B\nsummery: S\n---\nText.\n",
        ])
        var diagnostics = DiagnosticList()
        let article = try XCTUnwrap(ArticleLoader(fileSystem: LocalFileSystem(), siteDirectory: site.directory, allowAnyURL: false)
            .load("content/articles/a.md", diagnostics: &diagnostics))
        XCTAssertEqual(article.params, ["foo": "bar", "topic": "harbours", "time": "morning", "site": "quay", "tittle": "B", "summery": "S"])
        XCTAssertEqual(diagnostics.sorted.map(\.rendered), [
            "content/articles/a.md:7:1: warning: unknown front matter key 'tittle'\nnote: did you mean 'title'? (it is kept as article.params.tittle)",
            "content/articles/a.md:8:1: warning: unknown front matter key 'summery'\nnote: did you mean 'summary'? (it is kept as article.params.summery)",
        ])
    }

    /// `tags: a, b` is one text in YAML, so one tag: said, with the list that makes two.
    /// Hugo's `[params]` table gives the page's own keys; a key that is not text (a list, a
    /// table) is said to be left out, not dropped without a word.
    func testHugosParamsTableAndKeysThatAreNotText() throws {
        let site = try TemporarySite([
            "content/articles/a.md": "+++\ntitle = \"A\"\nextra = [1, 2]\n[params]\nsubtitle = \"Sub\"\nlist = [\"x\"]\n+++\nText.\n",
        ])
        var diagnostics = DiagnosticList()
        let article = try XCTUnwrap(ArticleLoader(fileSystem: LocalFileSystem(), siteDirectory: site.directory, allowAnyURL: false)
            .load("content/articles/a.md", diagnostics: &diagnostics))
        XCTAssertEqual(article.params, ["subtitle": "Sub"])
        XCTAssertEqual(diagnostics.sorted.map(\.rendered), [
            "content/articles/a.md:3:1: warning: 'extra' is not text; it is left out\nnote: templates get an article's own keys as text (article.params.KEY)",
            "content/articles/a.md:4:1: warning: 'params.list' is not text; it is left out\nnote: templates get an article's own keys as text (article.params.KEY)",
        ])
    }

    /// Advice spells a key as the file writes front matter: TOML's `key = "value"` in a `+++` block.
    func testAdviceInTOMLFrontMatterIsSpelledInTOML() throws {
        let site = try TemporarySite([
            "content/articles/a.md": "+++\ntags = \"a, b\"\nmenu = \"side\"\nurl = \"/old/\"\n+++\nText.\n",
            "content/articles/b.md": "---\ntags: a, b\nurl: /old/\n---\nText.\n",
        ])
        func advice(_ path: String) throws -> [String] {
            var diagnostics = DiagnosticList()
            _ = try XCTUnwrap(ArticleLoader(fileSystem: LocalFileSystem(), siteDirectory: site.directory, allowAnyURL: false)
                .load(path, diagnostics: &diagnostics))
            return diagnostics.sorted.flatMap { $0.notes.map(\.message) }
        }
        XCTAssertEqual(try advice("content/articles/a.md"), [
            "add 'title = \"...\"' to the front matter",
            "for several tags, write a list: tags = [\"a\", \"b\"]",
            "the theme has one menu, the header's: 'menu = \"main\"'",
            "a page's address is its file's name (content/articles/<slug>.md is articles/<slug>/)",
            "to keep /old/ working, add it to 'aliases': aliases = [\"/old/\"]",
        ])
        XCTAssertEqual(try advice("content/articles/b.md"), [
            "add 'title: \"...\"' to the front matter",
            "for several tags, write a list: tags: [a, b]",
            "a page's address is its file's name (content/articles/<slug>.md is articles/<slug>/)",
            "to keep /old/ working, add it to 'aliases': aliases: [/old/]",
        ])
    }

    /// A title that is not text is one error, not also "has no title".
    func testATitleThatIsNotTextIsSaidOnce() throws {
        let site = try TemporarySite(["content/articles/a.md": "+++\ntitle = [\"a\", \"b\"]\n+++\nText.\n"])
        var diagnostics = DiagnosticList()
        _ = ArticleLoader(fileSystem: LocalFileSystem(), siteDirectory: site.directory).load("content/articles/a.md", diagnostics: &diagnostics)
        XCTAssertEqual(diagnostics.sorted.map(\.rendered), ["content/articles/a.md:2:1: error: 'title' must be text"])
    }

    /// Hugo's `aliases`: from the site's root with a leading `/`, else beside the page; a folder
    /// gets its `index.html`, an `.html` file is itself.
    func testAliasFiles() {
        let file = { (alias: String, from: String) in ArticleLoader.aliasFile(alias, from: from).file }
        XCTAssertEqual(file("/2019/05/old/", "articles/new/"), "2019/05/old/index.html")
        XCTAssertEqual(file("/2019/05/old", "articles/new/"), "2019/05/old/index.html")
        XCTAssertEqual(file("/old.html", "articles/new/"), "old.html")
        XCTAssertEqual(file("old.HTM", "articles/new/"), "articles/old.HTM")
        XCTAssertEqual(file("old-name", "articles/new/"), "articles/old-name/index.html")
        XCTAssertEqual(file("about-us", "legal/terms/"), "legal/about-us/index.html")
        XCTAssertEqual(file("//cdn.example/x", "a/"), nil)
        let problems = ["https://x.org/", "javascript:alert(1)", "mailto:a@b.c", "", "/", "../up/", "/a/./b", "/a?b=1", "/a#top"]
            .map { ArticleLoader.aliasFile($0, from: "articles/x/").problem }
        let elsewhere = "is an address of another site, or not a web page's"
        XCTAssertEqual(problems, [elsewhere, elsewhere, elsewhere, "is empty", "is the site's home page", "holds '.' or '..'", "holds '.' or '..'",
                                  "holds '?', '#' or '\\'", "holds '?', '#' or '\\'"])
        XCTAssertEqual(file("/2019/05:30/", "a/"), "2019/05:30/index.html", "a colon after a slash is part of a path")
        XCTAssertEqual(ArticleLoader.aliasFile(String(repeating: "/a", count: 600), from: "a/").problem, "is too long for a path (1,024 bytes, 255 a folder)")
        XCTAssertEqual(ArticleLoader.aliasFile("/" + String(repeating: "a", count: 256) + "/", from: "a/").problem, "is too long for a path (1,024 bytes, 255 a folder)")
        // Search's folders are kept whether or not this build has search.
        XCTAssertEqual(ArticleLoader.aliasFile("/search/", from: "a/").problem, "is in 'search/', which gen keeps for its search page and index")
        XCTAssertEqual(ArticleLoader.aliasFile("/Pagefind/x.html", from: "a/").problem, "is in 'pagefind/', which gen keeps for its search page and index")
        XCTAssertEqual(file("/searches/", "a/"), "searches/index.html")
        // %-escapes are the characters a server looks for.
        XCTAssertEqual(file("/2024/05/%7Eold/", "a/"), "2024/05/~old/index.html")
        XCTAssertEqual(file("/caf%C3%A9.html", "a/"), "café.html")
        for bad in ["/a%2Fb/", "/a%00/", "/50%/", "/%zz/"] {
            XCTAssertEqual(ArticleLoader.aliasFile(bad, from: "a/").problem,
                           "holds a %-escape that is not a character of a path ('%2F', '%00' or a stray '%')", bad)
        }
        XCTAssertEqual(ArticleLoader.aliasFile("/%2E%2E/x/", from: "a/").problem, "holds '.' or '..'")
    }

    func testTagsWrittenAsOneTextWithCommasAreWarnedOf() throws {
        let site = try TemporarySite([
            "content/articles/a.md": "---\ntitle: A\ntags: harbour, ferries\n---\nText.\n",
            "content/articles/b.md": "---\ntitle: B\ntags: [harbour, ferries]\n---\nText.\n",
        ])
        var diagnostics = DiagnosticList()
        let loader = ArticleLoader(fileSystem: LocalFileSystem(), siteDirectory: site.directory, allowAnyURL: false)
        XCTAssertEqual(loader.load("content/articles/a.md", diagnostics: &diagnostics)?.tags, ["harbour, ferries"])
        XCTAssertEqual(loader.load("content/articles/b.md", diagnostics: &diagnostics)?.tags, ["harbour", "ferries"])
        XCTAssertEqual(diagnostics.sorted.map(\.rendered), [
            "content/articles/a.md:3:7: warning: 'tags' is one tag, 'harbour, ferries'\nnote: for several tags, write a list: tags: [harbour, ferries]",
        ])
    }
}
