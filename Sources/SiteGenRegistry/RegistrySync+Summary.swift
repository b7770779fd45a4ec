import Foundation
import SiteGen

extension RegistrySync {
    /// What a sync did.
    public struct Summary: Sendable {
        public let images: Int
        public let tags: Int
        /// Library tags the registry resolved.
        public let resolved: Int
        /// Library tags the registry does not have, as `image:tag`.
        public let missingTags: [String]
        /// Images whose repository the registry does not know (404): their records are dropped.
        public let missingRepositories: [String]
        /// Images whose tag list the registry refused to these credentials: their records are
        /// kept as they were.
        public let refusedRepositories: [String]
        /// Library tags (`image:tag`) whose manifest the sync could not read, and why: they are
        /// left out of the data.
        public let unusableTags: [(tag: String, reason: String)]
        /// Digests fetched by this sync, and those whose record the data file already had.
        public let newDigests: Int
        public let knownDigests: Int
        /// Images the data file had records of and no library file lists any more (a sync of
        /// the whole library): their records are dropped.
        public let droppedImages: [String]
        public let counts: RegistryClient.Counts
        public let elapsed: Duration
        /// Whether the data file's bytes changed.
        public let wrote: Bool
        /// Set when the file held another registry or namespace and `afresh` replaced it.
        public let startedAfresh: Bool

        /// The missing tags of repositories the registry has: those of a repository not found
        /// are said with it, once.
        public var missingTagsOfFoundRepositories: [String] {
            missingTags.filter { tag in !missingRepositories.contains { tag.hasPrefix("\($0):") } }
        }

        /// The one line printed after every sync.
        public var line: String {
            var parts = ["\(resolved) of \(Counted.text(tags, "tag")) of \(Counted.text(images, "image")) resolved"]
            parts.append("\(Counted.text(newDigests, "new digest")) fetched (\(knownDigests) already known)")
            let missing = missingTagsOfFoundRepositories
            if !missing.isEmpty { parts.append("\(Counted.text(missing.count, "tag")) not in the registry") }
            if !missingRepositories.isEmpty {
                parts.append(missingRepositories.count == 1 ? "1 repository not found" : "\(missingRepositories.count) repositories not found")
            }
            if !refusedRepositories.isEmpty {
                parts.append(refusedRepositories.count == 1 ? "1 repository refused" : "\(refusedRepositories.count) repositories refused")
            }
            if !unusableTags.isEmpty { parts.append("\(Counted.text(unusableTags.count, "tag")) unreadable") }
            var requests = "\(Counted.text(counts.requests, "request")) (\(counts.heads) HEAD, \(counts.gets) GET"
            if counts.tokens > 0 { requests += ", \(counts.tokens) token" }
            requests += ")"
            // The waits of concurrent requests overlap: their sum may exceed the sync's time.
            if counts.retries > 0 {
                requests += ", \(counts.retries == 1 ? "1 retry" : "\(counts.retries) retries")"
                    + " (\(Self.seconds(counts.waited)) of waits across requests)"
            }
            parts.append(requests)
            parts.append(ByteSize.text(counts.bytes))
            parts.append(Self.seconds(elapsed))
            return "registry sync: " + parts.joined(separator: ", ")
        }

        public static func seconds(_ duration: Duration) -> String {
            let value = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
            return String(format: "%.1f s", value)
        }
    }
}
