import Foundation
import Hummingbird

/// Serves the site folder: every `GET` and `HEAD` outside `/__sitegen/`.
///
/// It answers as a static host would (folder → `index.html`, `/x` → `/x/`, misses → the
/// site's `404.html` with status 404), plus what a preview needs: the reload script in HTML,
/// and `Cache-Control: no-cache` with an `ETag` of the bytes sent, so a browser revalidates
/// every page and never shows one older than the last build. Which file a path names, and
/// whether it may be served at all, is `SiteFileResolver`'s decision.
public struct SiteFileMiddleware<Context: RequestContext>: RouterMiddleware {
    public let resolver: SiteFileResolver
    public let broadcaster: ReloadBroadcaster

    public init(site: String, broadcaster: ReloadBroadcaster) {
        self.resolver = SiteFileResolver(root: site)
        self.broadcaster = broadcaster
    }

    public func handle(_ request: Request, context: Context,
                       next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        if path.hasPrefix("/__sitegen/") { return try await next(request, context) }
        guard request.method == .get || request.method == .head else {
            return Response(status: .methodNotAllowed, headers: [.allow: "GET, HEAD", .contentLength: "0"])
        }
        let response = await respond(to: path, query: request.uri.query, ifNoneMatch: request.headers[.ifNoneMatch])
        return request.method == .head ? response.createHeadResponse() : response
    }

    /// The response to a `GET` of `path`.
    func respond(to path: String, query: String?, ifNoneMatch: String?) async -> Response {
        switch resolver.resolve(path) {
        case .file(let file):
            guard let bytes = Self.read(file) else { return await notFound() }
            return await page(bytes, contentType: ContentType.of(file), ifNoneMatch: ifNoneMatch)
        case .redirect(let location):
            // 302, not 301: a browser keeps a 301 for good, and a preview's folders come and go.
            let target = location + (query.map { "?" + $0 } ?? "")
            return Response(status: .found, headers: [.location: target, .cacheControl: "no-cache", .contentLength: "0"])
        case .notFound:
            return await notFound()
        case .badRequest(let reason):
            return Response(status: .badRequest, headers: Self.headers(contentType: "text/plain; charset=utf-8"),
                            body: ResponseBody(byteBuffer: ByteBuffer(string: "Bad request: \(reason).\n")))
        }
    }

    /// A file's bytes, with the reload script when it is HTML; 304 when the browser has them.
    private func page(_ bytes: [UInt8], contentType: String, ifNoneMatch: String?) async -> Response {
        let body = ContentType.isHTML(contentType) ? ReloadInjector(failure: await broadcaster.failure).inject(into: bytes) : bytes
        let tag = EntityTag(of: body)
        var headers = Self.headers(contentType: contentType)
        headers[.eTag] = tag.value
        if let ifNoneMatch, tag.isMatched(by: ifNoneMatch) {
            headers[.contentType] = nil
            return Response(status: .notModified, headers: headers)
        }
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// The site's `404.html` (or a stand-in when the site has none yet, such as when the first
    /// build failed), with status 404 and the reload script, so fixing the problem reloads it.
    private func notFound() async -> Response {
        var html = Array(Self.fallbackNotFound.utf8)
        if case .file(let file) = resolver.resolve("/404.html"), let bytes = Self.read(file) {
            html = bytes
        }
        let body = ReloadInjector(failure: await broadcaster.failure).inject(into: html)
        return Response(status: .notFound, headers: Self.headers(contentType: "text/html; charset=utf-8"),
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }

    private static func headers(contentType: String) -> HTTPFields {
        [.contentType: contentType, .cacheControl: "no-cache", .xContentTypeOptions: "nosniff"]
    }

    private static func read(_ path: String) -> [UInt8]? {
        FileManager.default.contents(atPath: path).map { [UInt8]($0) }
    }

    private static var fallbackNotFound: String {
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>Not found</title></head>
        <body><h1>Not found</h1><p>No page here (yet). sitegen serve reloads this page after the next successful build.</p></body></html>

        """
    }
}
