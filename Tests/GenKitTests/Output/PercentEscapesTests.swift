import ByteText
import XCTest

/// The percent-escape decoding the link checker and the preview server share.
final class PercentEscapesTests: XCTestCase {
    func testDecodesEscapesOfTwoHexDigitsTheCallerAccepts() {
        XCTAssertEqual(PercentEscapes.decoded("/a%20b/caf%C3%A9#x%7e"), "/a b/café#x~")
        XCTAssertEqual(PercentEscapes.decoded("no escapes"), "no escapes")
        // Not an escape: left as written.
        XCTAssertEqual(PercentEscapes.decoded("100% sure %zz %+f %4"), "100% sure %zz %+f %4")
        // Only the bytes the caller accepts.
        XCTAssertEqual(PercentEscapes.decoded("/%7Elab/%2e%2e/%41", where: { $0 == 0x7E || $0 == 0x41 }), "/~lab/%2e%2e/A")
    }
}
