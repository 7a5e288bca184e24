// Nextmv webhook handler: Node.js + Express, verifying the raw request body.
//
// Receives Nextmv Cloud webhook deliveries (POST, JSON body) and accepts only those whose
// Nextmv-Signature header proves they were signed with your webhook's signing secret.
//
// Install: npm install express
// Run:     NEXTMV_WEBHOOK_SECRET='<signing secret>' node handler.mjs      (Node.js 18 or later)
// Env:     NEXTMV_WEBHOOK_SECRET  the webhook's signing secret (required; never write it into this file)
//          PORT                   the port to listen on (default 8000)
// Serves:  POST /webhookhandler
//
// Signature: Nextmv-Signature: t=<timestamp>,v1=<hex> where
//   v1 = hex(HMAC-SHA256(key = secret, message = t exactly as sent + "." + raw body bytes)).
// Do NOT put express.json() in front of this route: the signature covers the exact bytes sent,
// and a parsed-then-re-serialised body no longer matches.

import { createHmac, timingSafeEqual } from 'node:crypto';
import express from 'express';

// ---- Settings: adapt these ------------------------------------------------------------------
const WEBHOOK_PATH = '/webhookhandler'; // [template:path] the URL path Nextmv posts deliveries to
const SECRET_ENV_VAR = 'NEXTMV_WEBHOOK_SECRET'; // [template:env] env var holding the signing secret
const PORT = Number(process.env.PORT || 8000);
const MAX_AGE_SECONDS = 300; // refuse deliveries signed more than 5 minutes ago (replays)...
const MAX_SKEW_SECONDS = 60; // ...or more than 1 minute in the future (clock skew)
const MILLISECONDS_THRESHOLD = 1e11; // t at or above this is in milliseconds, below it in seconds

const SECRET = process.env[SECRET_ENV_VAR];
if (!SECRET) {
  console.error(`${SECRET_ENV_VAR} is not set: set it to your webhook's signing secret and start again.`);
  process.exit(1);
}

/** Returns null when the delivery is authentic, else the reason to answer 401. */
function signatureProblem(header, body) {
  if (!header) return 'Unauthorized: Missing Signature';

  // "t=1700000000,v1=abc..." -- pairs in any order, spaces allowed, several v1, unknown keys ignored.
  let t;
  const signatures = [];
  for (const pair of header.split(',')) {
    if (!pair.trim()) continue;
    const eq = pair.indexOf('=');
    if (eq < 0) return 'Unauthorized: Invalid Signature Format';
    const key = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    if (key === 't' && t === undefined) t = value;
    else if (key === 'v1') signatures.push(value);
  }
  if (t === undefined || signatures.length === 0) return 'Unauthorized: Invalid Signature Format';

  // Freshness. Nextmv's docs say t is in milliseconds, its sample handler uses seconds: accept both.
  if (!/^[0-9]+$/.test(t)) return 'Unauthorized: Invalid Time Value';
  const tSeconds = Number(t) >= MILLISECONDS_THRESHOLD ? Number(t) / 1000 : Number(t);
  const now = Date.now() / 1000;
  if (!(now - MAX_AGE_SECONDS < tSeconds && tSeconds < now + MAX_SKEW_SECONDS)) return 'Unauthorized: Invalid Time Value';

  // HMAC over t exactly as sent and the raw body bytes (never a re-serialised JSON).
  const expected = Buffer.from(createHmac('sha256', SECRET).update(`${t}.`).update(body).digest('hex'));
  const matches = (signature) => {
    const given = Buffer.from(signature);
    return given.length === expected.length && timingSafeEqual(given, expected);
  };
  if (!signatures.some(matches)) return 'Unauthorized: Invalid signature';
  return null;
}

const app = express();
app.disable('x-powered-by');

// express.raw keeps the body as a Buffer of the exact bytes sent, whatever the Content-Type.
app.post(WEBHOOK_PATH, express.raw({ type: '*/*', limit: '1mb' }), (req, res) => {
  const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0); // no body: req.body is undefined
  const problem = signatureProblem(req.get('Nextmv-Signature'), body);
  if (problem) return res.status(401).type('text/plain').send(problem);

  // Authentic: only now parse the JSON. Replace this with your own processing.
  let event;
  try {
    event = JSON.parse(body.toString('utf8'));
  } catch {
    return res.status(400).type('text/plain').send('Bad Request: the body is not JSON');
  }
  console.log(`Webhook received: ${event?.type ?? event?.event_type} run ${event?.data?.run_id} is ${event?.data?.status_v2}`);
  res.json({ message: 'Webhook received!' });
});

app.listen(PORT, (error) => {
  if (error) throw error; // e.g. the port is in use (Express 5 reports it here)
  console.log(`Listening on http://localhost:${PORT}${WEBHOOK_PATH}`);
});
