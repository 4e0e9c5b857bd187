@testable import GenKit
import XCTest

final class ClosestPassageTests: XCTestCase {
    /// Distinct words, so a stretch of them is found in one place only.
    func words(_ range: Range<Int>) -> [String] { range.map { "w\($0 * 7919 % 100_003)" } }

    func scalars(_ words: [String]) -> [UInt32] { FoldedText.fold(words.joined(separator: " ")) }

    /// The passage keeps at each edge only as much punctuation as the quote has there: the
    /// full stop after "45%" is not taken in by a quote ending "40%", an opening bracket by
    /// one starting with a word; one the quote has is kept.
    func testThePassageTakesNoPunctuationTheQuoteHasNot() throws {
        func passage(_ quote: String, in text: String) throws -> String {
            let textScalars = FoldedText.fold(text)
            let found = try XCTUnwrap(ClosestPassage.find(FoldedText.fold(quote), in: textScalars))
            return String(String.UnicodeScalarView(textScalars[found.start..<found.end].compactMap(Unicode.Scalar.init)))
        }
        XCTAssertEqual(try passage("road repairs had been cut by 40%", in: "The mayor said road repairs had been cut by 45%. Nobody agreed."),
                       "road repairs had been cut by 45%")
        XCTAssertEqual(try passage("repairs had been cut (by 40%)", in: "He said repairs had been cut (by 45%). Nobody agreed."),
                       "repairs had been cut (by 45%)")
        XCTAssertEqual(try passage("the council voted to close the pool", in: "Then (the council voted to close the pools), he said."),
                       "the council voted to close the pools")
    }

    /// The closest passage's ends are put where the last build's prefix and suffix say the
    /// quote's were: a word deleted at an end is not made up for by its neighbour, a word
    /// added there is taken in, an opening quotation mark kept; an end that already stands
    /// where it stood, or a place nothing matches, is left as it is.
    func testAPassagesEndsArePutWhereTheQuotesWere() throws {
        func fitted(_ passage: String, in text: String, prefix: String, suffix: String) throws -> String {
            let scalars = FoldedText.fold(text), found = FoldedText.fold(passage)
            let start = try XCTUnwrap((0...(scalars.count - found.count)).first { Array(scalars[$0..<($0 + found.count)]) == found })
            let range = ClosestPassage.fitted(start..<(start + found.count), in: scalars,
                                              between: FoldedText.fold(prefix), and: FoldedText.fold(suffix)).range
            return String(String.UnicodeScalarView(scalars[range].compactMap(Unicode.Scalar.init)))
        }
        let text = "Nigel Farage called it \"very direct election interference\" and asked who was, pointing out the visit."
        // The last word deleted ("who was paying," → "who was,"): the passage found took "pointing" for it.
        XCTAssertEqual(try fitted("interference\" and asked who was, pointing", in: text,
                                  prefix: "Farage called it \"very direct election ", suffix: ", pointing out the visit."),
                       "interference\" and asked who was")
        // A word added at the start: the passage found left it out, with the quotation mark.
        XCTAssertEqual(try fitted("direct election interference\" and asked", in: text,
                                  prefix: "Nigel Farage called it ", suffix: " who was, pointing out"),
                       "\"very direct election interference\" and asked")
        // The first word deleted ("called it \"direct" → "called it"): "it" is not the quote's.
        XCTAssertEqual(try fitted("it \"very direct election", in: "Nigel Farage called it \"very direct election interference\"",
                                  prefix: "Nigel Farage called it ", suffix: " interference\""),
                       "\"very direct election")
        // Outwards, never past a sentence's end, nor by more than a word: where the old suffix
        // now starts after a new sentence, the end stays.
        XCTAssertEqual(try fitted("for the Federal Electoral Commission", in: "a question for the Federal Electoral Commission. Not anymore. Reports at the time said",
                                  prefix: "stayed inside those lines is a question ", suffix: ". Reports at the time said"),
                       "for the Federal Electoral Commission")
        // Ends where they were (a word replaced at an end keeps its place), or nothing matching.
        XCTAssertEqual(try fitted("asked who was, pointing", in: text, prefix: "interference\" and ", suffix: " out the visit."),
                       "asked who was, pointing")
        XCTAssertEqual(try fitted("asked who was, pointing", in: text, prefix: "something else entirely", suffix: "nothing like it"),
                       "asked who was, pointing")
    }

    /// A long quote (past the length at which windows are no longer compared one by one) is
    /// aligned: the passage is the edited stretch, word for word, and the similarity is the
    /// exact one (one minus the edit distance over the longer length).
    func testALongQuoteFindsTheEditedStretch() throws {
        let text = words(0..<6000)
        var quote = Array(text[2000..<2600])
        quote[10] = "changed"
        quote[300] = "x" + quote[300]
        quote.remove(at: 450)
        let folded = scalars(quote)
        XCTAssertGreaterThan(folded.count, ClosestPassage.alignedQuoteLength)
        let textScalars = scalars(text)
        let found = try XCTUnwrap(ClosestPassage.find(folded, in: textScalars))
        let expected = scalars(Array(text[2000..<2600]))
        XCTAssertEqual(Array(textScalars[found.start..<found.end]), expected)
        let distance = Suggestions.editDistance(folded, expected)
        XCTAssertEqual(found.similarity, 1 - Double(distance) / Double(max(folded.count, expected.count)), accuracy: 1e-9)
        XCTAssertTrue(found.unique)
    }

