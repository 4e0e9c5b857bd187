import ByteText

/// A page as the search indexer needs to read it: the element marked `data-pagefind-body`,
/// with what Pagefind leaves out removed (`Pagefind.excluded`: everything gen adds to a
/// document's words, each note's quote and byline, the Sources list; elements marked
/// `data-pagefind-ignore="all"`), inline markup unwrapped and attributes dropped, except those
/// Pagefind reads (`lang`, `src` and `alt` of images, and every attribute of an element with a
/// `data-pagefind-*` one, which may name the attribute it takes a value from).
///
/// Of an element marked `data-pagefind-ignore`, whose words Pagefind does not index, the record
/// keeps only what Pagefind still reads there: filters, metadata and sort keys, the first `<h1>`
/// (a result's title) and images. And of the `id`s, which Pagefind makes anchors of, it keeps
/// those of headings and notes (`note-ID`), the only anchors a search result links to (Pagefind's
/// sub-results, gen's search page): an article names each mention and each highlighted passage,
/// and their anchors would be a large part of each page's entry in the index.
///
/// Pagefind parses every byte it is given: a gen article's page is many times more markup than
/// words, and the records give the same index but for those anchors, in much less time
/// (docs/benchmarks.md has the figures).
///
/// gen's pages and a theme's templates are well-formed HTML; a page this scanner cannot
/// follow (a tag or comment left open, the marked element never closed) is given to Pagefind
/// whole.
enum SearchRecord {
    /// The record of `page`; nil when it has no `data-pagefind-body` (Pagefind would not index
    /// it either, as some page of a gen site has one).
    static func make(_ page: [UInt8]) -> [UInt8]? {
        page.withUnsafeBufferPointer { make(Scanner(bytes: $0), page) }
    }

    private static func make(_ scanner: Scanner, _ page: [UInt8]) -> [UInt8]? {
        guard scanner.find(Literal.body, from: 0) != nil else { return nil }
        // The first start tag with the attribute (the words may appear in text too), and the
        // <html> tag, whose language Pagefind reads.
        var i = 0
        var html: Range<Int>?, title: Range<Int>?
        var tag = Tag()
        while true {
            guard let open = scanner.find(UInt8(ascii: "<"), from: i) else { return page }
            if scanner.starts(Literal.commentOpen, at: open) {
                guard let end = scanner.find(Literal.commentClose, from: open + 4) else { return page }
                i = end + 3
                continue
            }
            guard scanner.parseTag(at: open, into: &tag) else { i = open + 1; continue }
            i = tag.end
            if tag.closing { continue }
            if scanner.named(tag, Literal.html) { html = open..<tag.end }
            if tag.attributes.contains(where: { scanner.equals($0.name, Literal.body) }) {
                var out: [UInt8] = []
                out.reserveCapacity(page.count / 3)
                out.append(raw: "<!DOCTYPE html>\n")
                if let html { out += page[html] } else { out.append(raw: "<html>") }
                out.append(raw: "\n<head><meta charset=\"utf-8\">")
                if let title { out += page[title] }
                out.append(raw: "</head>\n<body>\n")
                guard scanner.copyElement(at: open, into: &out) else { return page }
                out.append(raw: "\n</body>\n</html>\n")
                return out
            }
            if scanner.kind(of: tag) == .raw && !tag.selfClosing {
                guard let close = scanner.findEnd(of: tag, from: i) else { return page }
                // The page's title, which Pagefind falls back on.
                if title == nil && scanner.named(tag, Literal.title) { title = open..<close.upperBound }
                i = close.upperBound
            }
        }
    }

    /// Byte strings the scanner compares against, made once.
    private enum Literal {
        static let body = Array("data-pagefind-body".utf8)
        static let pagefind = Array("data-pagefind-".utf8)
        static let ignore = Array("data-pagefind-ignore".utf8)
        /// The values of `data-pagefind-ignore` that leave the element's filters and metadata
        /// in (any other leaves the whole element out, as "all" does).
        static let ignoreIndexOnly = ["", "index", "true"].map { Array($0.utf8) }
        static let h1 = Array("h1".utf8)
        static let notePrefix = Array("note-".utf8)
        static let added = Array("data-gen-added".utf8)
        static let commentOpen = Array("<!--".utf8)
        static let commentClose = Array("-->".utf8)
        static let html = Array("html".utf8)
        static let title = Array("title".utf8)
        static let img = Array("img".utf8)
        static let `class` = Array("class".utf8)
        static let id = Array("id".utf8)
        static let lang = Array("lang".utf8)
        static let src = Array("src".utf8)
        static let alt = Array("alt".utf8)
        /// Classes whose elements Pagefind leaves out (`Pagefind.excluded`, less the attribute).
        static let excludedClasses = ["note-quote", "note-meta", "sources"].map { Array($0.utf8) }
    }

