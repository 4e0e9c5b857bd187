import Foundation
import Hummingbird
import HummingbirdCore
import HTTPTypes
import Logging
import NIOCore
import NIOHTTP1
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `gen serve`'s HTTP server: Hummingbird's HTTP/1.1 server on SwiftNIO, answering from a
/// `DevServer`. NIO's event loops (one a core) serve every connection, so a slow client holds
/// no thread; the limits below bound what a client can hold, and for how long.
public final class PreviewServer: Sendable {
    /// A request must arrive whole within this time of its first byte, else its connection is
    /// closed (a client sending one byte a second holds nothing for long).
    public static let requestDeadline = TimeAmount.seconds(5)
    /// A kept-alive connection with no request in progress is closed after this time.
    public static let idleTimeout = TimeAmount.seconds(15)
    /// Connections open at once; more wait to be accepted until one closes (which the deadlines
    /// above make soon).
    public static let maximumConnections = 512
    /// The request line and headers, in bytes; more gets 400 and the connection closed.
    public static let maximumHeaderBytes = 16 * 1024

    /// The port listened on (the one asked for, or the one the system chose for port 0).
    public let port: Int
    private let slot: DevServerSlot

    public struct StartError: Error, CustomStringConvertible {
        public var description: String
    }

    private init(port: Int, slot: DevServerSlot) {
        self.port = port
        self.slot = slot
    }

    /// Listens on `host:port` (port 0: any free port) and returns once it does. Requests that
    /// arrive before `serve` is called wait for it (the first build).
    public static func start(host: String, port: Int) throws -> PreviewServer {
        let slot = DevServerSlot()
        let started = StartSignal()
        var logger = Logger(label: "gen serve", factory: { _ in SwiftLogNoOpLogHandler() })
        logger.logLevel = .critical
        let http1 = HTTP1Channel.Configuration(
            idleTimeout: idleTimeout,
            httpDecoderConfiguration: .init(maxHeaderFieldSize: maximumHeaderBytes, maxHeaderListSize: maximumHeaderBytes)
        )
        let app = Application(
            responder: PreviewResponder(slot: slot, hosts: HostCheck(boundHost: host)),
            server: HTTPServerBuilder { responder in
                PreviewChannel(http1: HTTP1Channel(responder: responder, configuration: http1), requestDeadline: requestDeadline)
            },
            configuration: ApplicationConfiguration(
                address: .hostname(host, port: port),
                serverName: nil,
                availableConnectionsDelegate: MaximumAvailableConnections(maximumConnections, logger: logger)
            ),
            onServerRunning: { channel in started.finish(.success(channel.localAddress?.port ?? port)) },
            logger: logger
        )
        Task.detached {
            do {
                try await app.run()
            } catch {
                started.finish(.failure(error))
            }
            if started.wasRunning {
                FileHandle.standardError.write(Data("gen: error: the preview server stopped\n".utf8))
                exit(1)
            }
        }
        switch started.wait() {
        case .success(let bound):
            return PreviewServer(port: bound, slot: slot)
        case .failure(let error as IOError) where error.errnoCode == EADDRINUSE:
            throw StartError(description: "port \(port) is in use; choose another with --port")
        case .failure(let error as IOError) where error.errnoCode == EACCES:
            throw StartError(description: "no permission to listen on port \(port); choose another with --port")
        case .failure(is SocketAddressError), .failure(is SocketAddressError.UnknownHost):
            throw StartError(description: "cannot use the address '\(host)'; choose another with --host")
        case .failure(let error):
            throw StartError(description: "cannot listen on \(host):\(port): \(error)")
        }
    }

    /// Answers requests from `dev` from now on.
    public func serve(_ dev: DevServer) {
        slot.fill(dev)
    }
}

/// The `DevServer` requests are answered from, once there is one: the first build is made after
/// the port is taken (so that a port in use is said at once), and requests wait for it.
final class DevServerSlot: Sendable {
    private enum State {
        case waiting([CheckedContinuation<DevServer, Never>])
        case filled(DevServer)
    }

    private let state = Mutex(State.waiting([]))

    func fill(_ dev: DevServer) {
        let waiting = state.withLock { state -> [CheckedContinuation<DevServer, Never>] in
            guard case .waiting(let waiting) = state else { return [] }
            state = .filled(dev)
            return waiting
        }
        for continuation in waiting { continuation.resume(returning: dev) }
    }

    var dev: DevServer {
        get async {
            await withCheckedContinuation { continuation in
                let ready = state.withLock { state -> DevServer? in
                    switch state {
                    case .filled(let dev):
                        return dev
                    case .waiting(var waiting):
                        waiting.append(continuation)
                        state = .waiting(waiting)
                        return nil
                    }
                }
                if let ready { continuation.resume(returning: ready) }
            }
        }
    }
}

