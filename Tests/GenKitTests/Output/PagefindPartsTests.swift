@testable import GenKit
import XCTest

/// How pages are dealt to the parts of a search index (`Pagefind.dealt`), against a model of
/// what the search page gets back: Pagefind scores a result sorted by date by its place in its
/// own part's date order (ties in any order), and the merge of the parts sorts by score, the
/// first part's results first where scores tie (a stable sort of the parts' results in turn).
final class PagefindPartsTests: XCTestCase {
    /// The merged results of a search sorted by date, newest first, over `parts`, keeping only
    /// `kept`; `shuffle` orders the pages of one date in each part as Pagefind may.
    func merged(_ parts: [[String]], dates: [String: String], kept: Set<String>,
                shuffle: inout SystemRandomNumberGenerator) -> [String] {
        var results: [(page: String, score: Int)] = []
        for part in parts {
            // The part's own ascending order: by date, the pages of one date in any order.
            let ordered = part.filter { dates[$0] != nil }.shuffled(using: &shuffle).sorted { dates[$0]! < dates[$1]! }
            let place = Dictionary(uniqueKeysWithValues: ordered.enumerated().map { ($1, $0) })
            results += ordered.filter(kept.contains).sorted { place[$0]! > place[$1]! }.map { ($0, place[$0]!) }
        }
        // Swift's sort is not stable: the merge's stable sort, by score, then part order.
        return results.enumerated().sorted { ($0.element.score, -$0.offset) > ($1.element.score, -$1.offset) }.map(\.element.page)
    }

    func testAListingByDateOverTwoPartsIsInDateOrderForAnyFilter() {
        var random = SystemRandomNumberGenerator()
        for round in 0..<200 {
            let count = Int.random(in: 1...60, using: &random)
            let paths = (0..<count).map { String(format: "articles/a%03d/index.html", $0) }.sorted()
            var dates: [String: String] = [:]
            // Few days, so that many pages share one; some pages undated (entities).
            for path in paths where Int.random(in: 0..<5, using: &random) > 0 {
                dates[path] = String(format: "2020-01-%02d", Int.random(in: 1...6, using: &random))
            }
            let parts = Pagefind.dealt(paths, parts: 2, dates: dates)
            XCTAssertEqual(parts.flatMap { $0 }.sorted(), paths)
            XCTAssertLessThanOrEqual(abs(parts[0].count - parts[1].count), 2, "the parts are alike in size")
            let kept = Set(paths.filter { _ in Bool.random(using: &random) })
            let listed = merged(parts, dates: dates, kept: kept, shuffle: &random)
            XCTAssertEqual(Set(listed), kept.filter { dates[$0] != nil }, "round \(round)")
            XCTAssertEqual(listed.map { dates[$0]! }, listed.map { dates[$0]! }.sorted(by: >), "round \(round): \(listed)")
        }
    }

    /// Pages in turn by path, as before dates were known, would interleave the parts by place:
    /// the model above tells them apart (it is not true of any dealing).
    func testTheModelFindsADealingOutOfDateOrder() {
        var random = SystemRandomNumberGenerator()
        let paths = ["a", "b", "c", "d"]
        let dates = ["a": "2020-01-01", "b": "2020-01-02", "c": "2020-01-03", "d": "2020-01-04"]
        let byPath = [["a", "c"], ["b", "d"]]
        XCTAssertEqual(merged(byPath, dates: dates, kept: Set(paths), shuffle: &random), ["c", "d", "a", "b"])
        XCTAssertEqual(merged(Pagefind.dealt(paths, parts: 2, dates: dates), dates: dates, kept: Set(paths), shuffle: &random),
                       ["d", "c", "b", "a"])
    }

    func testOnePartHoldsEveryPage() {
        XCTAssertEqual(Pagefind.dealt(["b", "a"], parts: 1, dates: ["a": "2020-01-01"]), [["b", "a"]])
    }
}
