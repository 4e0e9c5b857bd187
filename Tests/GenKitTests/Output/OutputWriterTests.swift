import Foundation
@testable import GenKit
import TestSupport
import XCTest

final class OutputWriterTests: XCTestCase {
    func files(_ pairs: [String: String]) -> [OutputFile] {
        pairs.keys.sorted().map { OutputFile(path: $0, text: pairs[$0]!, source: nil) }
    }

    func testWritesTheTreeWithAMarker() throws {
        let root = try TemporarySite()
        let out = root.directory + "/public"
        try OutputWriter(outputDirectory: out, jobs: 2).write(files(["index.html": "home", "a/b/index.html": "deep"]))
        XCTAssertEqual(Fixtures.listFiles(out), [".gen-output", "a/b/index.html", "index.html"])
        XCTAssertEqual(try root.read("public/a/b/index.html"), "deep")
    }

    func testStaleFilesDisappearAndUnchangedFilesKeepTheirTimes() throws {
        let root = try TemporarySite()
        let out = root.directory + "/public"
        let writer = OutputWriter(outputDirectory: out, jobs: 2)
        try writer.write(files(["keep.html": "same", "old/gone.html": "x", "change.html": "v1"]))
        try writer.write(files(["keep.html": "same", "change.html": "v2"]))
        let stamp = try FileManager.default.attributesOfItem(atPath: out + "/keep.html")[.modificationDate] as? Date
        Thread.sleep(forTimeInterval: 0.02)
        try writer.write(files(["keep.html": "same", "change.html": "v3", "new.html": "n"]))
        XCTAssertEqual(Fixtures.listFiles(out), [".gen-output", "change.html", "keep.html", "new.html"])
        XCTAssertEqual(try root.read("public/change.html"), "v3")
        let after = try FileManager.default.attributesOfItem(atPath: out + "/keep.html")[.modificationDate] as? Date
        XCTAssertEqual(stamp, after, "an unchanged file was rewritten")
        // The spare beside it holds the previous build, never the live one.
        XCTAssertEqual(try String(contentsOfFile: OutputWriter.sparePath(for: out) + "/change.html", encoding: .utf8), "v2")
    }

    func testFilesAndFoldersMayTradePlaces() throws {
        let root = try TemporarySite()
        let out = root.directory + "/public"
        let writer = OutputWriter(outputDirectory: out, jobs: 2)
        try writer.write(files(["a": "file", "b/index.html": "page"]))
        try writer.write(files(["a/index.html": "now a folder", "b": "now a file"]))
        try writer.write(files(["a/index.html": "again", "b": "again"]))
        XCTAssertEqual(Fixtures.listFiles(out), [".gen-output", "a/index.html", "b"])
        XCTAssertEqual(try root.read("public/a/index.html"), "again")
    }

    func testAChangedFileNeverWritesThroughToTheLiveOutput() throws {
        let root = try TemporarySite()
        let out = root.directory + "/public"
        let writer = OutputWriter(outputDirectory: out, jobs: 1)
        try writer.write(files(["x.html": "one"]))
        try writer.write(files(["x.html": "one"])) // the spare now shares x.html with the live output
        let live = out + "/x.html", spare = OutputWriter.sparePath(for: out) + "/x.html"
        var a = stat(), b = stat()
        XCTAssertEqual(stat(live, &a), 0)
        XCTAssertEqual(stat(spare, &b), 0)
        XCTAssertEqual(a.st_ino, b.st_ino, "unchanged files are hard links")
        try writer.write(files(["x.html": "two"]))
        XCTAssertEqual(try root.read("public/x.html"), "two")
        XCTAssertEqual(try String(contentsOfFile: spare, encoding: .utf8), "one")
    }

    func testRefusesAFolderGenDidNotMake() throws {
        let root = try TemporarySite(["mine/notes.txt": "precious"])
        let problems = OutputWriter.check(output: root.directory + "/mine", site: root.directory, displayOutput: "mine")
        XCTAssertEqual(problems.map(\.rendered), [
            "mine:1:1: error: refusing to replace 'mine': it is not empty and was not made by gen\n"
                + "note: move its files away, or build into another folder with --output",
        ])
    }

    func testRefusesOutputInsideContentOrHoldingTheSite() throws {
        let root = try TemporarySite(["content/articles/a.md": "x"])
        XCTAssertEqual(OutputWriter.check(output: root.directory + "/content/out", site: root.directory,
                                          displayOutput: "content/out").map(\.message),
                       ["the output folder 'content/out' is inside content/"])
        XCTAssertEqual(OutputWriter.check(output: root.directory, site: root.directory, displayOutput: ".").map(\.message),
                       ["the output folder '.' holds the site itself"])
        XCTAssertEqual(OutputWriter.check(output: root.directory + "/public", site: root.directory,
                                          displayOutput: "public"), [])
    }

    func testAFailedWriteLeavesTheOldOutputAsItWas() throws {
        let root = try TemporarySite()
        let out = root.directory + "/public"
        let writer = OutputWriter(outputDirectory: out, jobs: 2)
        try writer.write(files(["index.html": "old"]))
        // A name longer than the file system allows makes the write fail half-way.
        let tooLong = String(repeating: "x", count: 300) + ".html"
        XCTAssertThrowsError(try writer.write(files(["index.html": "new", "articles/x/index.html": "page", tooLong: "y"])))
        XCTAssertEqual(Fixtures.listFiles(out), [".gen-output", "index.html"])
        XCTAssertEqual(try root.read("public/index.html"), "old")
    }
}
