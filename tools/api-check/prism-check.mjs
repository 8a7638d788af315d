// Live answers of the real reference server checked against docs/api/openapi.yaml by Prism's
// validating proxy (`prism proxy --errors`): seeds a city, starts clerkdesk-server on loopback and
// two proxies in front of it, sends good and bad calls, and fails on any response violation.
//   strict:    --errors, requests validated too (good calls, and bad ones the contract allows)
//   forwarding: --errors --validate-request=false (calls the contract forbids reach the server;
//               its answers are still validated)
// Against vacuous passes: every call must have been answered by the server (not by Prism), the
// number of calls is checked, and a third proxy with a deliberately broken contract must report a
// violation for a call the real contract accepts.
// Usage: node prism-check.mjs OPENAPI.yaml CLERKDESK_SERVER WORKDIR
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [specPath, serverBinary, workDir] = process.argv.slice(2);
if (!specPath || !serverBinary || !workDir) {
  console.error('usage: node prism-check.mjs OPENAPI.yaml CLERKDESK_SERVER WORKDIR');
  process.exit(2);
}
const here = dirname(fileURLToPath(import.meta.url));
const prismBin = join(here, 'node_modules', '.bin', 'prism');
const children = [];
const failures = [];
const fail = (m) => { failures.push(m); console.error(`FAIL ${m}`); };
const env = { ...process.env, CLERKDESK_SERVER_KEY: 'prism-check-key-0123456789', NO_COLOR: '1' };

const cleanup = () => { for (const c of children) if (c.exitCode === null) c.kill('SIGTERM'); };
process.on('exit', cleanup);
const deadline = setTimeout(() => { console.error('prism-check: timed out'); cleanup(); process.exit(1); }, 240000);

const freePort = () => new Promise((resolve) => {
  const s = createServer();
  s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
});

function run(args) {
  return new Promise((resolve, reject) => {
    const p = spawn(serverBinary, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d) => { out += d; });
    p.stderr.on('data', (d) => { out += d; });
    p.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${args.join(' ')}: exit ${code}\n${out}`))));
  });
}

function startServer(dataDir) {
  return new Promise((resolve, reject) => {
    const p = spawn(serverBinary, ['serve', '--data', dataDir, '--listen', '127.0.0.1', '--port', '0'], { env });
    children.push(p);
    let out = '';
    p.stderr.on('data', (d) => process.stderr.write(`[server] ${d}`));
    p.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on 127\.0\.0\.1:(\d+)/);
      if (m) resolve(Number(m[1]));
    });
    p.on('exit', (code) => reject(new Error(`clerkdesk-server exited with ${code}: ${out}`)));
  });
}

async function startPrism(name, spec, upstream, extra) {
  const port = await freePort();
  const p = spawn(prismBin, ['proxy', spec, upstream, '--host', '127.0.0.1', '--port', String(port), ...extra],
    { env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(p);
  let log = '';
  p.stdout.on('data', (d) => { log += d; });
  p.stderr.on('data', (d) => { log += d; });
  p.on('exit', (code) => { if (code) console.error(`[prism ${name}] exited ${code}\n${log}`); });
  for (let i = 0; i < 300; ++i) {
    try {
      await fetch(`http://127.0.0.1:${port}/v1/health`);
      return { name, base: `http://127.0.0.1:${port}`, log: () => log };
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`prism ${name} did not start:\n${log}`);
}

