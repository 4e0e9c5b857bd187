import Foundation
import TestSupport
import XCTest

/// One build per output folder at a time: the lock beside the output, held by this test
/// process as another build would hold it.
final class OutputLockTests: XCTestCase {
    /// Locks `.public.gen-lock` of `site` as a running build does; closing the descriptor unlocks.
    func holdLock(_ site: TemporarySite, output: String = "public") throws -> Int32 {
        let path = site.directory + "/." + output + ".gen-lock"
        let fd = open(path, O_RDWR | O_CREAT, 0o644)
        XCTAssertGreaterThanOrEqual(fd, 0)
        XCTAssertEqual(flock(fd, LOCK_EX | LOCK_NB), 0)
        return fd
    }

    func testNoWaitFailsAtOnceWhileAnotherBuildHoldsTheOutput() throws {
        let site = try TemporarySite(fixture: "sites/basic")
        XCTAssertEqual(try GenProcess.run(["build"], in: site.directory).status, 0)
        let before = GenProcess.snapshot(site.directory + "/public")
        try site.write("content/articles/later.md", "---\ntitle: Later\n---\nText.\n")
        let fd = try holdLock(site)
        defer { close(fd) }
        let refused = try GenProcess.run(["build", "--no-wait"], in: site.directory)
        XCTAssertEqual(refused.status, 1)
        XCTAssertEqual(refused.stdout, "")
        XCTAssertEqual(refused.stderr, """
        gen: error: another build is writing public; public was left as it was
        note: run gen build again once it is done, or without --no-wait to wait for it

        """)
        XCTAssertEqual(GenProcess.snapshot(site.directory + "/public"), before)
    }

    func testASecondBuildWaitsSaysSoAndReadsTheSiteAfterTheFirst() throws {
        let site = try TemporarySite(fixture: "sites/basic")
        XCTAssertEqual(try GenProcess.run(["build"], in: site.directory).status, 0)
        let fd = try holdLock(site)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: GenProcess.binary)
        process.arguments = ["build"]
        process.currentDirectoryURL = URL(fileURLWithPath: site.directory)
        let err = Pipe(), out = Pipe()
        process.standardError = err
        process.standardOutput = out
        try process.run()
        // It says it waits, and writes nothing meanwhile.
        var said = Data()
        let deadline = Date().addingTimeInterval(30)
        while !String(decoding: said, as: UTF8.self).contains("\n") && Date() < deadline {
            said += err.fileHandleForReading.availableData
        }
        XCTAssertEqual(String(decoding: said, as: UTF8.self), "gen: waiting for another build of public to finish\n")
        XCTAssertTrue(process.isRunning)
        // What changes while it waits is what it builds.
        try site.write("content/articles/later.md", "---\ntitle: Later\ndate: 2020-01-01\n---\nText.\n")
        usleep(200_000)
        XCTAssertFalse(site.exists("public/articles/later/index.html"))
        close(fd)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        XCTAssertTrue(String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).hasPrefix("gen: built "))
        XCTAssertTrue(site.exists("public/articles/later/index.html"))
    }

    func testTwoSitesBuildingIntoOneOutputLeaveOneWholeSite() throws {
        var articles: [String: String] = [:]
        for i in 0..<60 {
            articles["one/content/articles/one-\(i).md"] = "---\ntitle: One \(i)\ndate: 2020-01-01\n---\nFirst site.\n"
            articles["two/content/articles/two-\(i).md"] = "---\ntitle: Two \(i)\ndate: 2020-01-01\n---\nSecond site.\n"
        }
        let root = try TemporarySite(articles)
        for round in 0..<4 {
            let processes = ["one", "two", "one", "two"].map { name -> Process in
                let process = Process()
                process.executableURL = URL(fileURLWithPath: GenProcess.binary)
                process.arguments = ["build", "--site", name, "--output", "out"]
                process.currentDirectoryURL = URL(fileURLWithPath: root.directory)
                process.standardOutput = FileHandle.nullDevice
                process.standardError = FileHandle.nullDevice
                return process
            }
            for process in processes { try process.run() }
            for process in processes {
                process.waitUntilExit()
                XCTAssertEqual(process.terminationStatus, 0, "round \(round)")
            }
            let pages = try FileManager.default.contentsOfDirectory(atPath: root.directory + "/out/articles")
            let sites = Set(pages.map { $0.prefix(3) })
            XCTAssertEqual(sites.count, 1, "round \(round): pages of both sites: \(sites)")
            XCTAssertEqual(pages.count, 60, "round \(round)")
        }
    }
}

