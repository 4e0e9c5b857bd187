@testable import GenKit
import XCTest

final class JSONValueTests: XCTestCase {
    func testEscapesStrings() {
        let value = JSONValue.string("a\"b\\c\nd\u{01}e – f\u{2028}g")
        XCTAssertEqual(value.serialized(), #""a\"b\\c\nd\u0001e – f\u2028g""#)
    }

    func testScriptSafeEscapingCannotCloseTheScriptElement() {
        let value = JSONValue.object([("x", .string("</script><b>&amp;"))])
        XCTAssertEqual(value.serialized(forScript: true), #"{"x":"\u003c/script\u003e\u003cb\u003e\u0026amp;"}"#)
        XCTAssertEqual(value.serialized(), #"{"x":"</script><b>&amp;"}"#)
    }

    func testKeepsKeyOrderAndDropsNils() {
        let value = JSONValue.object([("b", .number(1)), ("a", nil), ("c", .array([.bool(true), .null]))])
        XCTAssertEqual(value.serialized(), #"{"b":1,"c":[true,null]}"#)
        XCTAssertEqual(value.serialized(pretty: true), "{\n  \"b\": 1,\n  \"c\": [\n    true,\n    null\n  ]\n}")
    }

    /// What `writeString` writes, `scanString` reads back, escapes of every kind included;
    /// anything not a closed string with good escapes is nil.
    func testScanStringReadsWhatIsWritten() {
        for text in ["", "plain", "a \"quote\" and \\ back", "line\nbreak\ttab\r", "<b>&</b>", "curly “quotes” £ é",
                     "\u{2028}\u{2029}", "emoji 🙂 and \u{1}", "/slash"] {
            for forScript in [false, true] {
                var out: [UInt8] = []
                JSONValue.writeString(text, to: &out, forScript: forScript)
                out += Array(", next".utf8)
                var i = 0
                XCTAssertEqual(try JSONValue.scanString(out, at: &i), text)
                XCTAssertEqual(String(decoding: out[i...], as: UTF8.self), ", next")
            }
        }
        var i = 0
        XCTAssertEqual(try JSONValue.scanString(Array(#""\ud83d\ude42 \u00e9\/""#.utf8), at: &i), "🙂 é/")
        let bad: [(String, JSONValue.StringFailure, Int)] = [
            (#""open"#, .unclosed, 5), ("\"line\nbreak\"", .unclosed, 5), (#""bad \x""#, .unknownEscape(0x78), 5),
            (#""short \u12""#, .malformedUnicodeEscape, 9), ("x", .unclosed, 0), ("", .unclosed, 0),
        ]
        for (text, failure, place) in bad {
            var at = 0
            XCTAssertThrowsError(try JSONValue.scanString(Array(text.utf8), at: &at), text) { XCTAssertEqual($0 as? JSONValue.StringFailure, failure, text) }
            XCTAssertEqual(at, place, text)
        }
        i = 0
        XCTAssertEqual(try JSONValue.scanString(Array(#""lone \ud800 x""#.utf8), at: &i), "lone \u{FFFD} x")
    }
}
