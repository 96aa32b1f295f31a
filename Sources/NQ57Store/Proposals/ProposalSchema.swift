import GRDB
import NQ57Core

/// Migration 7: the proposals intake (issue 13).
///
/// ## Tables
/// - Reference: `proposal_fields(id, name_vi, name_en, position)` (Plan 02's eight groups and the six
///   highlight areas), `submitter_kinds(id, name_vi, name_en, position)`,
///   `proposal_deadline_rules(kind, working_days, official, source)` (defaults marked `official = 0`),
///   `holidays(day, kind, name_vi, name_en, source, verified)` (from `Reference/vn-public-holidays.csv`).
/// - `proposals(key, id, received_at, kind, submitter_kind, field, title, summary, folded, due_on,
///   body_code, status, status_at, answered_at, duplicate_of, demo, bucket)`: the proposal and its
///   **maintained current state** (the fold of its history). `due_on` is computed by the writer from
///   the deadline rule and the holidays (`DeadlineRule.dueOn`); `nq57 check` recomputes it. `bucket` is
///   virtual: `open` (received or assigned), `rejected`, `on_time` or `late` (answered or published).
/// - `proposal_log(id, proposal_key, at, status, body_code, note, by)`: the status history, append-only.
///   Inserting a row moves the proposal (trigger `proposal_log_state`); `proposal_log_guard` refuses a
///   move the flow does not allow (`ProposalFlow.table`), a time before receipt or the last move, a
///   rejection without a reason, an answer without a summary, an assignment to a unit that is not a
///   central unit or a province, each by the rule's name.
/// - `proposal_contacts(proposal_key, name, address, phone, email, id_number)`: personal data
///   (Decree 13/2023/NĐ-CP), apart. **No screen, snapshot or default export reads this table**; only
///   duplicate detection and `nq57 export --what proposals --with-contacts` do.
/// - Maintained counts, by trigger on every write: `proposal_counts(scope, key, total, rejected, open,
///   on_time, late)` with scopes `all` (key ''), `body` (unit code, '-' when unassigned), `field`,
///   `kind`; `proposal_open_by_due(scope, due_on, key, open)` (rows deleted at zero: overdue on day D
///   is a range read of due_on < D, as for tasks); `proposal_answer_days(body, days, n)`: a histogram
///   of calendar days from receipt to answer per body (and '*' for all). The median per body is read
///   from it: a body's histogram has at most a few hundred rows whatever the number of proposals,
///   while a median over answered rows would read them all on every refresh.
extension Schema {
    static let v7 = "v7-proposals"

    static func registerProposals(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration(v7) { db in
            try db.execute(sql: v7SQL)
            try ProposalReference.storeCodeData(db)
            try createTriggers(db, proposalTriggers)
        }
    }

    static let proposalOpen = "(status = 'received' OR status = 'assigned')"

    static func proposalBucket(_ p: String) -> String {
        """
        CASE WHEN \(p)status = 'rejected' THEN 'rejected'
             WHEN \(p)status = 'answered' OR \(p)status = 'published' THEN
                  CASE WHEN \(vietnamDay("\(p)answered_at")) <= \(p)due_on THEN 'on_time' ELSE 'late' END
             ELSE 'open' END
        """
    }

    static func proposalStatusCheck(_ c: String) -> String {
        "(\(c) = 'received' OR \(c) = 'rejected' OR \(c) = 'assigned' OR \(c) = 'answered' OR \(c) = 'published')"
    }

    static func textCheck(_ c: String, max: Int, allowEmpty: Bool = true) -> String {
        "NOT \(badText(c, maxCharacters: max, allowEmpty: allowEmpty))"
    }

