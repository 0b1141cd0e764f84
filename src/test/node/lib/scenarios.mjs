// The peer's scenarios against a node: `handshake` (wire-v1 §2–§5 happy path) and `hostile`
// (each rule of §2–§6 broken on a fresh connection, with one healthy link checked after every case).
import crypto from 'node:crypto';
import { OP, connect, encodeFrame } from './websocket.mjs';
import { x25519Generate } from './keys.mjs';
import { ED25519_L, signatureS } from './keys.mjs';
import { createIdentity, base64url, decodeBase64url, encodePayload, identityPayloadObject, isNodeId, nodeIdOf, signStatic, verifyPayload } from './identity.mjs';
import { Link, SUBPROTOCOL, dial, newHandshake } from './link.mjs';
import { CODE, nodeRequestHandler } from './jsonrpc.mjs';
import { DEFAULT_MAX_MESSAGE, FLAG_FINAL, MAX_CHUNK, plaintext } from './transport.mjs';

const EMPTY = Buffer.alloc(0);

/** The requests a peer answers: it hosts nothing, so only node/ping and node/get_info. */
export function peerRequestHandler(identity) {
  const started = Date.now();
  return nodeRequestHandler(identity.nodeId, {
    ping: () => ({}),
    get_info: () => ({ node_id: identity.nodeId, identity: base64url(identity.publicRaw), addrs: [], agents: [],
      software: 'agentmesh-interop-js/0.1.0', uptime_ms: Date.now() - started }),
  });
}

function withTimeout(promise, ms, onTimeout) {
  let timer;
  return Promise.race([promise, new Promise((resolve) => { timer = setTimeout(() => resolve(onTimeout), ms); })])
    .finally(() => clearTimeout(timer));
}

function describeResponse(r) {
  if (!r) return 'no response';
  if (r.error) return `error ${r.error.code} id ${JSON.stringify(r.id)}`;
  return `result ${JSON.stringify(r.result)} id ${JSON.stringify(r.id)}`;
}

/** Problems with a node/get_info result (wire-v1 §5.4), given what the handshake proved. */
export function checkInfo(info, remote) {
  const problems = [];
  if (!info || typeof info !== 'object') return ['result is not an object'];
  if (info.node_id !== remote.nodeId) problems.push(`node_id ${info.node_id} is not the handshake's ${remote.nodeId}`);
  if (info.identity !== base64url(remote.identity)) problems.push('identity differs from the identity payload');
  if (!Array.isArray(info.addrs) || !info.addrs.every((a) => typeof a === 'string')) problems.push('addrs is not an array of strings');
  if (!Array.isArray(info.agents) || !info.agents.every((a) => typeof a === 'string')) problems.push('agents is not an array of strings');
  if (typeof info.software !== 'string') problems.push('software is not a string');
  if (typeof info.uptime_ms !== 'number' || info.uptime_ms < 0) problems.push('uptime_ms is not a non-negative number');
  return problems;
}

/** `handshake <url> [expected-node-id]`: handshake, identity checks, node/get_info and node/ping. */
export async function runHandshake(url, { expectedNodeId = null, timeoutMs = 10000, log = () => {} } = {}) {
  const identity = createIdentity();
  const out = { scenario: 'handshake', url, ok: false, peer_node_id: identity.nodeId };
  let link;
  try {
    link = await dial(url, { identity, expectedNodeId, timeoutMs, onRequest: peerRequestHandler(identity), log });
    Object.assign(out, { node_id: link.remote.nodeId, software: link.remote.software, addrs: link.remote.addrs,
      handshake_hash: link.handshakeHash.toString('hex') });
    const info = await link.request('node/get_info', undefined, { timeoutMs });
    out.get_info = info.result ?? info;
    const problems = info.error ? [`get_info answered ${describeResponse(info)}`] : checkInfo(info.result, link.remote);
    const ping = await link.request('node/ping', undefined, { timeoutMs });
    out.ping = ping.result ?? ping;
    if (ping.error || JSON.stringify(ping.result) !== '{}') problems.push(`node/ping answered ${describeResponse(ping)}`);
    out.problems = problems;
    out.ok = problems.length === 0;
  } catch (e) {
    out.error = e.message;
    if (e.closeCode) out.close_code = e.closeCode;
    if (e.status) out.http_status = e.status;
  } finally {
    if (link) out.close = await withTimeout(link.close(1000, 'done').then((c) => c.code), timeoutMs, 'timeout');
  }
  return out;
}

/** Context shared by the hostile cases. */
class Hostile {
  constructor(url, { handshakeDeadlineMs, maxMessage, closeWaitMs, timeoutMs, log }) {
    Object.assign(this, { url, handshakeDeadlineMs, maxMessage, closeWaitMs, timeoutMs, log });
    this.nodeId = null;
    this.agents = [];
    this.echoAgent = null;
  }

  /** A fresh WebSocket offering agentmesh.v1. */
  async open() {
    const up = await connect(this.url, { protocols: [SUBPROTOCOL], timeoutMs: this.timeoutMs });
    if (!up.ok) throw new Error(`upgrade refused with HTTP ${up.status}`);
    return up.ws;
  }

