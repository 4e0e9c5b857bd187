import Foundation
import GenKit
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Watches a site's sources: content/, templates/ and static/ (every folder in them) and gen.toml. On
/// Linux through inotify; elsewhere, or if inotify fails, by polling modification times.
/// `next()` waits for a change and returns the site-relative paths of a burst of changes,
/// coalesced until the files have been quiet for a moment.
public final class FileWatcher: @unchecked Sendable {
    let site: String
    let watched = ["content", "templates", "static"]
    /// How long the files must be quiet before a burst counts as finished.
    let quiet: Double = 0.03
    public private(set) var usesPolling = false

    #if canImport(Glibc)
    private var inotify: Int32 = -1
    private var folders: [Int32: String] = [:]
    #endif
    private var snapshot: [String: (Int, Int)] = [:]

    public init(site: String, forcePolling: Bool = false) {
        self.site = site
        #if canImport(Glibc)
        if !forcePolling {
            inotify = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
            if inotify >= 0 {
                _ = addWatch("", recursive: false)
                for folder in watched { _ = addWatch(folder, recursive: true) }
                return
            }
        }
        #endif
        usesPolling = true
        snapshot = scan()
    }

    /// Blocks until something changes; the changed paths, relative to the site, sorted.
    public func next() -> [String] {
        #if canImport(Glibc)
        if !usesPolling { return nextFromInotify() }
        #endif
        return nextFromPolling()
    }

    static func ignored(_ name: String) -> Bool {
        name.hasPrefix(".") || name.hasSuffix("~") || name.hasSuffix(".swp") || name.hasSuffix(".swx")
            || name.hasPrefix("#") || name == "4913"
    }

    func relevant(_ path: String) -> Bool {
        if path == ConfigLoader.fileName { return true }
        return watched.contains { path.hasPrefix($0 + "/") } && !path.split(separator: "/").contains { Self.ignored(String($0)) }
    }

    // MARK: inotify

    #if canImport(Glibc)
    private func addWatch(_ folder: String, recursive: Bool) -> Bool {
        let full = folder.isEmpty ? site : site + "/" + folder
        let mask = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE | IN_ATTRIB)
        let wd = inotify_add_watch(inotify, full, mask)
        guard wd >= 0 else { return false }
        folders[wd] = folder
        guard recursive, let names = try? FileManager.default.contentsOfDirectory(atPath: full) else { return true }
        for name in names.sorted() where !Self.ignored(name) {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: full + "/" + name, isDirectory: &isFolder), isFolder.boolValue {
                _ = addWatch(folder + "/" + name, recursive: true)
            }
        }
        return true
    }

    private func nextFromInotify() -> [String] {
        var changed = Set<String>()
        var waiting = true
        while true {
            var descriptor = pollfd(fd: inotify, events: Int16(POLLIN), revents: 0)
            // Wait without end for the first event, then only while the burst goes on.
            let ready = poll(&descriptor, 1, waiting ? -1 : Int32(quiet * 1000))
            if ready <= 0 {
                if !waiting && !changed.isEmpty { return changed.sorted() }
                continue
            }
            var buffer = [UInt8](repeating: 0, count: 64 * 1024)
            let count = read(inotify, &buffer, buffer.count)
            guard count > 0 else { continue }
            var offset = 0
            while offset + 16 <= count {
                let wd = buffer[offset..<offset + 4].withUnsafeBytes { $0.loadUnaligned(as: Int32.self) }
                let mask = buffer[offset + 4..<offset + 8].withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) }
                let length = Int(buffer[offset + 12..<offset + 16].withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) })
                let nameBytes = buffer[(offset + 16)..<(offset + 16 + length)].prefix { $0 != 0 }
                let name = String(decoding: nameBytes, as: UTF8.self)
                offset += 16 + length
                guard let folder = folders[wd], !name.isEmpty else { continue }
                let path = folder.isEmpty ? name : folder + "/" + name
                if mask & UInt32(IN_ISDIR) != 0, mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0,
                   relevant(path) || watched.contains(path) {
                    // A new folder: watch it, and count what is already in it (files made
                    // before the watch was in place would be missed otherwise).
                    _ = addWatch(path, recursive: true)
                    if let walker = FileManager.default.enumerator(atPath: site + "/" + path) {
                        while let name = walker.nextObject() as? String {
                            if relevant(path + "/" + name) { changed.insert(path + "/" + name) }
                        }
                    }
                    continue
                }
                if relevant(path) { changed.insert(path) }
            }
            if !changed.isEmpty { waiting = false }
        }
    }
    #endif

    // MARK: polling

    private func scan() -> [String: (Int, Int)] {
        var result: [String: (Int, Int)] = [:]
        let manager = FileManager.default
        func stamp(_ path: String) {
            guard let attributes = try? manager.attributesOfItem(atPath: site + "/" + path) else { return }
            let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            result[path] = (Int(modified * 1000), (attributes[.size] as? Int) ?? 0)
        }
        stamp(ConfigLoader.fileName)
        for folder in watched {
            guard let walker = manager.enumerator(atPath: site + "/" + folder) else { continue }
            while let name = walker.nextObject() as? String {
                let path = folder + "/" + name
                if relevant(path) { stamp(path) }
            }
        }
        return result
    }

    private func nextFromPolling() -> [String] {
        while true {
            Thread.sleep(forTimeInterval: 0.3)
            let now = scan()
            var changed = Set<String>()
            for (path, stamp) in now where snapshot[path].map({ $0 != stamp }) ?? true { changed.insert(path) }
            for path in snapshot.keys where now[path] == nil { changed.insert(path) }
            snapshot = now
            if !changed.isEmpty { return changed.sorted() }
        }
    }
}