    static var v7SQL: String {
        """
        CREATE TABLE proposal_fields (
            id TEXT PRIMARY KEY NOT NULL,
            name_vi TEXT NOT NULL,
            name_en TEXT NOT NULL,
            position INTEGER NOT NULL
        ) WITHOUT ROWID;

        CREATE TABLE submitter_kinds (
            id TEXT PRIMARY KEY NOT NULL,
            name_vi TEXT NOT NULL,
            name_en TEXT NOT NULL,
            position INTEGER NOT NULL
        ) WITHOUT ROWID;

        CREATE TABLE proposal_deadline_rules (
            kind TEXT PRIMARY KEY NOT NULL CHECK (kind = 'barrier' OR kind = 'initiative'),
            working_days INTEGER NOT NULL CHECK (typeof(working_days) = 'integer' AND working_days BETWEEN 1 AND 365),
            official INTEGER NOT NULL CHECK (official = 0 OR official = 1),
            source TEXT NOT NULL CHECK (\(textCheck("source", max: 500)))
        ) WITHOUT ROWID;

        CREATE TABLE holidays (
            day TEXT PRIMARY KEY NOT NULL CHECK (NOT \(badDay("day"))),
            kind TEXT NOT NULL CHECK (kind = 'off' OR kind = 'work'),
            name_vi TEXT NOT NULL,
            name_en TEXT NOT NULL,
            source TEXT NOT NULL,
            verified TEXT NOT NULL
        ) WITHOUT ROWID;

        CREATE TABLE proposals (
            key INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE CHECK (\(textCheck("id", max: ProposalLimits.id, allowEmpty: false))
                AND NOT id GLOB '*[' || char(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 127) || ']*'),
            received_at INTEGER NOT NULL CHECK (typeof(received_at) = 'integer' AND received_at >= \(ReportValidator.earliest.seconds)),
            kind TEXT NOT NULL CHECK (kind = 'barrier' OR kind = 'initiative'),
            submitter_kind TEXT NOT NULL REFERENCES submitter_kinds(id),
            field TEXT NOT NULL REFERENCES proposal_fields(id),
            title TEXT NOT NULL CHECK (\(textCheck("title", max: ProposalLimits.title, allowEmpty: false))),
            summary TEXT NOT NULL DEFAULT '' CHECK (\(textCheck("summary", max: ProposalLimits.summary))),
            folded TEXT NOT NULL DEFAULT '' CHECK (typeof(folded) = 'text'),
            due_on TEXT NOT NULL CHECK (NOT \(badDay("due_on")) AND due_on >= \(vietnamDay("received_at"))),
            body_code TEXT REFERENCES units(code),
            status TEXT NOT NULL DEFAULT 'received' CHECK \(proposalStatusCheck("status")),
            status_at INTEGER NOT NULL CHECK (typeof(status_at) = 'integer' AND status_at >= received_at),
            answered_at INTEGER CHECK (answered_at IS NULL OR (typeof(answered_at) = 'integer' AND answered_at >= received_at)),
            duplicate_of TEXT,
            demo INTEGER NOT NULL DEFAULT 0 CHECK (demo = 0 OR demo = 1),
            bucket TEXT GENERATED ALWAYS AS (\(proposalBucket(""))) VIRTUAL,
            CHECK ((status = 'answered' OR status = 'published') = (answered_at IS NOT NULL)),
            CHECK (status = 'received' OR status = 'rejected' OR body_code IS NOT NULL)
        );
        CREATE INDEX proposals_body_open ON proposals(body_code, received_at) WHERE \(proposalOpen);
        CREATE INDEX proposals_body_state ON proposals(body_code, bucket, received_at);
        CREATE INDEX proposals_field ON proposals(field, kind);

        CREATE TABLE proposal_log (
            id INTEGER PRIMARY KEY,
            proposal_key INTEGER NOT NULL REFERENCES proposals(key),
            at INTEGER NOT NULL CHECK (typeof(at) = 'integer'),
            status TEXT NOT NULL CHECK \(proposalStatusCheck("status")),
            body_code TEXT REFERENCES units(code),
            note TEXT NOT NULL DEFAULT '' CHECK (\(textCheck("note", max: ProposalFlow.maxNoteLength))),
            by TEXT NOT NULL DEFAULT '' CHECK (\(textCheck("by", max: ReportValidator.maxNameLength)))
        );
        CREATE INDEX proposal_log_proposal ON proposal_log(proposal_key, at, id);

        CREATE TABLE proposal_contacts (
            proposal_key INTEGER PRIMARY KEY REFERENCES proposals(key),
            name TEXT NOT NULL DEFAULT '' CHECK (\(textCheck("name", max: 200))),
            address TEXT NOT NULL DEFAULT '' CHECK (\(textCheck("address", max: 500))),
            phone TEXT NOT NULL DEFAULT '' CHECK (\(textCheck("phone", max: 40))),
            email TEXT NOT NULL DEFAULT '' CHECK (\(textCheck("email", max: 254))),
            id_number TEXT NOT NULL DEFAULT '' CHECK (\(textCheck("id_number", max: 40)))
        );

        CREATE TABLE proposal_counts (
            scope TEXT NOT NULL,
            key TEXT NOT NULL,
            total INTEGER NOT NULL DEFAULT 0,
            rejected INTEGER NOT NULL DEFAULT 0,
            open INTEGER NOT NULL DEFAULT 0,
            on_time INTEGER NOT NULL DEFAULT 0,
            late INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (scope, key)
        ) WITHOUT ROWID;

        CREATE TABLE proposal_open_by_due (
            scope TEXT NOT NULL,
            due_on TEXT NOT NULL,
            key TEXT NOT NULL,
            open INTEGER NOT NULL,
            PRIMARY KEY (scope, due_on, key)
        ) WITHOUT ROWID;

        CREATE TABLE proposal_answer_days (
            body TEXT NOT NULL,
            days INTEGER NOT NULL,
            n INTEGER NOT NULL,
            PRIMARY KEY (body, days)
        ) WITHOUT ROWID;
        """
    }

