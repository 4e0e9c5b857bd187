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
        case .list(let items): !items.isEmpty
        case .object: true
        }
    }

    var isNull: Bool {
        if case .null = self { true } else { false }
    }
}

/// Something with named fields: `{{name}}` asks `value(for: "name")`; `.null` means "not here",
/// and the lookup goes on down the context stack, as Mustache does. A class, so that a value
/// holding one is a single reference to copy.
public protocol TemplateObject: AnyObject, Sendable {
    func value(for key: String) -> TemplateValue
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
