@testable import GenKit
import Markdown
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

    /// A replaced range reads as its text; a passage over any part of it maps back to all of it.
    func testReplacementsReadAsTheirTextAndMapToTheWholeRange() {
        let runs = MarkdownDocument("said [[tony-blair]] on  Monday").textRuns()
        XCTAssertEqual(runs.map(\.text), ["said [[tony-blair]] on  Monday"])
        let text = FoldedText(runs: runs, hidden: [(0, 23..<24)], replaced: [.init(run: 0, range: 5..<19, text: "Tony Blair")])
        XCTAssertEqual(String(decoding: text.bytes, as: UTF8.self), "said Tony Blair on Monday")
        func source(_ passage: String) -> [FoldedText.Origin] {
            let scalars = text.scalars, quote = FoldedText.fold(passage)
            let start = (0...(scalars.count - quote.count)).first { Array(scalars[$0..<($0 + quote.count)]) == quote }!
            return text.pieces(start, start + quote.count)
        }
        XCTAssertEqual(source("said Tony Blair on"), [.init(run: 0, start: 0, end: 22)])
        XCTAssertEqual(source("Blair on"), [.init(run: 0, start: 5, end: 22)])
        XCTAssertEqual(source("said To"), [.init(run: 0, start: 0, end: 19)])
        XCTAssertEqual(source("on Monday"), [.init(run: 0, start: 20, end: 30)])
        XCTAssertEqual(source("Monday"), [.init(run: 0, start: 24, end: 30)])
        let b = FoldedText.fold("said Tony B").count - 1
        XCTAssertEqual(text.origin(b), .init(run: 0, start: 5, end: 19))
    }
}
