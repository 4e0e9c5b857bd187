import ByteText
@testable import GenKit
import TestSupport
import Templates
import XCTest

final class ThemeTests: XCTestCase {
    func load(_ files: [String: String]) throws -> (Theme, [String]) {
        let site = try TemporarySite(files)
        var diagnostics = DiagnosticList()
        let theme = Theme.load(siteDirectory: site.directory, fileSystem: LocalFileSystem(), diagnostics: &diagnostics)
        return (theme, diagnostics.sorted.map(\.rendered))
    }

    func testBuiltInThemeLoadsCleanly() throws {
        let (theme, problems) = try load([:])
        XCTAssertEqual(problems, [])
        XCTAssertEqual(theme.origins["article"], "(built-in)/article.mustache")
        XCTAssertEqual(theme.assets.map(\.path), ["favicon.svg", "notes.js", "search.js", "style.css", "tips.js"])
    }

    func testSiteTemplatesReplaceBuiltInsAndAddAssets() throws {
        let (theme, problems) = try load(["templates/footer.mustache": "<footer>mine</footer>\n",
                                          "templates/assets/logo.svg": "<svg/>"])
        XCTAssertEqual(problems, [])
        XCTAssertEqual(theme.origins["footer"], "templates/footer.mustache")
        XCTAssertEqual(String(decoding: theme.render("footer", .dictionary(["x": 1])), as: UTF8.self), "<footer>mine</footer>\n")
        XCTAssertEqual(theme.assets.map(\.path), ["favicon.svg", "logo.svg", "notes.js", "search.js", "style.css", "tips.js"])
    }

    func testMissingPartialIsAnErrorAtItsLine() throws {
        let (_, problems) = try load(["templates/footer.mustache": "<footer>\n  {{> heade}}\n</footer>\n"])
        XCTAssertEqual(problems, ["templates/footer.mustache:2:3: error: partial 'heade' does not exist\nnote: did you mean 'header'?\nnote: add templates/heade.mustache or fix the name"])
    }

    func testSyntaxErrorHasTheTemplateLine() throws {
        let (_, problems) = try load(["templates/header.mustache": "<header>\n{{#site}}\n{{title}}\n</header>\n"])
        XCTAssertEqual(problems.count, 1)
        XCTAssertTrue(problems[0].hasPrefix("templates/header.mustache:"), problems[0])
        XCTAssertTrue(problems[0].contains("error: template syntax error: a section is not closed"), problems[0])
    }

    func testEscapesLikeMustache() {
        XCTAssertEqual(HTMLEscape.escape("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&#39;")
        XCTAssertEqual(HTMLEscape.escape("plain é"), "plain é")
    }
}

final class ThemeErrorTests: XCTestCase {
    func problems(_ template: String) throws -> [String] {
        let site = try TemporarySite(["templates/header.mustache": template])
        var diagnostics = DiagnosticList()
        _ = Theme.load(siteDirectory: site.directory, fileSystem: LocalFileSystem(), diagnostics: &diagnostics)
        return diagnostics.sorted.map(\.rendered)
    }

    func testUnclosedTagAtTheEnd() throws {
        XCTAssertEqual(try problems("line one\n{{name\n"),
                       ["templates/header.mustache:3:1: error: template syntax error: the template ends inside a tag: a '{{' is not closed"])
    }

    /// A template that repeats a list inside itself six times is cut off, and the build fails
    /// saying so, in a second rather than filling the memory.
    func testAPageThatWouldNotEndIsAnError() throws {
        var files = ["templates/index.mustache": String(repeating: "{{#articles}}", count: 6) + String(repeating: "y", count: 1000)
                        + String(repeating: "{{/articles}}", count: 6)]
        for n in 1...20 { files["content/articles/a\(n).md"] = "---\ntitle: A\(n)\n---\nText.\n" }
        let site = try TemporarySite(files)
        let start = ContinuousClock.now
        let result = site.build()
        XCTAssertLessThan(ContinuousClock.now - start, .seconds(20))
        XCTAssertEqual(result.diagnostics.sorted.map(\.rendered), [
            "error: cannot write the output: 'index.html' would be larger than 256 MB: its template repeats too much (a list inside a list inside a list?)",
        ])
    }

