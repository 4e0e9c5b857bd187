import Foundation
import TestSupport
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// `gen serve` over real HTTP on an ephemeral port: pages, 404, HEAD, traversal attempts, an
/// edit seen through the event stream, a broken edit and its fix.
final class ServeCommandTests: XCTestCase {
    /// A running `gen serve` and its port.
    final class Server {
        let process = Process()
        let output = Pipe()
        let errors = Pipe()
        var port = 0
        var lines = ""

        init(site: String, arguments: [String] = []) throws {
            process.executableURL = URL(fileURLWithPath: GenProcess.binary)
            process.arguments = ["serve", "--site", site, "--port", "0"] + arguments
            process.environment = GenProcess.environment()
            process.standardOutput = output
            process.standardError = errors
            // Read when a test asks, never waited for: a full pipe must not stop the server.
            _ = fcntl(errors.fileHandleForReading.fileDescriptor, F_SETFL, O_NONBLOCK)
            try process.run()
            let deadline = Date().addingTimeInterval(20)
            while port == 0, Date() < deadline {
                let data = output.fileHandleForReading.availableData
                if data.isEmpty { break }
                lines += String(decoding: data, as: UTF8.self)
                if let range = lines.range(of: #"127\.0\.0\.1:(\d+)/"#, options: .regularExpression) {
                    port = Int(lines[range].dropFirst(10).dropLast())!
                }
            }
        }

        deinit {
            process.terminate()
            process.waitUntilExit()
        }

        /// Standard output until it holds `text` `times` times (or 20 s).
        func readOutput(until text: String, times: Int = 1) -> String {
            let deadline = Date().addingTimeInterval(20)
            while lines.components(separatedBy: text).count <= times, Date() < deadline {
                let data = output.fileHandleForReading.availableData
                if data.isEmpty { break }
                lines += String(decoding: data, as: UTF8.self)
            }
            return lines
        }

        /// What the server wrote to standard error so far.
        func readErrors() -> String {
            var text = "", chunk = [UInt8](repeating: 0, count: 65536)
            while case let count = Glibc.read(errors.fileHandleForReading.fileDescriptor, &chunk, chunk.count), count > 0 {
                text += String(decoding: chunk[0..<count], as: UTF8.self)
            }
            return text
        }
    }

