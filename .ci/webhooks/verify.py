"""Checks the service's webhook signatures with the reference Python implementation of Standard
Webhooks (the `standardwebhooks` package, pinned in .ci/run): reads the JSON lines of
`cargo run --example webhook_signatures` on stdin. Every message must verify with each of its
secrets, and must be refused with a changed body, id or timestamp, or with another secret.

    cargo run --quiet --example webhook_signatures | python .ci/webhooks/verify.py
"""

import base64
import json
import os
import sys

from standardwebhooks.webhooks import Webhook, WebhookVerificationError

checks = 0


def refused(secret: str, body: str, headers: dict[str, str]) -> bool:
    try:
        Webhook(secret).verify(body, headers)
    except WebhookVerificationError:
        return True
    return False


messages = [json.loads(line) for line in sys.stdin if line.strip()]
if not messages:
    raise SystemExit("no messages on stdin")
for message in messages:
    body = message["body"]
    headers = {name: message[name] for name in ("webhook-id", "webhook-timestamp", "webhook-signature")}
    for secret in message["secrets"]:
        payload = Webhook(secret).verify(body, headers)
        if payload != json.loads(body):
            raise SystemExit(f"{headers['webhook-id']}: verified, but the payload read back differs")
        checks += 1
        tampered = body.replace('"account":', '"account" :', 1)
        if tampered == body or not refused(secret, tampered, headers):
            raise SystemExit(f"{headers['webhook-id']}: a tampered body was not refused")
        checks += 1
        for name, value in (("webhook-id", "msg_other"),
                            ("webhook-timestamp", str(int(headers["webhook-timestamp"]) + 1))):
            if not refused(secret, body, {**headers, name: value}):
                raise SystemExit(f"{headers['webhook-id']}: a changed {name} was not refused")
            checks += 1
    stranger = "whsec_" + base64.b64encode(os.urandom(32)).decode()
    if not refused(stranger, body, headers):
        raise SystemExit(f"{headers['webhook-id']}: another secret's check passed")
    checks += 1
print(f"standardwebhooks: {len(messages)} messages, {checks} checks passed")
