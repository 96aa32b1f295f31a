import GRDB
import NQ57Core

/// The go-to prompt's search: every unit and every task of the store, in SQL, compared folded (Core's
/// `Search.fold`, registered as the SQL function `nq57_fold`), ranked in Swift.
extension SQLiteStore {
    public func find(_ query: String, limit: Int) throws -> [Found] {
        let folded = Search.fold(query)
        let words = folded.split(separator: " ").map(String.init)
        guard !words.isEmpty, limit > 0 else { return [] }
        return try read { db in
            db.add(function: Finding.fold)
            // Each word somewhere in the name (a commune's with its province's name after it).
            let likes = words.map { _ in "nq57_fold(u.name || ' ' || ifnull(p.name, '')) LIKE ? ESCAPE '\\'" }.joined(separator: " AND ")
            let patterns = words.map { "%" + Finding.escapeLike($0) + "%" }
            var ranked: [(rank: Int, found: Found)] = []
            let units = try Row.fetchCursor(db.cachedStatement(sql: """
                SELECT u.code, u.level, u.name, p.name FROM units u LEFT JOIN units p ON p.code = u.parent_code
                WHERE \(likes) ORDER BY u.code
                """), arguments: StatementArguments(patterns))
            while let r = try units.next() {
                let name = r.text(2)
                let level = Level(rawValue: r.text(1)) ?? .commune
                let kind: Found.Kind = switch level { case .central: .central; case .province: .province; case .commune: .commune }
                let own = Search.fold(name)
                let withPlace = own + " " + Search.fold(r.optionalText(3) ?? "")
                let rank = Search.rank(folded: Search.withoutKind(own), query: folded) ?? Search.rank(folded: own, query: folded)
                    ?? Search.rank(folded: withPlace, query: folded) ?? 4
                // Provinces before central bodies before communes at equal rank.
                let order = [Found.Kind.province: 0, .central: 1, .commune: 2][kind]!
                ranked.append((rank * 10 + order, Found(kind: kind, code: r.text(0), name: name, provinceName: r.optionalText(3))))
            }
            // Tasks: an id starting with the query first, then titles holding every word, compared with
            // the titles folded when written (`find_titles`); the few not folded yet (written by another
            // program since nq57's last write) are folded here.
            let idPrefix = Finding.escapeLike(query.trimmingASCIISpaces()) + "%"
            let foldedLikes = words.map { _ in "f.folded LIKE ? ESCAPE '\\'" }.joined(separator: " AND ")
            let unfolded = words.map { _ in "nq57_fold(f.title) LIKE ? ESCAPE '\\'" }.joined(separator: " AND ")
            let tasks = try Row.fetchAll(db.cachedStatement(sql: """
                SELECT t.id, t.title, u.name, p.name, t.id LIKE ? ESCAPE '\\' AS by_id
                FROM tasks t JOIN units u ON u.code = t.unit_code LEFT JOIN units p ON p.code = u.parent_code
                WHERE t.id LIKE ? ESCAPE '\\'
                   OR t.key IN (SELECT f.task_key FROM find_titles f WHERE f.folded IS NOT NULL AND \(foldedLikes))
                   OR t.key IN (SELECT f.task_key FROM find_titles f WHERE f.folded IS NULL AND \(unfolded))
                ORDER BY by_id DESC, t.id LIMIT ?
                """), arguments: StatementArguments([idPrefix, idPrefix] + patterns + patterns + [limit]))
            for r in tasks {
                let byID = r.int(4) != 0
                let rank = byID ? 0 : 50 + (Search.rank(folded: Search.fold(r.text(1)), query: folded) ?? 4)
                ranked.append((rank, Found(kind: .task, code: r.text(0), name: r.text(1), unitName: r.text(2), provinceName: r.optionalText(3))))
            }
            return ranked.enumerated().sorted { ($0.element.rank, $0.offset) < ($1.element.rank, $1.offset) }
                .prefix(limit).map(\.element.found)
        }
    }
}

enum Finding {
    /// `nq57_fold(text)`: Core's folding, so SQL compares exactly as the dashboard's filters do.
    static let fold = DatabaseFunction("nq57_fold", argumentCount: 1, pure: true) { values in
        guard let s = String.fromDatabaseValue(values[0]) else { return nil }
        return Search.fold(s)
    }

    /// A word for LIKE, with its own `%`, `_` and `\` taken literally.
    static func escapeLike(_ s: String) -> String {
        var out = ""
        for c in s {
            if c == "%" || c == "_" || c == "\\" { out.append("\\") }
            out.append(c)
        }
        return out
    }
}