// One call through a proxy; returns the answer after checking it for response violations.
let calls = 0;
async function call(proxy, name, { method = 'GET', path, token, headers = {}, body, type, expect, expectBroken = false }) {
  const h = { ...headers };
  if (token) h.Authorization = `Bearer ${token}`;
  if (type) h['Content-Type'] = type;
  if (body !== undefined && typeof body !== 'string' && !(body instanceof Uint8Array)) body = JSON.stringify(body);
  const r = await fetch(proxy.base + path, { method, headers: h, body });
  const bytes = new Uint8Array(await r.arrayBuffer());
  const text = new TextDecoder().decode(bytes);
  ++calls;
  const what = `${proxy.name}: ${name} (${method} ${path}) -> ${r.status}`;
  const violations = JSON.parse(r.headers.get('sl-violations') || '[]');
  const responseViolations = violations.filter((v) => v.location && v.location[0] === 'response');
  const broken = text.includes('stoplight.io/prism/errors#VIOLATIONS') || responseViolations.length > 0;
  if (expectBroken) {
    if (broken) console.log(`ok ${what}: Prism reports the answer against a deliberately broken contract`);
    else fail(`${what}: Prism did not notice an answer that breaks the contract: the check would pass vacuously`);
  } else if (text.includes('stoplight.io/prism/errors') || responseViolations.length)
    fail(`${what}: the answer breaks the contract (or Prism refused the call): ${text.slice(0, 600)} ${JSON.stringify(responseViolations)}`);
  // The server's answers carry nosniff; an answer without it was made by Prism, not the server.
  else if (r.headers.get('x-content-type-options') !== 'nosniff')
    fail(`${what}: not answered by the server: ${text.slice(0, 300)}`);
  else if (expect !== undefined && r.status !== expect)
    fail(`${what}: expected ${expect}: ${text.slice(0, 300)}`);
  else
    console.log(`ok ${what}${violations.length ? ` (request violations, as intended: ${violations.length})` : ''}`);
  return { status: r.status, headers: r.headers, bytes, text, json: () => JSON.parse(text) };
}

const multipart = (parts) => {
  const chunks = [];
  for (const p of parts) {
    chunks.push(Buffer.from(`--XyZ\r\nContent-Disposition: form-data; name="${p.name}"` +
      (p.filename ? `; filename="${p.filename}"` : '') + `\r\nContent-Type: ${p.type}\r\n\r\n`));
    chunks.push(Buffer.from(p.data));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from('--XyZ--\r\n'));
  return new Uint8Array(Buffer.concat(chunks));
};

