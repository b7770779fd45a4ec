import Foundation
import Hummingbird
import SiteGen

/// `sitegen serve`: builds the site, serves it, and rebuilds and reloads open pages when an
/// input changes.
///
/// The pieces are small and tested on their own: `BuildWatcher` says when to rebuild,
/// `SiteBuilder` builds (leaving the last good site in place when a build fails),
/// `ReloadBroadcaster` tells open pages through `/__sitegen/events`, and the router built by
/// `router(site:broadcaster:)` serves the folder. This type only wires them together and
/// runs them until its task is cancelled.
public struct PreviewServer: Sendable {
    public struct Options: Sendable {
        /// What to build, and where (`builder.output` is the folder served).
        public var builder: SiteBuilder.Options
        public var address: ServeAddress
        /// How often the inputs are looked at, and how long they must stay still before a rebuild.
        public var pollInterval: Duration
        public var quietPeriod: Duration

        public init(builder: SiteBuilder.Options, address: ServeAddress,
                    pollInterval: Duration = .milliseconds(250), quietPeriod: Duration = .milliseconds(150)) {
            self.builder = builder
            self.address = address
            self.pollInterval = pollInterval
            self.quietPeriod = quietPeriod
        }
    }

    /// What happens, for the terminal.
    public enum Event: Sendable {
        /// A build finished; `changed` lists the edited paths that caused it (empty for the first).
        case built(SiteBuilder.Report, duration: Duration, changed: [String])
        /// The server accepts connections at `address` (its actual port when 0 was asked for).
        case listening(ServeAddress)
    }

    /// The path of the event stream.
    public static let eventsPath = ReloadInjector.eventsPath

    public let options: Options

    public init(options: Options) {
        self.options = options
    }

    /// The router: the event stream, and the site folder for everything else.
    public static func router(site: String, broadcaster: ReloadBroadcaster) -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: SiteFileMiddleware(site: site, broadcaster: broadcaster))
        router.get(RouterPath(eventsPath)) { _, _ in
            Response(status: .ok,
                     headers: [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-cache"],
                     body: eventStream(broadcaster))
        }
        return router
    }

    /// Runs until the task is cancelled (which is how Ctrl-C stops it: `sitegen serve`'s `ShutdownSignals`).
    /// Throws a `Diagnostic` when the server cannot start, such as when the port is taken.
    ///
    /// The port is taken before the first build, so a port in use is reported at once and a
    /// second `serve` never rebuilds the folder the first one serves. The address is announced
    /// after that build, when there is a site to see; pages left open from an earlier session
    /// reload when it finishes.
    public func run(onEvent: @escaping @Sendable (Event) -> Void) async throws {
        let broadcaster = ReloadBroadcaster()
        let watcher = BuildWatcher(inputs: options.builder, interval: options.pollInterval, quietPeriod: options.quietPeriod)
        let (listening, listener) = AsyncStream.makeStream(of: Int.self)
        let app = makeApplication(broadcaster: broadcaster) { port in
            listener.yield(port)
            listener.finish()
        }
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    defer { listener.finish() }
                    try await app.run()
                }
                // The first to end (the server failing, or cancellation) ends them all, and
                // open event streams must end too, or their connections would hold the server.
                defer { group.cancelAll() }
                try await withTaskCancellationHandler {
                    guard let port = await listening.first(where: { _ in true }) else {
                        try await group.next()  // the server's error, such as the port being taken
                        return
                    }
                    let start = InputSnapshot(options: watcher.inputs)
                    await build(changed: [], broadcaster: broadcaster, onEvent: onEvent)
                    guard !Task.isCancelled else { return }
                    onEvent(.listening(ServeAddress(host: options.address.host, port: port)))
                    group.addTask {
                        await watcher.run(from: start) { changed in
                            await build(changed: changed, broadcaster: broadcaster, onEvent: onEvent)
                        }
                    }
                    group.addTask { await Self.keepAlive(broadcaster) }
                    try await group.next()
                } onCancel: {
                    Task { await broadcaster.finish() }
                }
            }
        } catch is CancellationError {
            // Stopped on purpose.
        } catch {
            await broadcaster.finish()
            if Task.isCancelled { return }
            throw Self.startFailure(error, address: options.address)
        }
        await broadcaster.finish()
    }

    /// The Hummingbird application, reporting its actual port once it listens.
    private func makeApplication(broadcaster: ReloadBroadcaster,
                                 onListening: @escaping @Sendable (Int) -> Void) -> some ApplicationProtocol {
        let address = options.address
        var app = Application(
            router: Self.router(site: options.builder.output, broadcaster: broadcaster),
            configuration: ApplicationConfiguration(address: .hostname(address.bindHost, port: address.port)),
            onServerRunning: { channel in onListening(channel.localAddress?.port ?? address.port) })
        // Hummingbird logs every start and stop at info level; the CLI says what matters itself.
        // LOG_LEVEL (Hummingbird's own variable) still turns its logging on for debugging.
        if ProcessInfo.processInfo.environment["LOG_LEVEL"] == nil { app.logger.logLevel = .critical }
        return app
    }

    /// Builds once, tells the terminal, and tells open pages to reload or to show the failure.
    private func build(changed: [String], broadcaster: ReloadBroadcaster, onEvent: @Sendable (Event) -> Void) async {
        let started = ContinuousClock.now
        let report = await SiteBuilder(options: options.builder).build()
        onEvent(.built(report, duration: ContinuousClock.now - started, changed: changed))
        await broadcaster.publish(report.succeeded ? .reload : .error(FailureOverlay.text(for: report.diagnostics)))
    }

    /// The `text/event-stream` body of one subscriber: a `retry` hint (reconnect quickly when
    /// the server comes back), a comment saying the subscription is live, then every event.
    static func eventStream(_ broadcaster: ReloadBroadcaster) -> ResponseBody {
        ResponseBody { writer in
            let (id, events) = await broadcaster.subscribe()
            do {
                try await writer.write(ByteBuffer(string: "retry: 1000\n: connected\n\n"))
                for await event in events {
                    try await writer.write(ByteBuffer(string: event.serverSentEvent))
                }
                try await writer.finish(nil)
            } catch {
                await broadcaster.unsubscribe(id)
                throw error
            }
            await broadcaster.unsubscribe(id)
        }
    }

    /// Sends a comment every 15 s, so a page that went away without closing its connection
    /// is found out by a failed write and its stream dropped.
    private static func keepAlive(_ broadcaster: ReloadBroadcaster) async {
        while (try? await Task.sleep(for: .seconds(15))) != nil {
            await broadcaster.publish(.keepAlive)
        }
    }

    /// The error for a server that did not start (or stopped by itself), worded for the person running it.
    static func startFailure(_ error: any Error, address: ServeAddress) -> Diagnostic {
        let reason = String(describing: error)
        if reason.contains("Address already in use") || reason.contains("errno: \(EADDRINUSE)") {
            return .error("serve.port-in-use", "cannot listen on \(address.url): port \(address.port) is already in use",
                          hint: "another program (perhaps another sitegen serve) has it; pick a free one with --port, e.g. --port \(address.port + 1), or --port 0 for any")
        }
        return .error("serve.server-failed", "the server on \(address.url) failed: \(reason)",
                      hint: "check that --host is an address of this machine (such as 127.0.0.1) and --port a port you may use")
    }
}
