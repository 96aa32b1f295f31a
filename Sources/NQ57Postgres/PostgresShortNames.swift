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
/// Written so that it runs again harmlessly: part of `create`, and run once on a database made before
/// it (`meta.pg_short_names` absent) by the next writing command (`createSchema`).
extension PostgresSchema {
    /// Stored in `meta` once `shortNames` ran.
    static let shortNamesKey = "pg_short_names"

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
        INSERT INTO meta (key, value) VALUES ('\(shortNamesKey)', '1') ON CONFLICT (key) DO NOTHING;
        """
    }
}
