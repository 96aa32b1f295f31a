import GRDB

/// v21 (issue 14, the overview refresh): a change counter per topic of the rarely written tables, so
/// that a live dashboard re-reads only the parts of the overview whose tables changed.
///
/// `change_counts(topic, n)`: one row per `ChangeTopic`. Triggers after every insert, update and
/// delete on each table of a topic add 1 to its counter, whichever program writes (the counts tables
/// the proposal triggers keep are topic tables too, so a hand edit of them counts as well). The
/// report and task tables have no such trigger: an import writes millions of their rows, so the
/// overview's report and task parts are always read again.
///
/// The counters start at a random 47-bit number (two files almost never hold the same counters) and
/// only ever go up by one: guards refuse any other update, any insert and any delete. A cached part
/// read at some counters is therefore the file's current content while they are unchanged, unless a
/// writer bypasses the triggers (drops them, which `ChangeTopics.verify` notices through
/// `PRAGMA schema_version` and then stops caching; or disables triggers on its own connection, which
/// leaves the maintained counts wrong as well, as `nq57 check` reports).
extension Schema {
    static let v21 = "v21-change-counts"

    /// Each topic and the tables whose writes it counts.
    static let changeTopicTables: [(topic: ChangeTopic, tables: [String])] = [
        (.proposals, ["proposals", "proposal_log", "proposal_counts", "proposal_open_by_due", "proposal_answer_medians",
                      "proposal_oldest_pending", "proposal_deadline_rules"]),
        (.units, ["units"]),
        (.techGroups, ["tech_groups"]),
        (.metrics, ["metrics", "metric_catalogue"]),
        (.holidays, ["holidays"]),
        (.meta, ["meta"]),
    ]

    /// The counting triggers: `change_<table>_<insert|update|delete>`.
    static var changeCountTriggers: [Trigger] {
        changeTopicTables.flatMap { topic, tables in
            tables.flatMap { table in
                ["INSERT", "UPDATE", "DELETE"].map { event in
                    let name = "change_\(table)_\(event.lowercased())"
                    return Trigger(name: name, sql: """
                        CREATE TRIGGER \(name) AFTER \(event) ON \(table)
                        BEGIN
                        UPDATE change_counts SET n = n + 1 WHERE topic = '\(topic.rawValue)';
                        END
                        """)
                }
            }
        }
    }

    /// A trigger refusing `event` on `change_counts` with `message` (when `condition` holds, if given).
    private static func counterGuard(_ name: String, _ event: String, when condition: String? = nil, _ message: String) -> Trigger {
        Trigger(name: name, sql: """
            CREATE TRIGGER \(name) BEFORE \(event) ON change_counts\(condition.map { "\nWHEN \($0)" } ?? "")
            BEGIN
            SELECT RAISE(ABORT, '\(message)');
            END
            """)
    }

    /// The counters only go up by one; no topic is added or removed but by a migration.
    static let changeCountGuards = [
        counterGuard("change_counts_only_up", "UPDATE", when: "NEW.topic IS NOT OLD.topic OR NEW.n IS NOT OLD.n + 1",
                     "change_counts_only_up: a change counter only goes up by one"),
        counterGuard("change_counts_no_insert", "INSERT", "change_counts_fixed: the topics are fixed by the schema"),
        counterGuard("change_counts_no_delete", "DELETE", "change_counts_fixed: the topics are fixed by the schema"),
    ]

    static var v21SQL: String {
        """
        CREATE TABLE change_counts (
            topic TEXT PRIMARY KEY NOT NULL,
            n INTEGER NOT NULL,
            CONSTRAINT change_counts_shape CHECK (typeof(topic) = 'text' AND typeof(n) = 'integer')
        ) WITHOUT ROWID;
        INSERT INTO change_counts (topic, n) VALUES
            \(ChangeTopic.allCases.map { "('\($0.rawValue)', abs(random() >> 16))" }.joined(separator: ",\n    "));
        """
    }

    static func registerChangeCounts(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration(v21, foreignKeyChecks: .immediate) { db in
            try db.execute(sql: v21SQL)
            try createTriggers(db, changeCountTriggers + changeCountGuards)
        }
    }
}

/// What a change counter counts: the writes to a group of rarely written tables (`Schema.changeTopicTables`).
enum ChangeTopic: String, CaseIterable, Sendable {
    case proposals
    case units
    case techGroups = "tech_groups"
    case metrics
    case holidays
    case meta
}