    /// The (scope, key) pairs a proposal row counts in.
    static func proposalScopeKeys(_ r: String) -> String {
        """
        SELECT 'all' AS scope, '' AS key
        UNION ALL SELECT 'body', ifnull(\(r).body_code, '-')
        UNION ALL SELECT 'field', \(r).field
        UNION ALL SELECT 'kind', \(r).kind
        """
    }

    /// Calendar days from receipt to answer, in Vietnam days.
    static func answerDays(_ r: String) -> String {
        "(julianday(\(vietnamDay("\(r).answered_at"))) - julianday(\(vietnamDay("\(r).received_at"))))"
    }

    static func proposalCountDelta(_ r: String, sign s: Int) -> String {
        let b = "(\(proposalBucket("\(r).")))"
        return """
            INSERT INTO proposal_counts (scope, key, total, rejected, open, on_time, late)
                SELECT scope, key, \(s), \(s) * (\(b) = 'rejected'), \(s) * (\(b) = 'open'), \(s) * (\(b) = 'on_time'), \(s) * (\(b) = 'late')
                FROM (\(proposalScopeKeys(r))) WHERE 1
                ON CONFLICT (scope, key) DO UPDATE SET total = total + excluded.total, rejected = rejected + excluded.rejected,
                    open = open + excluded.open, on_time = on_time + excluded.on_time, late = late + excluded.late;
            INSERT INTO proposal_open_by_due (scope, due_on, key, open)
                SELECT scope, \(r).due_on, key, \(s) FROM (\(proposalScopeKeys(r))) WHERE \(b) = 'open'
                ON CONFLICT (scope, due_on, key) DO UPDATE SET open = open + excluded.open;
            INSERT INTO proposal_answer_days (body, days, n)
                SELECT k, CAST(\(answerDays(r)) AS INTEGER), \(s)
                FROM (SELECT ifnull(\(r).body_code, '-') AS k UNION ALL SELECT '*')
                WHERE \(r).answered_at IS NOT NULL
                ON CONFLICT (body, days) DO UPDATE SET n = n + excluded.n;
            """
    }

