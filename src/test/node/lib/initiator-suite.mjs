// The node as the Noise initiator (wire-v1 §2–§4): one loopback responder per case, each breaking
// one rule on the responder's side (or none). The node under test dials them all (its bootstrap
// list) and must close each faulty link with the code of wire-v1 §6.
import crypto from 'node:crypto';
import http from 'node:http';
import { OP, accept, offeredProtocols } from './websocket.mjs';
import { x25519Generate } from './keys.mjs';
import { createIdentity, encodePayload, identityPayloadObject, nodeIdOf, signStatic, base64url, verifyPayload } from './identity.mjs';
import { Link, SUBPROTOCOL, dial, newHandshake } from './link.mjs';
import { FLAG_FINAL, MAX_CHUNK, plaintext } from './transport.mjs';
import { checkInfo } from './scenarios.mjs';

const EMPTY = Buffer.alloc(0);

/**
 * The cases: message2 (how message 2 is made: 'valid' by default) and after (what the responder
 * does once the link is up), with the outcome expected of the initiator.
 */
function suiteCases({ maxMessage }) {
  return [
    { name: 'conforming responder: the initiator answers node/get_info and node/ping', expected: 'requests answered',
      after: 'probe' },
    { name: 'responder other than the pinned node id', expected: 'close 4001', pinWrongId: true },
    { name: 'bad signature in message 2', expected: 'close 4001', payload: (o, id) => ({ ...o, sig: base64url(signStatic(id, x25519Generate().publicRaw)) }) },
    { name: 'v = 2 in message 2', expected: 'close 4001', payload: (o) => ({ ...o, v: 2 }) },
    { name: 'missing member sig in message 2', expected: 'close 4001', payload: ({ sig, ...o }) => o },
    { name: 'text message instead of message 2', expected: 'close 1003', message2: 'text' },
    { name: 'short message 2 (40 bytes < 32 + 48 + 16)', expected: 'close 4000', message2: 'short' },
    { name: 'undecryptable message 2 (encrypted static key flipped)', expected: 'close 4001', message2: 'flipped' },
    { name: 'low-order ephemeral key in message 2', expected: 'close 4001', message2: 'low-order' },
    { name: 'no message 2 (handshake deadline)', expected: 'close 4004', message2: 'stall' },
    { name: 'tampered transport message from the responder', expected: 'close 4002', after: 'tampered' },
    { name: 'bad flags 0x02 from the responder', expected: 'close 4000', after: 'bad-flags' },
    { name: 'text message after the handshake', expected: 'close 1003', after: 'text' },
    { name: `application message over the limit (${maxMessage + 1} bytes, no FINAL)`, expected: 'close 1009', after: 'over-limit' },
    { name: 'malformed JSON from the responder', expected: 'error -32700 id null', after: 'malformed' },
  ];
}

function message2(c, hs, identity, staticKey) {
  const obj = identityPayloadObject(identity, staticKey.publicRaw, { addrs: [] });
  const m2 = hs.writeMessage(encodePayload(c.payload ? c.payload(obj, identity) : obj));
  if (c.message2 === 'short') return crypto.randomBytes(40);
  if (c.message2 === 'flipped') m2[40] ^= 0x01;
  if (c.message2 === 'low-order') return Buffer.concat([Buffer.alloc(32), m2.subarray(32)]);
  return m2;
}

/** Runs one case on one upgraded connection; resolves with {observed, details}. */
async function serve(c, ws, ctx, identity, staticKey) {
  const details = {};
  const closeOutcome = async () => {
    const closed = await ws.closed;
    return closed.remote ? `close ${closed.code}` : `connection dropped without a close frame (${closed.code})`;
  };
  const m1 = await ws.next(ctx.waitMs);
  if (!m1) return { observed: `closed before message 1 (${(await ws.closed).code})` };
  if (m1.type !== 'binary') return { observed: `message 1 was a ${m1.type} message` };
  const hs = newHandshake(false, staticKey);
  const payload1 = hs.readMessage(m1.data);
  if (payload1.length !== 0) details.message1_payload = `${payload1.length} bytes (wire-v1 §3: MUST be empty)`;
  if (c.message2 === 'stall') {
    const t0 = Date.now();
    const outcome = await closeOutcome();
    return { observed: outcome, details: { ...details, after_ms: Date.now() - t0 } };
  }
  if (c.message2 === 'text') {
    await ws.sendText('not a handshake message');
    return { observed: await closeOutcome(), details };
  }
  await ws.sendBinary(message2(c, hs, identity, staticKey));
  if (c.message2 || c.payload || c.pinWrongId) return { observed: await closeOutcome(), details };
  const m3 = await ws.next(ctx.waitMs);
  if (!m3) return { observed: `closed instead of message 3 (${(await ws.closed).code})`, details };
  let remote;
  try {
    remote = verifyPayload(hs.readMessage(m3.data), hs.rs);
  } catch (e) {
    ws.close(4001, 'bad message 3');
    return { observed: `bad message 3: ${e.message}`, details };
  }
  details.initiator = { node_id: remote.nodeId, addrs: remote.addrs, software: remote.software };
  const link = new Link(ws, hs.result, { local: identity, remote, handshakeHash: hs.handshakeHash() });
  const request = '{"jsonrpc":"2.0","id":"x","method":"node/ping"}';
  switch (c.after) {
    case 'probe': {
      const info = await link.request('node/get_info', undefined, { timeoutMs: ctx.waitMs }).catch((e) => ({ failed: e.message }));
      const ping = await link.request('node/ping', undefined, { timeoutMs: ctx.waitMs }).catch((e) => ({ failed: e.message }));
      const problems = info.failed ? [`get_info: ${info.failed}`] : info.error ? [`get_info error ${info.error.code}`] : checkInfo(info.result, remote);
      if (ping.failed || ping.error || JSON.stringify(ping.result) !== '{}') problems.push(`node/ping: ${JSON.stringify(ping).slice(0, 200)}`);
      details.get_info = info.result;
      ctx.keep.push(link);
      return { observed: problems.length ? problems.join('; ') : 'requests answered', details };
    }
    case 'tampered': {
      const ct = link.encrypt(plaintext(FLAG_FINAL, Buffer.from(request)));
      ct[3] ^= 0x10;
      await link.sendRaw(ct);
      return { observed: await closeOutcome(), details };
    }
    case 'bad-flags':
      await link.sendPlaintext(plaintext(0x02, Buffer.from(request)));
      return { observed: await closeOutcome(), details };
    case 'text':
      await ws.sendText(request);
      return { observed: await closeOutcome(), details };
    case 'over-limit': {
      let sent = 0;
      while (sent <= ctx.maxMessage && !ws.remoteClose && !ws.ended) {
        const n = Math.min(MAX_CHUNK, ctx.maxMessage + 1 - sent);
        await link.sendPlaintext(plaintext(0, Buffer.alloc(n, 0x20)));
        sent += n;
      }
      if (sent <= ctx.maxMessage) return { observed: `closed after only ${sent} bytes (${ws.remoteClose?.code ?? 1006})`, details };
      return { observed: await closeOutcome(), details };
    }
    case 'malformed': {
      const answer = link.waitFor((m) => m.kind === 'response' && m.msg.id === null, ctx.waitMs).catch(() => null);
      await link.sendPlaintext(plaintext(FLAG_FINAL, Buffer.from('{"jsonrpc":')));
      const r = await answer;
      ctx.keep.push(link);
      return { observed: r ? `error ${r.msg.error?.code} id null` : `no response (${link.isOpen ? 'open' : 'closed'})`, details };
    }
    default:
      return { observed: `unknown case step ${c.after}`, details };
  }
}

