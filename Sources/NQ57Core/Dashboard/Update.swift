/// Everything that can happen to the dashboard arrives as one of these, on one stream.
public enum Message: Sendable {
    case key(Key)
    /// A mouse event at column `x`, row `y` (0-based).
    case mouse(x: Int, y: Int, kind: MouseKind)
    case resize(width: Int, height: Int)
    /// The clock moved on; live checks and view rotation happen here.
    case tick(Timestamp)
    case overviewLoaded(Result<Overview, NQ57Error>)
    case frameLoaded(depth: Int, screen: Screen, Result<FrameData, NQ57Error>)
    /// The store's change token, or why it could not be read.
    case changeChecked(Result<Int64, NQ57Error>)
    /// The runtime applied a theme; the warning says why it fell back to the default, if it did.
    case themeApplied(name: String, warning: String?)
    /// What the store found for a query of the go-to prompt.
    case found(query: String, Result<[Found], NQ57Error>)
    /// A standby's replay status (nil: not a standby); a failed read leaves the last one.
    case replicaRead(ReplicaStatus?)
    /// The store signalled that a change may have come (`ChangeSignalling`): check now, not at the
    /// next tick.
    case changeSignalled
}

/// Side effects `update` asks for. The runtime carries them out and answers with messages.
public enum Effect: Hashable, Sendable {
    case loadOverview
    case loadFrame(depth: Int, screen: Screen)
    case checkForChanges
    case applyTheme(String)
    /// Turn the terminal's mouse reporting on or off (`m`, `--no-mouse`).
    case setMouse(Bool)
    /// Look a query of the go-to prompt up in the store.
    case find(String)
    case quit(Int32)
}

extension DashboardModel {
    /// Applies a message and returns the effects to carry out. Pure: no I/O, no clock.
    public mutating func update(_ message: Message) -> [Effect] {
        let effects = apply(message)
        noteLoads(effects)
        return effects
    }

    /// Remembers the loads asked for, so the panes can say they are loading until the answer comes.
    private mutating func noteLoads(_ effects: [Effect]) {
        for effect in effects {
            switch effect {
            case .loadOverview: pendingOverviewLoads += 1
            case .loadFrame(let depth, let screen) where stack.indices.contains(depth) && stack[depth].screen == screen:
                stack[depth].pendingLoads += 1
            default: break
            }
        }
    }

    private mutating func apply(_ message: Message) -> [Effect] {
        switch message {
        case .key(let key):
            return handle(key)
        case .mouse(let x, let y, let kind):
            return pointer(x: x, y: y, kind: kind) ? drill() : []
        case .resize(let w, let h):
            width = w
            height = h
            keepSelectionsInView()
            return []
        case .tick(let time):
            return tick(time)
        case .overviewLoaded(.success(let new)):
            pendingOverviewLoads = max(0, pendingOverviewLoads - 1)
            let previous = overview
            if live != nil, let previous { changes = ChangeSet.between(previous, new, panes: paneTable) } else { changes = ChangeSet() }
            overview = new
            stale = nil
            live?.updatedAt = now
            refreshPaneRows(previous: previous)
            return []
        case .overviewLoaded(.failure(let error)):
            pendingOverviewLoads = max(0, pendingOverviewLoads - 1)
            markStale(error)
            return []
        case .frameLoaded(let depth, let screen, let result):
            guard stack.indices.contains(depth), stack[depth].screen == screen else { return [] }
            stack[depth].pendingLoads = max(0, stack[depth].pendingLoads - 1)
            switch result {
            case .success(let data):
                stack[depth].data = withOwnRow(data, for: screen)
                stack[depth].error = nil
                refreshFrameRows(depth)
            case .failure(let error):
                stack[depth].error = error.message
                stack[depth].errorVI = error.messageVI
                if live != nil { markStale(error) }
            }
            return []
        case .changeChecked(.success(let token)):
            let dayRolledOver = overview.map { $0.asOf != asOf } ?? true
            if stale != nil || token != live?.lastToken || dayRolledOver {
                live?.lastToken = token
                return reloadAll()
            }
            changes = ChangeSet()
            live?.updatedAt = now
            return []
        case .changeChecked(.failure(let error)):
            markStale(error)
            return []
        case .themeApplied(let name, let warning):
            theme = name
            if let warning { notice = warning }
            return []
        case .found(let query, let result):
            return foundAnswer(query, result)
        case .replicaRead(let status):
            replica = status
            return []
        case .changeSignalled:
            guard let l = live, !l.paused else { return [] }
            return [.checkForChanges]
        }
    }

