/// Fans build outcomes out to every open page, and remembers whether the last build failed.
///
/// Each `/__sitegen/events` connection subscribes and gets its own stream. A page loaded while
/// the last build is failing must show that failure too, though it missed the event; so the
/// broadcaster keeps the failure text until a build succeeds.
public actor ReloadBroadcaster {
    private var subscribers: [Int: AsyncStream<ReloadEvent>.Continuation] = [:]
    private var nextID = 0
    private var finished = false

    /// The overlay text of the last build when it failed; nil when it succeeded.
    public private(set) var failure: String?

    /// How many event streams are open (tests wait on it before publishing).
    public var subscriberCount: Int { subscribers.count }

    public init(failure: String? = nil) {
        self.failure = failure
    }

    /// A new stream of events, and the id to unsubscribe it with. The stream ends when the
    /// broadcaster finishes (the server is stopping), or at once if it already has.
    public func subscribe() -> (id: Int, events: AsyncStream<ReloadEvent>) {
        // A slow page needs only the latest few events; reload after reload is still reload.
        let (events, continuation) = AsyncStream.makeStream(of: ReloadEvent.self, bufferingPolicy: .bufferingNewest(8))
        nextID += 1
        if finished {
            continuation.finish()
        } else {
            subscribers[nextID] = continuation
        }
        return (nextID, events)
    }

    public func unsubscribe(_ id: Int) {
        subscribers.removeValue(forKey: id)?.finish()
    }

    /// Sends `event` to every subscriber; a reload clears the remembered failure, an error sets it.
    public func publish(_ event: ReloadEvent) {
        switch event {
        case .reload: failure = nil
        case .error(let text): failure = text
        case .keepAlive: break
        }
        for continuation in subscribers.values {
            continuation.yield(event)
        }
    }

    /// Ends every stream, so open event connections complete and the server can stop.
    public func finish() {
        finished = true
        for continuation in subscribers.values {
            continuation.finish()
        }
        subscribers.removeAll()
    }
}
