"""Nextmv webhook handler: Python + FastAPI.

Receives Nextmv Cloud webhook deliveries (POST, JSON body) and accepts only those whose
Nextmv-Signature header proves they were signed with your webhook's signing secret.

Install: pip install fastapi uvicorn
Run:     NEXTMV_WEBHOOK_SECRET='<signing secret>' python3 -m uvicorn main:app --port ${PORT:-8000}
         (add --host 0.0.0.0 to accept connections from other machines)
Env:     NEXTMV_WEBHOOK_SECRET  the webhook's signing secret (required; never write it into this file)
         PORT                   the port, used by the command above (default 8000)
Serves:  POST /webhookhandler

Signature: Nextmv-Signature: t=<timestamp>,v1=<hex> where
  v1 = hex(HMAC-SHA256(key = secret, message = t exactly as sent + "." + raw body bytes)).
"""

import hashlib
import hmac
import json
import os
import re
import sys
import time

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, PlainTextResponse

# ---- Settings: adapt these ------------------------------------------------------------------
WEBHOOK_PATH = "/webhookhandler"  # [template:path] the URL path Nextmv posts deliveries to
SECRET_ENV_VAR = "NEXTMV_WEBHOOK_SECRET"  # [template:env] env var holding the signing secret
MAX_AGE_SECONDS = 300  # refuse deliveries signed more than 5 minutes ago (replays)...
MAX_SKEW_SECONDS = 60  # ...or more than 1 minute in the future (clock skew)
MILLISECONDS_THRESHOLD = 10**11  # t at or above this is in milliseconds, below it in seconds

SECRET = os.environ.get(SECRET_ENV_VAR, "")
if not SECRET:
    sys.exit(f"{SECRET_ENV_VAR} is not set: set it to your webhook's signing secret and start again.")

app = FastAPI()


def signature_problem(header, body: bytes):
    """None when the delivery is authentic, else the reason to answer 401."""
    if not header:
        return "Unauthorized: Missing Signature"

    # "t=1700000000,v1=abc..." -- pairs in any order, spaces allowed, several v1, unknown keys ignored.
    t = None
    signatures = []
    for pair in header.split(","):
        if not pair.strip():
            continue
        key, sep, value = pair.partition("=")
        if not sep:
            return "Unauthorized: Invalid Signature Format"
        key, value = key.strip(), value.strip()
        if key == "t" and t is None:
            t = value
        elif key == "v1":
            signatures.append(value)
    if t is None or not signatures:
        return "Unauthorized: Invalid Signature Format"

    # Freshness. Nextmv's docs say t is in milliseconds, its sample handler uses seconds: accept both.
    if not re.fullmatch(r"[0-9]+", t):
        return "Unauthorized: Invalid Time Value"
    t_seconds = int(t) / 1000 if int(t) >= MILLISECONDS_THRESHOLD else int(t)
    now = time.time()
    if not now - MAX_AGE_SECONDS < t_seconds < now + MAX_SKEW_SECONDS:
        return "Unauthorized: Invalid Time Value"

    # HMAC over t exactly as sent and the raw body bytes (never a re-serialised JSON).
    message = t.encode("ascii") + b"." + body
    expected = hmac.new(SECRET.encode("utf-8"), message, hashlib.sha256).hexdigest().encode("ascii")
    if not any(hmac.compare_digest(expected, s.encode("utf-8", "replace")) for s in signatures):
        return "Unauthorized: Invalid signature"
    return None


@app.post(WEBHOOK_PATH)
async def webhook_handler(request: Request):
    body = await request.body()  # the raw bytes, exactly as sent
    problem = signature_problem(request.headers.get("Nextmv-Signature"), body)
    if problem:
        return PlainTextResponse(problem, status_code=401)

    # Authentic: only now parse the JSON. Replace this with your own processing.
    try:
        event = json.loads(body)
    except ValueError:
        return PlainTextResponse("Bad Request: the body is not JSON", status_code=400)
    event = event if isinstance(event, dict) else {}
    data = event.get("data") if isinstance(event.get("data"), dict) else {}
    print(
        f"Webhook received: {event.get('type') or event.get('event_type')}"
        f" run {data.get('run_id')} is {data.get('status_v2')}",
        flush=True,
    )
    return JSONResponse({"message": "Webhook received!"})
