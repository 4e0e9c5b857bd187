/// One file of the built site, in memory until the build has succeeded.
public struct OutputFile: Sendable {
    /// Relative to the output folder, with `/` separators: `articles/x/index.html`.
    public var path: String
    public var bytes: [UInt8]
    /// The content or template file the page was made from, for diagnostics.
    public var source: String?
    /// The annotation files whose notes the page shows besides (for a broken link in a note's
    /// body, reported where it is written).
    public var noteSources: [String] = []

    public init(path: String, bytes: [UInt8], source: String?) {
        self.path = path
        self.bytes = bytes
        self.source = source
    }

    public init(path: String, text: String, source: String?) {
        self.init(path: path, bytes: Array(text.utf8), source: source)
    }
}
