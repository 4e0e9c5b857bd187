import ByteText
import Synchronization

/// A value a template can show: the whole data model of gen's Mustache engine.
///
/// Truthiness, as in the original Mustache: `false`, null, an empty list and an empty text are
/// false; everything else (0 included) is true.
public enum TemplateValue: Sendable {
    case null
    case bool(Bool)
    case int(Int)
    /// Escaped by `{{name}}`, written as is by `{{{name}}}` and `{{&name}}`.
    case text(String)
    /// Text already as UTF-8 bytes (a page's body): written as `.text` would be, without
    /// making a String of it first.
    case bytes([UInt8])
    case list([TemplateValue])
    case object(any TemplateObject)

    /// `.text(string)`, or `.null` for nil.
    public static func string(_ string: String?) -> TemplateValue {
        if let string { .text(string) } else { .null }
    }

    public static func objects(_ objects: [some TemplateObject]) -> TemplateValue {
        .list(objects.map { .object($0) })
    }

    public static func dictionary(_ values: [String: TemplateValue]) -> TemplateValue {
        .object(DictionaryObject(values))
    }

    public var isTruthy: Bool {
        switch self {
        case .null: false
        case .bool(let value): value
        case .int: true
        case .text(let text): !text.isEmpty
        case .bytes(let bytes): !bytes.isEmpty
        case .list(let items): !items.isEmpty
        case .object: true
        }
    }

    public var isNull: Bool {
        if case .null = self { true } else { false }
    }
}

/// Something with named fields: `{{name}}` asks `value(for: "name")`; `.null` means "not here",
/// and the lookup goes on down the context stack, as Mustache does. A class, so that a value
/// holding one is a single reference to copy.
public protocol TemplateObject: AnyObject, Sendable {
    func value(for key: String) -> TemplateValue
    /// The same, by a key the renderer made once per template: objects that are asked many
    /// times (a list's rows) answer through a table (`TemplateKey.Table`) instead of comparing
    /// names. By default, `value(for: key.name)`.
    func value(forKey key: TemplateKey) -> TemplateValue
    /// `{{key}}` (`escaped`) or `{{{key}}}`: writes the field into `out` and returns true, or
    /// returns false when the object has no such field (the lookup goes on down the stack).
    /// Objects asked for the same fields on every row of a list write their stored text
    /// directly, without making a value of it. By default, `value(forKey:)` written.
    func write(forKey key: TemplateKey, escaped: Bool, to out: inout [UInt8]) -> Bool
}

extension TemplateObject {
    public func value(forKey key: TemplateKey) -> TemplateValue { value(for: key.name) }

    public func write(forKey key: TemplateKey, escaped: Bool, to out: inout [UInt8]) -> Bool {
        value(forKey: key).writeIfPresent(escaped: escaped, to: &out)
    }
}

extension TemplateValue {
    /// `write(escaped:to:)` unless the value is null (not there): whether it was there.
    public func writeIfPresent(escaped: Bool, to out: inout [UInt8]) -> Bool {
        if isNull { return false }
        write(escaped: escaped, to: &out)
        return true
    }

    /// As `{{name}}` (`escaped`) or `{{{name}}}` writes it: text, a number, true or false;
    /// nothing for a list or an object.
    public func write(escaped: Bool, to out: inout [UInt8]) {
        switch self {
        case .text(let text):
            HTMLEscape.write(text, escaped: escaped, to: &out)
        case .bytes(let bytes):
            bytes.withUnsafeBufferPointer { if escaped { HTMLEscape.append($0, to: &out) } else { out.append(contentsOf: $0) } }
        case .int(let number):
            out.append(contentsOf: String(number).utf8)
        case .bool(let flag):
            out.append(contentsOf: (flag ? "true" : "false").utf8)
        case .null, .list, .object:
            break
        }
    }
}

/// A name with a number that is the same for the same name everywhere in the process. Only
/// the number is kept (copying a key retains nothing); `name` looks it up.
public struct TemplateKey: Sendable {
    public let id: Int

    public init(_ name: String) {
        self.id = Self.numbers.withLock { numbers in
            if let known = numbers[name] { return known }
            let id = numbers.count
            precondition(id < Self.capacity, "more than \(Self.capacity) template names")
            // Written before the number is handed out: whoever holds a key can read its name.
            (Self.names + id).initialize(to: name)
            numbers[name] = id
            return id
        }
    }

    /// The name the key was made from (read without a lock: a name never changes once written).
    public var name: String { Self.names[id] }

    private static let numbers = Mutex<[String: Int]>([:])
    private static let capacity = 1 << 16
    nonisolated(unsafe) private static let names = UnsafeMutablePointer<String>.allocate(capacity: capacity)

    /// Names to small numbers of one object type's own (its fields), looked up by key number:
    /// a load and a compare, no hashing, no reference counting. Made once per type, never freed.
    /// `field(named:)` answers the same for a name as a string (`value(for:)`).
    public struct Table<Field>: @unchecked Sendable {
        private let fields: UnsafeMutableBufferPointer<Int32>
        private let values: [Field]
        private let byName: [String: Field]

        public init<Entries: Sequence>(_ entries: Entries) where Entries.Element == (String, Field) {
            let entries = Array(entries)
            let keys = entries.map { TemplateKey($0.0) }
            let size = (keys.map(\.id).max() ?? -1) + 1
            fields = .allocate(capacity: size)
            fields.initialize(repeating: -1)
            for (n, key) in keys.enumerated() { fields[key.id] = Int32(n) }
            values = entries.map(\.1)
            byName = Dictionary(entries, uniquingKeysWith: { first, _ in first })
        }

        public func field(named name: String) -> Field? { byName[name] }

        /// The field `key` names, or nil when it is not one of this type's.
        @inline(__always)
        public func field(_ key: TemplateKey) -> Field? {
            guard key.id < fields.count else { return nil }
            let n = fields[key.id]
            return n < 0 ? nil : values[Int(n)]
        }
    }
}

/// A dictionary as a template object.
public final class DictionaryObject: TemplateObject {
    public let values: [String: TemplateValue]

    public init(_ values: [String: TemplateValue]) { self.values = values }

    public func value(for key: String) -> TemplateValue { values[key] ?? .null }
}

extension TemplateValue: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral {
    public init(stringLiteral value: String) { self = .text(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
}
