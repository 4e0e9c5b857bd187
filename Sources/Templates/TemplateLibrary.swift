/// Named templates that can include one another (`{{> partial}}`, `{{< parent}}`).
public struct TemplateLibrary: Sendable {
    public private(set) var templates: [String: Template] = [:]
    /// The templates' programs by name, for partials and parents: a lookup copies one
    /// reference, not a whole `Template`.
    private var programs: [String: Program] = [:]

    public init() {}

    public mutating func register(_ template: Template, named name: String) {
        templates[name] = template
        programs[name] = template.program
    }

    /// The program of the template named `name`.
    func program(_ name: String) -> Program? { programs[name] }

    public subscript(name: String) -> Template? { templates[name] }

    /// Renders template `name` with `context` as the bottom of the context stack. A missing
    /// template or partial renders as nothing, as Mustache says; callers check references.
    public func render(_ name: String, _ context: TemplateValue) -> [UInt8] {
        guard let program = programs[name] else { return [] }
        var renderer = Renderer(library: self, context: context)
        defer { renderer.stack.free() }
        renderer.out.reserveCapacity(16_384)
        renderer.run(program, 0..<program.ops.count)
        return renderer.out
    }

    public func renderString(_ name: String, _ context: TemplateValue) -> String {
        String(decoding: render(name, context), as: UTF8.self)
    }
}

/// A render stops once it has written this much (a page of 256 MB is a template that repeats
/// a list inside a list, not a page): its output is cut there, and the caller can tell
/// (`exceedsMaximum`), instead of filling the memory for minutes.
public let maximumRenderedBytes = 256 << 20

extension TemplateLibrary {
    /// Whether a render's output was cut at `maximumRenderedBytes`.
    public static func exceedsMaximum(_ bytes: [UInt8]) -> Bool { bytes.count >= maximumRenderedBytes }
}

/// Partials nested deeper than this render as nothing, so that a template including itself
/// ends instead of exhausting the stack.
private let maximumDepth = 64
/// Partials and parents included in one render beyond this render as nothing: a template that
/// includes itself twice at each level would otherwise take 2^64 steps to reach the depth limit.
/// (A theme checks for templates that include themselves on every render, `Theme.load`.)
private let maximumInclusions = 100_000

private struct Renderer {
    let library: TemplateLibrary
    var stack: ContextStack
    var out: [UInt8] = []
    /// Block overrides in force; the outermost override of a name wins. Each is a range of
    /// operations of the program that wrote it, in its `ops` and in its `markedOps`.
    var overrides: [String: (program: Program, plain: Range<Int>, marked: Range<Int>)] = [:]
    /// The indentation in force: written at every line start of the templates being rendered
    /// (never inside the data they write). Empty, and `ops` rendered, almost always.
    var indent: [UInt8] = []
    var depth = 0
    var inclusions = 0
    /// The position in every list being rendered, innermost last.
    var loops: [(index: Int, count: Int)] = []

    init(library: TemplateLibrary, context: TemplateValue) {
        self.library = library
        self.stack = ContextStack(context)
    }

