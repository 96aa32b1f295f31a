import GRDB

/// v20 (issue 14, the overview refresh): each body's oldest proposal still owed an answer, kept by
/// triggers.
///
/// The proposals pane shows, for every body with open proposals, the oldest of them. The overview
/// found each with a seek of the partial index `proposals_body_open` per body: 53 statements on every
/// refresh at national scale. `proposal_oldest_pending(body, id, received_at)` holds the answer, one
/// row per body with open proposals (`-` for those not yet assigned, as `proposal_counts` names them).
///
/// Triggers on `proposals` itself recompute a body's row from that index (one seek) whenever a
/// proposal of the body is added, removed, opened or closed, moved to another body, or its receipt
/// time or key changes, so the table stays true whichever program writes (`sqlite3` inserting into
/// `proposal_log`, whose trigger moves the proposal, or a hand edit of `proposals`). The rule is the
/// index's own order: earliest receipt, then the smallest key. `nq57 check` recomputes every body's
/// row from the proposals and compares.
extension Schema {
    static let v20 = "v20-oldest-pending"

    /// Body `b` (a body key: a unit code, or `-`) as `proposals.body_code` holds it.
    private static func bodyCode(_ b: String) -> String { "nullif(\(b), '-')" }

    /// The body key of a proposal row (`NEW`, `OLD` or an alias): its body's code, `-` when none.
    static func bodyKey(_ row: String) -> String { "ifnull(\(row).body_code, '-')" }

    /// Body `b`'s row recomputed from the open proposals (none when the body has none open).
    static func recomputeOldest(_ b: String) -> String {
        """
        DELETE FROM proposal_oldest_pending WHERE body = \(b);
        INSERT INTO proposal_oldest_pending (body, id, received_at)
            SELECT \(b), id, received_at FROM proposals INDEXED BY proposals_body_open
            WHERE body_code IS \(bodyCode(b)) AND \(proposalOpen) ORDER BY received_at, key LIMIT 1;
        """
    }

    /// Every body's oldest open proposal, computed from the proposals (the migration's fill and
    /// `nq57 check`'s recount): columns body, id, received_at.
    static let oldestPendingRecount = """
        SELECT body, id, received_at FROM (
            SELECT ifnull(body_code, '-') AS body, id, received_at,
                   row_number() OVER (PARTITION BY body_code ORDER BY received_at, key) AS n
            FROM proposals WHERE \(proposalOpen))
        WHERE n = 1
        """

    /// Whether a proposal row (`NEW` or `OLD`) is open.
    private static func isOpen(_ row: String) -> String {
        "(\(row).status = 'received' OR \(row).status = 'assigned')"
    }

    static let oldestPendingTriggers = [
        Trigger(name: "proposal_oldest_pending_insert", sql: """
            CREATE TRIGGER proposal_oldest_pending_insert AFTER INSERT ON proposals WHEN \(isOpen("NEW"))
            BEGIN
            \(recomputeOldest(bodyKey("NEW")))
            END
            """),
        Trigger(name: "proposal_oldest_pending_delete", sql: """
            CREATE TRIGGER proposal_oldest_pending_delete AFTER DELETE ON proposals WHEN \(isOpen("OLD"))
            BEGIN
            \(recomputeOldest(bodyKey("OLD")))
            END
            """),
        Trigger(name: "proposal_oldest_pending_update", sql: """
            CREATE TRIGGER proposal_oldest_pending_update AFTER UPDATE OF status, body_code, received_at, key, id ON proposals
            WHEN (\(isOpen("OLD")) OR \(isOpen("NEW")))
              AND (\(isOpen("OLD")) IS NOT \(isOpen("NEW")) OR OLD.body_code IS NOT NEW.body_code OR OLD.received_at IS NOT NEW.received_at
                   OR OLD.key IS NOT NEW.key OR OLD.id IS NOT NEW.id)
            BEGIN
            \(recomputeOldest(bodyKey("OLD")))
            \(recomputeOldest(bodyKey("NEW")))
            END
            """),
    ]

    static let v20SQL = """
        CREATE TABLE proposal_oldest_pending (
            body TEXT PRIMARY KEY NOT NULL,
            id TEXT NOT NULL,
            received_at INTEGER NOT NULL
        ) WITHOUT ROWID;
        INSERT INTO proposal_oldest_pending (body, id, received_at) \(oldestPendingRecount);
        """

    static func registerOldestPending(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration(v20, foreignKeyChecks: .immediate) { db in
            try db.execute(sql: v20SQL)
            try createTriggers(db, oldestPendingTriggers)
        }
    }
}
