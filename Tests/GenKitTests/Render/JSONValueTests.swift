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
}
