import GRDB
import NQ57Core

/// Migration 13: task titles folded once, for the go-to prompt (issue 11 §2, §4).
///
/// The go-to look-up compared `nq57_fold(t.title)` for every task on every key: at national scale
/// (100,706 tasks) 0.6–1.7 s per look-up in a debug build on a loaded machine. Titles are now folded
/// when written and compared in SQL with LIKE.
///
/// ## Table
/// - `find_titles(task_key, title, folded)`: one row per task, the title it was folded from and the
///   folded text (Core's `Search.fold`), NULL until folded.
///
/// Any program may write the file, and only nq57 has the fold: so the triggers, plain SQL that any
/// writer runs, keep a row per task and set `folded` to NULL when a title is written (insert, a new
/// title or key, delete); nq57 folds what is NULL at the end of each of its own writes (a partial
/// index finds them), and the look-up folds the few still NULL itself (a `sqlite3` shell's new tasks).
extension Schema {
    static let v13 = "v13-find-titles"

    static let v13SQL = """
        CREATE TABLE find_titles (
            task_key INTEGER PRIMARY KEY,
            title TEXT NOT NULL,
            folded TEXT
        );
        CREATE INDEX find_titles_unfolded ON find_titles(task_key) WHERE folded IS NULL;
        INSERT INTO find_titles (task_key, title) SELECT key, ifnull(title, '') FROM tasks;
        """

    static var findTitleTriggers: [Trigger] {
        [Trigger(name: "find_titles_insert", sql: """
            CREATE TRIGGER find_titles_insert AFTER INSERT ON tasks
            BEGIN
                INSERT OR REPLACE INTO find_titles (task_key, title, folded) VALUES (NEW.key, ifnull(NEW.title, ''), NULL);
            END
            """),
         Trigger(name: "find_titles_update", sql: """
            CREATE TRIGGER find_titles_update AFTER UPDATE OF key, title ON tasks
            WHEN NEW.title IS NOT OLD.title OR NEW.key IS NOT OLD.key
            BEGIN
                DELETE FROM find_titles WHERE task_key = OLD.key;
                INSERT OR REPLACE INTO find_titles (task_key, title, folded) VALUES (NEW.key, ifnull(NEW.title, ''), NULL);
            END
            """),
         Trigger(name: "find_titles_delete", sql: """
            CREATE TRIGGER find_titles_delete AFTER DELETE ON tasks
            BEGIN
                DELETE FROM find_titles WHERE task_key = OLD.key;
            END
            """)]
    }

    static func migrateToV13(_ db: Database) throws {
        try db.execute(sql: v13SQL)
        try createTriggers(db, findTitleTriggers)
        try FindTitles.foldPending(db)
    }
}

enum FindTitles {
    /// Folds every title not folded yet: after each of nq57's writes, and at the migration.
    static func foldPending(_ db: Database) throws {
        db.add(function: Finding.fold)
        try db.execute(sql: "UPDATE find_titles SET folded = nq57_fold(title) WHERE folded IS NULL")
    }
}

extension FindTitles {
    /// `nq57 check`: every task has its row, with its title, folded as Core folds it (or not yet).
    static func check(_ db: Database, into out: inout [String]) throws {
        var lines = Check.Lines(kind: "tasks whose folded title for the go-to look-up is missing or wrong")
        let rows = try Row.fetchCursor(db, sql: """
            SELECT t.id, t.title, f.task_key IS NOT NULL, f.title, f.folded
            FROM tasks t LEFT JOIN find_titles f ON f.task_key = t.key ORDER BY t.key
            """)
        while let r = try rows.next() {
            let id = r.text(0), title = r.text(1)
            if r.int(2) == 0 {
                lines.add("find_titles: task \(id) has no row")
            } else if r.text(3) != title {
                lines.add("find_titles: task \(id) holds another title")
            } else if let folded = r.optionalText(4), folded != Search.fold(title) {
                lines.add("find_titles: task \(id) is folded wrongly")
            }
        }
        lines.append(to: &out)
    }

    /// `nq57 check --rebuild`: every row again from the tasks, folded at the end of the write.
    static func rebuild(_ db: Database) throws {
        try db.execute(sql: "DELETE FROM find_titles; INSERT INTO find_titles (task_key, title) SELECT key, ifnull(title, '') FROM tasks")
    }
}
