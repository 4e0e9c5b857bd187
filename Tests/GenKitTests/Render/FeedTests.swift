import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import GenKit
import TestSupport
import XCTest

/// Every feed a site makes has what RFC 4287 requires, element by element.
final class FeedTests: XCTestCase {
    func assertValidAtom(_ bytes: [UInt8], path: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let document = try XMLDocument(data: Data(bytes))
        let feed = try XCTUnwrap(document.rootElement(), file: file, line: line)
        XCTAssertEqual(feed.name, "feed", path, file: file, line: line)
        XCTAssertEqual(feed.uri, "http://www.w3.org/2005/Atom", path, file: file, line: line)
        func children(_ element: XMLElement, _ name: String) -> [XMLElement] { element.elements(forName: name) }
        func one(_ element: XMLElement, _ name: String) -> XMLElement? {
            let found = children(element, name)
            XCTAssertEqual(found.count, 1, "\(path): <\(element.name ?? "")> has \(found.count) <\(name)>", file: file, line: line)
            return found.first
        }
        // 4.1.1: exactly one id (an absolute IRI), title and updated (a date-time); an author
        // unless every entry has one; a self link is recommended and gen always writes it.
        XCTAssertTrue(one(feed, "id")?.stringValue?.contains(":") ?? false, "\(path): the feed id is not an IRI", file: file, line: line)
        XCTAssertFalse(one(feed, "title")?.stringValue?.isEmpty ?? true, path, file: file, line: line)
        XCTAssertNotNil(one(feed, "updated")?.stringValue.flatMap(SiteDate.init(parsing:)), path, file: file, line: line)
        let feedAuthor = !children(feed, "author").isEmpty
        XCTAssertTrue(children(feed, "link").contains { ($0.attributes ?? []).contains { $0.name == "rel" && $0.stringValue == "self" } }, path,
                      file: file, line: line)
        var ids: Set<String> = []
        for entry in children(feed, "entry") {
            // 4.1.2: id, title, updated; a link (alternate) since there is no content of its own.
            let id = one(entry, "id")?.stringValue ?? ""
            XCTAssertTrue(id.contains(":"), "\(path): entry id '\(id)' is not an IRI", file: file, line: line)
            XCTAssertTrue(ids.insert(id).inserted, "\(path): entry id '\(id)' twice", file: file, line: line)
            XCTAssertFalse(one(entry, "title")?.stringValue?.isEmpty ?? true, path, file: file, line: line)
            XCTAssertNotNil(one(entry, "updated")?.stringValue.flatMap(SiteDate.init(parsing:)), path, file: file, line: line)
            XCTAssertFalse(children(entry, "link").isEmpty, "\(path): an entry without a link", file: file, line: line)
            XCTAssertTrue(feedAuthor || !children(entry, "author").isEmpty, path, file: file, line: line)
        }
    }

    func testEveryFeedOfASiteIsValidAtom() throws {
        for fixture in ["pages", "annotated", "basic"] {
            let site = try TemporarySite(fixture: "sites/\(fixture)")
            let feeds = site.build().files.filter { $0.path.hasSuffix(".xml") && $0.path != "sitemap.xml" }
            XCTAssertFalse(feeds.isEmpty)
            for feed in feeds { try assertValidAtom(feed.bytes, path: "\(fixture)/\(feed.path)") }
        }
    }

    func testTagAndEntityFeedsCarryTheirOwnArticlesNewestFirstUpToTheLimit() throws {
        let site = try TemporarySite(fixture: "sites/pages")
        let files = Dictionary(uniqueKeysWithValues: site.build().files.map { ($0.path, String(decoding: $0.bytes, as: UTF8.self)) })
        let ferries = try XCTUnwrap(files["tags/ferries/feed.xml"])
        // [feed] limit = 2: reports 5 and 3 of the three tagged ferries.
        XCTAssertEqual(ferries.components(separatedBy: "<entry>").count - 1, 2)
        XCTAssertTrue(ferries.contains("<title>Harbour Weekly: ferries</title>"))
        XCTAssertLessThan(try XCTUnwrap(ferries.range(of: "report-5/")).lowerBound, try XCTUnwrap(ferries.range(of: "report-3/")).lowerBound)
        XCTAssertFalse(ferries.contains("report-4/"))
        let board = try XCTUnwrap(files["entities/harbour-board/feed.xml"])
        // The contact page mentions the board too, but a feed carries articles only.
        XCTAssertFalse(board.contains("contact/"))
        XCTAssertTrue(board.contains("<link href=\"https://example.org/harbour/entities/harbour-board/feed.xml\" rel=\"self\"/>"))
        // Their pages link to them.
        XCTAssertTrue(files["tags/ferries/index.html"]!.contains("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"ferries · Harbour Weekly\" href=\"../../tags/ferries/feed.xml\">"))
        XCTAssertTrue(files["entities/harbour-board/index.html"]!.contains("href=\"../../entities/harbour-board/feed.xml\""))
    }

    func testFullContentPutsTheArticleInTheFeed() throws {
        let site = try TemporarySite(fixture: "sites/pages")
        try site.write("gen.toml", try site.read("gen.toml") + "\n[feed.extra]\n")
        let text = try site.read("gen.toml").replacingOccurrences(of: "[feed]\nlimit = 2", with: "[feed]\nlimit = 2\nfull_content = true")
            .replacingOccurrences(of: "\n[feed.extra]\n", with: "")
        try site.write("gen.toml", text)
        let result = site.build()
        XCTAssertEqual(result.diagnostics.sorted.map(\.rendered), [])
        let feed = try result.text("feed.xml")
        // Its links and images are relative to the article's page: the entry's address is their base.
        XCTAssertTrue(feed.contains("<link href=\"https://example.org/harbour/articles/report-5/\"/>"), feed)
        XCTAssertTrue(feed.contains("<content type=\"html\" xml:base=\"https://example.org/harbour/articles/report-5/\">&lt;p&gt;Report number 5 on the harbour."), feed)
    }
}
