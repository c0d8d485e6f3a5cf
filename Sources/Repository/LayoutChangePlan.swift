public import ISOCatalog
public import ISOStore

/// What changing the repository's layout would do: each held image's move from its path to the
/// new template's, in an order where no move lands on a file another move has not yet left, or
/// the reasons the change is refused (nothing is moved then).
///
/// Refused when a path cannot be rendered for an image, when two images would share a path, when
/// a target path holds a file no move frees (a file the catalog does not hold there, or an image
/// that stays), or when moves form a cycle (A to B's path while B goes to A's).
public struct LayoutChangePlan: Sendable, Hashable {
    /// One image's rename inside the repository.
    public struct Move: Sendable, Hashable, Codable {
        /// The image's row id in the store.
        public var imageID: Int64
        public var identity: ImageIdentity
        /// Both relative to the repository root.
        public var from: String
        public var to: String

        public init(imageID: Int64, identity: ImageIdentity, from: String, to: String) {
            self.imageID = imageID
            self.identity = identity
            self.from = from
            self.to = to
        }
    }

    /// The new template.
    public var template: String
    /// The moves, in the order they must run.
    public var moves: [Move]
    /// Held images already at their new path.
    public var unchanged: [String]
    /// Images not moved because their file is missing (their path is updated when found again).
    public var missing: [String]
    /// Why the change cannot be made; empty when it can.
    public var refusals: [String]

    /// True when the change may be made.
    public var isPossible: Bool { refusals.isEmpty }

    /// The plan for moving `images` (the store's, with their row ids) under `root` to `layout`.
    /// `exists` says whether a path relative to the root holds a file (the repository on disk).
    public static func make(
        images: [StoredImage], layout: Layout, exists: (String) -> Bool
    ) -> LayoutChangePlan {
        var plan = LayoutChangePlan(template: layout.template, moves: [], unchanged: [], missing: [], refusals: [])
        var targets: [String: ImageIdentity] = [:]
        var wanted: [Move] = []
        let currentPaths = Set(images.map(\.path))
        for image in images.sorted(by: { $0.path < $1.path }) {
            guard let id = image.id else { continue }
            let leaf = String(image.path.split(separator: "/").last ?? Substring(image.path))
            let target: String
            do { target = try layout.relativePath(for: image.identity, fileName: leaf) } catch {
                plan.refusals.append(error.message)
                continue
            }
            if let other = targets[target] {
                plan.refusals.append("\(other) and \(image.identity) would both be at \(target)")
                continue
            }
            targets[target] = image.identity
            if target == image.path {
                plan.unchanged.append(target)
            } else if image.state == .missing {
                plan.missing.append(image.path)
            } else {
                wanted.append(Move(imageID: id, identity: image.identity, from: image.path, to: target))
            }
        }
        let movingFrom = Set(wanted.map(\.from))
        let staying = currentPaths.subtracting(movingFrom)
        for move in wanted {
            if staying.contains(move.to) {
                plan.refusals.append("\(move.identity) cannot go to \(move.to): an image that is not moved is there")
            } else if exists(move.to) && !movingFrom.contains(move.to) {
                plan.refusals.append(
                    "\(move.identity) cannot go to \(move.to): a file the catalog does not hold is there")
            }
        }
        guard plan.refusals.isEmpty else { return plan }
        // A move runs once no pending move still has its target as its source.
        var pending = wanted
        while !pending.isEmpty {
            let blocked = Set(pending.map(\.from))
            let ready = pending.filter { !blocked.contains($0.to) }
            guard !ready.isEmpty else {
                plan.refusals.append(
                    "the moves form a cycle: "
                        + pending.map { "\($0.from) → \($0.to)" }.joined(separator: ", ")
                        + "; change the layout in two steps")
                return plan
            }
            plan.moves += ready
            let done = Set(ready.map(\.imageID))
            pending.removeAll { done.contains($0.imageID) }
        }
        return plan
    }
}
