@testable import GenKit
import XCTest

final class CitationParserTests: XCTestCase {
    func items(_ text: String) -> [[String]] {
        CitationParser.groups(in: text).map { $0.items.map { "\($0.prefix)|\($0.key)|\($0.locator)" } }
    }

    func testSingleKey() {
        XCTAssertEqual(items("as the rules say [@fec-foreign-nationals]."), [["|fec-foreign-nationals|"]])
        XCTAssertEqual(CitationParser.groups(in: "x [@a] y").first?.range, 2..<6)
    }

    func testLocatorPrefixAndSeveralKeys() {
        XCTAssertEqual(items("[@key, p. 4]"), [["|key|p. 4"]])
        XCTAssertEqual(items("[see @a, ch. 2; @b]"), [["see|a|ch. 2", "|b|"]])
        XCTAssertEqual(items("[-@smith04, pp. 33-35]"), [["|smith04|pp. 33-35"]])
        XCTAssertEqual(items("[@doe:2020.a]"), [["|doe:2020.a|"]])
    }

    func testWhatIsNotACitation() {
        XCTAssertEqual(items("write to editors@example.org or @handle"), [])
        XCTAssertEqual(items("[mail editors@example.org]"), [])
        XCTAssertEqual(items("[a note without a key]"), [])
        XCTAssertEqual(items("[@a; not a key]"), [])
        XCTAssertEqual(items("[@]"), [])
        XCTAssertEqual(items("[@key"), [])
    }

    func testTwoGroupsInOneText() {
        XCTAssertEqual(items("First [@a], then [@b, p. 2] and [c]."), [["|a|"], ["|b|p. 2"]])
    }
}
