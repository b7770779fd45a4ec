#!/usr/bin/env python3
"""An HTTP proxy in front of a registry, for tests of `sitegen registry sync`.

It forwards /v2/ requests to --upstream and can, on top:

* --bearer USER:PASSWORD: demand tokens, as Docker Hub does. Requests without a valid
  token get 401 with `WWW-Authenticate: Bearer realm=".../token",service=...,scope=...`;
  /token hands out a token for HTTP basic USER:PASSWORD (or to anyone, with
  --anonymous-tokens) and refuses other credentials.
* --throttle N: answer every Nth manifest or blob request with 429 and
  `Retry-After: --retry-after` seconds (0: no such header). --throttle-all answers all of
  them so, --throttle-after N all but the first N.
* --delay SECONDS: wait before forwarding each manifest or blob request.
* --stall-body SECONDS: send each manifest or blob GET's head and the first byte of its body
  at once, the rest after SECONDS (an answer that stalls midway).
* --token-delay SECONDS: wait before answering each /token request (a token service that
  hangs).
* --harbor: with --bearer, behave as Harbor does: /v2/ takes only a token given for the
  credentials (not an anonymous one), and a request carrying a token it does not take (or
  basic credentials) is answered with `Basic realm="harbor"`, not a Bearer challenge.
* --v2-scope SCOPE: the /v2/ challenge names SCOPE, as GHCR's names a placeholder
  repository; --deny-scope SCOPE (repeatable): /token answers 403 for it.
* --token-uses N: a token is taken for N requests, then refused (it expired).
* --refresh-token VALUE: /token also takes the OAuth2 refresh-token grant (a form POST with
  grant_type=refresh_token, service, scope, client_id and refresh_token=VALUE), as
  registries do for `docker login`'s identity tokens; it answers `access_token`.
* --pull-limit: throttled answers are Docker Hub's used-up pull limit (`ratelimit-limit`,
  `ratelimit-remaining: 0`, no Retry-After).
* --no-digest-header: manifest HEADs come without `Docker-Content-Digest`, as some
  registries' and proxies' do.
* --head-status N: manifest HEADs are answered N (404, 405, 501; GETs are forwarded), as a
  cache or proxy that mishandles HEAD answers them.
* --schema1 REPOSITORY:TAG: that tag is a signed Docker schema 1 manifest made up by the
  proxy (HEAD and GET by tag or by its digest), as an image pushed before 2017 is: its
  digest, as registries give it, is of the manifest without its signatures.

* --tls CERT KEY: speak HTTPS with that certificate and key (PEM files), as a registry with a
  company CA's certificate does.

GET /_open turns the throttling and the delay off. GET /_stats gives the counts as JSON: requests by method, manifest and blob GETs, token
requests and 429s, and under "paths" each /v2/ path (without its query) with the requests by method it
answered or forwarded (not those refused with 401 or 429), as {"/v2/demo/lumen/manifests/sha256:…": {"GET": 1}}.
It prints the port it listens on as its first line.
"""
import argparse
import base64
import hashlib
import http.client
import json
import secrets
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HOP_BY_HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailers",
              "transfer-encoding", "upgrade"}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--upstream", required=True, help="the registry, as host:port")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--bearer", default=None)
    parser.add_argument("--anonymous-tokens", action="store_true")
    parser.add_argument("--throttle", type=int, default=0)
    parser.add_argument("--throttle-all", action="store_true")
    parser.add_argument("--throttle-after", type=int, default=0,
                        help="answer every manifest or blob request after the first N with 429")
    parser.add_argument("--retry-after", type=int, default=1)
    parser.add_argument("--delay", type=float, default=0)
    parser.add_argument("--token-delay", type=float, default=0)
    parser.add_argument("--stall-body", type=float, default=0)
    parser.add_argument("--harbor", action="store_true")
    parser.add_argument("--v2-scope", default=None)
    parser.add_argument("--deny-scope", action="append", default=[])
    parser.add_argument("--token-uses", type=int, default=0)
    parser.add_argument("--refresh-token", default=None)
    parser.add_argument("--pull-limit", action="store_true")
    parser.add_argument("--schema1", action="append", default=[])
    parser.add_argument("--no-digest-header", action="store_true")
    parser.add_argument("--head-status", type=int, default=0)
    parser.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"), default=None)
    args = parser.parse_args()
    schema1 = {}
    for name in args.schema1:
        repository, _, tag = name.rpartition(":")
        payload = {"schemaVersion": 1, "name": repository, "tag": tag, "architecture": "amd64", "fsLayers": [], "history": []}
        digest = "sha256:" + hashlib.sha256(json.dumps(payload, indent=3).encode()).hexdigest()
        payload["signatures"] = [{"header": {"alg": "ES256"}, "signature": "c2lnbmVk", "protected": "e30"}]
        body = json.dumps(payload, indent=3).encode()
        for reference in (tag, digest):
            schema1["/v2/%s/manifests/%s" % (repository, reference)] = (body, digest)

    lock = threading.Lock()
    stats = {"HEAD": 0, "GET": 0, "manifestGET": 0, "blobGET": 0, "token": 0, "throttled": 0, "unauthorized": 0,
             "tokenDenied": 0, "tokenPOST": 0, "paths": {}}
    tokens = {}  # token -> [uses left (None: unlimited), given for the credentials]
    counter = [0]

    def count_path(path, method):
        with lock:
            methods = stats["paths"].setdefault(path, {})
            methods[method] = methods.get(method, 0) + 1

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *_):
            pass

        def reply(self, status, body=b"", headers=()):
            self.send_response(status)
            for name, value in headers:
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def do_HEAD(self):
            self.handle_any()

        def do_GET(self):
            self.handle_any()

        def do_POST(self):
            url = urllib.parse.urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            form = urllib.parse.parse_qs(self.rfile.read(length).decode())
            field = lambda name: form.get(name, [""])[0]
            if url.path != "/token" or args.refresh_token is None:
                return self.reply(404)
            with lock:
                stats["tokenPOST"] += 1
            if (field("grant_type") != "refresh_token" or field("refresh_token") != args.refresh_token
                    or not field("client_id") or field("service") != "sitegen-test"):
                return self.reply(401, b'{"error":"invalid_grant"}', [("Content-Type", "application/json")])
            if field("scope") in args.deny_scope:
                return self.reply(403, b'{"error":"access_denied"}', [("Content-Type", "application/json")])
            token = secrets.token_hex(16)
            with lock:
                tokens[token] = [args.token_uses or None, True]
            return self.reply(200, json.dumps({"access_token": token, "expires_in": 300, "scope": field("scope")}).encode(),
                              [("Content-Type", "application/json")])

        def handle_any(self):
            url = urllib.parse.urlsplit(self.path)
            if url.path == "/_stats":
                with lock:
                    body = json.dumps(stats).encode()
                return self.reply(200, body, [("Content-Type", "application/json")])
            if url.path == "/_open":
                with lock:
                    args.throttle, args.throttle_all, args.throttle_after, args.delay = 0, False, 0, 0
                return self.reply(200, b"{}", [("Content-Type", "application/json")])
            if url.path == "/token":
                with lock:
                    stats["token"] += 1
                if args.token_delay:
                    time.sleep(args.token_delay)
                given = self.headers.get("Authorization", "")
                wanted = "Basic " + base64.b64encode((args.bearer or "").encode()).decode()
                if given != wanted and not (args.anonymous_tokens and not given):
                    return self.reply(401, b'{"errors":[{"code":"UNAUTHORIZED","message":"bad credentials"}]}',
                                      [("Content-Type", "application/json")])
                scope = urllib.parse.parse_qs(url.query).get("scope", [""])[0]
                if scope in args.deny_scope:
                    with lock:
                        stats["tokenDenied"] += 1
                    return self.reply(403, b'{"errors":[{"code":"DENIED","message":"requested access to the resource is denied"}]}',
                                      [("Content-Type", "application/json")])
                token = secrets.token_hex(16)
                with lock:
                    tokens[token] = [args.token_uses or None, given == wanted]
                return self.reply(200, json.dumps({"token": token, "expires_in": 300}).encode(),
                                  [("Content-Type", "application/json")])
            if not url.path.startswith("/v2/"):
                return self.reply(404)
            with lock:
                stats[self.command] = stats.get(self.command, 0) + 1
            parts = url.path.split("/")
            is_content = "manifests" in parts or "blobs" in parts
            if args.bearer is not None:
                given = self.headers.get("Authorization", "")
                with lock:
                    entry = tokens.get(given[7:]) if given.startswith("Bearer ") else None
                    taken = entry is not None and (entry[0] is None or entry[0] > 0) and (entry[1] or not args.harbor
                                                                                        or url.path != "/v2/")
                    if taken and entry[0] is not None:
                        entry[0] -= 1
                if not taken:
                    with lock:
                        stats["unauthorized"] += 1
                    realm = "%s://127.0.0.1:%d/token" % ("https" if args.tls else "http", self.server.server_address[1])
                    challenge = 'Bearer realm="%s",service="sitegen-test"' % realm
                    marker = [i for i, p in enumerate(parts) if p in ("manifests", "blobs", "tags")]
                    if marker:
                        challenge += ',scope="repository:%s:pull"' % "/".join(parts[2:marker[0]])
                    elif args.v2_scope:
                        challenge += ',scope="%s"' % args.v2_scope
                    if args.harbor and given:
                        challenge = 'Basic realm="harbor"'

                    return self.reply(401, b'{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}',
                                      [("Content-Type", "application/json"), ("WWW-Authenticate", challenge)])
            if url.path in schema1:
                count_path(url.path, self.command)
                body, digest = schema1[url.path]
                if self.command == "GET":
                    with lock:
                        stats["manifestGET"] += 1
                return self.reply(200, body, [("Content-Type", "application/vnd.docker.distribution.manifest.v1+prettyjws"),
                                              ("Docker-Content-Digest", digest)])
            if is_content:
                with lock:
                    counter[0] += 1
                    throttled = (args.throttle_all or (args.throttle and counter[0] % args.throttle == 0)
                                 or (args.throttle_after and counter[0] > args.throttle_after))
                    if throttled:
                        stats["throttled"] += 1
                if throttled:
                    headers = [("Content-Type", "application/json")]
                    if args.pull_limit:
                        headers += [("ratelimit-limit", "100;w=21600"), ("ratelimit-remaining", "0;w=21600")]
                    elif args.retry_after:
                        headers.append(("Retry-After", str(args.retry_after)))
                    return self.reply(429, b'{"errors":[{"code":"TOOMANYREQUESTS","message":"slow down"}]}', headers)
                if self.command == "GET":
                    with lock:
                        stats["manifestGET" if "manifests" in parts else "blobGET"] += 1
                if args.delay:
                    time.sleep(args.delay)
            if args.head_status and self.command == "HEAD" and "manifests" in parts:
                return self.reply(args.head_status, b"", [("Content-Type", "application/json")])
            count_path(url.path, self.command)
            host, _, port = args.upstream.partition(":")
            upstream = http.client.HTTPConnection(host, int(port or 80), timeout=60)
            headers = {k: v for k, v in self.headers.items()
                       if k.lower() not in HOP_BY_HOP and k.lower() not in ("host", "authorization")}
            upstream.request(self.command, self.path, headers=headers)
            answer = upstream.getresponse()
            body = answer.read()
            self.send_response(answer.status)
            for name, value in answer.getheaders():
                if name.lower() not in HOP_BY_HOP and name.lower() != "content-length":
                    if args.no_digest_header and self.command == "HEAD" and name.lower() == "docker-content-digest":
                        continue
                    self.send_header(name, value)
            length = answer.getheader("Content-Length") if self.command == "HEAD" else str(len(body))
            self.send_header("Content-Length", length or "0")
            self.end_headers()
            if self.command != "HEAD":
                if args.stall_body and is_content and len(body) > 1:
                    self.wfile.write(body[:1])
                    self.wfile.flush()
                    time.sleep(args.stall_body)
                    body = body[1:]
                self.wfile.write(body)
            upstream.close()

    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    if args.tls:
        import ssl
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(args.tls[0], args.tls[1])
        server.socket = context.wrap_socket(server.socket, server_side=True)
    print(server.server_address[1], flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())
