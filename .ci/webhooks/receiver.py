"""A webhook receiver for .ci/webhooks/deliver.sh: verifies every request it gets with the
reference Python implementation of Standard Webhooks (the `standardwebhooks` package) and checks
that the same request with a changed body is refused. Each result is one JSON line in the file
named by argv[2]; the signing secret is read, on each request, from the file named by argv[3]
(it is only known once the endpoint is registered, after this receiver is listening).

    python receiver.py <port> <results.jsonl> <secret-file>
"""

import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks.webhooks import Webhook, WebhookVerificationError

PORT, RESULTS, SECRET_FILE = int(sys.argv[1]), sys.argv[2], sys.argv[3]


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("content-length", "0"))).decode()
        headers = {name: self.headers.get(name, "") for name in
                   ("webhook-id", "webhook-timestamp", "webhook-signature")}
        with open(SECRET_FILE) as f:
            secret = f.read().strip()
        result = {"webhook-id": headers["webhook-id"]}
        try:
            payload = Webhook(secret).verify(body, headers)
            result["verified"] = True
            result["type"] = payload["type"]
            result["quote_id"] = payload["data"]["quote_id"]
        except WebhookVerificationError as e:
            result["verified"] = False
            result["error"] = str(e)
        tampered = body.replace('"status":', '"status" :', 1)
        try:
            Webhook(secret).verify(tampered, headers)
            result["tampered_refused"] = False
        except WebhookVerificationError:
            result["tampered_refused"] = tampered != body
        with open(RESULTS, "a") as f:
            f.write(json.dumps(result) + "\n")
        self.send_response(204 if result["verified"] else 400)
        self.end_headers()

    def log_message(self, *args):
        pass


ThreadingHTTPServer(("127.0.0.1", PORT), Handler).serve_forever()
