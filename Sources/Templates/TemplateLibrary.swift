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
        renderer.run(template.program, 0..<template.program.ops.count)
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
    /// Block overrides in force; the outermost override of a name wins. Each is a range of
    /// operations of the program that wrote it.
    var overrides: [String: (program: Program, range: Range<Int>)] = [:]
    var depth = 0
    /// The position in every list being rendered, innermost last.
    var loops: [(index: Int, count: Int)] = []

    init(library: TemplateLibrary, stack: [TemplateValue]) {
        self.library = library
        self.stack = stack
    }

    mutating func run(_ program: Program, _ range: Range<Int>) {
        // Read once per run, not once per operation (each read of a class's array retains it).
        let ops = program.ops, names = program.names
        var i = range.lowerBound
        while i < range.upperBound {
            switch ops[i] {
            case .text(let text):
                out.append(contentsOf: program.text(Int(text)))
                i += 1
            case .variable(let name, let escaped):
                let name = names[Int(name)]
                if name.kind == .path && name.restCount == 0 {
                    writeField(name.first, escaped: escaped)
                } else {
                    lookup(name, in: program).write(escaped: escaped, to: &out)
                }
                i += 1
            case .section(let name, let inverted, let end):
                let body = (i + 1)..<Int(end)
                i = Int(end)
                let value = lookup(names[Int(name)], in: program)
                if inverted {
                    if !value.isTruthy { run(program, body) }
                    continue
                }
                guard value.isTruthy else { continue }
                switch value {
                case .list(let items):
                    loops.append((0, items.count))
                    for n in items.indices {
                        loops[loops.count - 1].index = n
                        stack.append(items[n])
                        run(program, body)
                        stack.removeLast()
                    }
                    loops.removeLast()
                case .bool:
                    run(program, body)
                default:
                    stack.append(value)
                    run(program, body)
                    stack.removeLast()
                }
            case .partial(let template, let indent):
                i += 1
                guard depth < maximumDepth, let partial = library.templates[program.strings[Int(template)]] else { continue }
                depth += 1
                let start = out.count
                run(partial.program, 0..<partial.program.ops.count)
                if indent >= 0 { indentLines(from: start, with: program.text(Int(indent))) }
                depth -= 1
            case .parent(let template, let indent, let blocks, let end):
                i = Int(end)
                guard depth < maximumDepth, let parent = library.templates[program.strings[Int(template)]] else { continue }
                depth += 1
                let saved = overrides
                for (key, range) in program.overrides[Int(blocks)] where overrides[key] == nil {
                    overrides[key] = (program, range)
                }
                let start = out.count
                run(parent.program, 0..<parent.program.ops.count)
                if indent >= 0 { indentLines(from: start, with: program.text(Int(indent))) }
                overrides = saved
                depth -= 1
            case .block(let name, let end):
                let body = (i + 1)..<Int(end)
                i = Int(end)
                if let override = overrides[program.strings[Int(name)]] {
                    run(override.program, override.range)
                } else {
                    run(program, body)
                }
            }
        }
    }

    /// Mustache's lookup: the first name is searched from the top of the context stack down,
    /// the rest of a dotted name only in what the first found.
    func lookup(_ name: Program.Name, in program: Program) -> TemplateValue {
        switch name.kind {
        case .path: break
        case .dot: return stack[stack.count - 1]
        case .first: return .bool(loops.last.map { $0.index == 0 } ?? false)
        case .last: return .bool(loops.last.map { $0.index == $0.count - 1 } ?? false)
        case .index: return loops.last.map { .int($0.index) } ?? .null
        case .even: return .bool(loops.last.map { $0.index % 2 == 0 } ?? false)
        case .odd: return .bool(loops.last.map { $0.index % 2 == 1 } ?? false)
        }
        var value = TemplateValue.null
        var index = stack.count - 1
        while index >= 0 {
            if case .object(let object) = stack[index] {
                value = object.value(forKey: name.first)
                if !value.isNull { break }
            }
            index -= 1
        }
        for part in program.rest(of: name) {
            guard case .object(let object) = value else { return .null }
            value = object.value(forKey: part)
        }
        return value
    }

    /// `{{name}}` for a plain name: the first object down the stack that has the field writes it.
    mutating func writeField(_ key: TemplateKey, escaped: Bool) {
        var index = stack.count - 1
        while index >= 0 {
            if case .object(let object) = stack[index], object.write(forKey: key, escaped: escaped, to: &out) { return }
            index -= 1
        }
    }

    /// Indents every line a standalone partial wrote, as the Mustache spec asks.
    mutating func indentLines(from start: Int, with indent: UnsafeBufferPointer<UInt8>) {
        guard start < out.count else { return }
        var result = Array(indent)
        result.reserveCapacity(out.count - start + indent.count * 8)
        for i in start..<out.count {
            result.append(out[i])
            if out[i] == 0x0A, i + 1 < out.count { result.append(contentsOf: indent) }
        }
        out.replaceSubrange(start..., with: result)
    }
}
