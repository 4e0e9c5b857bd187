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
