import Foundation
import NQ57Core

/// The go-to prompt's search on PostgreSQL, answering as the SQLite store's `find` does (the same
/// rows, the same order): units folded in Swift (a few thousand names), tasks by id prefix or by their
/// titles folded when copied in (`find_titles`, as SQLite's v13), the few not folded yet (a task
/// inserted with psql) folded here.
///
/// PostgreSQL has no Core fold, so `find_titles.folded` is written by nq57: by `copy` (the source's
/// folded titles), and by `init` and `copy` for any row still NULL (`foldPendingTitles`).
extension PostgresStore {
    public func find(_ query: String, limit: Int) throws -> [Found] {
        let folded = Search.fold(query)
        let words = folded.split(separator: " ").map(String.init)
        guard !words.isEmpty, limit > 0 else { return [] }
        let match = Search.Query(folded: folded)
        return try read { c in
            try requireSchema(c)
            var ranked: [(rank: Int, found: Found)] = []
            let units = try c.exec("""
                SELECT u.code, u.level, u.name, p.name FROM units u LEFT JOIN units p ON p.code = u.parent_code ORDER BY u.code COLLATE "C"
                """)
            for i in 0..<units.rows {
                let name = units.text(i, 2), province = units.optionalText(i, 3)
                let own = Search.fold(name)
                let withPlace = Search.fold(name + " " + (province ?? ""))
                guard match.matches(withPlace) else { continue }
                let kind: Found.Kind = switch Level(rawValue: units.text(i, 1)) ?? .commune {
                case .central: .central
                case .province: .province
                case .commune: .commune
                }
                let rank = Search.rank(folded: Search.withoutKind(own), query: folded) ?? Search.rank(folded: own, query: folded)
                    ?? Search.rank(folded: withPlace, query: folded) ?? 4
                // Provinces before central bodies before communes at equal rank.
                let order = [Found.Kind.province: 0, .central: 1, .commune: 2][kind]!
                ranked.append((rank * 10 + order, Found(kind: kind, code: units.text(i, 0), name: name, provinceName: province)))
            }
            // Titles not folded yet: folded here, matched in Swift.
            let pending = try c.exec("SELECT task_key, title FROM find_titles WHERE folded IS NULL")
            let unfolded = (0..<pending.rows).filter { match.matches(Search.fold(pending.text($0, 1))) }.map { pending.text($0, 0) }
            let like = { (s: String) -> String in
                s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
            }
            let idPrefix = like(query.trimmingASCIISpaces()) + "%"
            let foldedLikes = words.indices.map { "f.folded LIKE $\($0 + 4) ESCAPE '\\'" }.joined(separator: " AND ")
            let keys = "{" + unfolded.joined(separator: ",") + "}"
            let params: [String?] = [idPrefix, keys, String(limit)] + words.map { "%" + like($0) + "%" }
            let tasks = try c.exec("""
                SELECT t.id, t.title, u.name, p.name, t.id LIKE $1 ESCAPE '\\' AS by_id
                FROM tasks t JOIN units u ON u.code = t.unit_code LEFT JOIN units p ON p.code = u.parent_code
                WHERE t.id LIKE $1 ESCAPE '\\'
                   OR t.key IN (SELECT f.task_key FROM find_titles f WHERE f.folded IS NOT NULL AND \(foldedLikes))
                   OR t.key = ANY($2::bigint[])
                ORDER BY by_id DESC, t.id COLLATE "C" LIMIT $3
                """, params)
            for i in 0..<tasks.rows {
                let byID = tasks.bool(i, 4)
                let rank = byID ? 0 : 50 + (Search.rank(folded: Search.fold(tasks.text(i, 1)), query: folded) ?? 4)
                ranked.append((rank, Found(kind: .task, code: tasks.text(i, 0), name: tasks.text(i, 1), unitName: tasks.text(i, 2),
                                           provinceName: tasks.optionalText(i, 3))))
            }
            return ranked.enumerated().sorted { ($0.element.rank, $0.offset) < ($1.element.rank, $1.offset) }
                .prefix(limit).map(\.element.found)
        }
    }

    /// `nq57 check`: every task has its row, with its title, folded as Core folds it (or not yet), as
    /// SQLite's check says it (at most 100 lines).
    func checkFindTitles(_ c: PGConnection) throws -> [String] {
        let r = try c.exec("""
            SELECT t.id, t.title, f.task_key IS NOT NULL, f.title, f.folded
            FROM tasks t LEFT JOIN find_titles f ON f.task_key = t.key ORDER BY t.key
            """)
        var problems: [String] = []
        for i in 0..<r.rows where problems.count < 100 {
            let id = r.text(i, 0), title = r.text(i, 1)
            if !r.bool(i, 2) {
                problems.append("find_titles: task \(id) has no row")
            } else if r.text(i, 3) != title {
                problems.append("find_titles: task \(id): the row's title is not the task's")
            } else if let folded = r.optionalText(i, 4), folded != Search.fold(title) {
                problems.append("find_titles: task \(id): folded \(Quoting.quoted(folded)), Core folds \(Quoting.quoted(Search.fold(title)))")
            }
        }
        return problems
    }

    /// `check --rebuild`: a row per task with its title, every title folded again.
    func rebuildFindTitles(_ c: PGConnection) throws {
        try c.exec("""
            INSERT INTO find_titles (task_key, title) SELECT key, title FROM tasks
            ON CONFLICT (task_key) DO UPDATE SET title = excluded.title;
            UPDATE find_titles SET folded = NULL WHERE folded IS NOT NULL;
            """)
        try foldPendingTitles(c)
    }

    /// Folds the titles not folded yet (tasks inserted by another program), in one statement.
    func foldPendingTitles(_ c: PGConnection) throws {
        let pending = try c.exec("SELECT task_key, title FROM find_titles WHERE folded IS NULL")
        guard pending.rows > 0 else { return }
        try c.exec("""
            UPDATE find_titles f SET folded = v.folded FROM unnest($1::bigint[], $2::text[], $3::text[]) v(key, title, folded)
            WHERE f.task_key = v.key AND f.title = v.title AND f.folded IS NULL
            """, ["{" + (0..<pending.rows).map { pending.text($0, 0) }.joined(separator: ",") + "}",
                  Self.array((0..<pending.rows).map { pending.text($0, 1) }),
                  Self.array((0..<pending.rows).map { Search.fold(pending.text($0, 1)) })])
    }
}