    /// Words the quote has at its ends are found even when the stretch starts or ends inside
    /// the first or last of them.
    func testALongQuoteWithChangedEnds() throws {
        let text = words(0..<3000)
        var quote = Array(text[100..<700])
        quote[0] += "x"
        quote[quote.count - 1] = "x" + quote[quote.count - 1]
        let found = try XCTUnwrap(ClosestPassage.find(scalars(quote), in: scalars(text)))
        let textScalars = scalars(text)
        XCTAssertEqual(Array(textScalars[found.start..<found.end]), scalars(Array(text[100..<700])))
    }

    /// Text whose words repeat (a small vocabulary, as in prose): the window with most shared
    /// words starts before the passage, and the alignment still finds its ends.
    func testALongQuoteInTextOfCommonWords() throws {
        var seed: UInt64 = 42
        // Fifty words, each used about a hundred times.
        let vocabulary = (0..<50).map { "w\($0)" }
        let text = (0..<5000).map { _ -> String in
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return vocabulary[Int(seed >> 33) % vocabulary.count]
        }
        var quote = Array(text[3000..<3600])
        quote[200] = "changed"
        let textScalars = scalars(text)
        let found = try XCTUnwrap(ClosestPassage.find(scalars(quote), in: textScalars))
        let start = scalars(Array(text[0..<3000])).count + 1
        XCTAssertEqual([found.start, found.end], [start, start + scalars(Array(text[3000..<3600])).count])
    }

    /// A long quote twice in the text is not unique: the other place is its rival.
    func testALongQuoteTwiceIsNotUnique() throws {
        let stretch = words(0..<500)
        let text = words(1000..<1200) + stretch + words(2000..<2200) + stretch + words(3000..<3100)
        var quote = stretch
        quote[250] = "changed"
        let found = try XCTUnwrap(ClosestPassage.find(scalars(quote), in: scalars(text)))
        XCTAssertFalse(found.unique)
        XCTAssertEqual(found.rivals.count, 1)
    }

    /// Nothing in common word for word: a passage of about the quote's length, far from
    /// similar enough to repair, its similarity from the pieces' distances.
    func testAnUnrelatedLongQuote() throws {
        let quote = scalars(words(0..<600)), text = scalars(words(10_000..<13_000))
        let found = try XCTUnwrap(ClosestPassage.find(quote, in: text))
        XCTAssertLessThan(found.similarity, AnchorNotes.repairThreshold)
        XCTAssertGreaterThan(found.similarity, 0)
        XCTAssertEqual(found.end - found.start, quote.count, accuracy: 12)
    }

    /// Too long to compare whole: the sum of the pieces' distances, never less than the
    /// distance and never more than replacing everything.
    func testALongStretchsDistanceIsBounded() {
        let a = scalars(words(0..<500)), b = scalars(words(300..<800))
        XCTAssertGreaterThan(a.count * b.count, ClosestPassage.cellBudget)
        let bounded = ClosestPassage.boundedDistance(a, b)
        XCTAssertGreaterThanOrEqual(bounded, Suggestions.editDistance(a, b))
        XCTAssertLessThan(bounded, max(a.count, b.count))
    }

    /// One word replaced (in a quote of five words or more), or one word more or less (three
    /// words or more left).
    func testOneWordReplacedAddedOrDropped() {
        let council = "the council approved the budget on Tuesday", talks = "in talks with UK bank"
        // (quote, passage, one word replaced, one word more or less)
        let cases: [(String, String, Bool, Bool)] = [
            (council, "the council rejected the budget on Tuesday", true, false),
            (council, "the council approved the budget on Thursday", true, false),
            (council, "the council approved the annual budget on Tuesday", false, true),
            (council, "a council rejected the budget on Tuesday", false, false),
            ("approved the budget today", "approved the plan today", false, false),
            (council, council, false, false),
            (talks, "in talks with UK", false, true),
            (talks, "talks with UK bank", false, true),
            ("in talks with UK", "in talks with a UK", false, true),
            (talks, "in talks with US", false, false),
            ("talks with UK", "talks with", false, false),
        ]
        for (quote, passage, replaced, moreOrLess) in cases {
            let (a, b) = (FoldedText.fold(quote), FoldedText.fold(passage))
            XCTAssertEqual(ClosestPassage.differsByOneWord(a, b), replaced, "\(quote) / \(passage)")
            XCTAssertEqual(ClosestPassage.differsByAWordMoreOrLess(a, b), moreOrLess, "\(quote) / \(passage)")
        }
    }
}
