import Foundation
import TestSupport
import XCTest

/// `gen serve` with search: the preview's index is made after the first build and again, in the
/// background, after an edit.
final class SearchServeTests: XCTestCase {
    /// Status and body of a GET (with curl, which every machine that runs these tests has).
    func get(_ url: String) -> (Int, Data) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["curl", "-s", "-o", "-", "-w", "\n%{http_code}", url]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return (0, Data()) }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard let cut = data.lastIndex(of: 0x0A) else { return (0, Data()) }
        return (Int(String(decoding: data[(cut + 1)...], as: UTF8.self)) ?? 0, Data(data[..<cut]))
    }

    /// Waits until the preview's index is made; its state.
    func waitForIndex(_ base: String) throws -> [String: Any] {
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            let (status, body) = get(base + "__gen/search")
            if status == 200, let state = try JSONSerialization.jsonObject(with: body) as? [String: Any],
               state["indexing"] as? Bool == false, state["ready"] as? Bool == true {
                return state
            }
            usleep(100_000)
        }
        XCTFail("the preview's search index was not made in 30 s")
        return [:]
    }

    /// A preview whose index cannot be made says so in the terminal, once, as well as on the
    /// search page (which may not be open).
    func testAFailedIndexIsSaidInTheTerminal() throws {
        let site = try TemporarySite(fixture: "sites/annotated")
        try site.write("bin/pagefind", "#!/bin/sh\necho 'Error: the index could not be written' >&2\nexit 3\n")
        chmod(site.directory + "/bin/pagefind", 0o755)
        try site.write("gen.toml", "title = \"Preview\"\nbase_url = \"https://news.example.com/\"\n\n[search]\npagefind = \"bin/pagefind\"\n")
        let log = site.directory + "/serve-errors.txt"
        FileManager.default.createFile(atPath: log, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: GenProcess.binary)
        process.arguments = ["serve", "--site", site.directory, "--port", "0"]
        process.environment = GenProcess.environment(["GEN_PAGEFIND": nil])
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        try process.run()
        defer { process.terminate(); process.waitUntilExit() }
        var said = ""
        let deadline = Date().addingTimeInterval(30)
        while !said.contains("the next edit tries again"), Date() < deadline {
            usleep(100_000)
            said = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        }
        XCTAssertEqual(said, """
        gen: error: the search index could not be made: Pagefind failed (exit status 3) indexing the site for search
        note: Error: the index could not be written
        note: the preview's search shows the last index made, if any; the next edit tries again

        """)
    }

    func testThePreviewIsIndexedAndCatchesUpAfterAnEdit() throws {
        if SearchBuildTests.installedPagefind == nil {
            throw XCTSkip("Pagefind is not installed (pip install pagefind-bin==1.5.2): search in gen serve is not tested")
        }
        let site = try TemporarySite(fixture: "sites/annotated")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: GenProcess.binary)
        process.arguments = ["serve", "--site", site.directory, "--port", "0"]
        process.environment = GenProcess.environment(["GEN_PAGEFIND": nil])
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { process.terminate(); process.waitUntilExit() }
        var printed = "", base = ""
        let deadline = Date().addingTimeInterval(20)
        while base.isEmpty, Date() < deadline {
            let data = output.fileHandleForReading.availableData
            if data.isEmpty { break }
            printed += String(decoding: data, as: UTF8.self)
            if let range = printed.range(of: #"http://127\.0\.0\.1:\d+/"#, options: .regularExpression) { base = String(printed[range]) }
        }
        XCTAssertFalse(base.isEmpty, printed)

        _ = try waitForIndex(base)
        XCTAssertEqual(get(base + "search/").0, 200)
        XCTAssertEqual(get(base + "pagefind/pagefind.js").0, 200)
        let (status, entry) = get(base + "pagefind/pagefind-entry.json")
        XCTAssertEqual(status, 200)
        let before = String(decoding: entry, as: UTF8.self)
        XCTAssertTrue(before.contains("\"page_count\":5"), before)

        // An edit: the page is rebuilt at once, the index follows.
        let article = "content/articles/labour-volunteers-us-election.md"
        try site.write(article, try site.read(article) + "\nA hoopoe was seen near the harbour.\n")
        _ = try waitForIndex(base)
        var after = before
        let later = Date().addingTimeInterval(30)
        while after == before, Date() < later {
            usleep(200_000)
            _ = try waitForIndex(base)
            after = String(decoding: get(base + "pagefind/pagefind-entry.json").1, as: UTF8.self)
        }
        XCTAssertNotEqual(after, before, "the index did not change after the edit")
    }
}
