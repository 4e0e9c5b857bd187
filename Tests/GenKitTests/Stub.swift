import XCTest
final class GenKitTestsStub: XCTestCase { func testNothing() {} }