/**
 * Starts the responders; resolves with {bootstrap, results: Promise<summary>}. bootstrap is the
 * comma-separated `ws://…/mesh#<node id>` list for the node's mesh.bootstrap. Each case records the
 * first connection it gets; later redials are refused with 4003 (refused by policy).
 */
export async function startInitiatorSuite({ waitMs = 30000, maxMessage = 8 * 1024 * 1024, log = () => {} } = {}) {
  const ctx = { waitMs, maxMessage, keep: [] };
  const servers = [];
  const entries = [];
  for (const c of suiteCases({ maxMessage })) {
    const identity = createIdentity();
    const staticKey = x25519Generate();
    let settle;
    const outcome = new Promise((resolve) => { settle = resolve; });
    let taken = false;
    const server = http.createServer((req, res) => res.writeHead(404).end());
    server.on('upgrade', (req, socket, head) => {
      const offered = offeredProtocols(req);
      const ws = accept(req, socket, head, { selectProtocol: (o) => (o.includes(SUBPROTOCOL) ? SUBPROTOCOL : null) });
      if (!ws) {
        if (!taken) {
          taken = true;
          settle({ observed: `upgrade offered ${JSON.stringify(offered)}, not ${SUBPROTOCOL}` });
        }
        return;
      }
      if (taken) {
        ws.close(4003, 'case already ran');
        return;
      }
      taken = true;
      serve(c, ws, ctx, identity, staticKey).then(settle, (e) => settle({ observed: `error: ${e.message}` }));
    });
    await new Promise((r) => server.listen(0, '127.0.0.1', r));
    servers.push(server);
    const pin = c.pinWrongId ? nodeIdOf(crypto.randomBytes(32)) : identity.nodeId;
    const url = `ws://127.0.0.1:${server.address().port}/mesh`;
    entries.push({ c, url, pin, outcome });
  }
  const timeout = (ms) => new Promise((r) => setTimeout(() => r({ observed: `not dialed or no outcome within ${ms} ms` }), ms));
  const results = (async () => {
    const cases = [];
    await Promise.all(entries.map(async ({ c, url, outcome }) => {
      const r = await Promise.race([outcome, timeout(waitMs * 2)]);
      const entry = { name: c.name, url, expected: c.expected, observed: r.observed, pass: r.observed === c.expected };
      if (r.details && Object.keys(r.details).length) entry.details = r.details;
      if (r.details?.message1_payload) entry.pass = false;
      log(`${entry.pass ? 'PASS' : 'FAIL'} ${c.name}: expected ${c.expected}; observed ${r.observed}`);
      cases.push(entry);
    }));
    for (const link of ctx.keep) await link.close(1000);
    for (const s of servers) {
      s.closeAllConnections?.();
      s.close();
    }
    cases.sort((a, b) => entries.findIndex((e) => e.c.name === a.name) - entries.findIndex((e) => e.c.name === b.name));
    const passed = cases.filter((x) => x.pass).length;
    return { scenario: 'initiator', passed, failed: cases.length - passed, cases };
  })();
  return { bootstrap: entries.map((e) => `${e.url}#${e.pin}`).join(','), results };
}

/**
 * Dials every `url#node-id` of a bootstrap list as a conforming initiator would (the self-test's
 * stand-in for a node); resolves once every dial has ended or produced a link.
 */
export async function dialBootstrap(bootstrap, { identity = createIdentity(), handshakeDeadlineMs = 10000, maxMessage, onRequest } = {}) {
  const links = [];
  await Promise.all(bootstrap.split(',').map(async (entry) => {
    const [url, pin] = entry.split('#');
    try {
      links.push(await dial(url, { identity, expectedNodeId: pin ?? null, timeoutMs: handshakeDeadlineMs, maxMessage, onRequest }));
    } catch {
      // the case's responder records how the dial ended
    }
  }));
  return links;
}
