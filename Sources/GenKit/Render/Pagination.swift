import Templates

/// A list cut into pages of `perPage`: page 1 at the list's folder, then `page/2/`, ...
struct Pagination: Sendable {
    /// The list's folder below the site root ("tags/x/"; "" for the home page).
    let folder: String
    /// 1-based.
    let number: Int
    let total: Int
    let range: Range<Int>

    /// The pages of a list of `count` entries (one page when the list is empty).
    static func pages(folder: String, count: Int, perPage: Int) -> [Pagination] {
        let total = max(1, (count + perPage - 1) / perPage)
        return (1...total).map {
            Pagination(folder: folder, number: $0, total: total,
                       range: (($0 - 1) * perPage)..<min(count, $0 * perPage))
        }
    }

    /// The pages of one list per owner (each tag's articles, each entity's mentions):
    /// `list(n)` is owner `n`'s folder and length.
    static func pages(of owners: Range<Int>, perPage: Int, list: (Int) -> (folder: String, count: Int)) -> [Paged] {
        owners.flatMap { n in
            let (folder, count) = list(n)
            return pages(folder: folder, count: count, perPage: perPage).map { Paged(owner: n, pagination: $0) }
        }
    }

    /// The folder of page `number`, below the site root.
    func folder(of number: Int) -> String { number == 1 ? folder : folder + "page/\(number)/" }
    /// This page's folder and file.
    var path: String { folder(of: number) }
    var file: String { path + "index.html" }
    /// From this page back to the site root.
    var root: String {
        let depth = SitePath.depth(of: path)
        return depth == 0 ? "./" : SitePath.root(depth: depth)
    }

    /// `pagination` in templates: `number`, `total`, `has_prev`/`prev_path`,
    /// `has_next`/`next_path`, `pages` (`number`, `path`, `current`, `gap` before it), and
    /// `paged` (more than one page). Paths are from the site root: `{{root}}{{path}}`.
    var context: PaginationContext { PaginationContext(self) }
}

/// A page of one of several lists: whose list (a tag, an entity), and which page of it.
struct Paged: Sendable {
    let owner: Int
    let pagination: Pagination
}

final class PaginationContext: TemplateObject {
    let pagination: Pagination

    init(_ pagination: Pagination) { self.pagination = pagination }

    /// The numbers shown: first, last, and two on each side of the current page.
    var shown: [Int] {
        let p = pagination
        return (1...p.total).filter { $0 == 1 || $0 == p.total || abs($0 - p.number) <= 2 }
    }

    func value(for name: String) -> TemplateValue {
        let p = pagination
        switch name {
        case "number": return .int(p.number)
        case "total": return .int(p.total)
        case "paged": return .bool(p.total > 1)
        case "has_prev": return .bool(p.number > 1)
        case "prev_path": return p.number > 1 ? .text(p.folder(of: p.number - 1)) : .null
        case "has_next": return .bool(p.number < p.total)
        case "next_path": return p.number < p.total ? .text(p.folder(of: p.number + 1)) : .null
        case "pages":
            var previous = 0
            return .list(shown.map { n in
                defer { previous = n }
                return .dictionary(["number": .int(n), "path": .text(p.folder(of: n)), "current": .bool(n == p.number),
                                    "gap": .bool(n > previous + 1)])
            })
        default: return .null
        }
    }
}
