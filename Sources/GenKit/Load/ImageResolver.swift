import ByteText
import Foundation

/// Finds the file behind each image a document shows, and what its `<img>` needs: where the
/// file is in the output (relative to the page) and its size read from the file's header.
///
/// `![alt](photo.jpg)` is looked for beside the file that shows it (an article's folder, an
/// annotation file's, an entity's), `![alt](../images/photo.jpg)` relative to it,
/// `![alt](/photo.jpg)` at the root of the output (`static/`); addresses with a scheme
/// (`https://...`) are left as they are.
public struct ImageResolver: Sendable {
    let fileSystem: FileSystem
    let siteDirectory: String
    /// Static files by source path and by output path.
    let bySource: [String: StaticFile]
    let byOutput: [String: StaticFile]

    /// `setAside`: files not copied because another has their output path (`StaticFileLoader`):
    /// found all the same, so that the clash is the one error.
    public init(fileSystem: FileSystem, siteDirectory: String, staticFiles: [StaticFile], setAside: [StaticFile] = []) {
        self.fileSystem = fileSystem
        self.siteDirectory = siteDirectory
        var bySource: [String: StaticFile] = [:], byOutput: [String: StaticFile] = [:]
        for file in staticFiles {
            bySource[file.sourcePath] = file
            byOutput[file.outputPath] = file
        }
        for file in setAside { bySource[file.sourcePath] = file }
        self.bySource = bySource
        self.byOutput = byOutput
    }

    /// An image found: where it is in the output (below the site root) and its size, when its
    /// header could be read.
    public struct Found: Sendable, Equatable {
        public var outputPath: String
        public var size: ImageSize?
    }

    public enum Resolution: Sendable, Equatable {
        /// Not a file of the site (an absolute URL, a data: address): left as written.
        case external
        case found(Found)
        /// No such file; the paths looked at, from the site folder, and the address of a file
        /// beside it with the same or a close name (`photo.png` for `photo.jpg`), if any.
        case missing(looked: String, instead: String? = nil)
    }

    /// `url` with its file name replaced by that of a file of `files` in the same folder as
    /// `path` whose name is close to its own (`Suggestions.closeFile`).
    static func closeName(to path: String, url: String, among files: some Sequence<String>) -> String? {
        guard let close = Suggestions.closeFile(to: path, among: files) else { return nil }
        let urlName = url.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? url
        return String(url.dropLast(urlName.count)) + close
    }

    /// A file of the same name elsewhere in the site (`content/images/map.png` for `images/map.png`
    /// written in `content/articles/x.md`), as the relative address that leads to it from
    /// `folder`: the nearest, then the first by path. Nil when there is none.
    static func sameName(as path: String, from folder: String, among files: some Sequence<String>) -> String? {
        guard let name = path.split(separator: "/").last.map(String.init), !name.isEmpty else { return nil }
        let from = folder.split(separator: "/").map(String.init)
        let candidates = files.filter { $0 == name || $0.hasSuffix("/" + name) }.map { file -> String in
            let to = file.split(separator: "/").map(String.init)
            var shared = 0
            while shared < min(from.count, to.count - 1), from[shared] == to[shared] { shared += 1 }
            return (Array(repeating: "..", count: from.count - shared) + to[shared...]).joined(separator: "/")
        }
        return candidates.min { ($0.count, $0) < ($1.count, $1) }
    }

    /// Resolves `url` as written in `document`.
    public func resolve(_ url: String, in document: Article) -> Resolution { resolve(url, from: document.folder) }

    /// Resolves `url` as written in a file of `folder` (below the site folder).
    public func resolve(_ url: String, from folder: String) -> Resolution {
        if url.isEmpty { return .missing(looked: "(an empty address)") }
        if url.hasPrefix("//") || url.contains(":") && url.prefix(while: { $0 != "/" }).contains(":") { return .external }
        var path = url
        if let cut = path.firstIndex(where: { $0 == "?" || $0 == "#" }) { path = String(path[..<cut]) }
        path = path.removingPercentEncoding ?? path
        if path.hasPrefix("/") {
            let outputPath = Self.normalized(String(path.drop(while: { $0 == "/" })))
            guard let outputPath, let file = byOutput[outputPath] else {
                return .missing(looked: StaticFileLoader.folder + "/" + (outputPath ?? path),
                                instead: outputPath.flatMap { Self.closeName(to: $0, url: url, among: byOutput.keys) })
            }
            return .found(Found(outputPath: file.outputPath, size: size(of: file.sourcePath)))
        }
        guard let source = Self.normalized(folder.isEmpty ? path : folder + "/" + path), let file = bySource[source] else {
            let looked = Self.normalized(folder + "/" + path)
            return .missing(looked: looked ?? folder + "/" + path,
                            instead: looked.flatMap { Self.closeName(to: $0, url: url, among: bySource.keys) }
                                ?? Self.sameName(as: path, from: folder, among: bySource.keys))
        }
        return .found(Found(outputPath: file.outputPath, size: size(of: file.sourcePath)))
    }

    /// The size from the file's header (nil for a format gen does not read).
    func size(of sourcePath: String) -> ImageSize? {
        guard ImageSize.kind(ofPath: sourcePath) != nil, let bytes = try? fileSystem.read(siteDirectory + "/" + sourcePath) else { return nil }
        return ImageSize.read(bytes)
    }

    /// `a/b/../c` as `a/c`; nil when it climbs out of the site.
    static func normalized(_ path: String) -> String? {
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            if part == "." { continue }
            if part == ".." {
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
            } else {
                parts.append(part)
            }
        }
        return parts.joined(separator: "/")
    }
}