  /** How the node ended ws: 'close <code>' or 'open after <ms> ms'. */
  async closeOutcome(ws, waitMs = this.closeWaitMs) {
    const c = await withTimeout(ws.closed, waitMs, null);
    if (c) return `close ${c.code}`;
    ws.destroy();
    return `still open after ${waitMs} ms`;
  }

  /** Messages 1 and 2 of the handshake with a fresh static key; verifies the node's payload. */
  async toMessage3(ws, staticKey = x25519Generate()) {
    const hs = newHandshake(true, staticKey);
    await ws.sendBinary(hs.writeMessage(EMPTY));
    const m2 = await ws.next(this.timeoutMs);
    if (!m2) throw new Error(`node closed instead of sending message 2 (${(await ws.closed).code})`);
    const remote = verifyPayload(hs.readMessage(m2.data), hs.rs);
    this.nodeId ??= remote.nodeId;
    return { hs, remote, staticKey };
  }

  /** Completes a handshake whose message 3 carries payloadBytes; returns the close outcome. */
  async message3Outcome(makePayload, { staticKey } = {}) {
    const ws = await this.open();
    const { hs } = await this.toMessage3(ws, staticKey);
    await ws.sendBinary(hs.writeMessage(makePayload(hs.s.publicRaw)));
    return this.closeOutcome(ws);
  }

  /** A full, valid handshake on a fresh connection: the Link. */
  dial(extra = {}) {
    const identity = createIdentity();
    return dial(this.url, { identity, timeoutMs: this.timeoutMs, onRequest: peerRequestHandler(identity), log: this.log, ...extra });
  }

  /** Does this link still answer node/ping? */
  async pingOutcome(link) {
    try {
      const r = await link.request('node/ping', undefined, { timeoutMs: this.timeoutMs });
      return r.error ? `ping ${describeResponse(r)}` : 'ping ok';
    } catch (e) {
      return `ping failed: ${e.message}`;
    }
  }

  /** Sends raw application bytes as one message with id-less outcome: the response, then whether the link lives. */
  async invalidMessageOutcome(bytes, responsePredicate) {
    const link = await this.dial();
    const answer = link.waitFor((c) => c.kind === 'response' && responsePredicate(c.msg), this.timeoutMs).catch(() => null);
    await link.sendBytes(bytes);
    const r = await answer;
    const observed = r ? describeResponse(r.msg) : `no response (${link.isOpen ? 'link open' : `closed ${(await link.closed).code}`})`;
    const kept = await this.pingOutcome(link);
    await link.close(1000);
    return `${observed}; ${kept === 'ping ok' ? 'link kept' : kept}`;
  }

  /** Polls condition every 20 ms until it holds (true) or timeoutMs passes (false). */
  async until(condition) {
    const end = Date.now() + this.timeoutMs;
    while (!condition()) {
      if (Date.now() > end) return false;
      await new Promise((r) => setTimeout(r, 20));
    }
    return true;
  }

  async requestOutcome(method, params, check = (r) => JSON.stringify(r) === '{}') {
    const link = await this.dial();
    try {
      const r = await link.request(method, params, { timeoutMs: this.timeoutMs });
      if (r.error) return `error ${r.error.code}`;
      return check(r.result, link) ? 'ok' : `unexpected result ${JSON.stringify(r.result).slice(0, 300)}`;
    } finally {
      await link.close(1000);
    }
  }
}

function tamperedSig(identity, staticPub) {
  const sig = signStatic(identity, staticPub);
  const s = signatureS(sig) + ED25519_L;
  for (let i = 0; i < 32; i++) sig[32 + i] = Number((s >> BigInt(8 * i)) & 0xffn);
  return sig;
}

