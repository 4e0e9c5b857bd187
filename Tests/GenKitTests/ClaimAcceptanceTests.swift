@testable import GenKit
import XCTest

/// What `--accept-claim-change` makes of the names it is given.
final class ClaimAcceptanceTests: XCTestCase {
    func note(_ id: String) -> Note {
        Note(id: id, explicitID: true, kind: .factCheck, extraClasses: [], verdict: "true", prefix: nil, suffix: nil, occurrence: nil,
             author: nil, tags: [], quote: "words", body: "", file: "content/annotations/x.md",
             location: SourceLocation("content/annotations/x.md"), attributesLocation: nil, quoteLines: 1...1, bodyLine: 3)
    }

    /// A name that is no note: the one meant, however it was written, or none.
    func testTheNoteMeantIsSuggested() {
        let notes = ["harbour-plan": [note("cost"), note("jobs")], "budget": [note("cost")]]
        var renamed = Article(slug: "harbour-plan", path: "content/articles/harbour-plan.md", title: "Plan", body: "", bodyLine: 1)
        renamed.aliases = ["articles/harbour/index.html"]
        let old = ClaimAcceptance.renamed([renamed])
        XCTAssertEqual(old, ["harbour": "harbour-plan"])
        func meant(_ name: String) -> [String] { ClaimAcceptance.meant(name, among: notes, renamed: old) }
        XCTAssertEqual(meant("harbour-plan#costt"), ["harbour-plan#cost"])
        XCTAssertEqual(meant("HARBOUR-PLAN#JOBS"), ["harbour-plan#jobs"])
        XCTAssertEqual(meant("https://example.org/articles/harbour-plan/#note-jobs"), ["harbour-plan#jobs"])
        XCTAssertEqual(meant("harbour#cost"), ["harbour-plan#cost"])
        XCTAssertEqual(meant("#cost"), ["budget#cost", "harbour-plan#cost"])
        XCTAssertEqual(meant("elsewhere#nothing"), [])
        XCTAssertEqual(ClaimAcceptance(all: false, notes: ["budget#cost"]).accepts("budget#cost"), true)
        XCTAssertEqual(ClaimAcceptance(all: false, notes: ["budget#cost"]).accepts("budget#jobs"), false)
        XCTAssertEqual(ClaimAcceptance(all: false, notes: []), .none)
    }
}
