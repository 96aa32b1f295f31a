import GRDB

/// v16 (issue 14, the overview refresh): each body's median days to answer, kept by triggers.
///
/// The proposals overview showed each body's median from `proposal_answer_days`, the histogram of
/// days from receipt to answer: on every refresh it walked the whole histogram (3,864 rows at national
/// scale, the largest part of the overview's queries). `proposal_answer_medians(body, days)` holds the
/// result, one row per body with answers ('*' for all bodies): the first day at which half of the
/// body's answers are seen, as the walk computed it.
///
/// Triggers on the histogram itself recompute the body's row whenever one of its histogram rows is
/// inserted, changed or deleted, so the table stays true whichever program writes (`sqlite3` included:
/// the histogram is moved by the proposals' triggers, and a hand edit of the histogram moves the
/// median too). A recompute reads that body's histogram rows alone (at most a few hundred, on its
/// primary key). `nq57 check` recounts the medians from the proposals and compares.
extension Schema {
    static let v16 = "v16-answer-medians"

    /// A histogram row's count as the median takes it: a whole number, never below 0.
    static func answerCount(_ n: String) -> String { "max(CAST(\(n) AS INTEGER), 0)" }

    /// The median row (body, days, below, total) of each body of `histogram` (a query with columns
    /// body, days, n): `days` the first day at which half of the body's answers are seen, `below` the
    /// answers before that day, `total` all of the body's answers.
    static func answerMedians(of histogram: String) -> String {
        """
        SELECT body, min(days), below, total FROM (
            SELECT body, days, sum(\(answerCount("n"))) OVER (PARTITION BY body ORDER BY days) - \(answerCount("n")) AS below,
                   sum(\(answerCount("n"))) OVER (PARTITION BY body ORDER BY days) AS seen,
                   sum(\(answerCount("n"))) OVER (PARTITION BY body) AS total
            FROM (\(histogram)))
        WHERE total > 0 AND 2 * seen >= total
        GROUP BY body
        """
    }

    /// Answers of body `b` on the median's day `d` (0 when the histogram has no such row).
    static func answersOn(_ b: String, _ d: String) -> String {
        "ifnull((SELECT \(answerCount("h.n")) FROM proposal_answer_days h WHERE h.body = \(b) AND h.days = \(d)), 0)"
    }

    /// What makes row `m` a body's median: fewer than half of the answers before its day, at least half
    /// up to and including it.
    static func isMedian(_ m: String) -> String {
        "(\(m).total > 0 AND 2 * \(m).below < \(m).total AND 2 * (\(m).below + \(answersOn("\(m).body", "\(m).days"))) >= \(m).total)"
    }

    /// The statements that move body `b`'s median row after its histogram gained `delta` answers on
    /// day `d`. One answer more or less moves the median by at most one day of the histogram: one step
    /// up or down. Anything else (a hand edit of the histogram) recomputes the body from its histogram.
    /// With `delta` nil (an insert, where `INSERT OR REPLACE` may have removed a row without a delete
    /// trigger) the body's answers are summed again instead.
    static func moveMedian(_ b: String, day d: String, delta: String?) -> String {
        let count = if let delta {
            "total = total + (\(delta)), below = below + CASE WHEN \(d) < days THEN (\(delta)) ELSE 0 END"
        } else {
            """
            total = (SELECT ifnull(sum(\(answerCount("h.n"))), 0) FROM proposal_answer_days h WHERE h.body = proposal_answer_medians.body),
                below = (SELECT ifnull(sum(\(answerCount("h.n"))), 0) FROM proposal_answer_days h
                         WHERE h.body = proposal_answer_medians.body AND h.days < proposal_answer_medians.days)
            """
        }
        return """
        INSERT INTO proposal_answer_medians (body, days, below, total) VALUES (\(b), \(d), 0, 0) ON CONFLICT (body) DO NOTHING;
        UPDATE proposal_answer_medians SET \(count) WHERE body = \(b);
        UPDATE proposal_answer_medians SET below = below + \(answersOn("proposal_answer_medians.body", "proposal_answer_medians.days")),
                days = (SELECT min(h.days) FROM proposal_answer_days h WHERE h.body = proposal_answer_medians.body AND h.days > proposal_answer_medians.days)
            WHERE body = \(b) AND 2 * (below + \(answersOn("proposal_answer_medians.body", "proposal_answer_medians.days"))) < total
              AND EXISTS (SELECT 1 FROM proposal_answer_days h WHERE h.body = proposal_answer_medians.body AND h.days > proposal_answer_medians.days);
        UPDATE proposal_answer_medians
            SET days = (SELECT max(h.days) FROM proposal_answer_days h WHERE h.body = proposal_answer_medians.body AND h.days < proposal_answer_medians.days),
                below = below - \(answersOn("proposal_answer_medians.body", "(SELECT max(h.days) FROM proposal_answer_days h WHERE h.body = proposal_answer_medians.body AND h.days < proposal_answer_medians.days)"))
            WHERE body = \(b) AND total > 0 AND 2 * below >= total
              AND EXISTS (SELECT 1 FROM proposal_answer_days h WHERE h.body = proposal_answer_medians.body AND h.days < proposal_answer_medians.days);
        \(recomputeMedian(b, when: "EXISTS (SELECT 1 FROM proposal_answer_medians m WHERE m.body = \(b) AND NOT \(isMedian("m")))"))
        """
    }

