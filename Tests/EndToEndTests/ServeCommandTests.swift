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
        var port = 0
        var lines = ""

        init(site: String, arguments: [String] = []) throws {
            process.executableURL = URL(fileURLWithPath: GenProcess.binary)
            process.arguments = ["serve", "--site", site, "--port", "0"] + arguments
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
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
    }

    /// One raw HTTP exchange: the status, the headers (lowercased names) and the body.
    static func request(_ port: Int, _ target: String, method: String = "GET") throws -> (Int, [String: String], String) {
        let fd = try connect(port)
        defer { close(fd) }
        let text = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
        _ = text.withCString { send(fd, $0, strlen($0), 0) }
        var data: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(fd, &chunk, chunk.count, 0)
            if count <= 0 { break }
            data += chunk[0..<count]
        }
        let response = String(decoding: data, as: UTF8.self)
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
        let events = try Self.connect(server.port)
        defer { close(events) }
        _ = "GET /__gen/events HTTP/1.1\r\nHost: x\r\n\r\n".withCString { send(events, $0, strlen($0), 0) }
        XCTAssertTrue(Self.read(events, until: "retry:").contains("text/event-stream"))

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

    func testANoteEditIsSeenAfterTheReload() throws {
        let site = try TemporarySite(fixture: "sites/annotated")
        let server = try Server(site: site.directory)
        let events = try Self.connect(server.port)
        defer { close(events) }
        _ = "GET /__gen/events HTTP/1.1\r\nHost: x\r\n\r\n".withCString { send(events, $0, strlen($0), 0) }
        _ = Self.read(events, until: "retry:")
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
        let events = try Self.connect(server.port)
        defer { close(events) }
        _ = "GET /__gen/events HTTP/1.1\r\nHost: x\r\n\r\n".withCString { send(events, $0, strlen($0), 0) }
        _ = Self.read(events, until: "retry:")
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
    }
}
