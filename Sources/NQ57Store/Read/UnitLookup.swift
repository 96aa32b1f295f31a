import GRDB
import NQ57Core

extension SQLiteStore {
    /// The unit with this code (a province `01`, a commune `00070`, a central body `BKHCN`), or nil.
    public func unit(code: String) throws -> AdminUnit? {
        try read { db in try Reading.units(db, where: "u.code = ?", arguments: [code]).first }
    }
}