/** The list of hostile cases: {name, expected, run(ctx) => observed}. */
function cases(ctx) {
  const payloadCase = (name, mutate, expected = 'close 4001') => ({
    name, expected,
    run: () => ctx.message3Outcome((staticPub) => {
      const identity = createIdentity();
      const obj = identityPayloadObject(identity, staticPub);
      return Buffer.isBuffer(mutate) ? mutate : encodePayload(mutate(obj, identity, staticPub));
    }),
  });
  const closeAfterHandshake = (name, expected, act) => ({
    name, expected,
    run: async () => {
      const link = await ctx.dial();
      await act(link);
      return ctx.closeOutcome(link.ws);
    },
  });
  const limit = ctx.maxMessage;
  return [
    { name: 'upgrade without a subprotocol', expected: 'HTTP 400',
      run: async () => {
        const up = await connect(ctx.url, { protocols: [], timeoutMs: ctx.timeoutMs });
        if (up.ok) up.ws.destroy();
        return `HTTP ${up.status}`;
      } },
    { name: 'upgrade offering only agentmesh.v2', expected: 'HTTP 400',
      run: async () => {
        const up = await connect(ctx.url, { protocols: ['agentmesh.v2'], timeoutMs: ctx.timeoutMs });
        if (up.ok) up.ws.destroy();
        return `HTTP ${up.status}`;
      } },
    { name: 'upgrade with agentmesh.v1 selects it', expected: 'HTTP 101 agentmesh.v1',
      run: async () => {
        const up = await connect(ctx.url, { protocols: ['x-other', SUBPROTOCOL], timeoutMs: ctx.timeoutMs });
        if (up.ok) up.ws.destroy();
        return up.ok ? `HTTP 101 ${up.protocol}` : `HTTP ${up.status}`;
      } },
    { name: 'text message before the handshake', expected: 'close 1003',
      run: async () => {
        const ws = await ctx.open();
        await ws.sendText('hello');
        return ctx.closeOutcome(ws);
      } },
    { name: 'empty message 1 (0 bytes)', expected: 'close 4000',
      run: async () => {
        const ws = await ctx.open();
        await ws.sendBinary(EMPTY);
        return ctx.closeOutcome(ws);
      } },
    { name: 'short message 1 (31 bytes)', expected: 'close 4000',
      run: async () => {
        const ws = await ctx.open();
        await ws.sendBinary(crypto.randomBytes(31));
        return ctx.closeOutcome(ws);
      } },
    { name: 'garbage message 1 (5 bytes)', expected: 'close 4000',
      run: async () => {
        const ws = await ctx.open();
        await ws.sendBinary(Buffer.from('hello'));
        return ctx.closeOutcome(ws);
      } },
    { name: 'low-order ephemeral key in message 1 (all zeros)', expected: 'close 4001',
      run: async () => {
        const ws = await ctx.open();
        await ws.sendBinary(Buffer.alloc(32));
        return ctx.closeOutcome(ws);
      } },
    { name: 'non-empty message 1 payload is ignored', expected: 'handshake ok, ping ok',
      run: async () => {
        const ws = await ctx.open();
        const identity = createIdentity();
        const staticKey = x25519Generate();
        const hs = newHandshake(true, staticKey);
        await ws.sendBinary(hs.writeMessage(Buffer.from('ignore me')));
        const m2 = await ws.next(ctx.timeoutMs);
        if (!m2) return `close ${(await ws.closed).code}`;
        const remote = verifyPayload(hs.readMessage(m2.data), hs.rs);
        await ws.sendBinary(hs.writeMessage(encodePayload(identityPayloadObject(identity, staticKey.publicRaw))));
        const link = new Link(ws, hs.result, { local: identity, remote, handshakeHash: hs.handshakeHash() });
        const ping = await ctx.pingOutcome(link);
        await link.close(1000);
        return `handshake ok, ${ping}`;
      } },
    { name: 'text message after message 2', expected: 'close 1003',
      run: async () => {
        const ws = await ctx.open();
        await ctx.toMessage3(ws);
        await ws.sendText('{"jsonrpc":"2.0","id":1,"method":"node/ping"}');
        return ctx.closeOutcome(ws);
      } },
    { name: 'garbage message 3 (96 random bytes, undecryptable)', expected: 'close 4001',
      run: async () => {
        const ws = await ctx.open();
        await ctx.toMessage3(ws);
        await ws.sendBinary(crypto.randomBytes(96));
        return ctx.closeOutcome(ws);
      } },
    { name: 'short message 3 (40 bytes < 48 + 16)', expected: 'close 4000',
      run: async () => {
        const ws = await ctx.open();
        await ctx.toMessage3(ws);
        await ws.sendBinary(crypto.randomBytes(40));
        return ctx.closeOutcome(ws);
      } },
    { name: 'message 3 with its payload tag flipped', expected: 'close 4001',
      run: async () => {
        const ws = await ctx.open();
        const { hs, staticKey } = await ctx.toMessage3(ws);
        const m3 = hs.writeMessage(encodePayload(identityPayloadObject(createIdentity(), staticKey.publicRaw)));
        m3[m3.length - 1] ^= 0x01;
        await ws.sendBinary(m3);
        return ctx.closeOutcome(ws);
      } },
    payloadCase('bad signature (over another X25519 key)', (o, id) => ({ ...o, sig: base64url(signStatic(id, x25519Generate().publicRaw)) })),
    payloadCase('signature by another identity key', (o, id, sp) => ({ ...o, sig: base64url(signStatic(createIdentity(), sp)) })),
    payloadCase('non-canonical signature (S + L)', (o, id, sp) => ({ ...o, sig: base64url(tamperedSig(id, sp)) })),
    payloadCase('bad base64url in identity (standard alphabet with padding)', (o) => ({ ...o, identity: decodeBase64url(o.identity).toString('base64') })),
    payloadCase('bad base64url in sig (characters outside the alphabet)', (o) => ({ ...o, sig: `${o.sig.slice(0, -2)}!!` })),
    payloadCase('identity of 31 bytes', (o) => ({ ...o, identity: base64url(decodeBase64url(o.identity).subarray(0, 31)) })),
    payloadCase('missing member v', ({ v, ...o }) => o),
    payloadCase('missing member identity', ({ identity, ...o }) => o),
    payloadCase('missing member sig', ({ sig, ...o }) => o),
    payloadCase('v = 2', (o) => ({ ...o, v: 2 })),
    payloadCase('v = "1" (a string)', (o) => ({ ...o, v: '1' })),
    payloadCase('payload not JSON', Buffer.from('not json at all')),
    payloadCase('payload a JSON array', () => []),
    payloadCase('empty payload', EMPTY),
    { name: 'unknown members ignored, no addrs, no software', expected: 'handshake ok, ping ok',
      run: async () => {
        const ws = await ctx.open();
        const { hs, staticKey } = await ctx.toMessage3(ws);
        const identity = createIdentity();
        const { v, identity: id, sig } = identityPayloadObject(identity, staticKey.publicRaw);
        await ws.sendBinary(hs.writeMessage(encodePayload({ v, identity: id, sig, future: { x: [1, 2] } })));
        const link = new Link(ws, hs.result, { local: identity, remote: {}, handshakeHash: hs.handshakeHash() });
        const ping = await ctx.pingOutcome(link);
        await link.close(1000);
        return `handshake ok, ${ping}`;
      } },
    { name: 'low-order static key in message 3', expected: 'close 4001',
      run: async () => {
        // The node's DH(e, rs) with rs = 0 has an all-zero result.
        const low = { ...x25519Generate(), publicRaw: Buffer.alloc(32) };
        const ws = await ctx.open();
        const hs = newHandshake(true, low);
        await ws.sendBinary(hs.writeMessage(EMPTY));
        const m2 = await ws.next(ctx.timeoutMs);
        if (!m2) return `close ${(await ws.closed).code} before message 2`;
        hs.readMessage(m2.data);
        await ws.sendBinary(hs.writeMessage(encodePayload(identityPayloadObject(createIdentity(), low.publicRaw))));
        return ctx.closeOutcome(ws);
      } },
    { name: 'request pipelined in the same write as message 3', expected: 'response ok',
      run: async () => {
        const ws = await ctx.open();
        const { hs, staticKey, remote } = await ctx.toMessage3(ws);
        const identity = createIdentity();
        const m3 = hs.writeMessage(encodePayload(identityPayloadObject(identity, staticKey.publicRaw)));
        const link = new Link(ws, hs.result, { local: identity, remote, handshakeHash: hs.handshakeHash() });
        const answer = link.expectResponse('pipelined', ctx.timeoutMs).catch((e) => ({ failed: e.message }));
        const ct = link.encrypt(plaintext(FLAG_FINAL, Buffer.from('{"jsonrpc":"2.0","id":"pipelined","method":"node/ping"}')));
        await ws.write(Buffer.concat([encodeFrame({ opcode: OP.BINARY, payload: m3, masked: true }),
          encodeFrame({ opcode: OP.BINARY, payload: ct, masked: true })]));
        const r = await answer;
        await link.close(1000);
        return r.failed ? `no response: ${r.failed}` : r.error ? describeResponse(r) : 'response ok';
      } },
    { name: 'message 3 sent twice', expected: 'close 4002',
      run: async () => {
        const ws = await ctx.open();
        const { hs, staticKey } = await ctx.toMessage3(ws);
        const m3 = hs.writeMessage(encodePayload(identityPayloadObject(createIdentity(), staticKey.publicRaw)));
        await ws.sendBinary(m3);
        await ws.sendBinary(m3);
        return ctx.closeOutcome(ws);
      } },
    { name: 'dialed-id mismatch: the peer closes 4001', expected: 'node id differs, peer closed 4001',
      run: async () => {
        const wrong = nodeIdOf(crypto.randomBytes(32));
        try {
          const link = await ctx.dial({ expectedNodeId: wrong });
          await link.close(1000);
          return 'handshake accepted a wrong dialed id';
        } catch (e) {
          const differs = ctx.nodeId !== null && ctx.nodeId !== wrong;
          return `${differs ? 'node id differs' : 'node id unknown'}, peer closed ${e.closeCode}`;
        }
      } },
    closeAfterHandshake('text message after the handshake', 'close 1003', (l) => l.ws.sendText('{}')),
    closeAfterHandshake('tampered transport message', 'close 4002', (l) => {
      const ct = l.encrypt(plaintext(FLAG_FINAL, Buffer.from('{"jsonrpc":"2.0","id":1,"method":"node/ping"}')));
      ct[5] ^= 0x40;
      return l.sendRaw(ct);
    }),
    closeAfterHandshake('tampered transport message and a text message in one write', 'close 4002', (l) => {
      const ct = l.encrypt(plaintext(FLAG_FINAL, Buffer.from('{"jsonrpc":"2.0","id":1,"method":"node/ping"}')));
      ct[ct.length - 1] ^= 0x01;
      return l.ws.write(Buffer.concat([encodeFrame({ opcode: OP.BINARY, payload: ct, masked: true }),
        encodeFrame({ opcode: OP.TEXT, payload: Buffer.from('{}'), masked: true })]));
    }),
    { name: 'replayed transport message', expected: 'answered once, then close 4002',
      run: async () => {
        const link = await ctx.dial();
        const first = link.expectResponse(1, ctx.timeoutMs).then(() => 'answered once').catch(() => 'first copy not answered');
        const ct = link.encrypt(plaintext(FLAG_FINAL, Buffer.from('{"jsonrpc":"2.0","id":1,"method":"node/ping"}')));
        await link.sendRaw(ct);
        const answered = await first;
        await link.sendRaw(ct);
        return `${answered}, then ${await ctx.closeOutcome(link.ws)}`;
      } },
    closeAfterHandshake('reordered transport messages', 'close 4002', async (l) => {
      const a = l.encrypt(plaintext(FLAG_FINAL, Buffer.from('{"jsonrpc":"2.0","id":1,"method":"node/ping"}')));
      const b = l.encrypt(plaintext(FLAG_FINAL, Buffer.from('{"jsonrpc":"2.0","id":2,"method":"node/ping"}')));
      await l.sendRaw(b);
      await l.sendRaw(a);
    }),
    closeAfterHandshake('truncated transport message (16 bytes)', 'close 4000', (l) => l.sendRaw(l.encrypt(plaintext(FLAG_FINAL, EMPTY)).subarray(0, 16))),
    closeAfterHandshake('empty binary message after the handshake', 'close 4000', (l) => l.sendRaw(EMPTY)),
    closeAfterHandshake('transport message of 65536 bytes', 'close 4000', (l) => l.sendRaw(l.encrypt(plaintext(FLAG_FINAL, Buffer.alloc(65519, 0x20))))),
    closeAfterHandshake('bad flags 0x02', 'close 4000', (l) => l.sendPlaintext(plaintext(0x02, Buffer.from('{}')))),
    closeAfterHandshake('bad flags 0x81 (FINAL plus an unknown bit)', 'close 4000', (l) => l.sendPlaintext(plaintext(0x81, Buffer.from('{}')))),
    { name: 'transport message of exactly 65535 bytes', expected: 'response ok',
      run: async () => {
        const link = await ctx.dial();
        const body = Buffer.from('{"jsonrpc":"2.0","id":"max","method":"node/ping"}');
        const msg = Buffer.concat([body.subarray(0, body.length - 1), Buffer.alloc(MAX_CHUNK - body.length, 0x20), Buffer.from('}')]);
        const answer = link.expectResponse('max', ctx.timeoutMs).catch((e) => ({ failed: e.message }));
        const ct = link.encrypt(plaintext(FLAG_FINAL, msg));
        await link.sendRaw(ct);
        const r = await answer;
        await link.close(1000);
        return ct.length !== 65535 ? `bad test: ${ct.length}` : r.failed ? `no response: ${r.failed}` : r.error ? describeResponse(r) : 'response ok';
      } },
    { name: 'split message: 1-3 byte chunks inside UTF-8 sequences, empty chunks, empty FINAL', expected: 'response ok',
      run: async () => {
        const link = await ctx.dial();
        const bytes = Buffer.from(JSON.stringify({ jsonrpc: '2.0', id: 'split', method: 'node/ping', params: { text: 'Grüße, €, 😀' } }));
        const answer = link.expectResponse('split', ctx.timeoutMs).catch((e) => ({ failed: e.message }));
        await link.sendPlaintext(plaintext(0, EMPTY));
        for (let i = 0, n = 1; i < bytes.length; i += n, n = (n % 3) + 1) {
          await link.sendPlaintext(plaintext(0, bytes.subarray(i, i + n)));
        }
        await link.sendPlaintext(plaintext(FLAG_FINAL, EMPTY));
        const r = await answer;
        await link.close(1000);
        return r.failed ? `no response: ${r.failed}` : r.error ? describeResponse(r) : 'response ok';
      } },
    { name: `application message of exactly the limit (${limit} bytes)`, expected: 'response ok',
      run: async () => {
        const link = await ctx.dial();
        const head = Buffer.from('{"jsonrpc":"2.0","id":"limit","method":"node/ping"');
        const msg = Buffer.concat([head, Buffer.alloc(limit - head.length - 1, 0x20), Buffer.from('}')]);
        const answer = link.expectResponse('limit', Math.max(ctx.timeoutMs, 30000)).catch((e) => ({ failed: e.message }));
        await link.sendBytes(msg);
        const r = await answer;
        const outcome = r.failed ? `no response (${link.ws.remoteClose ? `close ${link.ws.remoteClose.code}` : r.failed})`
          : r.error ? describeResponse(r) : 'response ok';
        await link.close(1000);
        return outcome;
      } },
    { name: `application message over the limit, FINAL never sent (${limit + 1} bytes)`, expected: 'close 1009 before FINAL',
      run: async () => {
        const link = await ctx.dial();
        let sent = 0;
        while (sent <= limit && !link.ws.remoteClose && !link.ws.ended) {
          const n = Math.min(MAX_CHUNK, limit + 1 - sent);
          await link.sendPlaintext(plaintext(0, Buffer.alloc(n, 0x20)));
          sent += n;
        }
        if (sent <= limit) return `closed ${link.ws.remoteClose?.code ?? 1006} after only ${sent} bytes`;
        const outcome = await ctx.closeOutcome(link.ws);
        return outcome.startsWith('close') ? `${outcome} before FINAL` : outcome;
      } },
    { name: 'empty application message (an empty FINAL chunk)', expected: 'error -32700 id null; link kept',
      run: () => ctx.invalidMessageOutcome(EMPTY, (m) => m.id === null) },
    { name: 'malformed JSON', expected: 'error -32700 id null; link kept',
      run: () => ctx.invalidMessageOutcome(Buffer.from('{"jsonrpc":"2.0","id":1,"method":'), (m) => m.id === null) },
    { name: 'invalid UTF-8', expected: 'error -32700 id null; link kept',
      run: () => ctx.invalidMessageOutcome(Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x3a, 0x31, 0x7d]), (m) => m.id === null) },
    { name: 'data after the JSON value', expected: 'error -32700 id null; link kept',
      run: () => ctx.invalidMessageOutcome(Buffer.from('{"jsonrpc":"2.0","id":9,"method":"node/ping"} {}'), (m) => m.id === null || m.id === 9) },
    { name: 'batch (JSON array)', expected: 'error -32600 id null; link kept',
      run: () => ctx.invalidMessageOutcome(Buffer.from('[{"jsonrpc":"2.0","id":1,"method":"node/ping"}]'), (m) => m.id === null) },
    { name: 'JSON scalar', expected: 'error -32600 id null; link kept',
      run: () => ctx.invalidMessageOutcome(Buffer.from('42'), (m) => m.id === null) },
    { name: 'missing jsonrpc member', expected: 'error -32600 id 7; link kept',
      run: () => ctx.invalidMessageOutcome(Buffer.from('{"id":7,"method":"node/ping"}'), (m) => m.id === 7 || m.id === null) },
    { name: 'non-string method', expected: 'error -32600 id 8; link kept',
      run: () => ctx.invalidMessageOutcome(Buffer.from('{"jsonrpc":"2.0","id":8,"method":42}'), (m) => m.id === 8 || m.id === null) },
    { name: 'unknown node operation node/no_such_op', expected: 'error -32601', run: () => ctx.requestOutcome('node/no_such_op') },
    { name: 'unknown agent local:no-such-agent/tools/list', expected: 'error -32061',
      run: () => ctx.requestOutcome('local:no-such-agent/tools/list') },
    { name: 'unreachable node id <random>:node/ping', expected: 'error -32060',
      run: () => ctx.requestOutcome(`${nodeIdOf(crypto.randomBytes(32))}:node/ping`) },
    { name: 'node/get_info', expected: 'ok',
      run: () => ctx.requestOutcome('node/get_info', undefined, (r, link) => checkInfo(r, link.remote).length === 0) },
    { name: 'node/ping', expected: 'ok', run: () => ctx.requestOutcome('node/ping') },
    { name: 'local:node/ping', expected: 'ok', run: () => ctx.requestOutcome('local:node/ping') },
    { name: '<own-id>:node/ping', expected: 'ok',
      run: async () => {
        const link = await ctx.dial();
        const r = await link.request(`${link.remote.nodeId}:node/ping`, undefined, { timeoutMs: ctx.timeoutMs });
        await link.close(1000);
        return r.error ? `error ${r.error.code}` : JSON.stringify(r.result) === '{}' ? 'ok' : `result ${JSON.stringify(r.result)}`;
      } },
    { name: '*:node/ping', expected: 'ok', run: () => ctx.requestOutcome('*:node/ping') },
    { name: 'string request id', expected: 'ok',
      run: async () => {
        const link = await ctx.dial();
        const r = await link.request('node/ping', undefined, { timeoutMs: ctx.timeoutMs, id: 'abc-1' });
        await link.close(1000);
        return r.id === 'abc-1' && !r.error ? 'ok' : describeResponse(r);
      } },
    { name: 'notifications (node/ping, node/no_such_op) get no response', expected: 'only the request answered',
      run: async () => {
        const link = await ctx.dial();
        const first = link.waitFor((c) => c.kind === 'response', ctx.timeoutMs).catch(() => null);
        await link.notify('node/ping');
        await link.notify('node/no_such_op');
        const r = await link.request('node/ping', undefined, { timeoutMs: ctx.timeoutMs });
        const seen = await first;
        await link.close(1000);
        if (!seen) return 'no response at all';
        return seen.msg.id === r.id ? 'only the request answered' : `a response to the notification: ${describeResponse(seen.msg)}`;
      } },
    { name: 'node/list_peers, node/list_agents, node/find_agents shapes', expected: 'ok',
      run: async () => {
        const link = await ctx.dial();
        const problems = [];
        const peers = await link.request('node/list_peers', undefined, { timeoutMs: ctx.timeoutMs });
        if (!Array.isArray(peers.result?.peers)) problems.push(`list_peers ${describeResponse(peers)}`);
        for (const p of peers.result?.peers ?? []) {
          if (!isNodeId(p.node_id) || !Array.isArray(p.addrs) || typeof p.connected !== 'boolean') problems.push(`peer ${JSON.stringify(p)}`);
        }
        const agents = await link.request('node/list_agents', undefined, { timeoutMs: ctx.timeoutMs });
        if (!Array.isArray(agents.result?.agents)) problems.push(`list_agents ${describeResponse(agents)}`);
        const found = await link.request('node/find_agents', {}, { timeoutMs: ctx.timeoutMs });
        if (!Array.isArray(found.result?.agents)) problems.push(`find_agents ${describeResponse(found)}`);
        await link.close(1000);
        return problems.length ? problems.join('; ').slice(0, 500) : 'ok';
      } },
    { name: '50 pipelined requests on one link', expected: 'all 50 answered',
      run: async () => {
        const link = await ctx.dial();
        const answers = await Promise.all(Array.from({ length: 50 }, (_, i) =>
          link.request(i % 2 ? 'node/ping' : 'local:node/ping', undefined, { timeoutMs: ctx.timeoutMs, id: `p${i}` })
            .then((r) => !r.error && JSON.stringify(r.result) === '{}', () => false)));
        await link.close(1000);
        const ok = answers.filter(Boolean).length;
        return ok === 50 ? 'all 50 answered' : `${ok} of 50 answered`;
      } },
    { name: 'WebSocket ping answered with a pong', expected: 'pong',
      run: async () => {
        const link = await ctx.dial();
        await link.ws.ping(Buffer.from('are you there'));
        const pong = await ctx.until(() => link.ws.pongs.length > 0);
        const data = link.ws.pongs[0]?.toString();
        await link.close(1000);
        return !pong ? 'no pong' : data === 'are you there' ? 'pong' : `pong with ${JSON.stringify(data)}`;
      } },
    { name: 'transport message in three WebSocket frames', expected: 'response ok',
      run: async () => {
        const link = await ctx.dial();
        const answer = link.expectResponse('frag', ctx.timeoutMs).catch((e) => ({ failed: e.message }));
        const ct = link.encrypt(plaintext(FLAG_FINAL, Buffer.from('{"jsonrpc":"2.0","id":"frag","method":"node/ping"}')));
        await link.ws.sendFrame({ fin: false, opcode: OP.BINARY, payload: ct.subarray(0, 10) });
        await link.ws.sendFrame({ fin: false, opcode: OP.CONT, payload: ct.subarray(10, 30) });
        await link.ws.sendFrame({ fin: true, opcode: OP.CONT, payload: ct.subarray(30) });
        const r = await answer;
        await link.close(1000);
        return r.failed ? `no response: ${r.failed}` : r.error ? describeResponse(r) : 'response ok';
      } },
    { name: 'handshake message 1 in two WebSocket frames', expected: 'message 2 received',
      run: async () => {
        const ws = await ctx.open();
        const hs = newHandshake(true, x25519Generate());
        const m1 = hs.writeMessage(EMPTY);
        await ws.sendFrame({ fin: false, opcode: OP.BINARY, payload: m1.subarray(0, 7) });
        await ws.sendFrame({ fin: true, opcode: OP.CONT, payload: m1.subarray(7) });
        const m2 = await ws.next(ctx.timeoutMs);
        if (!m2) return `close ${(await ws.closed).code}`;
        verifyPayload(hs.readMessage(m2.data), hs.rs);
        ws.destroy();
        return 'message 2 received';
      } },
    ...agentCases(ctx),
  ];
}

