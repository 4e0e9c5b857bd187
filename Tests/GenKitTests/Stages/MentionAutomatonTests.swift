@testable import GenKit
import Foundation
import XCTest

final class MentionAutomatonTests: XCTestCase {
    let names = ["Labour", "Labour Party", "UK", "UK Independence Party", "Jones", "Zürich", "Sofia Patel", "Patel", "Øresund"]

    func mentions(_ text: String) -> [String] {
        let bytes = Array(text.utf8)
        return MentionAutomaton(names).matches(in: bytes).map { names[$0.name] + "@" + String(decoding: bytes[$0.start..<$0.end], as: UTF8.self) }
    }

    func testWholeWordsOnly() {
        XCTAssertEqual(mentions("Labourers of the UKIP met Labour."), ["Labour@Labour"])
        XCTAssertEqual(mentions("XLabour Labour2 Labour-led"), ["Labour@Labour"])
    }

    func testLongestMatchWins() {
        XCTAssertEqual(mentions("The Labour Party and the UK Independence Party, not the UK."),
                       ["Labour Party@Labour Party", "UK Independence Party@UK Independence Party", "UK@UK"])
        XCTAssertEqual(mentions("The Labour Partyers"), ["Labour@Labour"])
    }

    func testPossessives() {
        XCTAssertEqual(mentions("Labour\u{2019}s plan, Labour's aim, Jones\u{2019} book, Jones' hat, Patel's post."),
                       ["Labour@Labour", "Labour@Labour", "Jones@Jones", "Jones@Jones", "Patel@Patel"])
        XCTAssertEqual(mentions("Labour'x"), [])
    }

    func testUnicodeBoundaries() {
        XCTAssertEqual(mentions("Zürich, Zürichsee, éZürich, Øresund."), ["Zürich@Zürich", "Øresund@Øresund"])
    }

    func testCaseSensitiveAndAliasesFoundSeparately() {
        XCTAssertEqual(mentions("labour uk Sofia Patel and Patel"), ["Sofia Patel@Sofia Patel", "Patel@Patel"])
    }

    func testCostGrowsWithTheTextNotTheNames() {
        let many = (0..<5000).map { "Name\($0) Surname" }
        let automaton = MentionAutomaton(many + ["Target"])
        let text = Array(String(repeating: "plain words without names here, then Target. ", count: 2000).utf8)
        let start = Date()
        XCTAssertEqual(automaton.matches(in: text).count, 2000)
        XCTAssertLessThan(Date().timeIntervalSince(start), 2)
    }
}