async function main() {
  rmSync(workDir, { recursive: true, force: true });
  const dataDir = join(workDir, 'data');
  mkdirSync(dataDir, { recursive: true });
  await run(['seed', '--data', dataDir, '--requests', '12']);
  const port = await startServer(dataDir);
  const upstream = `http://127.0.0.1:${port}`;
  // A copy of the contract broken once: health must carry a property the server never sends.
  const broken = join(workDir, 'broken.yaml');
  writeFileSync(broken, readFileSync(specPath, 'utf8').replace(
    /(\n {4}Health:\n {6}type: object\n {6}required: \[)/, '$1never_sent, '));
  if (readFileSync(broken, 'utf8') === readFileSync(specPath, 'utf8')) throw new Error('could not break the contract copy');
  const [strict, forwarding, breaking] = await Promise.all([
    startPrism('strict', specPath, upstream, ['--errors']),
    startPrism('forwarding', specPath, upstream, ['--errors', '--validate-request=false']),
    startPrism('broken-contract', broken, upstream, ['--errors']),
  ]);

  const signIn = async (login) => (await call(strict, `sign in ${login}`, {
    method: 'POST', path: '/v1/auth/token', type: 'application/json', body: { login, password: 'demo' }, expect: 200,
  })).json().token;
  const admin = await signIn('admin');
  const portal = await signIn('portal');

  // Good calls.
  await call(strict, 'health', { path: '/v1/health', expect: 200 });
  await call(strict, 'services', { path: '/v1/services', token: admin, expect: 200 });
  const page = (await call(strict, 'changes', { path: '/v1/changes?limit=50', token: admin, expect: 200 })).json();
  const doc = page.items.find((i) => i.kind === 'document');
  if (!doc) throw new Error('the seeded feed has no document');
  const request = page.items.find((i) => i.kind === 'request');
  const next = (await call(strict, 'changes, next page', { path: `/v1/changes?limit=50&cursor=${page.cursor}`, token: admin, expect: 200 })).json();
  // Every kind of change item must be among the answers Prism checked, or its schema goes unchecked.
  const validatedItems = [...page.items, ...next.items];
  await call(strict, 'mutations, empty batch', {
    method: 'POST', path: '/v1/mutations', token: admin, type: 'application/json', body: { mutations: [] }, expect: 200,
  });
  await call(strict, 'mutation, a note', {
    method: 'POST', path: '/v1/mutations', token: admin, type: 'application/json', expect: 200,
    body: { mutations: [{ mutation_id: 'prism-note-1', kind: 'note', op: 'create', target_id: 'prism-note-1',
      base_version: 0, data: { request_id: request.id, text: 'Rückruf vereinbart' } }] },
  });
  // The note's timeline entry (and whatever else is new) comes in the feed after it.
  const tail = (await call(strict, 'changes after the note', {
    path: `/v1/changes?limit=5000&cursor=${next.cursor || page.cursor}`, token: admin, expect: 200,
  })).json();
  validatedItems.push(...tail.items);
  if (!validatedItems.some((i) => i.kind === 'timeline'))
    fail('no `timeline` change item among the answers Prism validated: its schema went unchecked');
  const content = `/v1/documents/${doc.id}/content`;
  const full = await call(strict, 'download', { path: content, token: admin, expect: 200 });
  if (!full.headers.get('content-type')?.startsWith('application/pdf')) fail(`download served as ${full.headers.get('content-type')}`);
  const ranged = await call(strict, 'download, a range', { path: content, token: admin, headers: { Range: 'bytes=0-99' }, expect: 206 });
  const unchanged = await call(strict, 'download, unchanged', { path: content, token: admin, headers: { 'If-None-Match': full.headers.get('etag') }, expect: 304 });
  // A citizen's document is saved, never rendered on the API's origin.
  for (const [what, r] of [['download', full], ['range', ranged], ['unchanged', unchanged]]) {
    if (!r.headers.get('content-disposition')?.startsWith('attachment; ')) fail(`${what}: not served as an attachment`);
    if (r.headers.get('content-security-policy') !== "sandbox; default-src 'none'") fail(`${what}: no sandbox policy`);
  }
  // Intake goes through the forwarding proxy: Prism reads multipart parts as strings and cannot
  // check the JSON part or a single attachment against the schema; the answers are checked all the same.
  const filed = await call(forwarding, 'intake with a PDF attachment', {
    method: 'POST', path: '/v1/intake', token: portal, type: 'multipart/form-data; boundary=XyZ', expect: 201,
    body: multipart([
      { name: 'request', type: 'application/json', data: JSON.stringify({ service_id: 'bewohnerparken',
        applicant: { name: 'Prism Prüferin' }, form: { zone: 'S-Ost 2', plate: 'S-PP 1', holder: 'Prism Prüferin',
          valid_from: '2027-01-01', months: 12 } }) },
      // (ASCII only: Prism forwards a multipart body as text and would mangle binary bytes.)
      { name: 'attachment', filename: 'scan.pdf', type: 'application/pdf', data: '%PDF-1.4\n%%EOF\n' },
    ]),
  });
  await call(strict, 'sign out', { method: 'DELETE', path: '/v1/auth/token', token: await signIn('admin'), expect: 204 });

  // Bad calls the contract allows as requests.
  await call(strict, 'wrong token', { path: '/v1/services', token: 'x'.repeat(43), expect: 401 });
  await call(strict, 'wrong token, download', { path: content, token: 'x'.repeat(43), expect: 401 });
  await call(strict, 'wrong password', { method: 'POST', path: '/v1/auth/token', type: 'application/json', body: { login: 'admin', password: 'falsch' }, expect: 401 });
  await call(strict, 'unknown document', { path: '/v1/documents/no-such-document/content', token: admin, expect: 404 });
  await call(strict, 'range outside', { path: content, token: admin, headers: { Range: 'bytes=999999999-' }, expect: 416 });
  await call(strict, 'bad cursor', { path: '/v1/changes?cursor=YWJj', token: admin, expect: 400 });
  await call(strict, 'intake account reads the feed', { path: '/v1/changes', token: portal, expect: 403 });
  // Live updates: the refusals (a stream that opens stays open, which a proxy that reads whole answers
  // cannot check; tst_live_events reads streams over a socket).
  await call(strict, 'wrong token, live updates', { path: '/v1/events', token: 'x'.repeat(43), expect: 401 });
  await call(strict, 'bad cursor, live updates', { path: '/v1/events?cursor=YWJj', token: admin, expect: 400 });
  await call(strict, 'intake account asks for live updates', { path: '/v1/events', token: portal, expect: 403 });
  await call(forwarding, 'intake with an unknown token', {
    method: 'POST', path: '/v1/intake', token: 'y'.repeat(43), type: 'multipart/form-data; boundary=XyZ',
    body: multipart([{ name: 'request', type: 'application/json', data: '{}' }]), expect: 401,
  });
  await call(forwarding, 'attachment of a refused type', {
    method: 'POST', path: '/v1/intake', token: portal, type: 'multipart/form-data; boundary=XyZ', expect: 415,
    body: multipart([{ name: 'request', type: 'application/json', data: '{}' },
      { name: 'attachment', filename: 'x.html', type: 'text/html', data: '<script>alert(1)</script>' }]),
  });
  await call(forwarding, 'attachment mislabelled', {
    method: 'POST', path: '/v1/intake', token: portal, type: 'multipart/form-data; boundary=XyZ', expect: 422,
    body: multipart([{ name: 'request', type: 'application/json', data: '{}' },
      { name: 'attachment', filename: 'x.pdf', type: 'application/pdf', data: 'MZ not a pdf' }]),
  });

  // Bad calls the contract forbids: they reach the server through the forwarding proxy. (JSON that
  // does not parse never does: Prism parses JSON bodies itself and answers such a call on its own;
  // tst_server_api and tst_server_edges send it to the server directly.)
  // (A call without a token never reaches the server: Prism answers it itself, even when forwarding.)
  await call(forwarding, 'JSON that is not an object', { method: 'POST', path: '/v1/mutations', token: admin, type: 'application/json', body: '[1,2,3]', expect: 400 });
  await call(forwarding, 'mutations not a list', { method: 'POST', path: '/v1/mutations', token: admin, type: 'application/json', body: { mutations: 5 }, expect: 422 });
  await call(forwarding, 'not JSON at all', { method: 'POST', path: '/v1/mutations', token: admin, type: 'text/plain', body: '{"mutations": [', expect: 415 });
  await call(forwarding, 'sign-in without a password', { method: 'POST', path: '/v1/auth/token', type: 'application/json', body: { login: 'admin' }, expect: 400 });
  await call(forwarding, 'oversize sign-in', { method: 'POST', path: '/v1/auth/token', type: 'application/json', body: { login: 'a'.repeat(100000), password: 'x' }, expect: 413 });
  await call(forwarding, 'id outside the pattern', { path: '/v1/documents/a..b/content', token: admin, expect: 404 });
  await call(forwarding, 'limit below 1', { path: '/v1/changes?limit=0', token: admin, expect: 400 });

  // The broken contract must be noticed: Prism really validates.
  await call(breaking, 'health', { path: '/v1/health', expectBroken: true });

  const expectedCalls = 36;
  if (calls !== expectedCalls) fail(`made ${calls} calls, expected ${expectedCalls}`);
  if (!filed.json().id) fail('intake filed nothing');
  console.log(`${calls} calls through Prism, ${failures.length} failures`);
}

main().then(() => {
  clearTimeout(deadline);
  cleanup();
  process.exit(failures.length ? 1 : 0);
}, (e) => {
  console.error(e.stack || e);
  cleanup();
  process.exit(1);
});
