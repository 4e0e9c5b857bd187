import Foundation
import GenKit
import TestSupport
import XCTest

/// `gen build` and its search index: Pagefind found (installed, on PATH, or named in gen.toml),
/// not found, required, skipped with --no-search, and failing.
final class SearchBuildTests: XCTestCase {
    /// The Pagefind a user's gen would find on this machine: on PATH or in the Python package.
    static let installedPagefind: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for folder in path.split(separator: ":") where FileManager.default.isExecutableFile(atPath: folder + "/pagefind") {
            return folder + "/pagefind"
        }
        let script = "import importlib.util as u; s = u.find_spec('pagefind_bin'); "
            + "print(s.submodule_search_locations[0] + '/pagefind' if s else '')"
        guard let found = try? shell("/usr/bin/env", ["python3", "-c", script]) else { return nil }
        let binary = found.trimmingCharacters(in: .whitespacesAndNewlines)
        return FileManager.default.isExecutableFile(atPath: binary) ? binary : nil
    }()

    static func shell(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    func requirePagefind() throws {
        if Self.installedPagefind == nil {
            throw XCTSkip("Pagefind is not installed (pip install pagefind-bin==1.5.2): the real index is not tested")
        }
    }

    /// gen looking for Pagefind as a user's does.
    /// Records beside the output, where a test can see them (`testRecordsInMemory` has the other place).
    let lookingForPagefind = GenProcess.environment(["GEN_PAGEFIND": nil, "GEN_SEARCH_MEMORY": "off"])

    /// What Pagefind stored for each page, by URL (its fragments, gzip-compressed JSON).
    func fragments(_ folder: String) throws -> [String: [String: Any]] {
        let script = """
        import gzip, glob, json, sys
        out = {}
        for f in glob.glob(sys.argv[1] + '/pagefind/fragment/*.pf_fragment'):
            data = json.loads(gzip.decompress(open(f, 'rb').read())[len('pagefind_dcd'):])
            out[data['url']] = data
        print(json.dumps(out))
        """
        let text = try Self.shell("/usr/bin/env", ["python3", "-c", script, folder])
        return try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: [String: Any]] ?? [:]
    }

    func testABuildFindsPagefindAndIndexesArticlesNotesAndEntities() throws {
        try requirePagefind()
        let site = try TemporarySite(fixture: "sites/annotated")
        let built = try GenProcess.run(["build", "--site", site.directory], environment: lookingForPagefind)
        XCTAssertEqual(built.status, 0, built.stderr)
        XCTAssertEqual(built.stderr, "")
        XCTAssertNotNil(built.stdout.range(of: #" in \d+ ms; search: 5 pages indexed in \d+ ms\n"#, options: .regularExpression),
                        built.stdout)
        XCTAssertTrue(site.exists("public/pagefind/pagefind.js"))
        let searchPage = try site.read("public/search/index.html")
        XCTAssertTrue(searchPage.contains(#"data-bundle="../pagefind/""#), searchPage)
        XCTAssertTrue(searchPage.contains(#"<option value="false">False</option>"#), searchPage)
        XCTAssertTrue(try site.read("public/index.html").contains(#"<form class="search-box" role="search" aria-label="Search the site" action="./search/""#))

        let found = try fragments(site.directory + "/public")
        // The article and the four entity pages; no list page, feed or 404.
        XCTAssertEqual(found.keys.sorted(), ["/articles/labour-volunteers-us-election/", "/entities/federal-election-commission/",
                                             "/entities/labour-party/", "/entities/nigel-farage/", "/entities/united-states/"])
        let article = try XCTUnwrap(found["/articles/labour-volunteers-us-election/"])
        let content = try XCTUnwrap(article["content"] as? String)
        // A note's body once, though its sidenote repeats it on the page.
        XCTAssertEqual(content.components(separatedBy: "Farage had himself campaigned for Donald Trump").count - 1, 1, content)
        let filters = try XCTUnwrap(article["filters"] as? [String: [String]])
        XCTAssertEqual(filters["verdict"], ["false", "mostly-true"])
        XCTAssertEqual(filters["kind"], ["context", "correction", "fact-check"])
        XCTAssertEqual(filters["year"], ["2024"])
        // Names split by initial, so that a search by one reads one letter's values.
        XCTAssertEqual(filters["entity-n"]?.contains("Nigel Farage"), true, "\(filters)")
        XCTAssertEqual(filters["entity-u"]?.contains("United States"), true, "\(filters)")
        XCTAssertNil(filters["entity"], "\(filters)")
        XCTAssertEqual(filters.keys.filter { $0.hasPrefix("tag-") }.isEmpty, false, "\(filters)")
        let meta = try XCTUnwrap(article["meta"] as? [String: String])
        XCTAssertEqual(meta["title"], "Labour staff volunteer in US swing states, and critics cry interference")
        XCTAssertEqual(meta["date"], "2024-10-18")
        // Each note is an anchor its result links to.
        let anchors = try XCTUnwrap(article["anchors"] as? [[String: Any]])
        XCTAssertTrue(anchors.contains { $0["id"] as? String == "note-not-at-all" }, "\(anchors)")
        // An entity page with its aliases.
        let labour = try XCTUnwrap(found["/entities/labour-party/"]?["content"] as? String)
        XCTAssertTrue(labour.contains("Also written: Labour"), labour)
    }

    /// A fake Pagefind on PATH: records how it was run (`--site RECORDS --output-path BUNDLE ...`)
    /// and writes a one-file bundle where it was asked to.
    func fakePagefind(in site: TemporarySite, exitStatus: Int = 0) throws -> String {
        let log = site.directory + "/pagefind-args.txt"
        try site.write("bin/pagefind", """
        #!/bin/sh
        echo "$@" >> '\(log)'
        case "$4" in */.public.gen-search.index-*|*/.public.gen-search-2.index-*) ;; *) echo "not into a folder of its own beside the output: $4" >&2; exit 9 ;; esac
        [ \(exitStatus) = 0 ] || { echo "Error: the index could not be written" >&2; exit \(exitStatus); }
        mkdir "$4" && echo "// index of $(ls "$2/articles" | wc -l) articles" > "$4/pagefind.js"
        echo "Indexed 2 pages"

        """)
        chmod(site.directory + "/bin/pagefind", 0o755)
        return log
    }

    /// Over `Pagefind.pagesInOnePart` pages, the index is made in two parts: the pages dealt to
    /// them in turn, one Pagefind run each, the second part in pagefind/part-2/, which the search
    /// page names. Back under the limit, the second part and its records go.
    func testALargeSiteIsIndexedInTwoParts() throws {
        let site = try TemporarySite(fixture: "sites/basic")
        let log = try fakePagefind(in: site)
        var environment = lookingForPagefind
        environment["PATH"] = site.directory + "/bin:/usr/bin:/bin"
        for n in 0..<Pagefind.pagesInOnePart {
            try site.write(String(format: "content/articles/filler-%05d.md", n), "---\ntitle: Filler \(n)\ndate: 2020-01-01\n---\n\nA filler.\n")
        }
        var built = try GenProcess.run(["build", "--site", site.directory], environment: environment)
        XCTAssertEqual(built.status, 0, built.stderr)
        var runs = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(runs.count, 2, "\(runs)")
        XCTAssertTrue(runs.contains { $0.contains("/.public.gen-search --output-path /") && $0.contains("/.public.gen-search.index-") })
        XCTAssertTrue(runs.contains { $0.contains("/.public.gen-search-2 --output-path /") && $0.contains("/.public.gen-search-2.index-") })
        let articles = try FileManager.default.contentsOfDirectory(atPath: site.directory + "/public/articles").count
        let counts = try ["public/pagefind/pagefind.js", "public/pagefind/part-2/pagefind.js"].map { path -> Int in
            Int(try site.read(path).split(separator: " ")[3])!
        }
        XCTAssertEqual(counts.reduce(0, +), articles, "every article in one part")
        XCTAssertLessThan(abs(counts[0] - counts[1]), articles / 10, "\(counts)")
        XCTAssertTrue(try site.read("public/search/index.html").contains(#"data-bundle="../pagefind/" data-parts="part-2/""#))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: site.directory).filter { $0.contains(".index-") }, [])
        XCTAssertEqual(built.stderr, "")

        // A search page of the site's own that does not merge the parts: a warning at it.
        try site.write("templates/search.mustache", "{{<base}}{{$content}}<form data-bundle=\"{{root}}pagefind/\"></form>{{/content}}{{/base}}\n")
        built = try GenProcess.run(["build", "--site", site.directory], environment: environment)
        XCTAssertEqual(built.status, 0, built.stderr)
        XCTAssertEqual(built.stderr, """
        templates/search.mustache:1:1: warning: the search page does not name the further parts of the search index: it searches only the first
        note: this site's index is made in 2 parts; merge those that '{{search_parts}}' names with Pagefind's mergeIndex, as gen's own search page does (docs/templates.md)

        """)
        try FileManager.default.removeItem(atPath: site.directory + "/templates/search.mustache")

        for n in 0..<Pagefind.pagesInOnePart { try FileManager.default.removeItem(atPath: site.directory + String(format: "/content/articles/filler-%05d.md", n)) }
        built = try GenProcess.run(["build", "--site", site.directory], environment: environment)
        XCTAssertEqual(built.status, 0, built.stderr)
        runs = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(runs.count, 5, "\(runs)")
        XCTAssertFalse(site.exists("public/pagefind/part-2"))
        XCTAssertFalse(site.exists(".public.gen-search-2"))
        XCTAssertTrue(try site.read("public/search/index.html").contains(#"data-bundle="../pagefind/" data-parts="""#))
    }

    /// Where there is a memory file system (`/dev/shm` on Linux), the records are written there
    /// for the run and removed after it; those an earlier build kept beside the output go, and so
    /// do the records of runs whose gen is gone.
    func testRecordsInMemory() throws {
        guard Pagefind.isMemoryFileSystem("/dev/shm") else { throw XCTSkip("no memory file system at /dev/shm") }
        let site = try TemporarySite(fixture: "sites/basic")
        let log = try fakePagefind(in: site)
        var environment = GenProcess.environment(["GEN_PAGEFIND": nil, "GEN_SEARCH_MEMORY": nil])
        environment["PATH"] = site.directory + "/bin:/usr/bin:/bin"
        try site.write(".public.gen-search/articles/old/index.html", "kept by an earlier build")
        let abandoned = "/dev/shm/gen-search-2147483646-1"
        try FileManager.default.createDirectory(atPath: abandoned + "/part-1", withIntermediateDirectories: true)
        let built = try GenProcess.run(["build", "--site", site.directory], environment: environment)
        XCTAssertEqual(built.status, 0, built.stderr)
        XCTAssertEqual(built.stderr, "")
        let run = try String(contentsOfFile: log, encoding: .utf8)
        XCTAssertNotNil(run.range(of: #"^--site /dev/shm/gen-search-\d+-\d+/part-1 --output-path /\S+/\.public\.gen-search\.index-"#,
                                  options: .regularExpression), run)
        XCTAssertTrue(try site.read("public/pagefind/pagefind.js").hasPrefix("// index of"))
        XCTAssertFalse(site.exists(".public.gen-search"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: abandoned))
        let folder = String(run.split(separator: " ")[1]).replacingOccurrences(of: "/part-1", with: "")
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder), folder)
    }

    func testPagefindOnPATHIndexesTheNewOutputBeforeItIsSwappedIn() throws {
        let site = try TemporarySite(fixture: "sites/basic")
        let log = try fakePagefind(in: site)
        var environment = lookingForPagefind
        environment["PATH"] = site.directory + "/bin:/usr/bin:/bin"
        // What builds killed while Pagefind ran left (a bundle it went on writing, a half-written
        // render cache): removed, never published.
        try site.write(".public.gen-search.index-1-2/fragment/stray.pf_fragment", "stray")
        try site.write(".public.gen-cache.tmp-1", "half a cache")
        for _ in 0..<2 {
            let built = try GenProcess.run(["build", "--site", site.directory], environment: environment)
            XCTAssertEqual(built.status, 0, built.stderr)
            XCTAssertEqual(built.stderr, "")
            XCTAssertNotNil(built.stdout.range(of: #"; search: 2 pages indexed in \d+ ms"#, options: .regularExpression), built.stdout)
            XCTAssertTrue(site.exists("public/search/index.html"))
        }
        // Run on the records of the spare folder's pages (the new output, not yet swapped in),
        // with gen's additions excluded, the bundle written into a new folder of the run's own
        // (mkdir fails on a folder left there) and moved into the spare.
        let runs = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(runs.count, 2)
        for run in runs {
            XCTAssertTrue(run.hasPrefix("--site /") && run.contains("/.public.gen-search --output-path /")
                          && run.contains("/.public.gen-search.index-")
                          && run.hasSuffix(" --exclude-selectors [data-gen-added], .note-quote, .note-meta, .sources"),
                          String(run))
        }
        XCTAssertFalse(site.exists(".public.gen-search.index-1-2"))
        XCTAssertFalse(site.exists(".public.gen-cache.tmp-1"))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: site.directory + "/public/pagefind"), ["pagefind.js"])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: site.directory).filter { $0.contains(".index-") }, [])
        XCTAssertTrue(site.exists(".public.gen-search/articles/first-report/index.html"))
        XCTAssertTrue(try site.read("public/pagefind/pagefind.js").hasPrefix("// index of"))
        // What Pagefind reads on an article page: the body marked, filters, metadata and sort.
        let page = try site.read("public/articles/first-report/index.html")
        XCTAssertTrue(page.contains(#"<article class="article" data-pagefind-body>"#), page)
        for expected in [#"<span data-pagefind-filter="year">2024</span>"#, #"<span data-pagefind-meta="date">2024-10-18</span>"#,
                         #"<span data-pagefind-meta="date_label">18 October 2024</span>"#,
                         #"<span data-pagefind-sort="date">2024-10-18</span>"#,
                         #"<span data-pagefind-meta="publisher">The Gazette</span>"#,
                         #"<span data-pagefind-filter="tag-p">politics</span>"#] {
            XCTAssertTrue(page.contains(expected), expected)
        }
        // Lists are not marked, so Pagefind leaves them out.
        XCTAssertFalse(try site.read("public/index.html").contains("data-pagefind-body"))
        XCTAssertFalse(try site.read("public/404.html").contains("data-pagefind-body"))
        // The record of a page gone goes with it: Pagefind would index the page otherwise.
        try FileManager.default.removeItem(atPath: site.directory + "/content/articles/first-report.md")
        XCTAssertEqual(try GenProcess.run(["build", "--site", site.directory], environment: environment).status, 0)
        XCTAssertFalse(site.exists(".public.gen-search/articles/first-report/index.html"))
        XCTAssertFalse(site.exists("public/articles/first-report/index.html"))
    }

    func testWithoutPagefindTheBuildWarnsOnceAndHasNoSearch() throws {
        let site = try TemporarySite(fixture: "sites/basic")
        let built = try GenProcess.run(["build", "--site", site.directory],
                                       environment: GenProcess.environment(["GEN_PAGEFIND": nil, "PATH": site.directory + "/nowhere"]))
        XCTAssertEqual(built.status, 0, built.stderr)
        XCTAssertEqual(built.stderr, """
        warning: Pagefind was not found: the site is built without search
        note: install Pagefind with 'pip install pagefind-bin==1.5.2', or set '[search] pagefind = "PATH"' in gen.toml
        note: or set '[search] enabled = false' in gen.toml to build without search

        """)
        XCTAssertFalse(built.stdout.contains("search:"), built.stdout)
        XCTAssertFalse(site.exists("public/search/index.html"))
        XCTAssertFalse(site.exists("public/pagefind"))
        XCTAssertFalse(try site.read("public/index.html").contains("search-box"))

        // GEN_PAGEFIND naming what is not there is said as such, not as Pagefind missing.
        let named = try GenProcess.run(["build", "--site", site.directory],
                                       environment: GenProcess.environment(["GEN_PAGEFIND": site.directory + "/nowhere/pagefind",
                                                                            "PATH": site.directory + "/nowhere"]))
        XCTAssertEqual(named.status, 0, named.stderr)
        XCTAssertEqual(named.stderr, """
        warning: GEN_PAGEFIND names '\(site.directory)/nowhere/pagefind', which is not a program: the site is built without search
        note: unset GEN_PAGEFIND to look for Pagefind on PATH and in the pagefind-bin package

        """)

        // Said once in gen.toml: no search, and no warning.
        try site.write("gen.toml", try site.read("gen.toml") + "\n[search]\nenabled = false\n")
        let quiet = try GenProcess.run(["build", "--site", site.directory],
                                       environment: GenProcess.environment(["GEN_PAGEFIND": nil, "PATH": site.directory + "/nowhere"]))
        XCTAssertEqual(quiet.status, 0, quiet.stderr)
        XCTAssertEqual(quiet.stderr, "")
    }

    func testSearchEnabledWithoutPagefindIsAnErrorAndLeavesTheOutput() throws {
        let site = try TemporarySite(fixture: "sites/basic")
        XCTAssertEqual(try GenProcess.run(["build", "--site", site.directory]).status, 0)
        let before = GenProcess.snapshot(site.directory + "/public")
        try site.write("gen.toml", try site.read("gen.toml") + "\n[search]\nenabled = true\n")
        let failed = try GenProcess.run(["build", "--site", site.directory],
                                        environment: GenProcess.environment(["GEN_PAGEFIND": nil, "PATH": site.directory + "/nowhere"]))
        XCTAssertEqual(failed.status, 1)
        XCTAssertTrue(failed.stderr.hasPrefix("""
        gen.toml:6:11: error: search is enabled in gen.toml, but Pagefind was not found
        note: install Pagefind with 'pip install pagefind-bin==1.5.2'
        """), failed.stderr)
        XCTAssertEqual(GenProcess.snapshot(site.directory + "/public"), before)
        // A Pagefind named that is not there: the error is at its name.
        try site.write("gen.toml", try site.read("gen.toml") + "pagefind = \"bin/nope\"\n")
        let named = try GenProcess.run(["build", "--site", site.directory])
        XCTAssertEqual(named.status, 1)
        XCTAssertTrue(named.stderr.hasPrefix("gen.toml:7:13: error: 'search.pagefind' names 'bin/nope' (\(site.directory)/bin/nope), "
                                             + "which is not there\n"), named.stderr)
        XCTAssertEqual(GenProcess.snapshot(site.directory + "/public"), before)
        // A folder is no program (its search permission is no execute permission), and an empty
        // name names nothing; Pagefind installed elsewhere is named in the note.
        try site.write("bin/x/.keep", "")
        try site.write("gen.toml", try site.read("gen.toml").replacingOccurrences(of: "bin/nope", with: "bin/x"))
        let folder = try GenProcess.run(["build", "--site", site.directory],
                                        environment: GenProcess.environment(["GEN_PAGEFIND": nil, "PATH": site.directory + "/nowhere"]))
        XCTAssertEqual(folder.stderr, """
        gen.toml:7:13: error: 'search.pagefind' names 'bin/x' (\(site.directory)/bin/x), which is not a program
        note: install Pagefind with 'pip install pagefind-bin==1.5.2', or set '[search] pagefind = "PATH"' in gen.toml
        gen: build failed with 1 error; \(site.directory)/public was left as it was

        """)
        _ = try fakePagefind(in: site)
        try site.write("gen.toml", try site.read("gen.toml").replacingOccurrences(of: "bin/x", with: ""))
        let empty = try GenProcess.run(["build", "--site", site.directory],
                                       environment: GenProcess.environment(["GEN_PAGEFIND": nil, "PATH": site.directory + "/bin"]))
        XCTAssertTrue(empty.stderr.hasPrefix("""
        gen.toml:7:13: error: 'search.pagefind' names no file
        note: Pagefind is installed at '\(site.directory)/bin/pagefind': name that path, or remove 'pagefind' from [search] to use it
        """), empty.stderr)
        XCTAssertEqual(GenProcess.snapshot(site.directory + "/public"), before)
    }

    /// A program that ends well without writing an index (not Pagefind, or a broken one) fails
    /// the build, and the last output, its index included, stays as it was.
    func testAProgramThatWritesNoIndexFailsTheBuild() throws {
        let site = try TemporarySite(fixture: "sites/basic")
        _ = try fakePagefind(in: site)
        var environment = lookingForPagefind
        environment["PATH"] = site.directory + "/bin:/usr/bin:/bin"
        XCTAssertEqual(try GenProcess.run(["build", "--site", site.directory], environment: environment).status, 0)
        XCTAssertTrue(site.exists("public/pagefind/pagefind.js"))
        let before = GenProcess.snapshot(site.directory + "/public")
        try site.write("bin/other", "#!/bin/sh\necho 'pagefind 0.12.0'\n")
        chmod(site.directory + "/bin/other", 0o755)
        try site.write("gen.toml", try site.read("gen.toml") + "\n[search]\npagefind = \"bin/other\"\n")
        let failed = try GenProcess.run(["build", "--site", site.directory], environment: environment)
        XCTAssertEqual(failed.status, 1)
        XCTAssertEqual(failed.stderr, """
        error: Pagefind ended without writing an index (no pagefind.js): is '\(site.directory)/bin/other' Pagefind 1.5.2? (`pagefind --version`)
        note: pagefind: pagefind 0.12.0
        gen: build failed with 1 error; \(site.directory)/public was left as it was

        """)
        XCTAssertEqual(GenProcess.snapshot(site.directory + "/public"), before)
    }

    /// `gen check` looks for Pagefind as `gen build` does and says the same of it; with Pagefind
    /// found, it checks the search page and box too, and runs no Pagefind (it writes nothing).
    func testCheckLooksForPagefindAsTheBuildDoes() throws {
        let site = try TemporarySite(fixture: "sites/basic")
        let missing = GenProcess.environment(["GEN_PAGEFIND": nil, "PATH": site.directory + "/nowhere"])
        let unfound = try GenProcess.run(["check", "--site", site.directory], environment: missing)
        XCTAssertEqual(unfound.status, 0, unfound.stderr)
        XCTAssertEqual(unfound.stderr, """
        warning: Pagefind was not found: the site is built without search
        note: install Pagefind with 'pip install pagefind-bin==1.5.2', or set '[search] pagefind = "PATH"' in gen.toml
        note: or set '[search] enabled = false' in gen.toml to build without search

        """)
        // As `gen build --no-search`: Pagefind not looked for, so nothing to say of it.
        let unsearched = try GenProcess.run(["check", "--site", site.directory, "--no-search", "--strict"], environment: missing)
        XCTAssertEqual(unsearched.status, 0, unsearched.stderr)
        XCTAssertEqual(unsearched.stderr, "")

        let log = try fakePagefind(in: site, exitStatus: 3)
        var environment = lookingForPagefind
        environment["PATH"] = site.directory + "/bin:/usr/bin:/bin"
        let found = try GenProcess.run(["check", "--site", site.directory], environment: environment)
        XCTAssertEqual(found.status, 0, found.stderr)
        XCTAssertEqual(found.stderr, "")
        XCTAssertFalse(FileManager.default.fileExists(atPath: log))
        XCTAssertFalse(site.exists("public"))
        // The search page is among the pages checked: a broken link in its template is found.
        try site.write("templates/search.mustache", try String(contentsOfFile: Fixtures.repositoryRoot + "/templates/search.mustache",
                                                                 encoding: .utf8) + "<a href=\"{{root}}nowhere/\">x</a>\n")
        let broken = try GenProcess.run(["check", "--site", site.directory], environment: environment)
        XCTAssertEqual(broken.status, 1, broken.stderr)
        XCTAssertTrue(broken.stderr.contains("search/index.html:"), broken.stderr)
        XCTAssertTrue(broken.stderr.contains("error: broken link '../nowhere/': no page at 'nowhere/'"), broken.stderr)

        try site.write("gen.toml", try site.read("gen.toml") + "\n[search]\nenabled = true\n")
        let required = try GenProcess.run(["check", "--site", site.directory], environment: missing)
        XCTAssertEqual(required.status, 1)
        XCTAssertTrue(required.stderr.hasPrefix("gen.toml:6:11: error: search is enabled in gen.toml, but Pagefind was not found\n"),
                      required.stderr)
    }

    /// A build with `option` runs no Pagefind (a fake one on PATH that would fail) and has no
    /// search page or box.
    func assertBuildsWithoutSearch(_ option: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let site = try TemporarySite(fixture: "sites/basic")
        let log = try fakePagefind(in: site, exitStatus: 3)
        var environment = lookingForPagefind
        environment["PATH"] = site.directory + "/bin:/usr/bin:/bin"
        let built = try GenProcess.run(["build", option, "--site", site.directory], environment: environment)
        XCTAssertEqual(built.status, 0, built.stderr, file: file, line: line)
        XCTAssertEqual(built.stderr, "", file: file, line: line)
        XCTAssertFalse(built.stdout.contains("search:"), built.stdout, file: file, line: line)
        // The build line says it has no search, and why (a site published from such a build has
        // no search box).
        XCTAssertEqual(built.stdout.contains("; no search (file URLs)"), option == "--file-urls", built.stdout, file: file, line: line)
        XCTAssertEqual(built.stdout.contains("; no search (--no-search)"), option == "--no-search", built.stdout, file: file, line: line)
        XCTAssertFalse(FileManager.default.fileExists(atPath: log), file: file, line: line)
        XCTAssertFalse(site.exists("public/search/index.html"), file: file, line: line)
        XCTAssertFalse(try site.read("public/index.html").contains("search-box"), file: file, line: line)
    }

    func testNoSearchSkipsIndexingForOneBuild() throws { try assertBuildsWithoutSearch("--no-search") }

    /// A site with nothing to search yet (no article, page or entity) builds without search:
    /// Pagefind fails on a site without a page to index.
    func testASiteWithNothingToSearchBuildsWithoutSearch() throws {
        let site = try TemporarySite(["gen.toml": "title = \"Empty\"\n", "content/articles/.keep": ""])
        let log = try fakePagefind(in: site, exitStatus: 3)
        var environment = lookingForPagefind
        environment["PATH"] = site.directory + "/bin:/usr/bin:/bin"
        let built = try GenProcess.run(["build", "--site", site.directory], environment: environment)
        XCTAssertEqual(built.status, 0, built.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: log))
        XCTAssertFalse(site.exists("public/search/index.html"))
        XCTAssertTrue(site.exists("public/index.html"))
    }

    /// A build to open from disk has no search: a browser does not load Pagefind from file://.
    func testFileURLsBuildWithoutSearch() throws { try assertBuildsWithoutSearch("--file-urls") }

    func testAFailedIndexFailsTheBuildAndLeavesThePreviousSite() throws {
        let site = try TemporarySite(fixture: "sites/basic")
        _ = try fakePagefind(in: site)
        try site.write("gen.toml", try site.read("gen.toml") + "\n[search]\npagefind = \"bin/pagefind\"\n")
        XCTAssertEqual(try GenProcess.run(["build", "--site", site.directory]).status, 0)
        XCTAssertTrue(site.exists("public/pagefind/pagefind.js"))
        let before = GenProcess.snapshot(site.directory + "/public")

        _ = try fakePagefind(in: site, exitStatus: 3)
        try site.write("content/articles/new.md", "---\ntitle: New\n---\nA new article.\n")
        let failed = try GenProcess.run(["build", "--site", site.directory])
        XCTAssertEqual(failed.status, 1)
        XCTAssertEqual(failed.stdout, "")
        XCTAssertEqual(failed.stderr, """
        error: Pagefind failed (exit status 3) indexing the site for search
        note: pagefind: Error: the index could not be written
        gen: build failed with 1 error; \(site.directory)/public was left as it was

        """)
        XCTAssertEqual(GenProcess.snapshot(site.directory + "/public"), before)
    }
}
