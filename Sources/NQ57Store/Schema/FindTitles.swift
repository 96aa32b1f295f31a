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
