import ArgumentParser
import Foundation
import NQ57Core
import NQ57Render
import NQ57Store
import NQ57Postgres

/// `nq57 proposal …`: the proposals intake, one move at a time (issue 13).
struct ProposalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "proposal",
        abstract: "Receive, assign, answer, reject and publish proposals (difficulties, barriers, initiatives).",
        discussion: """
        The flow: received → rejected (a reason) | assigned (to a central unit or a province; may be \
        re-assigned) → answered (a summary) → published. Each move is checked before anything is \
        stored and refused by the rule's name (proposal_flow, proposal_time, proposal_reason, \
        proposal_summary, proposal_body, proposal_field). The answer is due a number of working days \
        after the day of receipt (skipping weekends and public holidays); the figures shipped are \
        defaults, not official. Contact details are stored apart and never shown.
        """,
        subcommands: [Add.self, Assign.self, Answer.self, Reject.self, Publish.self, Show.self, Owed.self, Holidays.self])

    static func time(_ text: String?) throws -> Timestamp {
        guard let text else { return Console.now }
        guard let t = Timestamp(iso: text) else {
            throw NQ57Error(.badData, "proposal_time: \(Quoting.quoted(text)) is not an ISO 8601 time")
        }
        return t
    }

    static func move(_ id: String, _ move: ProposalFlow.Move, db: DatabaseOptions, by: String?) throws {
        let store = try StoreSelection.desk(db, write: true)
        let command = ["assigned": "assign", "answered": "answer", "rejected": "reject", "published": "publish"][move.to.rawValue] ?? move.to.rawValue
        try SQLiteRoles.require(.handleProposals, desk: store, command: "proposal \(command)")
        let p = try store.moveProposal(id: id, move, by: try Author.resolve(by, postgres: store as? PostgresStore, sqlite: store as? SQLiteStore))
        print("proposal \(p.id): \(p.status.rawValue)\(p.body.map { " (\($0))" } ?? "") at \(move.at.vietnamISO); due \(p.dueOn)")
    }

    struct Add: NQ57Subcommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a received proposal; prints its id, its answer deadline and any earlier proposal it repeats.")
        @OptionGroup var db: DatabaseOptions
        @Option(help: "The intake system's id (default: the next PA-NNNNNN).") var id: String?
        @Option(help: ArgumentHelp("When it was received, ISO 8601 (default: now; without an offset, Vietnam's time).", valueName: "time"))
        var at: String?
        @Option(help: "barrier or initiative.") var kind: String
        @Option(help: "citizen, business, scientist, association or state_unit.") var submitter: String
        @Option(help: "p02-law, p02-procedures, p02-infrastructure, p02-data, p02-platforms, p02-people, p02-finance, p02-security, or area-1 … area-6.")
        var field: String
        @Option var title: String
        @Option var summary: String = ""
        @Option(help: "Assign at once to this central unit or province.") var to: String?
        @Option(help: "Submitter's name (personal data: stored apart, never shown).") var name: String = ""
        @Option var address: String = ""
        @Option var phone: String = ""
        @Option var email: String = ""
        @Option(name: .customLong("id-number")) var idNumber: String = ""
        @Option(help: "Who records it (default: the operating-system login).") var by: String?

        func execute() throws {
            guard let k = ProposalKind(rawValue: kind) else {
                throw NQ57Error(.badData, "proposal_kind: \(Quoting.quoted(kind)) is not barrier or initiative")
            }
            guard let s = SubmitterKind(rawValue: submitter) else {
                throw NQ57Error(.badData, "proposal_submitter: \(Quoting.quoted(submitter)) is not one of \(SubmitterKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let received = try ProposalCommand.time(at)
            let store = try StoreSelection.desk(db, write: true)
            try SQLiteRoles.require(.handleProposals, desk: store, command: "proposal add")
            let new = NewProposal(id: id, receivedAt: received, kind: k, submitter: s, field: field, title: title, summary: summary,
                                  contact: ProposalContact(name: name, address: address, phone: phone, email: email, idNumber: idNumber))
            let r = try store.addProposalAndAssign(new, to: to, by: try Author.resolve(by, postgres: store as? PostgresStore, sqlite: store as? SQLiteStore), now: Console.now)
            print("proposal \(r.proposal.id): \(r.proposal.status.rawValue)\(r.proposal.body.map { " (\($0))" } ?? ""); answer due \(r.proposal.dueOn)")
            if let d = r.duplicateOf {
                Console.note("proposal \(r.proposal.id) repeats \(d.id) (\(d.reason == .sameSubmitter ? "same submitter" : "nearly the same text")); to reject it: nq57 proposal reject \(r.proposal.id) --duplicate")
            }
        }
    }

    struct Assign: NQ57Subcommand {
        static let configuration = CommandConfiguration(abstract: "Assign (or re-assign) a proposal to a central unit or a province.")
        @OptionGroup var db: DatabaseOptions
        @Argument var id: String
        @Option(help: "The unit code (BKHCN, 01, …).") var to: String
        @Option(help: ArgumentHelp("When, ISO 8601 (default: now).", valueName: "time")) var at: String?
        @Option var note: String = ""
        @Option(help: "Who records it (default: the operating-system login).") var by: String?
        func execute() throws {
            try ProposalCommand.move(id, ProposalFlow.Move(to: .assigned, at: try ProposalCommand.time(at), body: to, note: note), db: db, by: by)
        }
    }

    struct Answer: NQ57Subcommand {
        static let configuration = CommandConfiguration(abstract: "Record the answer to an assigned proposal (a summary is required).")
        @OptionGroup var db: DatabaseOptions
        @Argument var id: String
        @Option var summary: String = ""
        @Option(help: ArgumentHelp("When, ISO 8601 (default: now).", valueName: "time")) var at: String?
        @Option(help: "Who records it (default: the operating-system login).") var by: String?
        func execute() throws {
            try ProposalCommand.move(id, ProposalFlow.Move(to: .answered, at: try ProposalCommand.time(at), note: summary), db: db, by: by)
        }
    }

    struct Reject: NQ57Subcommand {
        static let configuration = CommandConfiguration(
            abstract: "Reject a proposal with a reason (duplicate, out of scope, not enough information).",
            discussion: "--duplicate rejects it as a repeat of the proposal it was flagged with on receipt, in one step.")
        @OptionGroup var db: DatabaseOptions
        @Argument var id: String
        @Option var reason: String = ""
        @Flag(help: "Reject as a duplicate of the earlier proposal it was flagged with.") var duplicate = false
        @Option(help: ArgumentHelp("When, ISO 8601 (default: now).", valueName: "time")) var at: String?
        @Option(help: "Who records it (default: the operating-system login).") var by: String?
        func execute() throws {
            var text = reason
            if duplicate {
                let store = try StoreSelection.desk(db, write: false)
                guard let earlier = try store.proposalDuplicateOf(id: id) else {
                    throw NQ57Error(.badData, "proposal_duplicate: \(Quoting.quoted(id)) was not flagged as repeating an earlier proposal; give --reason")
                }
                text = "Trùng với \(earlier) / duplicate of \(earlier)" + (reason.isEmpty ? "" : "; " + reason)
            }
            try ProposalCommand.move(id, ProposalFlow.Move(to: .rejected, at: try ProposalCommand.time(at), note: text), db: db, by: by)
        }
    }

    struct Publish: NQ57Subcommand {
        static let configuration = CommandConfiguration(abstract: "Publish an answered proposal's answer.")
        @OptionGroup var db: DatabaseOptions
        @Argument var id: String
        @Option(help: ArgumentHelp("When, ISO 8601 (default: now).", valueName: "time")) var at: String?
        @Option(help: "Who records it (default: the operating-system login).") var by: String?
        func execute() throws {
            try ProposalCommand.move(id, ProposalFlow.Move(to: .published, at: try ProposalCommand.time(at)), db: db, by: by)
        }
    }

    struct Show: NQ57Subcommand {
        static let configuration = CommandConfiguration(abstract: "One proposal and its status history (no contact details).")
        @OptionGroup var db: DatabaseOptions
        @Argument var id: String
        @Option(name: .customLong("as-of"), help: ArgumentHelp("Derived state as of this day.", valueName: "date")) var asOf: CivilDate?
        func execute() throws {
            let store = try StoreSelection.desk(db, write: false)
            guard let p = try store.proposal(id: id) else { throw ProposalError.noProposal(id: id).error }
            let day = asOf ?? Console.now.vietnamDate
            print("\(p.id) \(p.kind.rawValue) \(p.field) \(p.submitter.rawValue): \(TerminalSafe.text(p.title))")
            print("received \(p.receivedAt.vietnamISO), answer due \(p.dueOn), body \(p.body ?? "-"), status \(p.status.rawValue), \(p.derived(asOf: day).rawValue) on \(day)")
            if let d = try store.proposalDuplicateOf(id: id) { print("flagged as repeating \(d)") }
            for e in try store.proposalHistory(id: id) {
                print("  \(e.at.vietnamISO) \(e.status.rawValue)\(e.body.map { " → \($0)" } ?? "")\(e.note.isEmpty ? "" : ": " + TerminalSafe.text(e.note))")
            }
        }
    }

    struct Owed: NQ57Subcommand {
        static let configuration = CommandConfiguration(
            commandName: "owed",
            abstract: "Who owes answers: responsible bodies ranked by overdue answers, or one body's pending proposals.")
        @OptionGroup var db: DatabaseOptions
        @Option(help: "List this body's pending proposals, oldest first (- for not yet assigned).") var body: String?
        @Option(name: .customLong("as-of"), help: ArgumentHelp("As of this day.", valueName: "date")) var asOf: CivilDate?
        @Option(help: "vi or en (default: language in config.toml, else vi).") var lang: Language?
        @Flag(help: "The ranking of every body, also for an account whose unit is a central body or a province.") var national = false
        func execute() throws {
            let store = try StoreSelection.desk(db, write: false)
            let day = asOf ?? Console.now.vietnamDate
            if let body = try body ?? (national ? nil : accountBody(store)) {
                for p in try store.pendingProposals(body: body) {
                    print("\(p.id)  received \(p.receivedAt.vietnamDate)  due \(p.dueOn)  \(p.derived(asOf: day).rawValue)  \(TerminalSafe.text(p.title))")
                }
                return
            }
            print(ProposalText.render(try store.proposalOverview(asOf: day), language: lang ?? Settings.current.language ?? .vi,
                                      width: Console.terminalWidth ?? 100))
        }

        /// The body whose pending proposals an account's `owed` lists by default: its opening unit
        /// when that is a central body or a province (proposals are assigned to those); nil for a
        /// commune's account or one without units (the ranking of every body).
        func accountBody(_ store: any InspectionDesk & ProposalDesk) throws -> String? {
            guard let readable = store as? any ReadableStore,
                  let scope = try AccountOpening.scope(db.resolved, postgres: store as? PostgresStore),
                  let unit = try AccountOpening.unit(for: scope, in: readable), unit.level != .commune else { return nil }
            Console.note("nq57: proposal owed: the pending proposals of \(unit.code), the unit of account \(scope.login) (--national for every body)")
            return unit.code
        }
    }

    struct Holidays: NQ57Subcommand {
        static let configuration = CommandConfiguration(
            abstract: "List the public holidays and worked weekend days the answer deadlines count with, or replace them from a file.",
            discussion: """
            The list marks each row that still needs checking against the official text (verified is not \
            "yes"). --import FILE replaces them with a CSV file day,kind,name_vi,name_en,source,verified \
            (kind off for a weekday off, work for a weekend day worked; every line checked first) and, in \
            the same transaction, recomputes every stored answer deadline and with it which proposals are \
            pending, overdue, answered on time or late; `nq57 check` agrees afterwards. A reference reload \
            by `nq57 init` (a new shipped holidays file) does the same.
            """)
        @OptionGroup var db: DatabaseOptions
        @Option(name: .customLong("import"), help: ArgumentHelp("Replace the holidays with this CSV file.", valueName: "file"))
        var file: String?
        @Option(name: .customLong("as-of"), help: ArgumentHelp("Count changed states as of this day (default: today).", valueName: "date")) var asOf: CivilDate?
        @Option(help: "vi or en (default: language in config.toml, else vi).") var lang: Language?

        func execute() throws {
            if let file {
                try SQLiteStore.requireInputFile(file)
                let store = try StoreSelection.desk(db, write: true)
                try SQLiteRoles.require(.changeReference, desk: store, command: "proposal holidays")
                let day = asOf ?? Console.now.vietnamDate
                let r = try store.importHolidays(file, asOf: day)
                let unverified = try store.holidays().filter(\.needsVerification).count
                print("\(file): \(r.rows) holiday rows stored; \(r.deadlinesMoved) answer deadlines moved, \(r.statesChanged) proposals changed state as of \(day)"
                      + (unverified > 0 ? "; \(unverified) rows still to verify against the official text" : ""))
                return
            }
            let store = try StoreSelection.desk(db, write: false)
            print(HolidayList.render(try store.holidays(), language: lang ?? Settings.current.language ?? .vi))
        }
    }
}