    static var proposalTriggers: [Trigger] {
        let allowed = ProposalStatus.allCases.flatMap { from in
            ProposalStatus.allCases.filter { ProposalFlow.allows(from, $0) }.map { "(p.status = '\(from.rawValue)' AND NEW.status = '\($0.rawValue)')" }
        }.joined(separator: " OR ")
        let p = "(SELECT %@ FROM proposals WHERE key = NEW.proposal_key)"
        func col(_ c: String) -> String { p.replacingOccurrences(of: "%@", with: c) }
        return [
            Trigger(name: "proposal_log_guard", sql: """
                CREATE TRIGGER proposal_log_guard BEFORE INSERT ON proposal_log
                BEGIN
                    \(raise("proposal_unknown: no proposal with this proposal_key", "NOT EXISTS (SELECT 1 FROM proposals WHERE key = NEW.proposal_key)"))
                    \(raise("proposal_time: at must be whole Unix seconds, not before the proposal was received nor before its last status change",
                            "typeof(NEW.at) <> 'integer' OR NEW.at < \(col("received_at")) OR NEW.at < \(col("status_at"))"))
                    \(raise("proposal_received: a received row is written once, when the proposal is added, at its received time",
                            "NEW.status = 'received' AND (NEW.at <> \(col("received_at")) OR EXISTS (SELECT 1 FROM proposal_log WHERE proposal_key = NEW.proposal_key))"))
                    \(raise("proposal_flow: this status move is not allowed (received → rejected | assigned; assigned → assigned | answered | rejected; answered → published)",
                            "NEW.status <> 'received' AND NOT EXISTS (SELECT 1 FROM proposals p WHERE p.key = NEW.proposal_key AND (\(allowed)))"))
                    \(raise("proposal_reason: a rejection needs a reason", "NEW.status = 'rejected' AND length(trim(NEW.note)) = 0"))
                    \(raise("proposal_summary: an answer needs a summary", "NEW.status = 'answered' AND length(trim(NEW.note)) = 0"))
                    \(raise("proposal_body: an assignment needs a central unit or a province",
                            "NEW.status = 'assigned' AND NOT EXISTS (SELECT 1 FROM units WHERE code = NEW.body_code AND (level = 'central' OR level = 'province'))"))
                END
                """),
            Trigger(name: "proposal_log_state", sql: """
                CREATE TRIGGER proposal_log_state AFTER INSERT ON proposal_log WHEN NEW.status <> 'received'
                BEGIN
                    UPDATE proposals SET
                        status = NEW.status,
                        status_at = NEW.at,
                        body_code = CASE WHEN NEW.status = 'assigned' THEN NEW.body_code ELSE body_code END,
                        answered_at = CASE WHEN NEW.status = 'answered' THEN NEW.at ELSE answered_at END
                    WHERE key = NEW.proposal_key;
                END
                """),
            Trigger(name: "proposal_log_no_update", sql: """
                CREATE TRIGGER proposal_log_no_update BEFORE UPDATE ON proposal_log
                BEGIN
                    SELECT RAISE(ABORT, 'proposal_log is append-only: a correction is a new status row');
                END
                """),
            Trigger(name: "proposal_log_no_delete", sql: """
                CREATE TRIGGER proposal_log_no_delete BEFORE DELETE ON proposal_log
                WHEN NOT EXISTS (SELECT 1 FROM proposals WHERE key = OLD.proposal_key AND demo = 1)
                BEGIN
                    SELECT RAISE(ABORT, 'proposal_log is append-only: only demo proposals can be deleted');
                END
                """),
            Trigger(name: "proposals_guard", sql: """
                CREATE TRIGGER proposals_guard BEFORE INSERT ON proposals
                BEGIN
                    \(raise("proposal_new: a new proposal is received: status received, status_at = received_at, no answer, no body",
                            "NEW.status <> 'received' OR NEW.status_at IS NOT NEW.received_at OR NEW.answered_at IS NOT NULL OR NEW.body_code IS NOT NULL"))
                END
                """),
            Trigger(name: "proposals_fixed", sql: """
                CREATE TRIGGER proposals_fixed BEFORE UPDATE OF id, received_at, kind, demo ON proposals
                WHEN OLD.id IS NOT NEW.id OR OLD.received_at IS NOT NEW.received_at OR OLD.kind IS NOT NEW.kind OR OLD.demo IS NOT NEW.demo
                BEGIN
                    SELECT RAISE(ABORT, 'proposal_fixed: a proposal''s id, received time, kind and demo mark do not change');
                END
                """),
            Trigger(name: "proposals_no_delete", sql: """
                CREATE TRIGGER proposals_no_delete BEFORE DELETE ON proposals WHEN OLD.demo = 0
                BEGIN
                    SELECT RAISE(ABORT, 'proposals are kept: only demo proposals can be deleted');
                END
                """),
            Trigger(name: "proposals_counts_insert", sql: """
                CREATE TRIGGER proposals_counts_insert AFTER INSERT ON proposals
                BEGIN
                \(proposalCountDelta("NEW", sign: 1))
                END
                """),
            Trigger(name: "proposals_counts_delete", sql: """
                CREATE TRIGGER proposals_counts_delete AFTER DELETE ON proposals
                BEGIN
                \(proposalCountDelta("OLD", sign: -1))
                END
                """),
            Trigger(name: "proposals_counts_update", sql: """
                CREATE TRIGGER proposals_counts_update AFTER UPDATE OF status, answered_at, body_code, due_on, field ON proposals
                WHEN OLD.status IS NOT NEW.status OR OLD.answered_at IS NOT NEW.answered_at OR OLD.body_code IS NOT NEW.body_code
                  OR OLD.due_on IS NOT NEW.due_on OR OLD.field IS NOT NEW.field
                BEGIN
                \(proposalCountDelta("OLD", sign: -1))
                \(proposalCountDelta("NEW", sign: 1))
                END
                """),
            Trigger(name: "proposal_open_by_due_prune", sql: """
                CREATE TRIGGER proposal_open_by_due_prune AFTER UPDATE OF open ON proposal_open_by_due WHEN NEW.open = 0
                BEGIN
                    DELETE FROM proposal_open_by_due WHERE scope = NEW.scope AND due_on = NEW.due_on AND key = NEW.key;
                END
                """),
            Trigger(name: "proposal_answer_days_prune", sql: """
                CREATE TRIGGER proposal_answer_days_prune AFTER UPDATE OF n ON proposal_answer_days WHEN NEW.n = 0
                BEGIN
                    DELETE FROM proposal_answer_days WHERE body = NEW.body AND days = NEW.days;
                END
                """),
        ]
    }

