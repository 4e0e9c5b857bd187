@testable import GenKit
import Markdown
import XCTest

final class RenderMarkdownTests: XCTestCase {
    func summary(_ text: String) -> String {
        RenderMarkdown.firstSentences(of: MarkdownDocument(text))
    }

    func testSummaryIsTheFirstSentencesThatFit() {
        let first = "A first sentence that is fairly long and says what happened in the story today."
        let second = "A second one adds detail to it."
        let third = "A third one would go past the limit of one hundred and sixty characters for sure."
        XCTAssertEqual(summary("# Title\n\n\(first) \(second)\n\(third)\n"), "\(first) \(second)")
    }

    func testShortParagraphIsTakenWholeWithFormattingRemoved() {
        XCTAssertEqual(summary("Some *emphasis*,\n`code` and [a link](x).\n\nSecond paragraph."),
                       "Some emphasis, code and a link.")
    }

    func testOneLongSentenceIsCutAtAWord() {
        let words = String(repeating: "word ", count: 60)
        let result = summary(words)
        XCTAssertTrue(result.hasSuffix("word…"), result)
        XCTAssertLessThanOrEqual(result.count, 161)
    }

    func testFrontMatterSummaryWins() {
        let article = Article(slug: "a", path: "a.md", title: "A", summary: "Given.", body: "Body text.", bodyLine: 1)
        XCTAssertEqual(RenderMarkdown.render(article, options: MarkdownOptions()).summary, "Given.")
    }

    func testCountsWords() {
        XCTAssertEqual(RenderMarkdown.countWords("one two\nthree\t four  "), 4)
        XCTAssertEqual(RenderMarkdown.countWords(""), 0)
    }
}

final class CountWordsTests: XCTestCase {
    /// Counting eight bytes at a time gives what counting byte by byte does.
    func testWordsCountedByWordsOfEightBytes() {
        func simple(_ text: String) -> Int {
            var count = 0, inWord = false
            for byte in text.utf8 {
                let space = byte == 32 || byte == 10 || byte == 9 || byte == 13
                if !space && !inWord { count += 1 }
                inWord = !space
            }
            return count
        }
        var generator = SystemRandomNumberGenerator()
        let pieces = ["a", "word", " ", "  ", "\n", "\t", "\r\n", "é", "“x”", "-", "12", "\u{A0}"]
        for _ in 0..<500 {
            let text = (0..<Int.random(in: 0...60, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            XCTAssertEqual(RenderMarkdown.countWords(text), simple(text), text.debugDescription)
        }
    }
}