/// The outcome of starting the server, waited for by the thread that starts it.
final class StartSignal: Sendable {
    private let outcome = Mutex<Result<Int, any Error>?>(nil)
    private let done = DispatchSemaphore(value: 0)

    func finish(_ result: Result<Int, any Error>) {
        let first = outcome.withLock { outcome -> Bool in
            guard outcome == nil else { return false }
            outcome = result
            return true
        }
        if first { done.signal() }
    }

    func wait() -> Result<Int, any Error> {
        done.wait()
        return outcome.withLock { $0! }
    }

    /// Whether the server had started listening.
    var wasRunning: Bool {
        outcome.withLock { if case .success = $0 { true } else { false } }
    }
}

/// Which names a request may give in its Host header: `localhost`, `127.0.0.1`, `[::1]` and
/// the address listened on (for `0.0.0.0` or `::`, each address of this machine), with or
/// without a port. A page of another name that reaches the server (DNS rebinding: a name of
/// the attacker's made to point at 127.0.0.1) gets 421 and nothing of the site.
struct HostCheck: Sendable {
    let names: Set<String>

    init(boundHost: String) {
        var names: Set<String> = ["localhost", "127.0.0.1", "[::1]"]
        let host = boundHost.lowercased()
        if host == "0.0.0.0" || host == "::" || host == "[::]" {
            names.formUnion(Self.machineAddresses())
        } else {
            names.insert(Self.bracketed(host))
        }
        self.names = names
    }

    /// Whether `authority` (the Host header: a name, and maybe `:port`) names this server.
    func accepts(_ authority: String) -> Bool {
        var name = Substring(authority.lowercased())
        if let colon = name.lastIndex(of: ":"), !name[colon...].contains("]") {
            let port = name[name.index(after: colon)...]
            guard !port.isEmpty, port.count <= 5, port.allSatisfy(\.isASCII), port.allSatisfy(\.isNumber) else { return false }
            name = name[..<colon]
        }
        return names.contains(String(name))
    }

    static func bracketed(_ host: String) -> String {
        host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
    }

    /// The IPv4 and IPv6 addresses of this machine's interfaces.
    static func machineAddresses() -> Set<String> {
        var result: Set<String> = []
        var first: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&first) == 0 else { return result }
        defer { freeifaddrs(first) }
        var next = first
        while let entry = next {
            defer { next = entry.pointee.ifa_next }
            guard let address = entry.pointee.ifa_addr else { continue }
            let family = Int32(address.pointee.sa_family)
            guard family == AF_INET || family == AF_INET6 else { continue }
            var text = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            let length = socklen_t(family == AF_INET ? MemoryLayout<sockaddr_in>.size : MemoryLayout<sockaddr_in6>.size)
            guard getnameinfo(address, length, &text, socklen_t(text.count), nil, 0, NI_NUMERICHOST) == 0 else { continue }
            // A link-local IPv6 address comes with its interface (`fe80::1%eth0`); Host has none.
            let numeric = String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            let plain = numeric.split(separator: "%").first.map(String.init) ?? numeric
            result.insert(bracketed(plain.lowercased()))
        }
        return result
    }
}

/// Every request: the Host check, then the `DevServer`'s answer as an HTTP response.
struct PreviewResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    let slot: DevServerSlot
    let hosts: HostCheck
    static let hostName = HTTPField.Name("Host")!
    static let badTargetName = HTTPField.Name(RequestAuthority.badTarget)!

    func respond(to request: Request, context: Context) async throws -> Response {
        // HTTP/1.1 requires Host; a second Host header is refused as well (it can only confuse).
        guard let authority = request.head.authority, request.headers[values: Self.hostName].isEmpty else {
            return Self.text(.badRequest, "bad request: a request needs one Host header\n")
        }
        guard request.headers[values: Self.badTargetName].isEmpty else {
            return Self.text(.badRequest, "bad request: the target must be a path, such as /articles/\n")
        }
        guard hosts.accepts(authority) else {
            return Self.text(.misdirectedRequest, "misdirected request: this preview answers to localhost, 127.0.0.1, [::1] and the address it listens on\n")
        }
        var target = request.head.path ?? "/"
        if let cut = target.firstIndex(where: { $0 == "?" || $0 == "#" }) { target = String(target[..<cut]) }
        let dev = await slot.dev
        switch dev.reply(method: request.method.rawValue, target: target) {
        case .page(let page):
            var headers = HTTPFields()
            for (name, value) in page.headers {
                if let name = HTTPField.Name(name) { headers.append(HTTPField(name: name, value: value)) }
            }
            headers[.contentLength] = String(page.body.count)
            if request.method == .head { return Response(status: .init(code: page.status), headers: headers) }
            return Response(status: .init(code: page.status), headers: headers,
                             body: ResponseBody(byteBuffer: ByteBuffer(bytes: page.body)))
        case .events:
            return Self.events(dev, request: request)
        }
    }

    /// The event stream: open while the page is, closed as soon as it goes away (the browser
    /// closes the connection), so that nothing is kept for a page that is gone.
    static func events(_ dev: DevServer, request: Request) -> Response {
        let headers: HTTPFields = [
            .contentType: "text/event-stream",
            .cacheControl: "no-cache",
            HTTPField.Name("X-Accel-Buffering")!: "no",
        ]
        if request.method == .head { return Response(status: .ok, headers: headers) }
        guard let events = dev.listen() else {
            return text(.serviceUnavailable, "too many pages listening: \(DevServer.maximumListeners) at most\n")
        }
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            try await request.body.consumeWithCancellationOnInboundClose { _ in
                for await event in events {
                    try await writer.write(ByteBuffer(bytes: event))
                }
            }
            try await writer.finish(nil)
        })
    }

    static func text(_ status: HTTPResponse.Status, _ message: String) -> Response {
        Response(status: status, headers: [.contentType: "text/plain; charset=utf-8"],
                 body: ResponseBody(byteBuffer: ByteBuffer(string: message)))
    }
}

