import Foundation

/// One build per output folder at a time. Two builds swapping spare folders into one output
/// would each exchange the other's work away (two exchanges cancel out), so `gen build` holds an
/// advisory lock (`flock`) on a file beside the output, `.NAME.gen-lock`, from before it reads
/// the site until its new output is swapped in. The lock file stays (removing it would let a
/// third build lock a new file while the second holds the old one); the lock goes with the
/// process, however it ends.
public final class OutputLock: @unchecked Sendable {
    private var descriptor: Int32

    /// The lock file beside `output`.
    public static func path(for output: String) -> String {
        OutputWriter.beside(OutputWriter.canonical(output), suffix: ".gen-lock")
    }

    /// Another build holds the lock, and the caller asked not to wait.
    public struct Busy: Error {}

    /// Takes the lock of `output`, making its parent folder if needed. When another build
    /// holds it: waits for it (after calling `waiting`), or throws `Busy` without `wait`.
    public init(output: String, wait: Bool, waiting: () -> Void = {}) throws {
        let path = Self.path(for: output)
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard descriptor >= 0 else { throw OutputError.system("cannot open the lock file", path) }
        if flock(descriptor, LOCK_EX | LOCK_NB) == 0 { return }
        guard errno == EWOULDBLOCK else {
            close(descriptor)
            throw OutputError.system("cannot lock", path)
        }
        guard wait else {
            close(descriptor)
            throw Busy()
        }
        waiting()
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else {
                close(descriptor)
                throw OutputError.system("cannot lock", path)
            }
        }
    }

    /// Lets the next build of the output start.
    public func release() {
        guard descriptor >= 0 else { return }
        close(descriptor)
        descriptor = -1
    }

    deinit { release() }
}
