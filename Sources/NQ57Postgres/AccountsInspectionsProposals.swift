extension PostgresStore {
    /// The rules for the inspection and proposal tables, run after `accountSetup` (which grants every
    /// group SELECT on every table), idempotent:
    ///
    /// - inspector: inserts inspections (`inspection_log` or the `inspections` view), not reports.
    /// - intake: inserts proposals, their status moves (answers included) and their submitters'
    ///   contact details; with admin, the only accounts that can read `proposal_contacts` (a viewer,
    ///   reporter or inspector selecting it gets "permission denied" from PostgreSQL).
    /// - viewer: nothing but reading (no grant).
    ///
    /// The maintained state and counts these tables move are written by their triggers as the
    /// schema's owner (SECURITY DEFINER); every row records its writer's login (`account`).
    static let inspectionProposalAccounts = """
        ALTER FUNCTION nq57_inspection_state() SECURITY DEFINER;
        ALTER FUNCTION nq57_report_check() SECURITY DEFINER;
        ALTER FUNCTION nq57_tasks_check_counts() SECURITY DEFINER;
        ALTER FUNCTION nq57_proposal_log_state() SECURITY DEFINER;
        ALTER FUNCTION nq57_proposals_counts() SECURITY DEFINER;
        REVOKE ALL ON proposal_contacts FROM nq57_viewer, nq57_reporter, nq57_inspector;
        GRANT SELECT, INSERT ON proposal_contacts TO nq57_intake;
        GRANT INSERT ON inspection_log, inspections TO nq57_inspector;
        GRANT INSERT ON proposals, proposal_log TO nq57_intake;
        """
}
