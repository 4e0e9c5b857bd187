import XCTest
final class EndToEndTestsStub: XCTestCase { func testNothing() {} }
