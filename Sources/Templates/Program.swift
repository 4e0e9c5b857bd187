/// A template flattened for rendering: operations with integer operands only (copying one
/// costs nothing), texts and names in side tables. A section, block or parent records where
/// its body ends, so the renderer walks ranges of one array instead of a tree.
///
/// Two lists of operations: `ops`, for the usual case of a template rendered where no
/// indentation is in force, has no line starts and joins the texts between them; `markedOps`,
/// for a template inside an indented partial, parent or block, has a `lineStart` before every
/// line of the template, where the indentation is written.
final class Program: @unchecked Sendable {
    enum Op: Sendable {
        case text(Int32)
        /// A line of the template starts: the indentation in force is written.
        case lineStart
        case variable(name: Int32, escaped: Bool)
        /// Its body is the operations up to `end`.
        case section(name: Int32, inverted: Bool, end: Int32)
        /// `indent`: a text, added to the indentation in force for the partial's lines; -1 when
        /// the tag is not standalone (the partial's lines are not indented).
        case partial(template: Int32, indent: Int32)
        /// The overrides' bodies follow it, up to `end`.
        case parent(template: Int32, indent: Int32, overrides: Int32, end: Int32)
        /// `indent`: a text (or -1 for none), the indentation of an override's lines here;
        /// `standalone`: the override's first line is indented too.
        case block(name: Int32, indent: Int32, standalone: Bool, end: Int32)
    }

    /// A name to look up, split for speed: the first part, the rest of a dotted name (as a
    /// range of `restKeys`). Plain numbers only, so reading one retains nothing.
    struct Name: Sendable {
        enum Kind: UInt8, Sendable { case path, dot, first, last, index, even, odd }
        var kind: Kind
        var first: TemplateKey
        var restStart: Int32
        var restCount: Int32
    }

    let strings: [String]
    /// For each parent: block name -> the operations that override it, in `ops` and in `markedOps`.
    let overrides: [[String: (plain: Range<Int>, marked: Range<Int>)]]

    /// The operations, names and texts, in memory the program owns and never changes: the
    /// renderer reads them without retaining an array per section and row.
    let ops: UnsafeBufferPointer<Op>
    let markedOps: UnsafeBufferPointer<Op>
    let names: UnsafeBufferPointer<Name>
    /// The parts after the first of every dotted name.
    let restKeys: UnsafeBufferPointer<TemplateKey>
    private let textBytes: UnsafeBufferPointer<UInt8>
    private let textRanges: UnsafeBufferPointer<(start: Int, count: Int)>

    init(_ nodes: [Template.Node]) {
        var builder = Builder()
        builder.compile(Self.withoutLineStarts(nodes))
        let plainOps = builder.ops, plainOverrides = builder.overrides
        builder.ops = []
        builder.overrides = []
        builder.compile(nodes)
        strings = builder.strings
        overrides = zip(plainOverrides, builder.overrides).map { plain, marked in
            plain.mapValues { ($0, 0..<0) }.merging(marked.mapValues { (0..<0, $0) }) { ($0.plain, $1.marked) }
        }
        ops = Self.copy(plainOps)
        markedOps = Self.copy(builder.ops)
        names = Self.copy(builder.names)
        restKeys = Self.copy(builder.restKeys)
        textBytes = Self.copy(builder.texts.flatMap { $0 })
        var offset = 0
        textRanges = Self.copy(builder.texts.map { text in
            defer { offset += text.count }
            return (offset, text.count)
        })
    }

    /// `array` in memory of its own, freed in `deinit`.
    private static func copy<T>(_ array: [T]) -> UnsafeBufferPointer<T> {
        let buffer = UnsafeMutableBufferPointer<T>.allocate(capacity: array.count)
        _ = buffer.initialize(from: array)
        return UnsafeBufferPointer(buffer)
    }

    deinit {
        UnsafeMutableBufferPointer(mutating: ops).deinitialize().deallocate()
        UnsafeMutableBufferPointer(mutating: markedOps).deinitialize().deallocate()
        UnsafeMutableBufferPointer(mutating: names).deinitialize().deallocate()
        UnsafeMutableBufferPointer(mutating: restKeys).deinitialize().deallocate()
        UnsafeMutableBufferPointer(mutating: textBytes).deinitialize().deallocate()
        UnsafeMutableBufferPointer(mutating: textRanges).deinitialize().deallocate()
    }

    /// The operations for a rendering with (`marked`) or without indentation in force.
    @inline(__always)
    func ops(marked: Bool) -> UnsafeBufferPointer<Op> { marked ? markedOps : ops }

