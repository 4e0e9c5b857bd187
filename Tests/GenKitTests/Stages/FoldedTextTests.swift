@testable import GenKit
import XCTest

final class FoldedTextTests: XCTestCase {
    func folded(_ text: String) -> String {
        String(String.UnicodeScalarView(FoldedText.fold(text).compactMap(Unicode.Scalar.init)))
    }

    func testEachFoldingRule() {
        XCTAssertEqual(folded("  a \t\n b\u{00A0}c\u{2009}d  "), "a b c d")
        XCTAssertEqual(folded("\u{2018}x\u{2019} \u{201C}y\u{201D}"), "'x' \"y\"")
        XCTAssertEqual(folded("a\u{2013}b\u{2014}c\u{2212}d"), "a-b-c-d")
        XCTAssertEqual(folded("wait\u{2026}"), "wait...")
        XCTAssertEqual(folded("Cafe\u{0301}"), "Caf\u{00E9}")
        XCTAssertEqual(folded("Case"), "Case")
    }

    func testQuoteScannerFindsEveryOccurrenceInOnePass() {
        let text = FoldedText.fold("abcab abcd ab")
        let found = QuoteScanner([FoldedText.fold("abcd"), FoldedText.fold("ab"), FoldedText.fold("zzzz")]).matches(in: text)
        XCTAssertEqual(found.filter { $0.pattern == 0 }.map(\.start), [6])
        XCTAssertEqual(found.filter { $0.pattern == 1 }.map(\.start).sorted(), [0, 3, 6, 11])
        XCTAssertTrue(found.filter { $0.pattern == 2 }.isEmpty)
    }
}
