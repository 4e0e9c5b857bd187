/// Links that work from disk: a page opened with `file://` has no server to show a folder's
/// `index.html`, so every relative `href` to a folder (`../tags/`, `./`, `../x/#note-a`) gets
/// `index.html` added. Absolute URLs, site-absolute paths and fragments alone are left as
/// they are.
enum FileURLs {
    static func rewrite(_ bytes: [UInt8]) -> [UInt8] {
        let pattern = Array(" href=\"".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 1024)
        var i = 0
        while i < bytes.count {
            guard bytes[i] == 0x20, i + pattern.count <= bytes.count,
                  bytes[i..<(i + pattern.count)].elementsEqual(pattern) else {
                out.append(bytes[i])
                i += 1
                continue
            }
            let start = i + pattern.count
            var end = start
            while end < bytes.count, bytes[end] != 0x22 { end += 1 }
            out += bytes[i..<start]
            let url = Array(bytes[start..<end])
            // The path part: up to `#` or `?`.
            let pathEnd = url.firstIndex { $0 == 0x23 || $0 == 0x3F } ?? url.count
            let path = url[..<pathEnd]
            let relative = !path.isEmpty && path.first != 0x2F && !path.contains(0x3A)
            if relative, path.last == 0x2F {
                out += path
                out += "index.html".utf8
                out += url[pathEnd...]
            } else if relative, path.elementsEqual(".".utf8) || path.elementsEqual("..".utf8) {
                out += path
                out += "/index.html".utf8
                out += url[pathEnd...]
            } else {
                out += url
            }
            i = end
        }
        return out
    }
}
