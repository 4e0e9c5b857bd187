import Foundation
import GenKit
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

#if canImport(Glibc)
private let socketStream = Int32(SOCK_STREAM.rawValue)
#else
private let socketStream = SOCK_STREAM
#endif

/// A small HTTP/1.1 server for `gen serve` on POSIX sockets: one request per connection,
/// bounded request size, time and concurrency, so a slow or broken client cannot stall others.
/// (SwiftNIO or FlyingFox would do; a few hundred lines cost CI nothing.)
public final class HTTPServer: @unchecked Sendable {
    public struct Request: Sendable {
        public var method: String
        /// The path as sent, without query or fragment, still percent-encoded.
        public var target: String
    }

    public struct Response: Sendable {
        public var status: Int
        public var headers: [(String, String)] = []
        public var body: [UInt8] = []

        public init(status: Int, headers: [(String, String)] = [], body: [UInt8] = []) {
            self.status = status
            self.headers = headers
            self.body = body
        }
    }

    /// What a handler does with a request: answer it, or keep the connection (an event stream).
    public enum Reply: Sendable {
        case response(Response)
        case keep(@Sendable (Int32) -> Void)
    }

    public struct StartError: Error, CustomStringConvertible {
        public var description: String
    }

    static let maximumRequestBytes = 16 * 1024
    static let maximumConnections = 64
    static let readTimeoutSeconds = 5

    private let listener: Int32
    public let port: Int
    private let slots = DispatchSemaphore(value: HTTPServer.maximumConnections)

    /// Binds `host:port` (port 0: any free port).
    public init(host: String, port: Int) throws {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = socketStream
        hints.ai_flags = AI_PASSIVE
        var info: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &info) == 0, let address = info else {
            throw StartError(description: "cannot use the address '\(host)'")
        }
        defer { freeaddrinfo(info) }
        let fd = socket(address.pointee.ai_family, socketStream, 0)
        guard fd >= 0 else { throw StartError(description: "cannot open a socket: \(String(cString: strerror(errno)))") }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        guard bind(fd, address.pointee.ai_addr, address.pointee.ai_addrlen) == 0 else {
            let reason = errno == EADDRINUSE ? "port \(port) is in use; choose another with --port"
                : "cannot listen on \(host):\(port): \(String(cString: strerror(errno)))"
            close(fd)
            throw StartError(description: reason)
        }
        guard listen(fd, 128) == 0 else {
            close(fd)
            throw StartError(description: "cannot listen: \(String(cString: strerror(errno)))")
        }
        var bound = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = withUnsafeMutablePointer(to: &bound) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        let family = bound.ss_family
        let actual: UInt16 = withUnsafePointer(to: &bound) { pointer in
            if family == sa_family_t(AF_INET6) {
                return pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin6_port) }
            }
            return pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin_port) }
        }
        self.listener = fd
        self.port = Int(actual)
    }

    /// Accepts connections on a thread of its own until the process ends.
    public func start(_ handler: @escaping @Sendable (Request) -> Reply) {
        let thread = Thread { [self] in
            while true {
                let client = accept(listener, nil, nil)
                guard client >= 0 else { continue }
                var timeout = timeval(tv_sec: HTTPServer.readTimeoutSeconds, tv_usec: 0)
                setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
                setsockopt(client, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
                var one: Int32 = 1
                setsockopt(client, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
                // Too many at once: refuse rather than queue without end.
                guard slots.wait(timeout: .now() + 1) == .success else {
                    Self.respond(Response(status: 503, body: Array("busy\n".utf8)), to: client, head: false)
                    close(client)
                    continue
                }
                DispatchQueue.global().async { [self] in
                    defer { slots.signal() }
                    serve(client, handler)
                }
            }
        }
        thread.stackSize = 1 << 20
        thread.start()
    }

    private func serve(_ client: Int32, _ handler: @Sendable (Request) -> Reply) {
        guard let request = Self.readRequest(client) else {
            Self.respond(Response(status: 400, body: Array("bad request\n".utf8)), to: client, head: false)
            close(client)
            return
        }
        switch request {
        case .failure(let error):
            Self.respond(Response(status: error.status, body: Array("\(Self.reason(error.status))\n".utf8)), to: client, head: false)
            close(client)
        case .success(let request):
            switch handler(request) {
            case .response(let response):
                Self.respond(response, to: client, head: request.method == "HEAD")
                close(client)
            case .keep(let take):
                take(client)
            }
        }
    }

    /// Reads the request line and headers (the body, if any, is ignored: only GET and HEAD are served).
    static func readRequest(_ client: Int32) -> Result<Request, StatusError>? {
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(client, &chunk, chunk.count, 0)
            guard count > 0 else { return nil }
            buffer += chunk[0..<count]
            if let end = headerEnd(buffer) {
                buffer.removeSubrange(end...)
                break
            }
            if buffer.count > maximumRequestBytes { return .failure(StatusError(status: 431)) }
        }
        // The request line, cut on bytes ("\r\n" is one Character to Swift).
        let line = String(decoding: buffer.prefix { $0 != 13 && $0 != 10 }, as: UTF8.self)
        let parts = line.split(separator: " ")
        guard parts.count == 3, parts[2].hasPrefix("HTTP/1.") else { return .failure(StatusError(status: 400)) }
        var target = String(parts[1])
        if let cut = target.firstIndex(where: { $0 == "?" || $0 == "#" }) { target = String(target[..<cut]) }
        return .success(Request(method: String(parts[0]), target: target))
    }

    struct StatusError: Error { var status: Int }

    private static func headerEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for i in 0...(bytes.count - 4) where bytes[i] == 13 && bytes[i + 1] == 10 && bytes[i + 2] == 13 && bytes[i + 3] == 10 {
            return i + 4
        }
        return nil
    }

    public static func respond(_ response: Response, to client: Int32, head: Bool) {
        var text = "HTTP/1.1 \(response.status) \(reason(response.status))\r\n"
        var headers = response.headers
        headers.append(("Content-Length", String(response.body.count)))
        headers.append(("Connection", "close"))
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        text += "\r\n"
        var bytes = Array(text.utf8)
        if !head { bytes += response.body }
        write(bytes, to: client)
    }

    /// Writes all of `bytes`; false when the client is gone (or too slow: the send timeout).
    @discardableResult
    public static func write(_ bytes: [UInt8], to client: Int32) -> Bool {
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard count > 0 else { return false }
            sent += count
        }
        return true
    }

    static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 301: "Moved Permanently"
        case 400: "Bad Request"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 431: "Request Header Fields Too Large"
        case 500: "Internal Server Error"
        case 503: "Service Unavailable"
        default: "Status"
        }
    }
}