    /// Milliseconds until the dashboard next needs a tick, from `now`.
    public func millisecondsToNextTick(at time: Timestamp) -> Int {
        var due: [Int64] = []
        if let live, !live.paused {
            due.append((live.lastCheck?.seconds ?? time.seconds) + Int64(live.interval) - time.seconds)
        }
        if let rotateEvery { due.append((lastRotation?.seconds ?? time.seconds) + Int64(rotateEvery) - time.seconds) }
        // Without live mode, wake once a minute so the as-of day follows the clock past midnight.
        let seconds = max(0, due.min() ?? 60)
        return Int(min(seconds, 60)) * 1000
    }

    // MARK: - Clock

    private mutating func tick(_ time: Timestamp) -> [Effect] {
        now = time
        var effects: [Effect] = []
        if var l = live, !l.paused {
            if l.lastCheck.map({ time.seconds - $0.seconds >= Int64(l.interval) }) ?? true {
                l.lastCheck = time
                live = l
                effects.append(.checkForChanges)
            }
        } else if live == nil, let overview, fixedAsOf == nil, overview.asOf != asOf {
            effects += reloadAll()
        }
        if let every = rotateEvery {
            if lastRotation == nil { lastRotation = time }
            if let last = lastRotation, time.seconds - last.seconds >= Int64(every), stack.isEmpty, !showHelp, !isEditingFilter {
                let rotation = paneTable.rotation
                let next = ((rotation.firstIndex(of: view) ?? -1) + 1) % rotation.count
                view = rotation[next]
                lastRotation = time
            }
        }
        return effects
    }

    private mutating func markStale(_ error: NQ57Error) {
        stale = Staleness(since: stale?.since ?? live?.updatedAt ?? now, reason: error.message, denied: error.denied,
                           reasonVI: error.messageVI)
    }

    private func reloadAll() -> [Effect] { loadsForScreen() }

    // MARK: - Keys

    private mutating func handle(_ key: Key) -> [Effect] {
        notice = nil
        if key == .interrupt { return quit() }
        if showHelp {
            switch key {
            case .char("q"): return quit()
            case .down, .char("j"): helpScroll += 1
            case .up, .char("k"): helpScroll = max(0, helpScroll - 1)
            case .pageDown: helpScroll += 10
            case .pageUp: helpScroll = max(0, helpScroll - 10)
            default: showHelp = false
            }
            helpScroll = min(helpScroll, 40)
            return []
        }
        if reader != nil { return key == .char("q") ? quit() : readKey(key) }
        if goTo != nil { return editGoTo(key) }
        if isEditingFilter { return editFilter(key) }
        if let effects = countCellKey(key) { return effects }
        switch key {
        case .char(":"):
            goTo = GoToState()
        case .char("f"):
            return filterByState()
        case .char("q"): return quit()
        case .char("?"):
            showHelp = true
            helpScroll = 0
        case .tab: cycleFocus(1)
        case .backTab: cycleFocus(-1)
        case .left, .char("h"):
            if stack.isEmpty { cycleFocus(-1) } else { stack.removeLast() }
        case .right, .char("l"), .enter:
            return drill()
        case .up, .char("k"): moveSelection(-1)
        case .down, .char("j"): moveSelection(1)
        case .pageUp: moveSelection(-currentViewport)
        case .pageDown: moveSelection(currentViewport)
        case .home, .char("g"): moveSelection(Int.min / 2)
        case .end, .char("G"): moveSelection(Int.max / 2)
        case .escape, .backspace:
            if !(currentList?.filter.isEmpty ?? true) {
                withCurrentList { list, _ in list.filter = "" }
            } else if !stack.isEmpty {
                stack.removeLast()
            } else if view != .overview {
                view = .overview
            }
        case .char("/"):
            withCurrentList { list, _ in list.isEditingFilter = true }
        case .char("s"):
            withCurrentList { list, columns in
                list.sortIndex = (list.sortIndex + 1) % columns.count
                list.descending = columns[list.sortIndex].startsDescending
            }
        case .char("S"):
            withCurrentList { list, _ in list.descending.toggle() }
        case .char("t"):
            let i = themes.firstIndex(of: theme) ?? -1
            return [.applyTheme(themes[(i + 1) % themes.count])]
        case .char("L"):
            language = language.other
        case .char("m"):
            mouse.toggle()
            return [.setMouse(mouse)]
        case .char("r"):
            return reloadAll()
        case .char("p"):
            guard var l = live else { return [] }
            l.paused.toggle()
            live = l
            if !l.paused {
                live?.lastCheck = now
                return [.checkForChanges]
            }
        case .char("+"), .char("="):
            if let interval = live?.interval { live?.interval = min(LiveState.intervals.upperBound, interval + 1) }
        case .char("-"):
            if let interval = live?.interval { live?.interval = max(LiveState.intervals.lowerBound, interval - 1) }
        case .char("v"):
            guard stack.isEmpty else { return [] }
            let all = paneTable.views
            view = all[((all.firstIndex(of: view) ?? 0) + 1) % all.count]
            if let pane = view.pane { focus = pane }
            lastRotation = now
        case .char(let c) where ("1"..."9").contains(c):
            let views = paneTable.views
            guard stack.isEmpty, let n = c.wholeNumberValue, n <= views.count else { return [] }
            view = views[n - 1]
            if let pane = view.pane { focus = pane }
            lastRotation = now
        default:
            break
        }
        return []
    }

