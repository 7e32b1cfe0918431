// Cross-origin calls from a real browser (Debian's Chromium): two pages,
// each on its own origin (a Node server on its own port), call a real
// `idmatch serve` whose cors_allowed_origins lists the first only. The
// listed page's fetch() gets the decision and can read X-Request-Id and
// error bodies, and the AWS SDK for JavaScript in it (bundled by esbuild)
// gets CompareFaces' answer and its error classes; the other page's calls
// are blocked by the browser.
// Usage (see run_cors_e2e.sh):
//   node cors_e2e.mjs IDMATCH DATA_DIR API_KEY SELFIE ID_PHOTO SDK_BUNDLE AWS_KEY_ID AWS_SECRET
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { once } from 'node:events';
import { check, finish, launchChromium } from './lib.mjs';

const [bin, dataDir, apiKey, selfie, idPhoto, sdkBundle, awsKeyId, awsSecret] = process.argv.slice(2);
const sdk = readFileSync(sdkBundle);

// A page with the SDK bundle on it: the test's script runs in its origin.
async function pageServer() {
  const server = createServer((req, res) => {
    if (req.url === '/rekognition-sdk.js') {
      res.writeHead(200, { 'Content-Type': 'text/javascript' });
      res.end(sdk);
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end('<!doctype html><title>onboarding</title><script src="/rekognition-sdk.js"></script>');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, origin: `http://127.0.0.1:${server.address().port}` };
}

const allowed = await pageServer();
const other = await pageServer();
const idmatch = spawn(bin, ['serve', '--port', '0', '--data-dir', dataDir, '--cors-allowed-origins', allowed.origin],
                      { stdio: ['ignore', 'pipe', 'ignore'] });
let endpoint = '';
let out = '';
idmatch.stdout.on('data', (d) => { out += d; });
for (let i = 0; i < 600 && !endpoint; i++) {
  const m = /idmatch listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
  if (m) endpoint = m[1];
  else await new Promise((r) => setTimeout(r, 100));
}
check(endpoint !== '', `idmatch started (${endpoint || out})`);

// The page's code: what an onboarding app would write.
async function callFrom(page, body, headers) {
  return page.evaluate(async ({ url, body, headers }) => {
    try {
      const r = await fetch(url, { method: 'POST', headers, body });
      return { status: r.status, requestId: r.headers.get('X-Request-Id'), json: await r.json() };
    } catch (e) {
      return { error: String(e) };
    }
  }, { url: `${endpoint}/v1/compare`, body, headers });
}

// The SDK in the page, as the page's code would call it (images as bytes).
async function sdkCompareFrom(page, source, target, secret = awsSecret) {
  return page.evaluate(async ({ url, creds, source, target }) => {
    const bytes = (b64) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    try {
      return await window.rekognitionCompare(url, creds, bytes(source), bytes(target));
    } catch (e) {
      return { thrown: String(e) };
    }
  }, { url: endpoint, creds: { accessKeyId: awsKeyId, secretAccessKey: secret }, source, target });
}

const browser = await launchChromium();
try {
  const body = JSON.stringify({ source: readFileSync(selfie).toString('base64'),
                                target: readFileSync(idPhoto).toString('base64') });
  const json = { 'Content-Type': 'application/json' };
  const page = await browser.newPage();
  await page.goto(`${allowed.origin}/`);
  const answer = await callFrom(page, body, { ...json, 'x-api-key': apiKey });
  check(answer.status === 200 && answer.json.match === true && answer.json.similarity >= 80,
        `listed origin: 200 and a match (${JSON.stringify(answer).slice(0, 200)})`);
  check(/^req_[0-9a-f]{24}$/.test(answer.requestId || ''), `listed origin: X-Request-Id readable (${answer.requestId})`);
  const refused = await callFrom(page, body, json);
  check(refused.status === 401 && refused.json.error.code === 'UNAUTHENTICATED' &&
        refused.requestId === refused.json.error.request_id,
        `listed origin: an error's code and request id are readable (${JSON.stringify(refused).slice(0, 200)})`);

  const [selfieB64, idB64] = [selfie, idPhoto].map((f) => readFileSync(f).toString('base64'));
  const viaSdk = await sdkCompareFrom(page, selfieB64, idB64);
  check(viaSdk.matches === 1 && viaSdk.similarity >= 80 && /^req_/.test(viaSdk.requestId || ''),
        `listed origin, AWS SDK in the page: CompareFaces matches (${JSON.stringify(viaSdk)})`);
  const wrong = await sdkCompareFrom(page, selfieB64, idB64, awsSecret.slice(0, -1) + (awsSecret.endsWith('A') ? 'B' : 'A'));
  check(wrong.error === 'InvalidSignatureException',
        `listed origin, AWS SDK in the page: a wrong secret is the SDK's InvalidSignatureException (${JSON.stringify(wrong)})`);

  const stranger = await browser.newPage();
  await stranger.goto(`${other.origin}/`);
  const blocked = await callFrom(stranger, body, { ...json, 'x-api-key': apiKey });
  check(blocked.error !== undefined && blocked.status === undefined,
        `unlisted origin: the browser blocks the call (${JSON.stringify(blocked).slice(0, 200)})`);
  const blockedSdk = await sdkCompareFrom(stranger, selfieB64, idB64);
  check(blockedSdk.matches === undefined && (blockedSdk.error !== undefined || blockedSdk.thrown !== undefined),
        `unlisted origin: the browser blocks the SDK's call (${JSON.stringify(blockedSdk).slice(0, 200)})`);
} finally {
  await browser.close();
  idmatch.kill('SIGTERM');
  allowed.server.close();
  other.server.close();
}
finish('web_cors_e2e');
