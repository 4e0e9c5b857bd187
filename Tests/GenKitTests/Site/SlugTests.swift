@testable import GenKit
import XCTest

final class SlugTests: XCTestCase {
    func testValidSlugs() {
        for slug in ["a", "0", "labour-staff", "2024-recap", "a--b", "x-"] {
            XCTAssertTrue(Slug.isValid(slug), slug)
        }
    }

    func testInvalidSlugs() {
        for slug in ["", "-a", "A", "My Article", "café", "a_b", "a.b", "ünïcode"] {
            XCTAssertFalse(Slug.isValid(slug), slug)
        }
    }

    func testMakeSuggestsAValidSlug() {
        XCTAssertEqual(Slug.make(from: "My Article"), "my-article")
        XCTAssertEqual(Slug.make(from: "Élection 2024: Recap!"), "election-2024-recap")
        XCTAssertEqual(Slug.make(from: "--Hello__World--"), "hello-world")
        XCTAssertEqual(Slug.make(from: "***"), "")
        XCTAssertTrue(Slug.isValid(Slug.make(from: "Any Name At All 9")))
    }

    func testTitleFromSlug() {
        XCTAssertEqual(Slug.title(from: "labour-staff-campaign"), "Labour staff campaign")
    }
}
