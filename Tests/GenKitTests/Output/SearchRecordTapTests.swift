@testable import GenKit
import XCTest

/// The search records made as pages are written, and the index taking them instead of reading
/// the pages back.
final class SearchRecordTapTests: XCTestCase {
    let page = Array("<!DOCTYPE html><html lang=\"en\"><body><article data-pagefind-body><h1>Title</h1><p>Words.</p></article></body></html>".utf8)

    func testAPageWrittenThroughTheTapHasItsRecord() throws {
        let memory = MemorySink()
        let tap = SearchRecordTap(memory)
        try tap.write(OutputFile(path: "articles/a/index.html", bytes: page, source: nil))
        try tap.write(OutputFile(path: "about/index.html", bytes: Array("<p>No body mark</p>".utf8), source: nil))
        try tap.write(OutputFile(path: "style.css", bytes: Array("p {}".utf8), source: nil))
        try tap.write(OutputFile(path: "pagefind/x.html", bytes: page, source: nil))
        try tap.write(OutputFile(path: "gone/index.html", bytes: page, source: nil))
        try tap.remove("gone/index.html")

        // Every file reached the sink behind the tap.
        XCTAssertEqual(memory.unsortedFiles.map(\.path).sorted(),
                       ["about/index.html", "articles/a/index.html", "gone/index.html", "pagefind/x.html", "style.css"])
        let records = tap.records
        XCTAssertEqual(records.keys.sorted(), ["about/index.html", "articles/a/index.html"])
        XCTAssertEqual(records["articles/a/index.html"], .some(SearchRecord.make(page)))
        XCTAssertNotNil(SearchRecord.make(page))
        // A page without the mark is known to have no record (nothing to read back).
        XCTAssertEqual(records["about/index.html"], .some(nil))
    }

    /// `made` records are written for Pagefind as they are; the other pages are read from the
    /// folder. (The Pagefind here copies what it is given, and writes an empty bundle.)
    func testTheIndexTakesTheRecordsMadeAndReadsTheRest() throws {
        let root = FileManager.default.temporaryDirectory.path + "/gen-tap-\(UInt64.random(in: 0...UInt64.max))"
        defer { try? FileManager.default.removeItem(atPath: root) }
        for path in ["site/a/index.html", "site/b/index.html"] {
            try FileManager.default.createDirectory(atPath: root + "/" + (path as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            try Data(page).write(to: URL(fileURLWithPath: root + "/" + path))
        }
        let made = Array("<html><body data-pagefind-body>made as written</body></html>".utf8)
        try Data("#!/bin/sh\ncp -R \"$2\" '\(root)/given'\nmkdir \"$4\" && : > \"$4/pagefind.js\"\n".utf8).write(to: URL(fileURLWithPath: root + "/pagefind"))
        chmod(root + "/pagefind", 0o755)
        try Pagefind(executable: root + "/pagefind").index(root + "/site", records: root + "/records", made: ["a/index.html": made], jobs: 2)
        XCTAssertEqual(try Array(Data(contentsOf: URL(fileURLWithPath: root + "/given/a/index.html"))), made)
        XCTAssertEqual(try Array(Data(contentsOf: URL(fileURLWithPath: root + "/given/b/index.html"))), SearchRecord.make(page))
        XCTAssertTrue(FileManager.default.fileExists(atPath: root + "/site/pagefind/pagefind.js"))
    }

    /// Records go in memory only where it is a memory file system with room, and not when told not to.
    func testTheRecordsMemoryFolder() throws {
        XCTAssertNil(Pagefind.memoryFolder(pages: 1, environment: ["GEN_SEARCH_MEMORY": "off"]))
        XCTAssertNil(Pagefind.memoryFolder(pages: Int.max / 1_000_000, environment: [:]))
        XCTAssertNil(Pagefind.memoryFolder(pages: 1, base: "/", environment: [:]))
        XCTAssertFalse(Pagefind.isMemoryFileSystem("/"))
        guard Pagefind.isMemoryFileSystem("/dev/shm") else { throw XCTSkip("no memory file system at /dev/shm") }
        let folder = try XCTUnwrap(Pagefind.memoryFolder(pages: 10, environment: [:]))
        defer { try? FileManager.default.removeItem(atPath: folder) }
        XCTAssertTrue(folder.hasPrefix("/dev/shm/gen-search-\(getpid())-"), folder)
        // A live run's folder stays when another gen looks for abandoned ones.
        Pagefind.removeAbandoned(in: "/dev/shm")
        XCTAssertTrue(FileManager.default.fileExists(atPath: folder))
    }
}
