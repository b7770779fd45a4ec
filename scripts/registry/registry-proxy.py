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

GET /_open turns the throttling and the delay off. GET /_stats gives the counts as JSON: requests by method, manifest and blob GETs, token
requests and 429s. It prints the port it listens on as its first line.
"""
import argparse
import base64
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
    args = parser.parse_args()

    lock = threading.Lock()
    stats = {"HEAD": 0, "GET": 0, "manifestGET": 0, "blobGET": 0, "token": 0, "throttled": 0, "unauthorized": 0}
    tokens = set()
    counter = [0]

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
                if not args.anonymous_tokens:
                    given = self.headers.get("Authorization", "")
                    wanted = "Basic " + base64.b64encode((args.bearer or "").encode()).decode()
                    if given != wanted:
                        return self.reply(401, b'{"errors":[{"code":"UNAUTHORIZED","message":"bad credentials"}]}',
                                          [("Content-Type", "application/json")])
                token = secrets.token_hex(16)
                with lock:
                    tokens.add(token)
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
                if not (given.startswith("Bearer ") and given[7:] in tokens):
                    with lock:
                        stats["unauthorized"] += 1
                    realm = "http://127.0.0.1:%d/token" % self.server.server_address[1]
                    challenge = 'Bearer realm="%s",service="sitegen-test"' % realm
                    marker = [i for i, p in enumerate(parts) if p in ("manifests", "blobs", "tags")]
                    if marker:
                        challenge += ',scope="repository:%s:pull"' % "/".join(parts[2:marker[0]])
                    return self.reply(401, b'{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}',
                                      [("Content-Type", "application/json"), ("WWW-Authenticate", challenge)])
            if is_content:
                with lock:
                    counter[0] += 1
                    throttled = (args.throttle_all or (args.throttle and counter[0] % args.throttle == 0)
                                 or (args.throttle_after and counter[0] > args.throttle_after))
                    if throttled:
                        stats["throttled"] += 1
                if throttled:
                    headers = [("Content-Type", "application/json")]
                    if args.retry_after:
                        headers.append(("Retry-After", str(args.retry_after)))
                    return self.reply(429, b'{"errors":[{"code":"TOOMANYREQUESTS","message":"slow down"}]}', headers)
                if self.command == "GET":
                    with lock:
                        stats["manifestGET" if "manifests" in parts else "blobGET"] += 1
                if args.delay:
                    time.sleep(args.delay)
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
                    self.send_header(name, value)
            length = answer.getheader("Content-Length") if self.command == "HEAD" else str(len(body))
            self.send_header("Content-Length", length or "0")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            upstream.close()

    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())