    /// One raw HTTP exchange on a connection of its own (closed after it): the status, the
    /// headers (lowercased names) and the body. `host` nil sends no Host header.
    static func request(_ port: Int, _ target: String, method: String = "GET", host: String? = "127.0.0.1",
                        version: String = "HTTP/1.1") throws -> (Int, [String: String], String) {
        let fd = try connect(port)
        defer { close(fd) }
        send(fd, "\(method) \(target) \(version)\r\n" + (host.map { "Host: \($0)\r\n" } ?? "") + "Connection: close\r\n\r\n")
        var data: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(fd, &chunk, chunk.count, 0)
            if count <= 0 { break }
            data += chunk[0..<count]
        }
        return parse(String(decoding: data, as: UTF8.self))
    }

    /// A response's status, headers (lowercased names) and body.
    static func parse(_ response: String) -> (Int, [String: String], String) {
        guard let split = response.range(of: "\r\n\r\n") else { return (0, [:], response) }
        let head = response[..<split.lowerBound].components(separatedBy: "\r\n")
        let status = Int(head[0].split(separator: " ")[1]) ?? 0
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            let parts = line.split(separator: ":", maxSplits: 1)
            if parts.count == 2 { headers[parts[0].lowercased()] = parts[1].trimmingCharacters(in: .whitespaces) }
        }
        return (status, headers, String(response[split.upperBound...]))
    }

    static func connect(_ port: Int) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else { throw NSError(domain: "connect", code: Int(errno)) }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        return fd
    }

    /// Sends all of `text`; false when the connection is closed.
    @discardableResult
    static func send(_ fd: Int32, _ text: String) -> Bool {
        let bytes = Array(text.utf8)
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard count > 0 else { return false }
            sent += count
        }
        return true
    }

    /// A connection listening to the event stream, once its `retry:` line has arrived.
    static func listen(_ port: Int) throws -> Int32 {
        let fd = try connect(port)
        send(fd, "GET /__gen/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        let head = read(fd, until: "retry:")
        guard head.contains("text/event-stream") else {
            close(fd)
            throw NSError(domain: "events: \(head)", code: 0)
        }
        return fd
    }

    /// One response read from a kept-alive connection (its body by Content-Length).
    static func readResponse(_ fd: Int32) -> (Int, [String: String], String) {
        var data: [UInt8] = []
        var byte: UInt8 = 0
        while !data.reversed().starts(with: Array("\n\r\n\r".utf8)) {
            guard recv(fd, &byte, 1, 0) == 1 else { return parse(String(decoding: data, as: UTF8.self)) }
            data.append(byte)
        }
        let (status, headers, _) = parse(String(decoding: data, as: UTF8.self))
        var body: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        let length = Int(headers["content-length"] ?? "0") ?? 0
        while body.count < length {
            let count = recv(fd, &chunk, min(chunk.count, length - body.count), 0)
            if count <= 0 { break }
            body += chunk[0..<count]
        }
        return (status, headers, String(decoding: body, as: UTF8.self))
    }

    /// The number of open descriptors of a process.
    static func descriptors(_ pid: Int32) -> Int {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd").count) ?? -1
    }

    /// Waits (up to 20 s) until `condition` holds; whether it did.
    static func eventually(_ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            if condition() { return true }
            usleep(20_000)
        }
        return condition()
    }

    /// Reads the event stream until `marker` arrives; the text read.
    static func read(_ fd: Int32, until marker: String) -> String {
        var text = ""
        var chunk = [UInt8](repeating: 0, count: 4096)
        while !text.contains(marker) {
            let count = recv(fd, &chunk, chunk.count, 0)
            if count <= 0 { break }
            text += String(decoding: chunk[0..<count], as: UTF8.self)
        }
        return text
    }

    func testPagesFoldersHeadAnd404() throws {
        let site = try TemporarySite(fixture: "sites/annotated")
        let server = try Server(site: site.directory)
        XCTAssertNotEqual(server.port, 0, server.lines)
        // The first line counts what gen build's does.
        XCTAssertNotNil(server.lines.range(of: #"^gen: built \d+ articles?, \d+ notes?, \d+ entit(y|ies), \d+ sources? in \d+ ms\n"#,
                                           options: .regularExpression), server.lines)
        let (status, headers, body) = try Self.request(server.port, "/articles/labour-volunteers-us-election/")
        XCTAssertEqual(status, 200)
        XCTAssertEqual(headers["content-type"], "text/html; charset=utf-8")
        XCTAssertEqual(headers["cache-control"], "no-cache, no-store, must-revalidate")
        XCTAssertTrue(body.contains("<mark class=\"annotation\""), body)
        XCTAssertTrue(body.contains("new EventSource(\"/__gen/events\")"), "served pages carry the reload script")
        XCTAssertFalse(site.exists("public"), "gen serve never writes public/")

        let (redirect, moved, _) = try Self.request(server.port, "/articles/labour-volunteers-us-election")
        XCTAssertEqual(redirect, 301)
        XCTAssertEqual(moved["location"], "/articles/labour-volunteers-us-election/")
        XCTAssertEqual(try Self.request(server.port, "/assets/style.css").1["content-type"], "text/css; charset=utf-8")
        XCTAssertEqual(try Self.request(server.port, "/articles/labour-volunteers-us-election/annotations.jsonld").1["content-type"],
                       "application/ld+json")

        let (headStatus, headHeaders, headBody) = try Self.request(server.port, "/", method: "HEAD")
        XCTAssertEqual(headStatus, 200)
        XCTAssertEqual(headBody, "")
        XCTAssertNotEqual(headHeaders["content-length"], "0")

        let (missing, _, notFound) = try Self.request(server.port, "/no/such/page/")
        XCTAssertEqual(missing, 404)
        XCTAssertTrue(notFound.contains("Page not found"), notFound)
        XCTAssertEqual(try Self.request(server.port, "/", method: "POST").0, 405)
    }

    /// With `--base-url`, the site is served under its path, as it will be published: the root
    /// leads there, what is outside it is the site's 404 page (whose links lead under the path),
    /// and absolute URLs point at the preview with its path. Without, at the root, whatever gen.toml's base_url.
    func testASiteIsServedUnderThePathOfItsAddress() throws {
        let site = try TemporarySite(fixture: "sites/pages")
        let atRoot = try Server(site: site.directory)
        XCTAssertTrue(atRoot.lines.contains("at http://127.0.0.1:\(atRoot.port)/ ("), atRoot.lines)
        XCTAssertEqual(try Self.request(atRoot.port, "/").0, 200)

        let server = try Server(site: site.directory, arguments: ["--base-url", "https://example.com/harbour/"])
        XCTAssertNotEqual(server.port, 0, server.lines)
        XCTAssertTrue(server.lines.contains("at http://127.0.0.1:\(server.port)/harbour/ ("), server.lines)
        for target in ["/", "/harbour"] {
            let (status, headers, _) = try Self.request(server.port, target)
            XCTAssertEqual(status, 302, target)
            XCTAssertEqual(headers["location"], "/harbour/", target)
        }
        let (status, _, home) = try Self.request(server.port, "/harbour/")
        XCTAssertEqual(status, 200)
        XCTAssertTrue(home.contains(#"href="./assets/style.css""#), home)
        XCTAssertEqual(try Self.request(server.port, "/harbour/assets/style.css").0, 200)
        // Written with escapes a path needs none for (`%7E` for `~`), it is the same path.
        XCTAssertEqual(try Self.request(server.port, "/%68arbour/assets/style.css").0, 200)
        XCTAssertEqual(try Self.request(server.port, "/harbour/%2e%2e/harbour/").0, 400)
        let feed = try Self.request(server.port, "/harbour/feed.xml").2
        XCTAssertTrue(feed.contains("http://127.0.0.1:\(server.port)/harbour/"), feed)
        let (outside, _, notFound) = try Self.request(server.port, "/assets/style.css")
        XCTAssertEqual(outside, 404)
        XCTAssertTrue(notFound.contains(#"href="/harbour/assets/style.css""#), notFound)
        XCTAssertEqual(try Self.request(server.port, "/harbour/../etc/passwd").0, 400)
    }

    func testPathsEscapingTheSiteAreRefused() throws {
        let site = try TemporarySite(fixture: "sites/basic")
        try site.write("secret.txt", "do not serve\n")
        let server = try Server(site: site.directory)
        for target in ["/../gen.toml", "/%2e%2e/gen.toml", "/assets/%2E%2E/%2e%2e/secret.txt", "/assets\\..\\..\\secret.txt",
                       "/%00", "/./index.html", "/%zz"] {
            let (status, _, body) = try Self.request(server.port, target)
            XCTAssertEqual(status, 400, target)
            XCTAssertFalse(body.contains("do not serve"), target)
        }
        XCTAssertEqual(try Self.request(server.port, "/secret.txt").0, 404, "only the built site is served")
    }

    func testAnEditReloadsABrokenEditShowsItsErrorsAndTheFixRecovers() throws {
        let site = try TemporarySite(fixture: "sites/annotated")
        let server = try Server(site: site.directory)
        let events = try Self.listen(server.port)
        defer { close(events) }

        let path = "content/articles/labour-volunteers-us-election.md"
        let original = try site.read(path)
        try site.write(path, original + "\nA sentence added while serving.\n")
        XCTAssertTrue(Self.read(events, until: "event: reload").contains("event: reload"))
        XCTAssertTrue(try Self.request(server.port, "/articles/labour-volunteers-us-election/").2
            .contains("A sentence added while serving."))

        try site.write(path, original.replacingOccurrences(of: "title: \"Labour", with: "title: [\"Labour"))
        let failed = Self.read(events, until: "event: failed")
        XCTAssertTrue(failed.contains("content/articles/labour-volunteers-us-election.md:2:"), failed)
        // The last good build is still served.
        XCTAssertTrue(try Self.request(server.port, "/articles/labour-volunteers-us-election/").2
            .contains("A sentence added while serving."))

        try site.write(path, original)
        XCTAssertTrue(Self.read(events, until: "event: reload").contains("event: reload"))
        XCTAssertFalse(try Self.request(server.port, "/articles/labour-volunteers-us-election/").2
            .contains("A sentence added while serving."))
    }

    /// A failure is printed once, though it comes again (an editor's save seen as two changes).
    func testTheSameFailureIsPrintedOnce() throws {
        let site = try TemporarySite(fixture: "sites/annotated")
        let server = try Server(site: site.directory)
        let events = try Self.listen(server.port)
        defer { close(events) }
        _ = server.readErrors()
        let path = "content/articles/labour-volunteers-us-election.md"
        let broken = try site.read(path).replacingOccurrences(of: "title: \"Labour", with: "title: [\"Labour")
        try site.write(path, broken)
        XCTAssertTrue(Self.read(events, until: "event: failed").contains("event: failed"))
        try site.write(path, broken)
        XCTAssertTrue(Self.read(events, until: "event: failed").contains("event: failed"))
        try site.write(path, broken.replacingOccurrences(of: "title: [\"Labour", with: "title: \"Labour"))
        XCTAssertTrue(Self.read(events, until: "event: reload").contains("event: reload"))
        let printed = server.readOutput(until: "rebuilt in")
        XCTAssertEqual(printed.components(separatedBy: "the build failed").count, 2, printed)
        XCTAssertEqual(server.readErrors().components(separatedBy: "error:").count, 2)
    }

    /// A warning an edit brings is printed once, after the edit; standing ones are not repeated.
    func testAWarningAnEditBringsIsPrinted() throws {
        let site = try TemporarySite(fixture: "sites/annotated")
        let server = try Server(site: site.directory)
        let path = "content/articles/labour-volunteers-us-election.md"
        _ = server.readErrors()
        try site.write(path, try site.read(path).replacingOccurrences(of: "She wrote that close", with: "She denied that close"))
        XCTAssertTrue(server.readOutput(until: "changed:").contains("labour-volunteers-us-election.md changed:"))
        let warned = server.readErrors()
        XCTAssertTrue(warned.contains("warning: the sentence of fact check 'hundred-staff' changed around its quote"), warned)
        try site.write(path, try site.read(path).replacingOccurrences(of: "swift.", with: "swift, and loud."))
        XCTAssertEqual(server.readOutput(until: "changed:", times: 2).components(separatedBy: "changed:").count, 3)
        XCTAssertEqual(server.readErrors(), "")
    }

    /// A fact check whose sentence changed since the last `gen build` (public/) is shown on every
    /// page while it differs from what that build published, whatever else is edited meanwhile;
    /// mended, the notice goes.
    func testAFactCheckChangedSinceTheLastBuildIsShownOnThePages() throws {
        let site = try TemporarySite(fixture: "sites/annotated")
        XCTAssertEqual(try GenProcess.run(["build", "--site", site.directory, "--no-search"]).status, 0)
        let server = try Server(site: site.directory)
        let events = try Self.listen(server.port)
        defer { close(events) }
        let article = "/articles/labour-volunteers-us-election/"
        XCTAssertFalse(try Self.request(server.port, article).2.contains("gen-serve-notice"))

        let path = "content/articles/labour-volunteers-us-election.md"
        let original = try site.read(path)
        try site.write(path, original.replacingOccurrences(of: "She wrote that close", with: "She denied that close"))
        XCTAssertTrue(Self.read(events, until: "event: reload").contains("event: reload"))
        let page = try Self.request(server.port, article).2
        XCTAssertTrue(page.contains("gen serve: the claim, sentence or place of a fact check changed since the last gen build (public/)"), page)
        XCTAssertTrue(page.contains("warning: the sentence of fact check &#39;hundred-staff&#39; changed around its quote"), page)
        // Another edit leaves it standing (compared with public/, not with the last rendering),
        // and every page says it.
        try site.write(path, try site.read(path).replacingOccurrences(of: "swift.", with: "swift, and loud."))
        XCTAssertTrue(Self.read(events, until: "event: reload").contains("event: reload"))
        XCTAssertTrue(try Self.request(server.port, "/").2.contains("hundred-staff"))
        XCTAssertTrue(try Self.request(server.port, "/no-such-page/").2.contains("hundred-staff"))

        try site.write(path, original)
        XCTAssertTrue(Self.read(events, until: "event: reload").contains("event: reload"))
        XCTAssertFalse(try Self.request(server.port, article).2.contains("gen-serve-notice"))
    }

    /// A fact check changed while the site did not build (another article broken) is shown once
    /// the site builds again.
    func testAFactCheckChangedWhileTheSiteDidNotBuildIsShownWhenItDoes() throws {
        let site = try TemporarySite(fixture: "sites/annotated")
        try site.write("content/articles/second.md", "---\ntitle: Second\ndate: 2024-10-19\n---\nThe harbour reopened on Monday.\n")
        try site.write("content/annotations/second.md", "> The harbour reopened\n\nIt did.\n")
        XCTAssertEqual(try GenProcess.run(["build", "--site", site.directory, "--no-search"]).status, 0)
        let server = try Server(site: site.directory)
        let events = try Self.listen(server.port)
        defer { close(events) }
        try site.write("content/annotations/second.md", "> The harbour closed\n\nIt did.\n")
        XCTAssertTrue(Self.read(events, until: "event: failed").contains("event: failed"))
        let path = "content/articles/labour-volunteers-us-election.md"
        try site.write(path, try site.read(path).replacingOccurrences(of: "She wrote that close", with: "She denied that close"))
        XCTAssertTrue(Self.read(events, until: "event: failed").contains("event: failed"))
        try site.write("content/annotations/second.md", "> The harbour reopened\n\nIt did.\n")
        XCTAssertTrue(Self.read(events, until: "event: reload").contains("event: reload"))
        XCTAssertTrue(try Self.request(server.port, "/").2.contains("hundred-staff"))
    }

    func testANoteEditIsSeenAfterTheReload() throws {
        let site = try TemporarySite(fixture: "sites/annotated")
        let server = try Server(site: site.directory)
        let events = try Self.listen(server.port)
        defer { close(events) }
        let path = "content/annotations/labour-volunteers-us-election.md"
        try site.write(path, try site.read(path).replacingOccurrences(of: "Nothing published shows",
                                                                          with: "A fresh sentence in a note. Nothing published shows"))
        XCTAssertTrue(Self.read(events, until: "event: reload").contains("event: reload"))
        let page = try Self.request(server.port, "/articles/labour-volunteers-us-election/").2
        XCTAssertTrue(page.contains("A fresh sentence in a note."), page)
        let json = try Self.request(server.port, "/articles/labour-volunteers-us-election/annotations.jsonld").2
        XCTAssertTrue(json.contains("A fresh sentence in a note."), json)
    }

    func testATemplateEditReRendersThePagesUsingIt() throws {
        let site = try TemporarySite(fixture: "sites/annotated")
        let server = try Server(site: site.directory)
        let events = try Self.listen(server.port)
        defer { close(events) }
        // templates/ does not exist yet: the new folder is watched as soon as it is made.
        try site.write("templates/footer.mustache", "<footer class=\"site-footer\">Our own footer</footer>\n")
        XCTAssertTrue(Self.read(events, until: "event: reload").contains("event: reload"))
        XCTAssertTrue(try Self.request(server.port, "/tags/").2.contains("Our own footer"))
        XCTAssertTrue(try Self.request(server.port, "/articles/labour-volunteers-us-election/").2.contains("Our own footer"))
    }

    func testAPortInUseIsAClearError() throws {
        let site = try TemporarySite(fixture: "sites/basic")
        let server = try Server(site: site.directory)
        let second = try GenProcess.run(["serve", "--site", site.directory, "--port", String(server.port)])
        XCTAssertEqual(second.status, 1)
        XCTAssertEqual(second.stderr, "gen: error: port \(server.port) is in use; choose another with --port\n")
        let unknown = try GenProcess.run(["serve", "--site", site.directory, "--host", "nosuch.invalid", "--port", "0"])
        XCTAssertEqual(unknown.status, 1)
        XCTAssertEqual(unknown.stderr, "gen: error: cannot use the address 'nosuch.invalid'; choose another with --host\n")
    }

    // MARK: limits

    func testOnlyThisMachinesNamesAreServed() throws {
        let site = try TemporarySite(fixture: "sites/basic")
        let server = try Server(site: site.directory)
        let port = server.port
        for host in ["localhost", "localhost:\(port)", "127.0.0.1", "127.0.0.1:\(port)", "[::1]", "[::1]:\(port)", "LocalHost:\(port)"] {
            XCTAssertEqual(try Self.request(port, "/", host: host).0, 200, host)
        }
        // DNS rebinding: a name of someone else's that points at this machine.
        for host in ["evil.example", "evil.example:\(port)", "127.0.0.1.evil.example", "localhost.evil.example",
                     "localhost:x", "localhost:", "[::1]x", "0.0.0.0"] {
            for target in ["/", DevServerPaths.events, "/assets/style.css"] {
                let (status, _, body) = try Self.request(port, target, host: host)
                XCTAssertEqual(status, 421, "\(host) \(target)")
                XCTAssertFalse(body.contains("<html"), "\(host) \(target)")
            }
        }
        let (status, _, _) = try Self.request(port, "/", host: nil)
        XCTAssertEqual(status, 400, "HTTP/1.1 without Host")
        let fd = try Self.connect(port)
        defer { close(fd) }
        Self.send(fd, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: evil.example\r\n\r\n")
        XCTAssertEqual(Self.readResponse(fd).0, 400, "two Host headers")
        // A target in absolute form names the authority in place of Host (RFC 9112, 3.2.2).
        for (target, host, expected) in [("http://evil.example/", "127.0.0.1", 421), ("HTTP://evil.example:\(port)/assets/style.css", "localhost", 421),
                                         ("http://localhost@evil.example/", "localhost", 421), ("http://evil.example@localhost/", "localhost", 421),
                                         ("http:///", "localhost", 421),
                                         ("http://127.0.0.1:\(port)/", "evil.example", 200), ("https://localhost/?q=1", "evil.example", 200)] {
            let (status, _, body) = try Self.raw(port, "GET \(target) HTTP/1.1\r\nHost: \(host)\r\n\r\n")
            XCTAssertEqual(status, expected, "\(target) with Host \(host)")
            XCTAssertEqual(body.contains("<html"), expected == 200, "\(target) with Host \(host)")
        }
        // HTTP/1.0 need not name a host: taken for a request to the preview; one it names is checked.
        XCTAssertEqual(try Self.raw(port, "GET / HTTP/1.0\r\n\r\n").0, 200, "HTTP/1.0 without Host")
        XCTAssertEqual(try Self.raw(port, "GET / HTTP/1.0\r\nHost: evil.example\r\n\r\n").0, 421, "HTTP/1.0 with another's Host")
        // A target that is no path nor address (OPTIONS's `*`) is no page.
        XCTAssertEqual(try Self.raw(port, "OPTIONS * HTTP/1.1\r\nHost: localhost\r\n\r\n").0, 400)
        XCTAssertEqual(try Self.raw(port, "GET / HTTP/1.1\r\nHost: localhost\r\nGen-Bad-Target: 1\r\n\r\n").0, 200)
    }

    /// HTTP/1.0 closes the connection after the response unless the client asks to keep it.
    func testHTTP10ConnectionsCloseAfterTheResponse() throws {
        let site = try TemporarySite(fixture: "sites/basic")
        let server = try Server(site: site.directory)
        let fd = try Self.connect(server.port)
        defer { close(fd) }
        Self.send(fd, "GET / HTTP/1.0\r\n\r\n")
        XCTAssertEqual(Self.readResponse(fd).0, 200)
        var timeout = timeval(tv_sec: 3, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var byte: UInt8 = 0
        let start = Date()
        XCTAssertEqual(recv(fd, &byte, 1, 0), 0, "the connection is closed")
        XCTAssertLessThan(Date().timeIntervalSince(start), 1)
    }

    /// The status, headers and body of `request`, sent as it is on a new connection.
    static func raw(_ port: Int, _ request: String) throws -> (Int, [String: String], String) {
        let fd = try connect(port)
        defer { close(fd) }
        send(fd, request)
        return readResponse(fd)
    }

    /// Requests that are not HTTP/1.1 as it is written get 400 at once, not after a timeout.
    func testMalformedRequestsGet400AtOnce() throws {
        let site = try TemporarySite(fixture: "sites/basic")
        let server = try Server(site: site.directory)
        for request in ["GET / HTTP/1.1\nHost: 127.0.0.1\n\n", "GARBAGE\r\n\r\n",
                        "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Long: " + String(repeating: "a", count: 20_000) + "\r\n\r\n"] {
            let fd = try Self.connect(server.port)
            defer { close(fd) }
            let start = Date()
            Self.send(fd, request)
            XCTAssertEqual(Self.readResponse(fd).0, 400, String(request.prefix(40)))
            XCTAssertLessThan(Date().timeIntervalSince(start), 1, String(request.prefix(40)))
        }
    }

    func testConnectionsAreKeptAlive() throws {
        let site = try TemporarySite(fixture: "sites/annotated")
        let server = try Server(site: site.directory)
        let fd = try Self.connect(server.port)
        defer { close(fd) }
        let page = "GET /articles/labour-volunteers-us-election/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
        for _ in 0..<3 {
            Self.send(fd, page)
            let (status, headers, body) = Self.readResponse(fd)
            XCTAssertEqual(status, 200)
            XCTAssertNil(headers["connection"])
            XCTAssertTrue(body.hasSuffix("</html>\n"), String(body.suffix(100)))
        }
        // Pipelined: both sent at once, answered in order on the same connection.
        Self.send(fd, "GET /tags/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\nHEAD /assets/style.css HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        let tags = Self.readResponse(fd)
        XCTAssertEqual(tags.0, 200)
        XCTAssertTrue(tags.2.contains("</html>"))
        var head = ""
        var byte: UInt8 = 0
        while !head.hasSuffix("\r\n\r\n"), recv(fd, &byte, 1, 0) == 1 { head.append(Character(UnicodeScalar(byte))) }
        XCTAssertTrue(head.hasPrefix("HTTP/1.1 200"), head)
        XCTAssertTrue(head.lowercased().contains("content-type: text/css"), head)
        // The client asks to close: the server closes after the answer.
        Self.send(fd, "GET /tags/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        XCTAssertEqual(Self.readResponse(fd).0, 200)
        XCTAssertEqual(recv(fd, &byte, 1, 0), 0, "closed after Connection: close")
    }

    /// 200 connections sending a request one byte a second do not delay anybody else's.
    func testSlowClientsDoNotDelayOthers() throws {
        let site = try TemporarySite(fixture: "sites/annotated")
        let server = try Server(site: site.directory)
        let port = server.port
        func timed() throws -> Double {
            let start = Date()
            let (status, _, body) = try Self.request(port, "/articles/labour-volunteers-us-election/")
            XCTAssertEqual(status, 200)
            XCTAssertTrue(body.hasSuffix("</html>\n"))
            return Date().timeIntervalSince(start) * 1000
        }
        func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
        _ = try timed()
        let baseline = median(try (0..<7).map { _ in try timed() })
        let slow = try (0..<200).map { _ in try Self.connect(port) }
        defer { slow.forEach { close($0) } }
        let request = Array("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".utf8)
        var during: [Double] = []
        for second in 0..<3 {
            for fd in slow { XCTAssertTrue(Self.send(fd, String(UnicodeScalar(request[second]))), "connection \(fd) open at \(second) s") }
            usleep(100_000)
            during += try (0..<3).map { _ in try timed() }
            usleep(900_000)
        }
        XCTAssertLessThan(median(during) - baseline, 100, "baseline \(baseline) ms; during: \(during)")
        XCTAssertLessThan(during.max()!, 1000, "during: \(during)")
    }

    /// A kept-alive connection with no request is closed after 15 s; an event stream is not.
    func testIdleConnectionsAreClosedButEventStreamsStay() throws {
        let site = try TemporarySite(fixture: "sites/basic")
        let server = try Server(site: site.directory)
        let events = try Self.listen(server.port)
        defer { close(events) }
        let idle = try Self.connect(server.port)
        defer { close(idle) }
        Self.send(idle, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        XCTAssertEqual(Self.readResponse(idle).0, 200)
        let start = Date()
        var probe = pollfd(fd: idle, events: Int16(POLLIN), revents: 0)
        XCTAssertEqual(poll(&probe, 1, 20_000), 1, "still open after 20 s")
        var byte: UInt8 = 0
        XCTAssertEqual(recv(idle, &byte, 1, 0), 0, "closed, with nothing more sent")
        let closed = Date().timeIntervalSince(start)
        XCTAssertGreaterThan(closed, 14)
        XCTAssertLessThan(closed, 17)
        try site.write("content/articles/first-report.md", try site.read("content/articles/first-report.md") + "\nMore.\n")
        XCTAssertTrue(Self.read(events, until: "event: reload").contains("event: reload"), "the event stream outlives the idle timeout")
    }

    /// At most 512 connections are open at once: the next waits until one closes.
    func testConnectionsAreCapped() throws {
        let site = try TemporarySite(fixture: "sites/basic")
        let server = try Server(site: site.directory)
        // Counted once the first build is done (a page is served), when no file is open for it.
        let first = try Self.connect(server.port)
        Self.send(first, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        XCTAssertEqual(Self.readResponse(first).0, 200)
        close(first)
        usleep(200_000)
        let before = Self.descriptors(server.process.processIdentifier)
        var idle = try (0..<512).map { _ in try Self.connect(server.port) }
        defer { idle.forEach { close($0) } }
        // Once the server has taken them all (the cap is checked between batches of accepts):
        // its count of descriptors has grown by 512 and stays put (a file it reads meanwhile
        // would otherwise pass for a connection taken).
        XCTAssertTrue(Self.eventually {
            let now = Self.descriptors(server.process.processIdentifier)
            guard now >= before + 512 else { return false }
            usleep(300_000)
            return Self.descriptors(server.process.processIdentifier) == now
        })
        let waiting = try Self.connect(server.port)
        defer { close(waiting) }
        Self.send(waiting, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        var probe = pollfd(fd: waiting, events: Int16(POLLIN), revents: 0)
        XCTAssertEqual(poll(&probe, 1, 500), 0, "answered while 512 connections were open")
        close(idle.removeFirst())
        XCTAssertEqual(Self.readResponse(waiting).0, 200)
    }

    /// A request trickled in is cut off at its deadline (5 s from its first byte), however
    /// regularly its bytes come.
    func testARequestTrickledInIsCutOffAtItsDeadline() throws {
        let site = try TemporarySite(fixture: "sites/basic")
        let server = try Server(site: site.directory)
        let fd = try Self.connect(server.port)
        defer { close(fd) }
        let start = Date()
        var closedAfter: Double?
        let request = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n" + String(repeating: "X-Slow: 1\r\n", count: 10)
        for character in request {
            guard Self.send(fd, String(character)) else {
                closedAfter = Date().timeIntervalSince(start)
                break
            }
            var probe = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            if poll(&probe, 1, 250) > 0 {
                closedAfter = Date().timeIntervalSince(start)
                break
            }
        }
        let closed = try XCTUnwrap(closedAfter, "the request was still being read after \(Date().timeIntervalSince(start)) s")
        XCTAssertGreaterThan(closed, 4.5)
        XCTAssertLessThan(closed, 7.5)
        var buffer = [UInt8](repeating: 0, count: 256)
        let count = recv(fd, &buffer, buffer.count, 0)
        XCTAssertLessThanOrEqual(count, 0, "nothing is answered: \(String(decoding: buffer.prefix(max(count, 0)), as: UTF8.self))")
    }

    /// A page that goes away closes its event stream, and the server lets go of it at once:
    /// 3,000 page views leave no descriptors behind.
    func testEventStreamsAreFreedWhenThePageGoesAway() throws {
        let site = try TemporarySite(fixture: "sites/basic")
        let server = try Server(site: site.directory)
        let pid = server.process.processIdentifier
        let before = Self.descriptors(pid)
        let open = try (0..<20).map { _ in try Self.listen(server.port) }
        XCTAssertGreaterThanOrEqual(Self.descriptors(pid), before + 20, "each open stream holds a descriptor")
        open.forEach { close($0) }
        XCTAssertTrue(Self.eventually { Self.descriptors(pid) <= before + 2 }, "\(Self.descriptors(pid)) descriptors, \(before) before")
        for _ in 0..<3000 {
            let fd = try Self.listen(server.port)
            close(fd)
        }
        XCTAssertTrue(Self.eventually { Self.descriptors(pid) <= before + 2 }, "\(Self.descriptors(pid)) descriptors, \(before) before")
        // The server still answers, and still tells the pages listening.
        let events = try Self.listen(server.port)
        defer { close(events) }
        try site.write("content/articles/first-report.md", try site.read("content/articles/first-report.md") + "\nMore.\n")
        XCTAssertTrue(Self.read(events, until: "event: reload").contains("event: reload"))
    }

    /// At most 64 pages listen at once; the next gets 503, and a place freed is taken again.
    func testEventStreamsAreCapped() throws {
        let site = try TemporarySite(fixture: "sites/basic")
        let server = try Server(site: site.directory)
        var open = try (0..<64).map { _ in try Self.listen(server.port) }
        defer { open.forEach { close($0) } }
        let (status, _, body) = try Self.request(server.port, DevServerPaths.events)
        XCTAssertEqual(status, 503)
        XCTAssertTrue(body.contains("64 at most"), body)
        XCTAssertEqual(try Self.request(server.port, "/").0, 200, "pages are still served")
        close(open.removeFirst())
        XCTAssertTrue(Self.eventually { (try? Self.listen(server.port)).map { open.append($0); return true } ?? false })
        XCTAssertEqual(try Self.request(server.port, DevServerPaths.events).0, 503)
    }
}

/// The paths gen serve keeps for itself.
enum DevServerPaths {
    static let events = "/__gen/events"
}