    /// The counts tables recounted from the proposals (for `nq57 check`).
    static let proposalRecountSQL = """
        SELECT scope, key, count(*) AS total, sum(b = 'rejected'), sum(b = 'open'), sum(b = 'on_time'), sum(b = 'late')
        FROM (SELECT 'all' AS scope, '' AS key, bucket AS b FROM proposals
              UNION ALL SELECT 'body', ifnull(body_code, '-'), bucket FROM proposals
              UNION ALL SELECT 'field', field, bucket FROM proposals
              UNION ALL SELECT 'kind', kind, bucket FROM proposals)
        GROUP BY scope, key
        """

    /// `proposal_open_by_due` recounted from the proposals.
    static let proposalOpenRecountSQL = """
        SELECT scope, due_on, key, count(*) FROM (SELECT 'all' AS scope, '' AS key, due_on FROM proposals WHERE \(proposalOpen)
          UNION ALL SELECT 'body', ifnull(body_code, '-'), due_on FROM proposals WHERE \(proposalOpen)
          UNION ALL SELECT 'field', field, due_on FROM proposals WHERE \(proposalOpen)
          UNION ALL SELECT 'kind', kind, due_on FROM proposals WHERE \(proposalOpen)) GROUP BY scope, due_on, key
        """

    /// `proposal_answer_days` recounted from the answered proposals.
    static let proposalAnswerDaysRecountSQL = """
        SELECT body, days, count(*) AS n FROM (SELECT ifnull(body_code, '-') AS body, CAST(\(answerDays("proposals")) AS INTEGER) AS days FROM proposals WHERE answered_at IS NOT NULL
          UNION ALL SELECT '*', CAST(\(answerDays("proposals")) AS INTEGER) FROM proposals WHERE answered_at IS NOT NULL) GROUP BY body, days
        """
}

/// Length limits of a proposal's text fields (characters).
public enum ProposalLimits {
    public static let id = 40
    public static let title = 300
    public static let summary = 4000
}
