import Foundation
import GRDB
import NQ57Core
@testable import NQ57Store
import NQ57TestSupport
import Testing

/// A body's proposals in one derived state (the drill-down's `f`) are selected in the database over
/// every proposal of the body: the same ids as deriving the state of each of them.
@Suite struct ProposalStateListTests {
    typealias F = StoreFixtures

    @Test func eachStateIsEveryProposalOfTheBodyInThatState() throws {
        let store = try F.demoStore(access: .readOnly)
        let day = F.demoAsOf
        let bodies = try store.proposalOverview(asOf: day).bodies
        #expect(bodies.count > 5)
        var nonEmpty = Set<ProposalState>()
        for body in bodies {
            let all = try store.read { db in
                try String.fetchAll(db, sql: "SELECT id FROM proposals WHERE body_code IS ? ORDER BY received_at, key",
                                    arguments: [body.code == "-" ? nil : body.code])
            }.compactMap { try store.proposal(id: $0) }
            #expect(all.count == body.counts.total, "\(body.code)")
            for state in ProposalState.allCases {
                let listed = try store.proposalsOwed(body: body.code, state: state, asOf: day)
                let expected = all.filter { $0.derived(asOf: day) == state }
                #expect(Set(listed.map(\.id)) == Set(expected.map(\.id)), "\(body.code) \(state)")
                #expect(listed.map(\.receivedAt) == listed.map(\.receivedAt).sorted(), "oldest first")
                if !listed.isEmpty { nonEmpty.insert(state) }
            }
            // The counts agree with the lists (below the list's limit).
            #expect(try store.proposalsOwed(body: body.code, state: .overdue, asOf: day).count == body.counts.overdue)
        }
        #expect(nonEmpty == Set(ProposalState.allCases), "the demo has every state: \(nonEmpty)")
    }
}
