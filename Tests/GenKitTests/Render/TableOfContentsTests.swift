@testable import GenKit
@testable import Markdown
import XCTest

/// The table of contents is nested lists whatever the headings' levels: a list holds list
/// items only, and every list but the outermost is inside an item.
final class TableOfContentsTests: XCTestCase {
    func contents(_ levels: [Int]) -> String {
        let headings = levels.enumerated().map { (HeadingInfo(level: $1, text: "H\($0)"), "h\($0)") }
        let html = String(decoding: RenderMarkdown.tableOfContents(headings), as: UTF8.self)
        return html.components(separatedBy: "<ol>\n").dropFirst().joined(separator: "<ol>\n")
            .replacingOccurrences(of: "\n</nav>\n", with: "").replacingOccurrences(of: "\n", with: "")
    }

    /// Whether `html`'s lists and items nest as HTML wants: <ol> only in <li> (but the first),
    /// <li> only in <ol>, every tag closed in order.
    func isWellNested(_ html: String) -> Bool {
        var open: [String] = ["ol"]
        var rest = Substring(html)
        while let start = rest.firstIndex(of: "<") {
            let end = rest[start...].firstIndex(of: ">")!
            let tag = String(rest[rest.index(after: start)..<end])
            rest = rest[rest.index(after: end)...]
            switch tag {
            case "ol": guard open.last == "li" else { return false }; open.append("ol")
            case "li": guard open.last == "ol" else { return false }; open.append("li")
            case "/ol", "/li": guard open.popLast() == String(tag.dropFirst()) else { return false }
            default: continue
            }
        }
        return open.isEmpty
    }

    func testLevelsSkippedOrRisingAboveTheFirstStillNest() {
        XCTAssertEqual(contents([2, 2]), ##"<li><a href="#h0">H0</a></li><li><a href="#h1">H1</a></li></ol>"##)
        XCTAssertEqual(contents([2, 3]), ##"<li><a href="#h0">H0</a><ol><li><a href="#h1">H1</a></li></ol></li></ol>"##)
        // "##" then "#": both at the top.
        XCTAssertEqual(contents([2, 1]), ##"<li><a href="#h0">H0</a></li><li><a href="#h1">H1</a></li></ol>"##)
        // "##" then "####": one list deeper, not two.
        XCTAssertEqual(contents([2, 4]), ##"<li><a href="#h0">H0</a><ol><li><a href="#h1">H1</a></li></ol></li></ol>"##)
        for levels in [[2, 1], [2, 4], [3, 1, 2, 6, 2, 1], [1, 2, 3, 4, 1], [4, 3, 2, 1], [2, 5, 5, 3, 6, 1]] {
            XCTAssertTrue(isWellNested(contents(levels)), "\(levels): \(contents(levels))")
        }
    }

    /// A heading's id is never one of the page's own: the skip link's `main`, a section's
    /// heading, a source's or a note's.
    func testHeadingIdsKeepClearOfThePagesOwn() {
        let ids = RenderMarkdown.headingIDs(["Main", "Notes heading", "Source commonmark-spec", "Note 1", "Main", "Notes on method"]
            .map { HeadingInfo(level: 2, text: $0) })
        XCTAssertEqual(ids, ["h-main", "h-notes-heading", "h-source-commonmark-spec", "h-note-1", "h-main-2", "notes-on-method"])
    }
}
