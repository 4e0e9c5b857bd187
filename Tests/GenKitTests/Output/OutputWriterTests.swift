import ByteText
import Foundation
@testable import GenKit
import TestSupport
import XCTest

final class OutputWriterTests: XCTestCase {
    func files(_ pairs: [String: String]) -> [OutputFile] {
        pairs.keys.sorted().map { OutputFile(path: $0, text: pairs[$0]!, source: nil) }
    }

    /// A site folder, its output folder `public` and a writer for it.
    func output(jobs: Int = 2) throws -> (root: TemporarySite, out: String, writer: OutputWriter) {
        let root = try TemporarySite()
        let out = root.directory + "/public"
        return (root, out, OutputWriter(outputDirectory: out, jobs: jobs))
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
        // `--output ""`: no path to name in the message.
        XCTAssertEqual(OutputWriter.check(output: root.directory, site: root.directory, displayOutput: "").map(\.rendered),
                       ["error: the output folder is named by an empty path\nnote: name a folder, such as public/"])
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

    // MARK: The manifest: unchanged files kept without reading them back

    func testTheManifestRecordsWhatTheOutputHolds() throws {
        let (root, out, writer) = try output(jobs: 2)
        try writer.write(files(["index.html": "home", "a/index.html": "page"]))
        let manifestPath = OutputManifest.path(for: OutputWriter.canonical(out))
        XCTAssertEqual(manifestPath, OutputWriter.canonical(root.directory) + "/.public.gen-manifest")
        let manifest = OutputManifest.read(manifestPath)
        XCTAssertEqual(Set(manifest.records.keys), [".gen-output", "index.html", "a/index.html"])
        var info = stat()
        XCTAssertEqual(stat(out + "/a/index.html", &info), 0)
        XCTAssertEqual(manifest.records["a/index.html"],
                       OutputManifest.Record(identity: .init(info), hash: ContentHash.of(Array("page".utf8))))
    }

    func testAKnownUnchangedFileIsKeptWithoutBeingReadBack() throws {
        let (root, out, writer) = try output(jobs: 1)
        let pages = files(["x.html": "one", "y.html": "two", "z.html": "three"])
        // Placements counted as [known, compared, linked, written]; the marker is a file too.
        XCTAssertEqual(try writer.write(pages).placements, [0, 0, 0, 4])
        XCTAssertEqual(try writer.write(pages).placements, [0, 0, 4, 0], "the spare was empty: linked to the live files")
        XCTAssertEqual(try writer.write(pages).placements, [4, 0, 0, 0], "kept on the manifest's word, none read back")
        XCTAssertEqual(try writer.write(files(["x.html": "one", "y.html": "TWO", "z.html": "three"])).placements, [3, 0, 0, 1])
        XCTAssertEqual(try writer.write(files(["x.html": "one", "y.html": "TWO", "z.html": "three"])).placements, [3, 0, 1, 0])
        // Without a manifest, every unchanged file is read back and compared.
        XCTAssertEqual(unlink(OutputManifest.path(for: OutputWriter.canonical(out))), 0)
        XCTAssertEqual(try writer.write(files(["x.html": "one", "y.html": "TWO", "z.html": "three"])).placements, [0, 4, 0, 0])
        XCTAssertEqual(try root.read("public/y.html"), "TWO")
    }

    func testANewSparesFoldersAreMadeAsItsFilesArePlaced() throws {
        let (root, out, writer) = try output(jobs: 2)
        let pages = files(["index.html": "home", "a/b/c/index.html": "deep", "a/b/x.json": "x", "d/index.html": "d"])
        // First build: no spare, no output; every folder made by the writes.
        XCTAssertEqual(try writer.write(pages).placements, [0, 0, 0, 5])
        // Second: the spare is new again (the first build had no old output to keep), the live
        // files are linked into folders made on the way.
        XCTAssertEqual(try writer.write(pages).placements, [0, 0, 5, 0])
        XCTAssertEqual(try root.read("public/a/b/c/index.html"), "deep")
        XCTAssertEqual(try root.read("public/a/b/x.json"), "x")
        var isFolder: ObjCBool = false
        XCTAssertTrue(FileManager.default.fileExists(atPath: out + "/d", isDirectory: &isFolder) && isFolder.boolValue)
    }

    /// In a new spare nothing is looked up before a write; a path written twice in one build
    /// (a page held back and written again) is replaced, not an error, and not doubled.
    func testANewSpareTakesAPathWrittenTwice() throws {
        let (root, out, writer) = try output(jobs: 1)
        let session = try writer.begin(paths: ["a/b/index.html", "c.html"])
        try session.write(OutputFile(path: "a/b/index.html", text: "first", source: nil))
        try session.write(OutputFile(path: "a/b/index.html", text: "second", source: nil))
        try session.write(OutputFile(path: "c.html", text: "c", source: nil))
        try session.commit()
        XCTAssertEqual(try root.read("public/a/b/index.html"), "second")
        XCTAssertEqual(Fixtures.listFiles(out), [".gen-output", "a/b/index.html", "c.html"])
        XCTAssertEqual(OutputManifest.read(OutputManifest.path(for: OutputWriter.canonical(out))).records.keys.sorted(),
                       [".gen-output", "a/b/index.html", "c.html"])
    }

    func testAnOutputFileEditedInPlaceIsRestoredEvenWithItsTimeAndSizeKept() throws {
        let (root, out, writer) = try output(jobs: 1)
        try writer.write(files(["x.html": "the page"]))
        try writer.write(files(["x.html": "the page"])) // live and spare now share x.html
        // Edited through the hard link, same size, modification time put back.
        var info = stat()
        XCTAssertEqual(stat(out + "/x.html", &info), 0)
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: out + "/x.html"))
        handle.write(Data("THE PAGE".utf8))
        try handle.close()
        var times = [info.st_atim, info.st_mtim]
        XCTAssertEqual(utimensat(AT_FDCWD, out + "/x.html", &times, 0), 0)
        try writer.write(files(["x.html": "the page"]))
        XCTAssertEqual(try root.read("public/x.html"), "the page")
        try writer.write(files(["x.html": "the page"]))
        XCTAssertEqual(try root.read("public/x.html"), "the page")
    }

    func testADamagedOrForeignManifestOnlyCostsSpeed() throws {
        let (root, out, writer) = try output(jobs: 1)
        try writer.write(files(["x.html": "one", "y.html": "two"]))
        try writer.write(files(["x.html": "one", "y.html": "two"]))
        let manifestPath = OutputManifest.path(for: OutputWriter.canonical(out))
        // Right identities, wrong hashes, a line cut short and noise.
        var manifest = OutputManifest.read(manifestPath)
        for key in manifest.records.keys { manifest.records[key]!.hash &+= 1 }
        OutputManifest.write(manifest.records.map { ($0.key, $0.value) }, to: manifestPath)
        let damaged = try String(contentsOfFile: manifestPath, encoding: .utf8) + "12 34 zz\nnot a record\n"
        try damaged.write(toFile: manifestPath, atomically: true, encoding: .utf8)
        try writer.write(files(["x.html": "ONE", "y.html": "two"]))
        XCTAssertEqual(try root.read("public/x.html"), "ONE")
        XCTAssertEqual(try root.read("public/y.html"), "two")
        try "something else entirely".write(toFile: manifestPath, atomically: true, encoding: .utf8)
        try writer.write(files(["x.html": "one", "y.html": "TWO"]))
        XCTAssertEqual(try root.read("public/x.html"), "one")
        XCTAssertEqual(try root.read("public/y.html"), "TWO")
        XCTAssertEqual(OutputManifest.read(manifestPath).records.count, 3, "a good manifest is written again")
    }

    func testTheManifestReadsBackWhatItWrote() throws {
        let root = try TemporarySite()
        let path = root.directory + "/m"
        let records: [(path: String, record: OutputManifest.Record)] = [
            ("a b/index.html", .init(identity: .init(device: 1, inode: .max, size: 0, modified: -1, modifiedNanoseconds: 999_999_999,
                                                     changed: 0, changedNanoseconds: 5), hash: 0)),
            ("é.html", .init(identity: .init(device: 0xFE00, inode: 7, size: 1 << 40, modified: 1_700_000_000,
                                              modifiedNanoseconds: 1, changed: 1_700_000_001, changedNanoseconds: 2), hash: .max)),
            ("line\nbreak", .init(identity: .init(device: 1, inode: 1, size: 1, modified: 1, modifiedNanoseconds: 1,
                                                   changed: 1, changedNanoseconds: 1), hash: 1)),
        ]
        let tree = OutputManifest.Tree(device: 0xFE00, inode: 42, digest: .max, count: 3)
        OutputManifest.write(records, tree: tree, to: path)
        let read = OutputManifest.read(path)
        XCTAssertEqual(read.records.count, 2, "a path with a line break is not recorded")
        XCTAssertEqual(read.records["a b/index.html"], records[0].record)
        XCTAssertEqual(read.records["é.html"], records[1].record)
        XCTAssertNil(read.tree, "nor then the tree")
        OutputManifest.write(Array(records.prefix(2)), tree: tree, to: path)
        XCTAssertEqual(OutputManifest.read(path).tree, tree)
        XCTAssertEqual(OutputManifest.readTree(path)?.tree, tree)
        XCTAssertEqual(OutputManifest.read(path).records.count, 2)
        XCTAssertTrue(OutputManifest.read(root.directory + "/missing").records.isEmpty)
    }

    func testContentHashTellsBytesApart() {
        var seen: [UInt64: [UInt8]] = [:]
        // Every length up to 40 bytes, zeros included (padding must not collide with zeros),
        // and every single-bit change of a 40-byte text.
        for count in 0...40 {
            let zeros = [UInt8](repeating: 0, count: count)
            XCTAssertNil(seen.updateValue(zeros, forKey: ContentHash.of(zeros)), "\(count) zeros")
        }
        let text = Array("<p>A sentence long enough for the test.</p>".utf8.prefix(40))
        for i in text.indices {
            for bit in 0..<8 {
                var changed = text
                changed[i] ^= 1 << UInt8(bit)
                XCTAssertNil(seen.updateValue(changed, forKey: ContentHash.of(changed)), "byte \(i) bit \(bit)")
            }
        }
    }

    // MARK: The spare's tree taken from its manifest

    /// Builds the same files until the spare's manifest describes it, pausing so that the
    /// folders' times fall before the manifests'.
    func settle(_ writer: OutputWriter, _ pages: [OutputFile]) throws {
        for _ in 0..<3 {
            try writer.write(pages)
            Thread.sleep(forTimeInterval: 0.02)
        }
    }

    let site = ["index.html": "home", "a/index.html": "page a", "a/b/index.html": "page b", "c/index.html": "page c"]

    func testTheSpareTreeComesFromItsManifestWhenNothingChanged() throws {
        let (root, out, writer) = try output()
        defer { withExtendedLifetime(root) {} }  // the folder goes with it
        XCTAssertFalse(try writer.write(files(site)).treeFromManifest, "no spare yet")
        XCTAssertFalse(try writer.write(files(site)).treeFromManifest, "a spare without a manifest")
        Thread.sleep(forTimeInterval: 0.02)
        try settle(writer, files(site))
        XCTAssertTrue(try writer.write(files(site)).treeFromManifest)
        // Another set of paths: read as before.
        var more = site
        more["d/index.html"] = "page d"
        XCTAssertFalse(try writer.write(files(more)).treeFromManifest)
        XCTAssertEqual(Fixtures.listFiles(out), [".gen-output", "a/b/index.html", "a/index.html", "c/index.html", "d/index.html", "index.html"])
    }

    func testFilesAddedToTheSpareOrTheOutputByHandStillGo() throws {
        for place in ["extra.txt", "a/extra.txt", "a/b/extra.txt", "a/b/new/extra.txt"] {
            for folder in ["spare", "output"] {
                let (root, out, writer) = try output()
                defer { withExtendedLifetime(root) {} }  // the folder goes with it
                try settle(writer, files(site))
                let base = folder == "spare" ? OutputWriter.sparePath(for: OutputWriter.canonical(out)) : out
                let target = base + "/" + place
                try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent,
                                                        withIntermediateDirectories: true)
                try "not gen's".write(toFile: target, atomically: false, encoding: .utf8)
                // The folder with the extra file is the spare of the first or the second build.
                try writer.write(files(site))
                try writer.write(files(site))
                XCTAssertEqual(Fixtures.listFiles(out), [".gen-output", "a/b/index.html", "a/index.html", "c/index.html", "index.html"],
                               "\(place) in the \(folder)")
                XCTAssertEqual(Fixtures.listFiles(OutputWriter.sparePath(for: OutputWriter.canonical(out))),
                               [".gen-output", "a/b/index.html", "a/index.html", "c/index.html", "index.html"], "\(place) in the \(folder)")
            }
        }
    }

    func testAFolderRemovedFromTheSpareIsMadeAgain() throws {
        let (root, out, writer) = try output(jobs: 2)
        try settle(writer, files(site))
        try FileManager.default.removeItem(atPath: OutputWriter.sparePath(for: OutputWriter.canonical(out)) + "/a")
        XCTAssertFalse(try writer.write(files(site)).treeFromManifest)
        XCTAssertEqual(try root.read("public/a/b/index.html"), "page b")
    }

    func testAManifestOfAnotherFolderIsNotTaken() throws {
        let (root, out, writer) = try output(jobs: 2)
        try settle(writer, files(site))
        // The live output's manifest given to the spare (as a crash between the swap and the
        // manifests' renaming would leave them).
        let canonical = OutputWriter.canonical(out)
        try? FileManager.default.removeItem(atPath: OutputManifest.sparePath(for: canonical))
        try FileManager.default.copyItem(atPath: OutputManifest.path(for: canonical), toPath: OutputManifest.sparePath(for: canonical))
        Thread.sleep(forTimeInterval: 0.02)
        XCTAssertFalse(try writer.write(files(site)).treeFromManifest)
        XCTAssertEqual(try root.read("public/a/index.html"), "page a")
    }
}