/** Requests to agents (wire-v1 §5.2): which ones depends on the agents node/get_info lists. */
function agentCases(ctx) {
  const toolsOk = (r) => Array.isArray(r?.tools);
  const out = [
    { name: '*:no-such-agent/tools/list', expected: 'error -32061 data.agent no-such-agent',
      run: async () => {
        const link = await ctx.dial();
        const r = await link.request('*:no-such-agent/tools/list', undefined, { timeoutMs: ctx.timeoutMs });
        await link.close(1000);
        return r.error ? `error ${r.error.code} data.agent ${r.error.data?.agent}` : describeResponse(r);
      } },
  ];
  const agent = ctx.agents[0];
  if (!agent) {
    out.push({ name: 'tools/list without an agent to serve it', expected: 'error -32061', run: () => ctx.requestOutcome('tools/list') });
    return out;
  }
  out.push(
    { name: 'tools/list with no node part goes to the default agent', expected: 'ok', run: () => ctx.requestOutcome('tools/list', undefined, toolsOk) },
    { name: `${agent}/tools/list in the four address forms`, expected: 'ok',
      run: async () => {
        const link = await ctx.dial();
        const problems = [];
        for (const node of ['', 'local:', `${link.remote.nodeId}:`, '*:']) {
          const r = await link.request(`${node}${agent}/tools/list`, undefined, { timeoutMs: ctx.timeoutMs });
          if (!toolsOk(r.result)) problems.push(`${node}${agent}/tools/list: ${describeResponse(r).slice(0, 200)}`);
        }
        await link.close(1000);
        return problems.length ? problems.join('; ') : 'ok';
      } },
    { name: `local:${agent}/tools/list with route metadata`, expected: 'ok',
      run: () => ctx.requestOutcome(`local:${agent}/tools/list`,
        { _meta: { 'agentmesh/route': { ttl: 8, origin: nodeIdOf(crypto.randomBytes(32)), trace: 'interop-trace-1' } } }, toolsOk) },
    { name: `local:${agent}/initialize over the mesh`, expected: 'ok',
      run: () => ctx.requestOutcome(`local:${agent}/initialize`,
        { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'agentmesh-interop-js', version: '0.1.0' } },
        (r) => r && typeof r.capabilities === 'object' && typeof r.serverInfo?.name === 'string') },
    { name: `local:${agent}/ping (MCP ping)`, expected: 'ok', run: () => ctx.requestOutcome(`local:${agent}/ping`) },
  );
  const echo = ctx.echoAgent;
  if (echo) {
    out.push({ name: `${echo}/tools/call echo of 200000 characters (a chunked response)`, expected: 'echoed intact',
      run: async () => {
        const link = await ctx.dial();
        const text = 'wire-v1 ✓ '.repeat(20000);
        const r = await link.request(`local:${echo}/tools/call`, { name: 'echo', arguments: { text } }, { timeoutMs: ctx.timeoutMs });
        await link.close(1000);
        const got = r.result?.content?.[0]?.text;
        return got === text ? 'echoed intact' : `${describeResponse(r).slice(0, 200)} (${got?.length ?? 0} characters)`;
      } });
  }
  return out;
}