    /// Runs `range` of `program`'s operations: of its `markedOps` when an indentation is in
    /// force, else of its `ops` (callers pass a range of the list that matches).
    mutating func run(_ program: Program, _ range: Range<Int>) {
        // Read once per run, not once per operation (each read of a class's array retains it).
        let ops = program.ops(marked: !indent.isEmpty), names = program.names
        var i = range.lowerBound
        while i < range.upperBound {
            guard out.count < maximumRenderedBytes else { return }
            switch ops[i] {
            case .text(let text):
                out.append(contentsOf: program.text(Int(text)))
                i += 1
            case .lineStart:
                out.append(contentsOf: indent)
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
                    for n in items.indices where out.count < maximumRenderedBytes {
                        loops[loops.count - 1].index = n
                        stack.push(items[n])
                        run(program, body)
                        stack.pop()
                    }
                    loops.removeLast()
                case .bool:
                    run(program, body)
                default:
                    stack.push(value)
                    run(program, body)
                    stack.pop()
                }
            case .partial(let template, let indentID):
                i += 1
                guard depth < maximumDepth, inclusions < maximumInclusions,
                      let partial = library.program(program.strings[Int(template)]) else { continue }
                depth += 1
                inclusions += 1
                include(partial, indent: indentID, of: program)
                depth -= 1
            case .parent(let template, let indentID, let blocks, let end):
                i = Int(end)
                guard depth < maximumDepth, inclusions < maximumInclusions,
                      let parent = library.program(program.strings[Int(template)]) else { continue }
                depth += 1
                inclusions += 1
                let saved = overrides
                for (key, ranges) in program.overrides[Int(blocks)] where overrides[key] == nil {
                    overrides[key] = (program, ranges.plain, ranges.marked)
                }
                include(parent, indent: indentID, of: program)
                overrides = saved
                depth -= 1
            case .block(let name, let indentID, let standalone, let end):
                let body = (i + 1)..<Int(end)
                i = Int(end)
                guard let override = overrides[program.strings[Int(name)]] else {
                    run(program, body)
                    continue
                }
                runOverride(override, indent: indentID, standalone: standalone, of: program)
            }
        }
    }

    /// Renders an override where its block stands in `program`: its lines indented by the
    /// block's indentation (`indentID`, a text of `program`, or -1) on top of the one in force,
    /// its first line too when the block is `standalone`.
    @inline(never)
    mutating func runOverride(_ override: (program: Program, plain: Range<Int>, marked: Range<Int>),
                              indent indentID: Int32, standalone: Bool, of program: Program) {
        if indentID < 0 && indent.isEmpty {
            run(override.program, override.plain)
            return
        }
        let saved = indent
        if indentID >= 0 { indent.append(contentsOf: program.text(Int(indentID))) }
        var range = override.marked
        if !range.isEmpty, case .lineStart = override.program.markedOps[range.lowerBound] { range = range.dropFirst() }
        if standalone, !range.isEmpty { out.append(contentsOf: indent) }
        run(override.program, range)
        indent = saved
    }

    /// Renders `template` (a partial or a parent) from a tag of `program`: indented by the
    /// tag's indentation on top of the one in force when the tag is standalone (`indentID`, a
    /// text of `program`), else not indented.
    @inline(never)
    mutating func include(_ template: Program, indent indentID: Int32, of program: Program) {
        if indentID >= 0 {
            let more = program.text(Int(indentID))
            if more.isEmpty {
                run(template, 0..<template.ops(marked: !indent.isEmpty).count)
            } else {
                let saved = indent
                indent.append(contentsOf: more)
                run(template, 0..<template.markedOps.count)
                indent = saved
            }
        } else if indent.isEmpty {
            run(template, 0..<template.ops.count)
        } else {
            let saved = indent
            indent = []
            run(template, 0..<template.ops.count)
            indent = saved
        }
    }

    /// Mustache's lookup: the first name is searched from the top of the context stack down,
    /// the rest of a dotted name only in what the first found.
    @inline(__always)
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
}

/// Mustache's context stack, in memory of its own: a lookup reads each value in place
/// (`unsafeAddress`), so walking down the stack retains nothing. Freed by `free()`.
struct ContextStack {
    private var base: UnsafeMutablePointer<TemplateValue>
    private var capacity: Int
    private(set) var count: Int

    init(_ bottom: TemplateValue) {
        capacity = 16
        base = .allocate(capacity: capacity)
        base.initialize(to: bottom)
        count = 1
    }

    subscript(index: Int) -> TemplateValue {
        unsafeAddress { UnsafePointer(base + index) }
    }

    mutating func push(_ value: TemplateValue) {
        if count == capacity {
            let grown = UnsafeMutablePointer<TemplateValue>.allocate(capacity: capacity * 2)
            grown.moveInitialize(from: base, count: count)
            base.deallocate()
            base = grown
            capacity *= 2
        }
        (base + count).initialize(to: value)
        count += 1
    }

    mutating func pop() {
        count -= 1
        (base + count).deinitialize(count: 1)
    }

    func free() {
        base.deinitialize(count: count)
        base.deallocate()
    }
}
