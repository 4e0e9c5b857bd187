import ByteText
import XCTest

/// The byte helpers' HTML escaping, both ways.
final class HTMLEscapeTests: XCTestCase {
    func testUnescapeUndoesEscape() {
        let text = "Fish & chips <b>\"bold\"</b> isn't &amp; literal"
        XCTAssertEqual(HTMLEscape.unescape(HTMLEscape.escape(text)), text)
    }

    func testUnescapeDecodesNumericAndCommonNamedReferences() {
        XCTAssertEqual(HTMLEscape.unescape("&#8217;&#x2014;&#X41;&nbsp;&rsquo;&hellip;&apos;"), "\u{2019}\u{2014}A\u{A0}\u{2019}\u{2026}'")
    }

    func testUnescapeLeavesWhatIsNoReferenceAsItIs() {
        XCTAssertEqual(HTMLEscape.unescape("AT&T &unknown; &#xZZ; & &amp"), "AT&T &unknown; &#xZZ; & &amp")
        XCTAssertEqual(HTMLEscape.unescape("&amp;lt;"), "&lt;")
        XCTAssertEqual(HTMLEscape.unescape("no references"), "no references")
    }

    /// Control characters (a title written "\a" in YAML) are left out: no feed may hold one.
    func testControlCharactersAreLeftOut() {
        XCTAssertEqual(HTMLEscape.escape("Bell\u{7} & escape\u{1B}\u{0}\n\tkept\r\n"), "Bell &amp; escape\n\tkept\r\n")
        // In the eight-byte fast path too.
        XCTAssertEqual(HTMLEscape.escape("abcdefgh\u{7}ijklmnopqrstuvwx"), "abcdefghijklmnopqrstuvwx")
    }
}