/// Diagnostics as printed: their count, file names that could break the terminal, a failed write.
final class BuildFailureTests: XCTestCase {
    func testTheErrorCountIsTheNumberOfErrorsPrinted() throws {
        let site = try TemporarySite(["content/articles/tags.md": "---\ntitle: Tags\ntags: [[a],[b],[c]]\n---\nText.\n"])
        let outcome = try GenProcess.run(["build"], in: site.directory)
        XCTAssertEqual(outcome.status, 1)
        XCTAssertEqual(outcome.stderr, """
        content/articles/tags.md:3:8: error: each of 'tags' must be text
        content/articles/tags.md:3:12: error: each of 'tags' must be text
        content/articles/tags.md:3:16: error: each of 'tags' must be text
        gen: build failed with 3 errors; nothing was written

        """)
    }

    /// The output in place, but its record not written (a disk full at the last moment): a
    /// warning, not a silent success; the next build compares every file and succeeds.
    func testAnUnwrittenManifestIsAWarning() throws {
        let site = try TemporarySite(fixture: "sites/basic")
        try FileManager.default.createDirectory(atPath: site.directory + "/.public.gen-manifest.tmp", withIntermediateDirectories: true)
        let built = try GenProcess.run(["build"], in: site.directory)
        XCTAssertEqual(built.status, 0, built.stderr)
        XCTAssertTrue(built.stderr.hasPrefix("warning: the output is in place, but the record of its files could not be written beside it ("),
                      built.stderr)
        XCTAssertTrue(site.exists("public/index.html"))
        try FileManager.default.removeItem(atPath: site.directory + "/.public.gen-manifest.tmp")
        let again = try GenProcess.run(["build"], in: site.directory)
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertEqual(again.stderr, "")
    }

    func testFileNamesWithControlCharactersAreQuotedAndEscaped() throws {
        let site = try TemporarySite(["content/articles/good.md": "---\ntitle: Good\ndate: 2024-01-01\n---\nText.\n"])
        try site.write("content/articles/bad\nname\u{1B}[31m.md", "---\ntitle: [unclosed\n---\nText.\n")
        let outcome = try GenProcess.run(["build"], in: site.directory)
        XCTAssertEqual(outcome.status, 1)
        XCTAssertFalse(outcome.stderr.contains("\u{1B}"), outcome.stderr)
        XCTAssertEqual(outcome.stderr.split(separator: "\n").first.map(String.init),
                       #"'content/articles/bad\nname\u{1B}[31m.md':1:1: error: 'bad\nname\u{1B}[31m' is not a valid article slug"#)
    }

    /// A write that fails (here: a file size limit, as a full disk would) fails the build,
    /// leaves the output as it was and removes the half-written spare.
    func testAFailedWriteRemovesItsSpare() throws {
        let site = try TemporarySite(fixture: "sites/basic")
        XCTAssertEqual(try GenProcess.run(["build"], in: site.directory).status, 0)
        let before = GenProcess.snapshot(site.directory + "/public")
        // Every page changes, so every page is written anew into the spare.
        try site.write("gen.toml", (try site.read("gen.toml")).replacingOccurrences(of: "Fixture <Review> & Co", with: "Renamed"))
        let limited = try GenProcess.run(["-c", "trap '' XFSZ; ulimit -f 2; exec \"$0\" build", GenProcess.binary],
                                         in: site.directory, binary: "/bin/sh")
        XCTAssertEqual(limited.status, 1, limited.stderr)
        XCTAssertTrue(limited.stderr.contains("error: cannot write the output: "), limited.stderr)
        XCTAssertTrue(limited.stderr.hasSuffix("gen: build failed with 1 error; public was left as it was\n"), limited.stderr)
        XCTAssertEqual(GenProcess.snapshot(site.directory + "/public"), before)
        XCTAssertFalse(site.exists(".public.gen-spare"))
        XCTAssertFalse(site.exists(".public.gen-spare.gen-manifest"))
        // The next build writes a new spare and succeeds.
        XCTAssertEqual(try GenProcess.run(["build"], in: site.directory).status, 0)
    }
}