    /// The parts after the first of `name`.
    @inline(__always)
    func rest(of name: Name) -> UnsafeBufferPointer<TemplateKey> {
        UnsafeBufferPointer(rebasing: restKeys[Int(name.restStart)..<Int(name.restStart + name.restCount)])
    }

    /// Text number `n`'s bytes.
    @inline(__always)
    func text(_ n: Int) -> UnsafeBufferPointer<UInt8> {
        let range = textRanges[n]
        return UnsafeBufferPointer(start: textBytes.baseAddress! + range.start, count: range.count)
    }

    /// `nodes` without line starts, the texts they separated joined; a standalone partial or
    /// parent without indentation is as one that is not standalone (where no indentation is in
    /// force, both leave it so).
    static func withoutLineStarts(_ nodes: [Template.Node]) -> [Template.Node] {
        var result: [Template.Node] = []
        for node in nodes {
            switch node {
            case .lineStart:
                continue
            case .text(let text):
                if case .text(let previous)? = result.last {
                    result[result.count - 1] = .text(previous + text)
                } else {
                    result.append(node)
                }
            case .variable:
                result.append(node)
            case .section(let path, let inverted, let children):
                result.append(.section(path: path, inverted: inverted, children: withoutLineStarts(children)))
            case .partial(let name, let indent):
                result.append(.partial(name: name, indent: indent?.isEmpty == false ? indent : nil))
            case .parent(let name, let indent, let overrides):
                result.append(.parent(name: name, indent: indent?.isEmpty == false ? indent : nil,
                                      overrides: overrides.mapValues(withoutLineStarts)))
            case .block(let name, let indent, let standalone, let children):
                result.append(.block(name: name, indent: indent, standalone: standalone, children: withoutLineStarts(children)))
            }
        }
        return result
    }

    private struct Builder {
        var ops: [Op] = []
        var texts: [[UInt8]] = []
        var names: [Name] = []
        var restKeys: [TemplateKey] = []
        var strings: [String] = []
        var overrides: [[String: Range<Int>]] = []

        mutating func text(_ bytes: [UInt8]) -> Int32 {
            texts.append(bytes)
            return Int32(texts.count - 1)
        }

        mutating func string(_ value: String) -> Int32 {
            strings.append(value)
            return Int32(strings.count - 1)
        }

        mutating func name(_ name: Template.Name) -> Int32 {
            func make(_ kind: Name.Kind, _ parts: [String] = []) -> Name {
                let start = Int32(restKeys.count)
                restKeys += parts.dropFirst().map(TemplateKey.init)
                return Name(kind: kind, first: TemplateKey(parts.first ?? ""), restStart: start,
                            restCount: Int32(restKeys.count) - start)
            }
            let compiled: Name = switch name {
            case .path(let parts) where parts.isEmpty: make(.dot)
            case .path(let parts): make(.path, parts)
            case .first: make(.first)
            case .last: make(.last)
            case .index: make(.index)
            case .even: make(.even)
            case .odd: make(.odd)
            }
            names.append(compiled)
            return Int32(names.count - 1)
        }

        mutating func compile(_ nodes: [Template.Node]) {
            for node in nodes {
                switch node {
                case .text(let bytes):
                    ops.append(.text(text(bytes)))
                case .lineStart:
                    ops.append(.lineStart)
                case .variable(let path, let escaped):
                    ops.append(.variable(name: name(path), escaped: escaped))
                case .section(let path, let inverted, let children):
                    let at = ops.count, id = name(path)
                    ops.append(.section(name: id, inverted: inverted, end: 0))
                    compile(children)
                    ops[at] = .section(name: id, inverted: inverted, end: Int32(ops.count))
                case .partial(let template, let indent):
                    ops.append(.partial(template: string(template), indent: indent.map { text($0) } ?? -1))
                case .parent(let template, let indent, let blocks):
                    let at = ops.count
                    let id = string(template), indentID = indent.map { text($0) } ?? -1
                    ops.append(.parent(template: id, indent: indentID, overrides: 0, end: 0))
                    var ranges: [String: Range<Int>] = [:]
                    for key in blocks.keys.sorted() {
                        let start = ops.count
                        compile(blocks[key]!)
                        ranges[key] = start..<ops.count
                    }
                    overrides.append(ranges)
                    ops[at] = .parent(template: id, indent: indentID, overrides: Int32(overrides.count - 1), end: Int32(ops.count))
                case .block(let blockName, let indent, let standalone, let children):
                    let at = ops.count, id = string(blockName), indentID = indent.isEmpty ? -1 : text(indent)
                    ops.append(.block(name: id, indent: indentID, standalone: standalone, end: 0))
                    compile(children)
                    ops[at] = .block(name: id, indent: indentID, standalone: standalone, end: Int32(ops.count))
                }
            }
        }
    }
}
