/// Named templates that can include one another (`{{> partial}}`, `{{< parent}}`).
public struct TemplateLibrary: Sendable {
    public private(set) var templates: [String: Template] = [:]

    public init() {}

    public mutating func register(_ template: Template, named name: String) {
        templates[name] = template
    }

    public subscript(name: String) -> Template? { templates[name] }

    /// Renders template `name` with `context` as the bottom of the context stack. A missing
    /// template or partial renders as nothing, as Mustache says; callers check references.
    public func render(_ name: String, _ context: TemplateValue) -> [UInt8] {
        guard let template = templates[name] else { return [] }
        var renderer = Renderer(library: self, stack: [context])
        renderer.out.reserveCapacity(16_384)
        renderer.render(template.nodes)
        return renderer.out
    }

    public func renderString(_ name: String, _ context: TemplateValue) -> String {
        String(decoding: render(name, context), as: UTF8.self)
    }
}

/// Partials nested deeper than this render as nothing, so that a template including itself
/// ends instead of exhausting the stack.
private let maximumDepth = 64

private struct Renderer {
    let library: TemplateLibrary
    var stack: [TemplateValue]
    var out: [UInt8] = []
    /// Block overrides in force, innermost last; the outermost override of a name wins.
    var overrides: [String: [Template.Node]] = [:]
    var depth = 0
    /// The position in every list being rendered, innermost last.
    var loops: [(index: Int, count: Int)] = []

    init(library: TemplateLibrary, stack: [TemplateValue]) {
        self.library = library
        self.stack = stack
    }

    mutating func render(_ nodes: [Template.Node]) {
        for node in nodes {
            switch node {
            case .text(let bytes):
                out.append(contentsOf: bytes)
            case .variable(let path, let escaped):
                write(lookup(path), escaped: escaped)
            case .section(let path, let inverted, let children):
                let value = lookup(path)
                if inverted {
                    if !value.isTruthy { render(children) }
                    continue
                }
                guard value.isTruthy else { continue }
                switch value {
                case .list(let items):
                    loops.append((0, items.count))
                    for (n, item) in items.enumerated() {
                        loops[loops.count - 1].index = n
                        stack.append(item)
                        render(children)
                        stack.removeLast()
                    }
                    loops.removeLast()
                case .bool:
                    render(children)
                default:
                    stack.append(value)
                    render(children)
                    stack.removeLast()
                }
            case .partial(let name, let indent):
                guard depth < maximumDepth, let template = library.templates[name] else { continue }
                depth += 1
                let start = out.count
                render(template.nodes)
                if !indent.isEmpty { indentLines(from: start, with: indent) }
                depth -= 1
            case .parent(let name, let indent, let parentOverrides):
                guard depth < maximumDepth, let template = library.templates[name] else { continue }
                depth += 1
                let saved = overrides
                for (key, value) in parentOverrides where overrides[key] == nil { overrides[key] = value }
                let start = out.count
                render(template.nodes)
                if !indent.isEmpty { indentLines(from: start, with: indent) }
                overrides = saved
                depth -= 1
            case .block(let name, let children):
                render(overrides[name] ?? children)
            }
        }
    }

    /// Mustache's lookup: the first name is searched from the top of the context stack down,
    /// the rest of a dotted name only in what the first found.
    func lookup(_ name: Template.Name) -> TemplateValue {
        let path: [String]
        switch name {
        case .path(let names): path = names
        case .first: return .bool(loops.last.map { $0.index == 0 } ?? false)
        case .last: return .bool(loops.last.map { $0.index == $0.count - 1 } ?? false)
        case .index: return loops.last.map { .int($0.index) } ?? .null
        case .even: return .bool(loops.last.map { $0.index % 2 == 0 } ?? false)
        case .odd: return .bool(loops.last.map { $0.index % 2 == 1 } ?? false)
        }
        guard let first = path.first else { return stack[stack.count - 1] }
        var value = TemplateValue.null
        var index = stack.count - 1
        while index >= 0 {
            if case .object(let object) = stack[index] {
                value = object.value(for: first)
                if !value.isNull { break }
            }
            index -= 1
        }
        var rest = 1
        while rest < path.count {
            guard case .object(let object) = value else { return .null }
            value = object.value(for: path[rest])
            rest += 1
        }
        return value
    }

    mutating func write(_ value: TemplateValue, escaped: Bool) {
        switch value {
        case .text(let text):
            if escaped { HTMLEscape.append(text, to: &out) } else { HTMLEscape.appendRaw(text, to: &out) }
        case .int(let number):
            out.append(contentsOf: String(number).utf8)
        case .bool(let flag):
            out.append(contentsOf: (flag ? "true" : "false").utf8)
        case .null, .list, .object:
            break
        }
    }

    /// Indents every line a standalone partial wrote, as the Mustache spec asks.
    mutating func indentLines(from start: Int, with indent: [UInt8]) {
        guard start < out.count else { return }
        var result: [UInt8] = indent
        result.reserveCapacity(out.count - start + indent.count * 8)
        for i in start..<out.count {
            result.append(out[i])
            if out[i] == 0x0A, i + 1 < out.count { result.append(contentsOf: indent) }
        }
        out.replaceSubrange(start..., with: result)
    }
}

/// The HTML escape of Mustache (`<`, `>`, `&`, `"`, `'`) on UTF-8 bytes.
public enum HTMLEscape {
    /// `text`'s UTF-8 bytes, copied whole (a page's body is tens of kilobytes).
    @inline(__always)
    public static func appendRaw(_ text: String, to out: inout [UInt8]) {
        var text = text
        text.withUTF8 { out.append(contentsOf: $0) }
    }

    public static func append(_ text: String, to out: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes in
            var runStart = 0
            for i in 0..<bytes.count {
                let replacement: StaticString
                switch bytes[i] {
                case 0x3C: replacement = "&lt;"
                case 0x3E: replacement = "&gt;"
                case 0x26: replacement = "&amp;"
                case 0x22: replacement = "&quot;"
                case 0x27: replacement = "&#39;"
                default: continue
                }
                if runStart < i { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<i])) }
                out.append(contentsOf: UnsafeBufferPointer(start: replacement.utf8Start, count: replacement.utf8CodeUnitCount))
                runStart = i + 1
            }
            if runStart < bytes.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...])) }
        }
    }

    /// `text` with the five characters escaped.
    public static func escape(_ text: String) -> String {
        var needsEscape = false
        for byte in text.utf8 where byte == 0x3C || byte == 0x3E || byte == 0x26 || byte == 0x22 || byte == 0x27 {
            needsEscape = true
            break
        }
        guard needsEscape else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 16)
        append(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