    /// Body `b`'s median row recomputed from its whole histogram when `condition` holds (none when the
    /// body has no answers).
    static func recomputeMedian(_ b: String, when condition: String = "1") -> String {
        """
        DELETE FROM proposal_answer_medians WHERE body = \(b) AND \(condition);
        INSERT INTO proposal_answer_medians (body, days, below, total)
            SELECT \(b), days, seen - c, total FROM (
                SELECT days, \(answerCount("n")) AS c, sum(\(answerCount("n"))) OVER (ORDER BY days) AS seen,
                       sum(\(answerCount("n"))) OVER () AS total
                FROM proposal_answer_days WHERE body = \(b))
            WHERE total > 0 AND 2 * seen >= total AND NOT EXISTS (SELECT 1 FROM proposal_answer_medians m WHERE m.body = \(b))
            ORDER BY days LIMIT 1;
        """
    }

    static let answerMedianTriggers = [
        Trigger(name: "proposal_answer_medians_insert", sql: """
            CREATE TRIGGER proposal_answer_medians_insert AFTER INSERT ON proposal_answer_days
            BEGIN
            \(moveMedian("NEW.body", day: "NEW.days", delta: nil))
            END
            """),
        Trigger(name: "proposal_answer_medians_update", sql: """
            CREATE TRIGGER proposal_answer_medians_update AFTER UPDATE ON proposal_answer_days
            WHEN OLD.body IS NEW.body AND OLD.days IS NEW.days
            BEGIN
            \(moveMedian("NEW.body", day: "NEW.days", delta: "\(answerCount("NEW.n")) - \(answerCount("OLD.n"))"))
            END
            """),
        Trigger(name: "proposal_answer_medians_move", sql: """
            CREATE TRIGGER proposal_answer_medians_move AFTER UPDATE ON proposal_answer_days
            WHEN OLD.body IS NOT NEW.body OR OLD.days IS NOT NEW.days
            BEGIN
            \(recomputeMedian("OLD.body"))
            \(recomputeMedian("NEW.body"))
            END
            """),
        Trigger(name: "proposal_answer_medians_delete", sql: """
            CREATE TRIGGER proposal_answer_medians_delete AFTER DELETE ON proposal_answer_days
            BEGIN
            \(moveMedian("OLD.body", day: "OLD.days", delta: "-\(answerCount("OLD.n"))"))
            END
            """),
    ]

    static let v16SQL = """
        CREATE TABLE proposal_answer_medians (
            body TEXT PRIMARY KEY NOT NULL,
            days INTEGER NOT NULL,
            below INTEGER NOT NULL,
            total INTEGER NOT NULL
        ) WITHOUT ROWID;
        INSERT INTO proposal_answer_medians (body, days, below, total)
            \(answerMedians(of: "SELECT body, days, n FROM proposal_answer_days"));
        """

    static func registerAnswerMedians(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration(v16, foreignKeyChecks: .immediate) { db in
            try db.execute(sql: v16SQL)
            try createTriggers(db, answerMedianTriggers)
        }
    }
}
