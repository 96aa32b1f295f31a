import NQ57Core

/// What SQLite's migration v14-short-names added, on PostgreSQL (issue 11 §6 and §8, issue 17: the
/// same snapshot on both stores):
///
/// - `units.short_vi`, `units.short_en`, `tech_groups.short_vi`, `tech_groups.short_en`: a name's
///   short form for narrow columns, empty where none is given.
/// - `metrics.source_vi`: a figure's source in Vietnamese, empty when only one was given.
/// - `metric_catalogue(key, name_vi, name_en, short_vi, short_en, position)`: the figures' catalogue,
///   the keys `nq57 metric set` accepts.
///
/// And what v13-find-titles added: `find_titles(task_key, title, folded)`, a task's title folded for
/// the go-to look-up (Core's `Search.fold`, which only nq57 has: NULL until nq57 folds it), a row per
/// task kept by a trigger that any writer runs.
///
/// Each is written so that it runs again harmlessly: part of `create`, and run once on a database made
/// before it (its `meta` key absent) by the next writing command (`createSchema`).
extension PostgresSchema {
    /// What was added to the schema since version 1, each with the `meta` key stored once it ran.
    static var additions: [(key: String, sql: String)] {
        [("pg_short_names", shortNames), ("pg_find_titles", findTitles), ("pg_inspections", inspections), ("pg_proposals", proposals),
         ("pg_report_check_by_key", reportCheck)]
    }

    static let findTitles = """
        CREATE TABLE IF NOT EXISTS find_titles (
            task_key bigint PRIMARY KEY REFERENCES tasks(key) ON DELETE CASCADE,
            title text NOT NULL,
            folded text
        );
        CREATE INDEX IF NOT EXISTS find_titles_unfolded ON find_titles(task_key) WHERE folded IS NULL;
        INSERT INTO find_titles (task_key, title) SELECT key, title FROM tasks ON CONFLICT DO NOTHING;
        CREATE OR REPLACE FUNCTION nq57_find_titles() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'UPDATE' AND OLD.title IS NOT DISTINCT FROM NEW.title THEN RETURN NULL; END IF;
            INSERT INTO find_titles AS f (task_key, title, folded) VALUES (NEW.key, NEW.title, NULL)
                ON CONFLICT (task_key) DO UPDATE SET title = excluded.title, folded = NULL;
            RETURN NULL;
        END $$;
        CREATE OR REPLACE TRIGGER tasks_find_titles AFTER INSERT OR UPDATE OF title ON tasks
            FOR EACH ROW EXECUTE FUNCTION nq57_find_titles();
        """

    static var shortNames: String {
        let name = TechGroupValidator.maxNameLength, text = MetricValidator.maxTextLength
        return """
        ALTER TABLE units ADD COLUMN IF NOT EXISTS short_vi text NOT NULL DEFAULT '' CHECK (length(short_vi) <= \(name));
        ALTER TABLE units ADD COLUMN IF NOT EXISTS short_en text NOT NULL DEFAULT '' CHECK (length(short_en) <= \(name));
        ALTER TABLE tech_groups ADD COLUMN IF NOT EXISTS short_vi text NOT NULL DEFAULT '' CHECK (length(short_vi) <= \(name));
        ALTER TABLE tech_groups ADD COLUMN IF NOT EXISTS short_en text NOT NULL DEFAULT '' CHECK (length(short_en) <= \(name));
        ALTER TABLE metrics ADD COLUMN IF NOT EXISTS source_vi text NOT NULL DEFAULT '' CHECK (length(source_vi) <= \(text));
        CREATE TABLE IF NOT EXISTS metric_catalogue (
            key text PRIMARY KEY CHECK (key ~ '^[A-Za-z0-9_]{1,64}$'),
            name_vi text NOT NULL CHECK (length(name_vi) <= \(name)),
            name_en text NOT NULL CHECK (length(name_en) <= \(name)),
            short_vi text NOT NULL DEFAULT '' CHECK (length(short_vi) <= \(name)),
            short_en text NOT NULL DEFAULT '' CHECK (length(short_en) <= \(name)),
            position integer NOT NULL DEFAULT 1000
        );
        -- Figures recorded under keys the catalogue does not hold stay readable (as SQLite's v14 does).
        INSERT INTO metric_catalogue (key, name_vi, name_en) SELECT DISTINCT key, key, key FROM metrics ON CONFLICT DO NOTHING;
        CREATE OR REPLACE TRIGGER metric_catalogue_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON metric_catalogue
            FOR EACH STATEMENT EXECUTE FUNCTION nq57_changed();
        """
    }
}