    private mutating func quit() -> [Effect] {
        quitting = true
        return [.quit(0)]
    }

    private mutating func editFilter(_ key: Key) -> [Effect] {
        switch key {
        case .char(let c):
            withCurrentList { list, _ in list.filter.append(c) }
        case .backspace:
            withCurrentList { list, _ in if !list.filter.isEmpty { list.filter.removeLast() } }
        case .enter:
            withCurrentList { list, _ in list.isEditingFilter = false }
        case .escape:
            withCurrentList { list, _ in
                list.filter = ""
                list.isEditingFilter = false
            }
        case .up: moveSelection(-1)
        case .down: moveSelection(1)
        case .pageUp: moveSelection(-currentViewport)
        case .pageDown: moveSelection(currentViewport)
        default: break
        }
        return []
    }

    private mutating func cycleFocus(_ step: Int) {
        guard stack.isEmpty else { return }
        if view != .overview {
            let all = paneTable.views
            view = all[(all.firstIndex(of: view)! + step + all.count) % all.count]
            if let pane = view.pane { focus = pane }
            return
        }
        // Only panes the layout draws: a pane with no slot in the overview (the inspection's, the proposals') has its view.
        let placed = DashboardLayout(self).panes
        let order = paneTable.ids.filter { placed[$0] != nil || $0 == focus }
        focus = order[(order.firstIndex(of: focus)! + step + order.count) % order.count]
    }

    // MARK: - Lists

    /// The rows of the list that keys act on now, and its kind.
    public var currentList: ListState? {
        if let frame { return frame.list }
        return panes[focus]
    }

    /// Rows of data the current list shows at once.
    var currentViewport: Int {
        let layout = DashboardLayout(self)
        if let frame { return layout.frameViewport(frame.screen) }
        return layout.viewport(focus)
    }

    private mutating func withCurrentList(_ change: (inout ListState, [SortColumn]) -> Void) {
        if var frame = stack.last {
            let columns = frame.screen.listKind.sortColumns
            change(&frame.list, columns)
            frame.list.refresh(Self.rows(of: frame), columns: columns)
            frame.list.scrollToSelection(viewport: DashboardLayout(self).frameViewport(frame.screen))
            stack[stack.count - 1] = frame
        } else if var list = panes[focus], let kind = paneTable[focus] {
            change(&list, kind.sortColumns)
            list.refresh(paneRows(focus), columns: kind.sortColumns)
            list.scrollToSelection(viewport: DashboardLayout(self).viewport(focus))
            panes[focus] = list
        }
    }

    private mutating func moveSelection(_ delta: Int) {
        let viewport = currentViewport
        if var frame = stack.last {
            frame.list.move(by: delta, viewport: viewport)
            stack[stack.count - 1] = frame
        } else {
            panes[focus]?.move(by: delta, viewport: viewport)
        }
    }

    private mutating func keepSelectionsInView() {
        let layout = DashboardLayout(self)
        for pane in paneTable.ids { panes[pane]?.scrollToSelection(viewport: layout.viewport(pane)) }
        if var frame = stack.last {
            frame.list.scrollToSelection(viewport: layout.frameViewport(frame.screen))
            stack[stack.count - 1] = frame
        }
    }