/// HTTP/1.1 with a request deadline: `RequestDeadline` reads the bytes as they arrive, before
/// the HTTP decoder does.
struct PreviewChannel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value

    let http1: HTTP1Channel
    let requestDeadline: TimeAmount

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let deadline = requestDeadline
        return channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(RequestDeadline(limit: deadline), position: .first)
        }.flatMap {
            http1.setup(channel: channel, logger: logger)
        }.flatMapThrowing { value in
            // Between NIO's decoder and the conversion to HTTP types, which would drop it.
            let decoder = try channel.pipeline.syncOperations.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self)
            try channel.pipeline.syncOperations.addHandler(RequestAuthority(), position: .after(decoder))
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await http1.handle(value: value, logger: logger)
    }
}

/// Closes a connection whose request has not arrived whole within `limit` of its first byte:
/// the clock starts with the first byte received while no request is pending, and stops when
/// the server starts to answer (it answers once the request's head is in; gen serve reads no
/// request bodies). Idle connections are Hummingbird's idle timeout's.
final class RequestDeadline: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = IOData
    typealias OutboundOut = IOData

    let limit: TimeAmount
    private var timer: Scheduled<Void>?

    init(limit: TimeAmount) {
        self.limit = limit
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if timer == nil {
            let loopContext = NIOLoopBound(context, eventLoop: context.eventLoop)
            timer = context.eventLoop.assumeIsolated().scheduleTask(in: limit) {
                loopContext.value.close(promise: nil)
            }
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        stop()
        context.write(data, promise: promise)
    }

    func channelInactive(context: ChannelHandlerContext) {
        stop()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        stop()
    }

    private func stop() {
        timer?.cancel()
        timer = nil
    }
}

/// Puts the authority a request names where the Host check reads it (the Host header), before
/// the conversion to HTTP types keeps only the Host header and the target's path: a target in
/// absolute form (`GET http://evil.example/ HTTP/1.1`) names the authority the request is for,
/// whatever its Host header says (RFC 9112, section 3.2.2), and so is checked in its place. An
/// HTTP/1.0 request, which need not name one, is taken for one to this preview.
final class RequestAuthority: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .head(var head) = unwrapInboundIn(data) else {
            context.fireChannelRead(data)
            return
        }
        head.headers.remove(name: Self.badTarget)
        if let authority = Self.absoluteFormAuthority(head.uri) {
            head.headers.replaceOrAdd(name: "Host", value: authority)
        } else if !head.uri.hasPrefix("/") {
            // `*` (OPTIONS's) or an authority alone (CONNECT's): no page of the preview.
            head.headers.add(name: Self.badTarget, value: "1")
        }
        if head.version == .http1_0 {
            if !head.headers.contains(name: "Host") { head.headers.add(name: "Host", value: "localhost") }
            // HTTP/1.0 closes after the response unless the client asked to keep it.
            if !head.headers[canonicalForm: "Connection"].contains(where: { $0.lowercased() == "keep-alive" }) {
                head.headers.replaceOrAdd(name: "Connection", value: "close")
            }
        }
        context.fireChannelRead(wrapInboundOut(.head(head)))
    }

    /// Set on a request whose target is neither a path nor a full address (the responder's 400).
    static let badTarget = "Gen-Bad-Target"

    /// The authority of a target in absolute form (`http://host:port/path`), nil for a path.
    static func absoluteFormAuthority(_ target: String) -> String? {
        let lowered = target.lowercased()
        guard let scheme = ["http://", "https://"].first(where: { lowered.hasPrefix($0) }) else { return nil }
        let rest = target.dropFirst(scheme.count)
        return String(rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" })
    }
}