/** Cases that wait for the handshake deadline; they run in the background beside the others. */
function stallCases(ctx) {
  const wait = ctx.handshakeDeadlineMs + ctx.closeWaitMs;
  const timed = async (ws) => {
    const t0 = Date.now();
    const outcome = await ctx.closeOutcome(ws, wait);
    return { observed: outcome, details: `after ${Date.now() - t0} ms (deadline ${ctx.handshakeDeadlineMs} ms)` };
  };
  return [
    { name: 'stall after the upgrade', expected: 'close 4004', run: async () => timed(await ctx.open()) },
    { name: 'stall after message 2', expected: 'close 4004',
      run: async () => {
        const ws = await ctx.open();
        await ctx.toMessage3(ws);
        return timed(ws);
      } },
  ];
}

/** The first agent with a tool `echo` taking a string `text`, or null. */
async function findEchoAgent(link, agents, timeoutMs) {
  for (const agent of agents) {
    const r = await link.request(`local:${agent}/tools/list`, undefined, { timeoutMs }).catch(() => null);
    const tool = r?.result?.tools?.find?.((t) => t.name === 'echo');
    if (tool?.inputSchema?.properties?.text?.type === 'string') return agent;
  }
  return null;
}

async function runCase(c) {
  try {
    const r = await c.run();
    return typeof r === 'string' ? { observed: r } : r;
  } catch (e) {
    return { observed: `error: ${e.message}` };
  }
}