    enum Kind { case void, inline, raw, other }

    /// Element names of up to eight letters as numbers, for the kinds below.
    private static func code(_ name: some Sequence<UInt8>) -> UInt64 {
        var value: UInt64 = 0
        for byte in name { value = value << 8 | UInt64(byte | 0x20) }
        return value
    }
    private static let kinds: [UInt64: Kind] = {
        var kinds: [UInt64: Kind] = [:]
        for name in ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"] {
            kinds[code(name.utf8)] = .void
        }
        // Inline elements: their text is kept, their tags dropped unless Pagefind reads them.
        for name in ["a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "i", "ins", "kbd", "label",
                     "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var"] {
            kinds[code(name.utf8)] = .inline
        }
        // Elements whose content is not HTML: left out whole (Pagefind indexes no script or style).
        for name in ["script", "style", "textarea", "title"] { kinds[code(name.utf8)] = .raw }
        return kinds
    }()

    struct Attribute {
        var name: Range<Int>
        var value: Range<Int>?
    }

    struct Tag {
        var name = 0..<0
        var closing = false
        var selfClosing = false
        var attributes: [Attribute] = []
        /// Just past the `>`.
        var end = 0
    }

    struct Scanner {
        let bytes: UnsafeBufferPointer<UInt8>

        func find(_ byte: UInt8, from start: Int) -> Int? {
            guard start < bytes.count else { return nil }
            return UnsafeBufferPointer(rebasing: bytes[start...]).firstIndex(of: byte).map { $0 + start }
        }

        func find(_ needle: [UInt8], from start: Int) -> Int? { ByteSearch.find(needle, in: bytes, from: start) }

        func starts(_ needle: [UInt8], at start: Int) -> Bool {
            guard start + needle.count <= bytes.count else { return false }
            for k in 0..<needle.count where bytes[start + k] != needle[k] { return false }
            return true
        }

        /// Whether the bytes in `range` are `literal`, letters in any case.
        func equals(_ range: Range<Int>, _ literal: [UInt8]) -> Bool {
            guard range.count == literal.count else { return false }
            for k in 0..<literal.count where bytes[range.lowerBound + k] | 0x20 != literal[k] | 0x20 { return false }
            return true
        }

        func named(_ tag: Tag, _ name: [UInt8]) -> Bool { equals(tag.name, name) }

        /// Whether two names in the page are the same, letters in any case.
        func same(_ a: Range<Int>, _ b: Range<Int>) -> Bool {
            guard a.count == b.count else { return false }
            for k in 0..<a.count where bytes[a.lowerBound + k] | 0x20 != bytes[b.lowerBound + k] | 0x20 { return false }
            return true
        }

        func kind(of tag: Tag) -> Kind {
            tag.name.count <= 8 ? SearchRecord.kinds[SearchRecord.code(bytes[tag.name])] ?? .other : .other
        }

        /// The end tag closing a raw element (`</script>`).
        func findEnd(of tag: Tag, from start: Int) -> Range<Int>? {
            var i = start
            while let at = find(UInt8(ascii: "<"), from: i), at + 2 <= bytes.count {
                let name = at + 2..<min(at + 2 + tag.name.count, bytes.count)
                if bytes[at + 1] == UInt8(ascii: "/"), name.count == tag.name.count,
                   same(name, tag.name),
                   let gt = find(UInt8(ascii: ">"), from: name.upperBound) {
                    return at..<gt + 1
                }
                i = at + 1
            }
            return nil
        }

        func has(class name: [UInt8], in value: Range<Int>) -> Bool {
            var i = value.lowerBound
            while i < value.upperBound {
                while i < value.upperBound, isSpace(bytes[i]) { i += 1 }
                let start = i
                while i < value.upperBound, !isSpace(bytes[i]) { i += 1 }
                if i > start, equals(start..<i, name) { return true }
            }
            return false
        }

        /// Reads the tag at `start` (a `<`) into `tag`; false when none starts there. A
        /// doctype or processing instruction reads as an end tag without a name.
        func parseTag(at start: Int, into tag: inout Tag) -> Bool {
            var i = start + 1
            tag.closing = false
            tag.selfClosing = false
            tag.attributes.removeAll(keepingCapacity: true)
            if i < bytes.count && bytes[i] == UInt8(ascii: "/") { tag.closing = true; i += 1 }
            let nameStart = i
            while i < bytes.count, isNameByte(bytes[i]) { i += 1 }
            guard i > nameStart, isLetter(bytes[nameStart]) else {
                guard nameStart < bytes.count, bytes[nameStart] == UInt8(ascii: "!") || bytes[nameStart] == UInt8(ascii: "?"),
                      let end = find(UInt8(ascii: ">"), from: i) else { return false }
                tag.name = i..<i
                tag.closing = true
                tag.end = end + 1
                return true
            }
            tag.name = nameStart..<i
            while true {
                while i < bytes.count, isSpace(bytes[i]) { i += 1 }
                guard i < bytes.count else { return false }
                if bytes[i] == UInt8(ascii: ">") { tag.end = i + 1; return true }
                if bytes[i] == UInt8(ascii: "/") {
                    i += 1
                    if i < bytes.count, bytes[i] == UInt8(ascii: ">") { tag.selfClosing = true; tag.end = i + 1; return true }
                    continue
                }
                let nameStart = i
                while i < bytes.count, !isSpace(bytes[i]), bytes[i] != UInt8(ascii: "="), bytes[i] != UInt8(ascii: ">"),
                      bytes[i] != UInt8(ascii: "/") { i += 1 }
                let name = nameStart..<i
                while i < bytes.count, isSpace(bytes[i]) { i += 1 }
                var value: Range<Int>?
                if i < bytes.count, bytes[i] == UInt8(ascii: "=") {
                    i += 1
                    while i < bytes.count, isSpace(bytes[i]) { i += 1 }
                    guard i < bytes.count else { return false }
                    let quote = bytes[i]
                    if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
                        guard let end = find(quote, from: i + 1) else { return false }
                        value = i + 1..<end
                        i = end + 1
                    } else {
                        let valueStart = i
                        while i < bytes.count, !isSpace(bytes[i]), bytes[i] != UInt8(ascii: ">") { i += 1 }
                        value = valueStart..<i
                    }
                }
                if !name.isEmpty { tag.attributes.append(Attribute(name: name, value: value)) }
            }
        }

        /// Copies the element starting at `start` (its `<`) into `out` as the record has it;
        /// false when the page cannot be followed.
        func copyElement(at start: Int, into out: inout [UInt8]) -> Bool {
            var i = start
            var tag = Tag()
            // Each open element, whether its tags are copied, and whether the words in it are
            // (not in an element Pagefind ignores, unless in one it reads there).
            var stack: [(name: Range<Int>, kept: Bool, muted: Bool)] = []
            var skipping = 0  // depth inside an element left out
            repeat {
                guard i < bytes.count else { return false }
                let muted = stack.last?.muted ?? false
                if bytes[i] != UInt8(ascii: "<") {
                    let next = find(UInt8(ascii: "<"), from: i) ?? bytes.count
                    if skipping == 0 && !muted { out += bytes[i..<next] }
                    i = next
                    continue
                }
                if starts(Literal.commentOpen, at: i) {
                    guard let end = find(Literal.commentClose, from: i + 4) else { return false }
                    i = end + 3
                    continue
                }
                guard parseTag(at: i, into: &tag) else {
                    // A "<" that opens no tag is text.
                    if skipping == 0 && !muted { out.append(bytes[i]) }
                    i += 1
                    continue
                }
                i = tag.end
                if tag.closing {
                    // An end tag that closes nothing open is ignored, as a browser does; one
                    // that closes an element with others still open in it (an unclosed <p> or
                    // <li>) closes them too.
                    guard stack.contains(where: { same($0.name, tag.name) }) else { continue }
                    while let last = stack.popLast() {
                        close(last, skipping: &skipping, into: &out)
                        if same(last.name, tag.name) { break }
                    }
                    continue
                }
                let kind = kind(of: tag)
                if kind == .raw && !tag.selfClosing {
                    guard let close = findEnd(of: tag, from: i) else { return false }
                    i = close.upperBound
                    if stack.isEmpty { return true }
                    continue
                }
                var ignored = false, readsPagefind = false
                for attribute in tag.attributes where attribute.name.count > Literal.pagefind.count
                    && starts(Literal.pagefind, at: attribute.name.lowerBound) {
                    if equals(attribute.name, Literal.ignore) { ignored = true } else { readsPagefind = true }
                }
                let leftOut = skipping > 0 || tag.attributes.contains { attribute in
                    equals(attribute.name, Literal.added)
                        || (equals(attribute.name, Literal.class) && attribute.value.map { value in
                            Literal.excludedClasses.contains { has(class: $0, in: value) }
                        } ?? false)
                        || (equals(attribute.name, Literal.ignore)
                            && !Literal.ignoreIndexOnly.contains { equals(attribute.value ?? 0..<0, $0) })
                }
                let isImage = named(tag, Literal.img), isH1 = named(tag, Literal.h1)
                var kept = false
                // In an ignored element Pagefind reads only filters, metadata, sort keys, the
                // first <h1> and images.
                if !leftOut && (!muted || readsPagefind || isH1 || isImage) {
                    let pagefind = ignored || readsPagefind
                    let anchored = !muted && isAnchor(tag)
                    func keeps(_ attribute: Attribute) -> Bool {
                        pagefind || equals(attribute.name, Literal.lang)
                            || (anchored && equals(attribute.name, Literal.id))
                            || (isImage && (equals(attribute.name, Literal.src) || equals(attribute.name, Literal.alt)))
                    }
                    kept = kind != .inline || tag.attributes.contains(where: keeps)
                    if kept {
                        out.append(UInt8(ascii: "<"))
                        out += bytes[tag.name]
                        for attribute in tag.attributes where keeps(attribute) {
                            out.append(UInt8(ascii: " "))
                            out += bytes[attribute.name]
                            guard let value = attribute.value else { continue }
                            out.append(raw: "=\"")
                            for byte in bytes[value] {
                                if byte == UInt8(ascii: "\"") { out.append(raw: "&quot;") } else { out.append(byte) }
                            }
                            out.append(UInt8(ascii: "\""))
                        }
                        if tag.selfClosing { out.append(UInt8(ascii: "/")) }
                        out.append(UInt8(ascii: ">"))
                    }
                }
                if tag.selfClosing || kind == .void {
                    if stack.isEmpty { return true }
                    continue
                }
                if leftOut { skipping += 1 }
                // The words of an element Pagefind reads in an ignored one are its value.
                let mutesWords = readsPagefind || isH1 ? false : muted || ignored
                stack.append((tag.name, kept, mutesWords))
            } while !stack.isEmpty
            return true
        }

        /// Whether Pagefind is to make an anchor of the element's `id`: a heading's or a note's.
        func isAnchor(_ tag: Tag) -> Bool {
            let name = tag.name
            if name.count == 2 && bytes[name.lowerBound] | 0x20 == UInt8(ascii: "h")
                && (UInt8(ascii: "1")...UInt8(ascii: "6")).contains(bytes[name.lowerBound + 1]) {
                return true
            }
            return tag.attributes.contains { attribute in
                guard equals(attribute.name, Literal.id), let value = attribute.value,
                      value.count > Literal.notePrefix.count else { return false }
                return starts(Literal.notePrefix, at: value.lowerBound)
            }
        }

        private func close(_ element: (name: Range<Int>, kept: Bool, muted: Bool), skipping: inout Int, into out: inout [UInt8]) {
            if skipping > 0 {
                skipping -= 1
                return
            }
            guard element.kept else { return }
            out.append(raw: "</")
            out += bytes[element.name]
            out.append(UInt8(ascii: ">"))
        }
    }

    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D || byte == 0x0C }
    private static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") }
    private static func isNameByte(_ byte: UInt8) -> Bool {
        isLetter(byte) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-")
    }
}
