import NQ57Core
import Testing

/// The duplicate index (issue 13, intake): the same answer as comparing a new submission with every
/// earlier one, without reading them all.
@Suite struct ProposalIndexTests {
    /// A deterministic stream of texts over a small vocabulary, with near-repeats (one word changed,
    /// one added, one dropped) and exact repeats, and submitters that come back.
    static func corpus(_ n: Int) -> [(id: String, field: String, folded: String, identities: Set<String>)] {
        let vocabulary = (0..<60).map { "tu\($0)" } + ["thu", "tuc", "dat", "dai", "du", "lieu", "cap", "xa", "so", "hoa"]
        var state: UInt64 = 57
        func next(_ m: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(m))
        }
        var out: [(id: String, field: String, folded: String, identities: Set<String>)] = []
        for i in 0..<n {
            let field = ["p02-law", "p02-data", "area-1"][next(3)]
            var words: [String]
            if !out.isEmpty && next(3) == 0 {
                // A near-repeat of an earlier one (of any field): a word changed, added or dropped, or none.
                words = out[next(out.count)].folded.split(separator: " ").map(String.init)
                switch next(4) {
                case 0: if !words.isEmpty { words[next(words.count)] = vocabulary[next(vocabulary.count)] }
                case 1: words.append(vocabulary[next(vocabulary.count)])
                case 2: if !words.isEmpty { words.remove(at: next(words.count)) }
                default: break
                }
            } else {
                words = (0..<(next(25))).map { _ in vocabulary[next(vocabulary.count)] }
            }
            let identities: Set<String> = next(10) == 0 ? ["phone:09\(next(40))"] : []
            out.append(("PA-\(i)", field, words.joined(separator: " "), identities))
        }
        return out
    }

    @Test func theIndexFindsWhatComparingWithEveryEarlierOneFinds() {
        let rows = Self.corpus(1500)
        var index = ProposalDuplicateIndex()
        var found = (text: 0, submitter: 0)
        for (i, r) in rows.enumerated() {
            // The former way: every earlier submitter anywhere, then every earlier text of the field.
            let earlier = rows[..<i]
            let all: (id: String, reason: ProposalDuplicates.Reason)? =
                earlier.first { !$0.identities.isDisjoint(with: r.identities) }.map { ($0.id, .sameSubmitter) }
                ?? earlier.first { $0.field == r.field && ProposalDuplicates.similarity($0.folded, r.folded) >= ProposalDuplicates.threshold }
                    .map { ($0.id, .sameText) }
            let indexed = index.find(folded: r.folded, identities: r.identities, field: r.field)
            #expect(indexed?.id == all?.id && indexed?.reason == all?.reason, "\(r.id): index \(String(describing: indexed)), all \(String(describing: all))")
            if all?.reason == .sameText { found.text += 1 }
            if all?.reason == .sameSubmitter { found.submitter += 1 }
            index.insert(id: r.id, field: r.field, folded: r.folded, identities: r.identities)
        }
        // The corpus does exercise both kinds of repeat.
        #expect(found.text > 100 && found.submitter > 50, "\(found)")
        #expect(index.count == rows.count)
    }

    @Test func diacriticsAndCaseDoNotHideARepeat() {
        var index = ProposalDuplicateIndex()
        let a = ProposalDuplicates.folded(title: "Thủ tục cấp phép đất đai kéo dài", summary: "Đề nghị rút ngắn thời gian")
        index.insert(id: "PA-1", field: "p02-procedures", folded: a, identities: [])
        let b = ProposalDuplicates.folded(title: "THU TUC CAP PHEP DAT DAI KEO DAI", summary: "de nghi rut ngan thoi gian")
        #expect(index.find(folded: b, identities: [], field: "p02-procedures")?.id == "PA-1")
        #expect(index.find(folded: b, identities: [], field: "p02-data") == nil)
    }
}