/**
 * `hostile <url>`: every case on a fresh connection; after each, the healthy link must still answer
 * node/ping. Options: handshakeDeadlineMs (10000), maxMessage (8 MiB), skipStall, closeWaitMs,
 * timeoutMs, only (a substring filter on case names), log.
 */
export async function runHostile(url, { handshakeDeadlineMs = 10000, maxMessage = DEFAULT_MAX_MESSAGE, skipStall = false,
  closeWaitMs = 5000, timeoutMs = 10000, only = null, log = () => {} } = {}) {
  const ctx = new Hostile(url, { handshakeDeadlineMs, maxMessage, closeWaitMs, timeoutMs, log: () => {} });
  const results = [];
  const record = (c, r, health) => {
    const { expected } = c;
    const pass = r.observed === expected && health === 'ping ok';
    const entry = { name: c.name, expected, observed: r.observed, pass };
    if (r.details) entry.details = r.details;
    if (health !== 'ping ok') entry.healthy_link = health;
    results.push(entry);
    log(`${pass ? 'PASS' : 'FAIL'} ${c.name}: expected ${expected}; observed ${r.observed}${health === 'ping ok' ? '' : `; healthy link: ${health}`}`);
  };
  let healthy;
  try {
    healthy = await ctx.dial();
  } catch (e) {
    return { scenario: 'hostile', url, passed: 0, failed: 1, error: `healthy link: ${e.message}`, cases: [] };
  }
  ctx.nodeId = healthy.remote.nodeId;
  const info = await healthy.request('node/get_info', undefined, { timeoutMs }).catch(() => null);
  ctx.agents = Array.isArray(info?.result?.agents) ? info.result.agents.filter((a) => typeof a === 'string') : [];
  ctx.echoAgent = await findEchoAgent(healthy, ctx.agents, timeoutMs);
  const health = async () => {
    const outcome = await ctx.pingOutcome(healthy);
    if (outcome !== 'ping ok' && !healthy.isOpen) healthy = await ctx.dial().catch(() => healthy);
    return outcome;
  };
  const selected = (c) => !only || c.name.includes(only);
  const background = skipStall ? [] : stallCases(ctx).filter(selected).map((c) => ({ c, p: runCase(c) }));
  for (const c of cases(ctx).filter(selected)) {
    const r = await runCase(c);
    record(c, r, await health());
  }
  for (const { c, p } of background) record(c, await p, await health());
  await healthy.close(1000);
  const passed = results.filter((r) => r.pass).length;
  return { scenario: 'hostile', url, node_id: ctx.nodeId, passed, failed: results.length - passed,
    handshake_deadline_ms: skipStall ? null : handshakeDeadlineMs, max_message: maxMessage, cases: results };
}