/// `nq57 proposal holidays`: one line a day, in the language asked, with the mark of the rows that
/// still need checking against an official text.
enum HolidayList {
    struct Words {
        var title, off, work, toVerify, source: String
    }
    static let vi = Words(title: "Ngày nghỉ lễ và ngày làm bù (tính hạn trả lời)", off: "nghỉ", work: "làm bù",
                          toVerify: "! cần kiểm chứng với văn bản chính thức", source: "nguồn")
    static let en = Words(title: "Public holidays and worked weekend days (for answer deadlines)", off: "off", work: "worked",
                          toVerify: "! to verify against the official text", source: "source")

    static func render(_ days: [WorkingCalendar.Entry], language: Language) -> String {
        let w = language == .vi ? vi : en
        let format = NumberFormat(language)
        var lines = [w.title]
        for d in days {
            let name = TerminalSafe.text(language == .vi ? d.nameVI : d.nameEN)
            lines.append("\(format.date(d.day))  \(Text.pad(d.isOff ? w.off : w.work, 7))\(name)" + (d.needsVerification ? "  \(w.toVerify)" : ""))
            lines.append("            \(w.source): \(TerminalSafe.text(d.source))")
        }
        let unverified = days.filter(\.needsVerification).count
        if unverified > 0 { lines.append("\(w.toVerify): \(format.integer(unverified))/\(format.integer(days.count))") }
        return lines.joined(separator: "\n")
    }
}
