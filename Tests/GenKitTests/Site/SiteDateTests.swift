@testable import GenKit
import TestSupport
import XCTest

final class SiteDateTests: XCTestCase {
    func testBareDate() throws {
        let date = try XCTUnwrap(SiteDate(parsing: "2024-10-18"))
        XCTAssertEqual(date.isoDate, "2024-10-18")
        XCTAssertEqual(date.rfc3339, "2024-10-18T00:00:00Z")
        XCTAssertEqual(date.display, "18 October 2024")
        XCTAssertEqual(date.instant, 1_729_209_600)
    }

    func testTimestampsWithZones() throws {
        let utc = try XCTUnwrap(SiteDate(parsing: "2024-10-18T09:30:00Z"))
        let plusOne = try XCTUnwrap(SiteDate(parsing: "2024-10-18T10:30:00+01:00"))
        XCTAssertEqual(utc.instant, plusOne.instant)
        XCTAssertEqual(plusOne.rfc3339, "2024-10-18T10:30:00+01:00")
        XCTAssertNotNil(SiteDate(parsing: "2024-10-18 09:30"))
        XCTAssertNotNil(SiteDate(parsing: "2024-10-18T09:30:00.250Z"))
    }

    /// A day is published once it has begun anywhere (UTC+14); a timestamp at its moment.
    func testADayIsPublishedFromItsFirstMidnight() throws {
        let day = try XCTUnwrap(SiteDate(parsing: "2026-12-04"))
        XCTAssertEqual(day.publishedFrom, day.instant - 14 * 3600)
        let site = try TemporarySite([
            "content/articles/today.md": "---\ntitle: Today\ndate: 2026-12-04\n---\nText.\n",
            "content/articles/at-nine.md": "---\ntitle: At nine\ndate: 2026-12-04T09:00:00+01:00\n---\nText.\n",
        ])
        func published(at now: String) throws -> Int {
            var options = BuildOptions(siteDirectory: site.directory)
            options.now = try XCTUnwrap(SiteDate(parsing: now)).instant
            return SiteBuilder(options: options).build().articleCount
        }
        // 23:59 UTC on the 3rd is already the 4th in Sydney (and in Kiritimati since 10:00).
        XCTAssertEqual(try published(at: "2026-12-03T09:59:00Z"), 0)
        XCTAssertEqual(try published(at: "2026-12-03T10:00:00Z"), 1)
        XCTAssertEqual(try published(at: "2026-12-03T23:59:00Z"), 1)
        XCTAssertEqual(try published(at: "2026-12-04T08:00:00Z"), 2)
    }

    func testRejectsWhatIsNotADate() {
        for text in ["2024-13-01", "2024-02-30", "2023-02-29", "18/10/2024", "2024-10-18T25:00", "2024-10-18Tnoon",
                     "yesterday", "2024-10-18T09:30:00+0100", ""] {
            XCTAssertNil(SiteDate(parsing: text), text)
        }
        XCTAssertNotNil(SiteDate(parsing: "2024-02-29"))
    }

    /// A date written as one that is not a day of the calendar is named as such.
    func testImpossibleDatesAreNamed() {
        XCTAssertEqual(SiteDate.impossibility("2025-02-30"), "February 2025 has 28 days")
        XCTAssertEqual(SiteDate.impossibility("2024-02-30"), "February 2024 has 29 days")
        XCTAssertEqual(SiteDate.impossibility("2024-13-01"), "there is no month 13")
        XCTAssertNil(SiteDate.impossibility("2024-02-29"))
        XCTAssertNil(SiteDate.impossibility("18/10/2024"))
    }
}