    func testWrongClosingNameOnTheFirstLineHasItsOwnColumn() throws {
        XCTAssertEqual(try problems("abc {{/x}} def\n"),
                       ["templates/header.mustache:1:8: error: template syntax error: 'x' closes no section: none is open"])
        XCTAssertEqual(try problems("line one\nabc {{#x}} def {{/y}}\n"),
                       ["templates/header.mustache:2:19: error: template syntax error: 'y' closes the section 'x' opened at 2:8: the names must be the same"])
    }
}

/// The search page's script is written only when the site is indexed for search, whether search
/// is off in gen.toml, not looked for (`--no-search`), or on (a Pagefind named in gen.toml).
final class SearchAssetTests: XCTestCase {
    func paths(_ config: String, search: Bool, fakePagefind: Bool = false) throws -> [String] {
        let site = try TemporarySite(["gen.toml": config,
                                      "content/articles/one.md": "---\ntitle: One\ndate: 2024-01-02\n---\nText.\n"])
        if fakePagefind {
            try site.write("bin/pagefind", "#!/bin/sh\nmkdir -p \"$4\" && : > \"$4/pagefind.js\"\n")
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: site.directory + "/bin/pagefind")
        }
        var options = BuildOptions(siteDirectory: site.directory, jobs: 2)
        options.search = search
        let session = SiteSession(options: options)
        let result = SiteBuilder(options: options).build(into: .memory, session: session)
        XCTAssertEqual(result.diagnostics.sorted.map(\.rendered), [])
        // What gen serve would serve after a full render agrees with the build.
        XCTAssertEqual(session.renderAll().map(\.path).sorted(), result.files.map(\.path))
        return result.files.map(\.path).filter { $0.hasPrefix("assets/") || $0.hasPrefix("search/") }
    }

    func testSearchOffWritesNoSearchScript() throws {
        XCTAssertEqual(try paths("[search]\nenabled = false\n", search: true), ["assets/favicon.svg", "assets/notes.js", "assets/style.css", "assets/tips.js"])
        XCTAssertEqual(try paths("[search]\npagefind = \"bin/pagefind\"\n", search: false, fakePagefind: true),
                       ["assets/favicon.svg", "assets/notes.js", "assets/style.css", "assets/tips.js"])
    }

    func testIndexedSiteWritesTheSearchScript() throws {
        XCTAssertEqual(try paths("[search]\npagefind = \"bin/pagefind\"\n", search: true, fakePagefind: true),
                       ["assets/favicon.svg", "assets/notes.js", "assets/search.js", "assets/style.css", "assets/tips.js", "search/index.html"])
    }
}

/// A page nested deeper than HTML parsers go is not given to the search indexer (Pagefind takes
/// minutes to read one): it is written after the index is made, with a warning.
final class DeepPageSearchTests: XCTestCase {
    func testADeeplyNestedArticleIsWrittenAfterTheIndexIsMade() throws {
        let site = try TemporarySite([
            "gen.toml": "title = \"T\"\n[search]\npagefind = \"bin/pagefind\"\n",
            "content/articles/deep.md": "---\ntitle: Deep\ndate: 2024-01-02\n---\n" + String(repeating: "> ", count: 600) + "x\n",
            "content/articles/flat.md": "---\ntitle: Flat\ndate: 2024-01-02\n---\n" + String(repeating: "> ", count: 500) + "x\n",
        ])
        // The fake indexer notes which article pages it finds in the folder it is given.
        try site.write("bin/pagefind", "#!/bin/sh\nwhile [ \"$1\" != --site ]; do shift; done\nls \"$2/articles\"/*/index.html > '\(site.directory)/seen.txt'\nmkdir -p \"$4\" && : > \"$4/pagefind.js\"\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: site.directory + "/bin/pagefind")
        var options = BuildOptions(siteDirectory: site.directory, jobs: 2)
        options.search = true
        let writer = OutputWriter(outputDirectory: site.directory + "/public", jobs: 2)
        let result = SiteBuilder(options: options).build(into: .folder(writer))
        XCTAssertEqual(result.diagnostics.sorted.map(\.rendered), [
            "content/articles/deep.md:5:1: warning: elements nested 601 deep: the page is left out of the search index\n"
                + "note: browsers show at most 512 levels, and Pagefind takes minutes to read such a page",
        ])
        let seen = try String(contentsOfFile: site.directory + "/seen.txt", encoding: .utf8)
        XCTAssertTrue(seen.contains("articles/flat/index.html"), seen)
        XCTAssertFalse(seen.contains("articles/deep/index.html"), seen)
        // Both pages are in the output all the same.
        XCTAssertTrue(FileManager.default.fileExists(atPath: site.directory + "/public/articles/deep/index.html"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: site.directory + "/public/articles/flat/index.html"))
        // Built again (the spare now holds the older copy of the deep page), it is still unseen.
        let again = SiteBuilder(options: options).build(into: .folder(writer))
        XCTAssertFalse(again.diagnostics.hasErrors)
        XCTAssertFalse(try String(contentsOfFile: site.directory + "/seen.txt", encoding: .utf8).contains("articles/deep/"))
        // gen serve's preview leaves out the same pages from the index it makes.
        let session = SiteSession(options: options)
        _ = SiteBuilder(options: options).build(into: .memory, session: session)
        XCTAssertEqual(session.unsearchedPages, ["articles/deep/index.html"])
    }
}
