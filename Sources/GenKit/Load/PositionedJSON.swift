/// JSON read with the line and column of every value, so that a diagnostic about one
/// annotation of a file can point at it.
indirect enum PositionedJSON: Sendable {
    case object([(key: String, value: PositionedJSON)], at: SourcePosition)
    case array([PositionedJSON], at: SourcePosition)
    case string(String, at: SourcePosition)
    case number(Double, at: SourcePosition)
    case bool(Bool, at: SourcePosition)
    case null(at: SourcePosition)

    struct SourcePosition: Sendable, Equatable {
        var line: Int
        var column: Int
    }

    struct SyntaxError: Error, Equatable {
        var message: String
        var position: SourcePosition
    }

    var position: SourcePosition {
        switch self {
        case let .object(_, at), let .array(_, at), let .string(_, at), let .number(_, at), let .bool(_, at), let .null(at):
            return at
        }
    }

    subscript(key: String) -> PositionedJSON? {
        if case let .object(pairs, _) = self { return pairs.first { $0.key == key }?.value }
        return nil
    }

    var string: String? { if case let .string(value, _) = self { return value } else { return nil } }
    var array: [PositionedJSON]? { if case let .array(values, _) = self { return values } else { return nil } }
    var isObject: Bool { if case .object = self { return true } else { return false } }
    var number: Double? { if case let .number(value, _) = self { return value } else { return nil } }

    /// A value that may be written alone or as an array of them (W3C allows both): always a list.
    var list: [PositionedJSON] { array ?? [self] }

    static func parse(_ bytes: [UInt8]) throws -> PositionedJSON {
        var reader = Reader(bytes: bytes)
        reader.skipSpace()
        let value = try reader.value()
        reader.skipSpace()
        guard reader.i == bytes.count else { throw reader.error("unexpected text after the JSON value") }
        return value
    }

    private struct Reader {
        let bytes: [UInt8]
        var i = 0
        var line = 1
        var lineStart = 0

        init(bytes: [UInt8]) {
            self.bytes = bytes
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { i = 3; lineStart = 3 }
        }

        var position: SourcePosition {
            // Columns count characters, not bytes.
            let column = bytes[lineStart..<min(i, bytes.count)].filter { $0 & 0xC0 != 0x80 }.count + 1
            return SourcePosition(line: line, column: column)
        }

        func error(_ message: String) -> SyntaxError { SyntaxError(message: message, position: position) }

        mutating func skipSpace() {
            while i < bytes.count {
                switch bytes[i] {
                case 0x0A: i += 1; line += 1; lineStart = i
                case 0x20, 0x09, 0x0D: i += 1
                default: return
                }
            }
        }

        /// How many objects and arrays enclose the value being read: each is a level of
        /// recursion, and a file of 50,000 `[` would overflow the stack.
        var depth = 0
        static let maximumDepth = 512

        mutating func value() throws -> PositionedJSON {
            guard i < bytes.count else { throw error("unexpected end of the file") }
            let at = position
            let nests = bytes[i] == 0x7B || bytes[i] == 0x5B
            if nests {
                guard depth < Self.maximumDepth else { throw error("objects and arrays nested more than \(Self.maximumDepth) deep") }
                depth += 1
            }
            defer { if nests { depth -= 1 } }
            switch bytes[i] {
            case 0x7B:
                i += 1
                var pairs: [(key: String, value: PositionedJSON)] = []
                skipSpace()
                if i < bytes.count, bytes[i] == 0x7D { i += 1; return .object(pairs, at: at) }
                while true {
                    skipSpace()
                    guard i < bytes.count, bytes[i] == 0x22 else { throw error("expected a string key") }
                    let key = try string()
                    skipSpace()
                    guard i < bytes.count, bytes[i] == 0x3A else { throw error("expected ':' after a key") }
                    i += 1
                    skipSpace()
                    pairs.append((key, try value()))
                    skipSpace()
                    guard i < bytes.count else { throw error("unexpected end of the file") }
                    if bytes[i] == 0x2C { i += 1; continue }
                    if bytes[i] == 0x7D { i += 1; return .object(pairs, at: at) }
                    throw error("expected ',' or '}'")
                }
            case 0x5B:
                i += 1
                var values: [PositionedJSON] = []
                skipSpace()
                if i < bytes.count, bytes[i] == 0x5D { i += 1; return .array(values, at: at) }
                while true {
                    skipSpace()
                    values.append(try value())
                    skipSpace()
                    guard i < bytes.count else { throw error("unexpected end of the file") }
                    if bytes[i] == 0x2C { i += 1; continue }
                    if bytes[i] == 0x5D { i += 1; return .array(values, at: at) }
                    throw error("expected ',' or ']'")
                }
            case 0x22:
                return .string(try string(), at: at)
            case 0x74 where bytes[i...].starts(with: Array("true".utf8)): i += 4; return .bool(true, at: at)
            case 0x66 where bytes[i...].starts(with: Array("false".utf8)): i += 5; return .bool(false, at: at)
            case 0x6E where bytes[i...].starts(with: Array("null".utf8)): i += 4; return .null(at: at)
            case 0x2D, 0x30...0x39:
                let start = i
                while i < bytes.count, "+-.eE0123456789".utf8.contains(bytes[i]) { i += 1 }
                guard let number = Double(String(decoding: bytes[start..<i], as: UTF8.self)) else {
                    i = start
                    throw error("malformed number")
                }
                return .number(number, at: at)
            default:
                throw error("unexpected character '\(String(decoding: [bytes[i]], as: UTF8.self))'")
            }
        }

        mutating func string() throws -> String {
            do {
                return try JSONValue.scanString(bytes, at: &i)
            } catch .unclosed {
                throw error("a string has no closing '\"'")
            } catch .unknownEscape(let escape) {
                throw error("unknown escape '\\\(String(decoding: [escape], as: UTF8.self))'")
            } catch .malformedUnicodeEscape {
                throw error("malformed \\u escape")
            }
        }
    }
}
