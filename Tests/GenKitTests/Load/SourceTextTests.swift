@testable import GenKit
import XCTest

final class SourceTextTests: XCTestCase {
    func testDecodesUTF8AndNormalisesLineEnds() throws {
        let text = try SourceText.decode(Array("\u{FEFF}a\r\nb é\n".utf8)).get()
        XCTAssertEqual(text, "a\nb é\n")
    }

    func testLocatesTheFirstInvalidByte() {
        var bytes = Array("line one\nab".utf8)
        bytes.append(0xE9) // Latin-1 é
        bytes += Array("x\n".utf8)
        guard case .failure(let bad) = SourceText.decode(bytes) else { return XCTFail("accepted invalid UTF-8") }
        XCTAssertEqual(bad, SourceText.InvalidUTF8(line: 2, column: 3, byte: 0xE9))
    }
}
