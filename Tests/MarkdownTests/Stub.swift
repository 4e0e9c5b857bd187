import XCTest
final class MarkdownTestsStub: XCTestCase { func testNothing() {} }