    /// The rows of an overview pane.
    public func paneRows(_ pane: PaneID) -> ListRows {
        guard let o = overview, let kind = paneTable[pane] else { return .none }
        return kind.rows(o)
    }

    /// The rows of a drill-down screen.
    public static func rows(of frame: Frame) -> ListRows {
        switch frame.data {
        case .units(let rows)?: ListRows(rows)
        case .tasks(let page)?: ListRows(page.rows)
        case .task(let detail?)?: ListRows(detail.history)
        case .metric(let series?)?: ListRows(series.newestFirst)
        case .proposals(let rows)?: ListRows(rows)
        case .proposal(let detail?)?: ListRows(detail.history)
        default: .none
        }
    }

    private mutating func refreshPaneRows(previous: Overview?) {
        let layout = DashboardLayout(self)
        for kind in paneTable.kinds {
            guard var list = panes[kind.id] else { continue }
            // The selected row's identity, looked for among the new rows (the first with it): made only
            // when there was a selection in a previous overview.
            let new = overview
            list.setRows(paneRows(kind.id), columns: kind.sortColumns, sameRow: { i in
                guard let previous, let new else { return nil }
                let old = kind.identities(previous)
                return old.indices.contains(i) ? kind.identities(new).firstIndex(of: old[i]) : nil
            })
            list.scrollToSelection(viewport: layout.viewport(kind.id))
            panes[kind.id] = list
        }
    }

    private mutating func refreshFrameRows(_ depth: Int) {
        var frame = stack[depth]
        let kind = frame.screen.listKind
        if case .units(.communes) = frame.screen { frame.list.pinned = 0 }
        frame.list.setRows(Self.rows(of: frame), columns: kind.sortColumns)
        frame.list.scrollToSelection(viewport: DashboardLayout(self).frameViewport(frame.screen))
        stack[depth] = frame
    }

    /// A communes list starts with the province itself, standing for its own tasks.
    private func withOwnRow(_ data: FrameData, for screen: Screen) -> FrameData {
        guard case .units(.communes(let code)) = screen, case .units(let communes) = data,
              let province = overview?.provinces.first(where: { $0.unit.code == code }) else { return data }
        return .units(UnitRow.provinceWithCommunes(province, communes))
    }

    // MARK: - Drilling down

    private mutating func drill() -> [Effect] {
        if let frame {
            guard let i = frame.list.selectedRow else { return [] }
            switch frame.data {
            case .units(let rows)?:
                let row = rows[i]
                if row.unit.level == .province, case .units(.level(.province)) = frame.screen {
                    return push(.units(.communes(province: row.unit.code)), .unit(name: row.unit.name))
                }
                if row.unit.level == .province {
                    return push(.tasks(.unit(row.unit.code)), .ownTasks(name: row.unit.name))
                }
                return push(.tasks(.unit(row.unit.code)), Crumb.of(row.unit.name, province: row.provinceName))
            case .tasks(let page)?:
                return push(.task(page.rows[i].task.id), .task(id: page.rows[i].task.id))
            case .proposals(let rows)?:
                return push(.proposal(rows[i].id), .proposal(id: rows[i].id))
            case .task?:
                openReader(frame: frame, row: i)
                return []
            default:
                return []
            }
        }
        guard let o = overview, let i = panes[focus]?.selectedRow, let kind = paneTable[focus] else { return [] }
        // A report of the feed opens whole over its task (issue 11 §7); an inspection or a proposal
        // opens its task's or its own history.
        if focus == .reports, o.feed.indices.contains(i), case .report(let row) = o.feed[i] {
            reader = ReaderState(report: row.report, taskTitle: row.taskTitle, unitName: row.unitName, provinceName: row.provinceName)
        }
        switch kind.open(o, i) {
        case .load(let screen, let crumb)?:
            return push(screen, crumb)
        case .show(let frame)?:
            stack.append(frame)
            refreshFrameRows(stack.count - 1)
            return []
        case nil:
            return []
        }
    }

    private mutating func push(_ screen: Screen, _ crumb: Crumb) -> [Effect] {
        stack.append(Frame(screen: screen, crumb: crumb))
        return [.loadFrame(depth: stack.count - 1, screen: screen)]
    }
}
