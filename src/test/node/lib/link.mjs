// A wire-v1 link: the XX handshake with identity payloads over one WebSocket (§2, §3), then the
// transport session (§4) carrying JSON-RPC (§5). Both ends use the same Link class.
import { connect, accept } from './websocket.mjs';
import { HandshakeState, NoiseError } from './noise.mjs';
import { x25519Generate } from './keys.mjs';
import { IdentityError, encodePayload, identityPayloadObject, verifyPayload } from './identity.mjs';
import { CLOSE, DEFAULT_MAX_MESSAGE, MAX_CHUNK, Reassembler, WireError, checkTransportLength, chunkMessage } from './transport.mjs';
import { CODE, RpcError, classify, errorResponse } from './jsonrpc.mjs';

export const SUBPROTOCOL = 'agentmesh.v1';
export const PROLOGUE = Buffer.from('agentmesh/1', 'ascii');
export const PROTOCOL_NAME = 'Noise_XX_25519_AESGCM_SHA256';
const EMPTY = Buffer.alloc(0);

/** The close code for a failed handshake read (wire-v1 §3). */
export function handshakeCloseCode(err) {
  if (err instanceof NoiseError) return err.kind === 'short' ? CLOSE.PROTOCOL : CLOSE.HANDSHAKE;
  if (err instanceof IdentityError) return CLOSE.HANDSHAKE;
  if (err instanceof WireError) return err.closeCode;
  return CLOSE.HANDSHAKE;
}

export function newHandshake(initiator, staticKey) {
  return new HandshakeState({ pattern: 'XX', initiator, prologue: PROLOGUE, s: staticKey });
}

/**
 * An established link. onRequest(msg, link) answers requests and notifications (return a result or
 * throw RpcError); responses are matched to request(); every received application message is kept
 * in `received` for inspection.
 */
export class Link {
  constructor(ws, cipher, { local, remote, handshakeHash, maxMessage = DEFAULT_MAX_MESSAGE, onRequest = null, log = () => {},
    faults = new Set() }) {
    this.ws = ws;
    this.send = cipher.send;
    this.recv = cipher.recv;
    this.local = local;
    this.remote = remote;
    this.handshakeHash = handshakeHash;
    this.reassembler = new Reassembler(maxMessage, { strictFlags: !faults.has('ignore-flags') });
    this.onRequest = onRequest;
    this.log = log;
    this.nextId = 1;
    this.pending = new Map();
    this.received = [];
    this.watchers = [];
    this.failure = null;
    this.closed = ws.closed;
    ws.setHandler((m) => this.#onWsMessage(m));
    ws.closed.then(() => this.#failPending());
  }

  get isOpen() {
    return this.ws.isOpen && !this.failure;
  }

  /** Ends the link with a close code (wire-v1 §6); nothing after is read. */
  fail(code, reason) {
    if (!this.failure) {
      this.failure = { code, reason };
      this.log(`link closing ${code}: ${reason}`);
      this.ws.close(code, String(reason).slice(0, 100));
    }
    return this.closed;
  }

  #failPending() {
    for (const [, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(new Error('link closed before the answer'));
    }
    this.pending.clear();
    for (const w of this.watchers.splice(0)) {
      clearTimeout(w.timer);
      w.resolve(null);
    }
  }

  #onWsMessage({ type, data }) {
    if (this.failure) return;
    if (type === 'text') return void this.fail(CLOSE.TEXT, 'text message');
    let message;
    try {
      checkTransportLength(data.length);
      let plain;
      try {
        plain = this.recv.decryptWithAd(EMPTY, data);
      } catch (e) {
        throw new WireError(CLOSE.DECRYPT, `transport message failed to decrypt: ${e.message}`);
      }
      message = this.reassembler.push(plain);
    } catch (e) {
      return void this.fail(e instanceof WireError ? e.closeCode : CLOSE.PROTOCOL, e.message);
    }
    if (message) this.#onApplicationMessage(message);
  }

  #onApplicationMessage(bytes) {
    const c = classify(bytes);
    this.received.push(c.kind === 'invalid' ? { kind: 'invalid', bytes } : c);
    if (c.kind === 'invalid') {
      this.sendJson(c.reply);
    } else if (c.kind === 'response') {
      const p = this.pending.get(c.msg.id);
      if (p) {
        this.pending.delete(c.msg.id);
        clearTimeout(p.timer);
        p.resolve(c.msg);
      }
    } else {
      this.#serve(c);
    }
    for (const w of [...this.watchers]) {
      if (w.predicate(c)) {
        this.watchers.splice(this.watchers.indexOf(w), 1);
        clearTimeout(w.timer);
        w.resolve(c);
      }
    }
  }

  async #serve({ kind, msg }) {
    let reply;
    try {
      if (!this.onRequest) throw new RpcError(CODE.METHOD_NOT_FOUND, `Method not found: ${msg.method}`);
      reply = { jsonrpc: '2.0', id: msg.id, result: await this.onRequest(msg, this) };
    } catch (e) {
      reply = e instanceof RpcError
        ? errorResponse(msg.id, e.code, e.message, e.data)
        : errorResponse(msg.id, CODE.INTERNAL, 'Internal error');
    }
    if (kind === 'request' && this.isOpen) await this.sendJson(reply);
  }

  /** Resolves with the first later-received message that satisfies predicate, or null on close. */
  waitFor(predicate, timeoutMs = 10000) {
    return new Promise((resolve, reject) => {
      if (!this.isOpen) return resolve(null);
      const w = { predicate, resolve, timer: null };
      w.timer = setTimeout(() => {
        this.watchers.splice(this.watchers.indexOf(w), 1);
        reject(new Error(`no matching message within ${timeoutMs} ms`));
      }, timeoutMs);
      this.watchers.push(w);
    });
  }

  /** Encrypts one transport plaintext (flags || chunk) into its ciphertext; advances the counter. */
  encrypt(plain) {
    return this.send.encryptWithAd(EMPTY, plain);
  }

  sendRaw(bytes) {
    return this.ws.sendBinary(bytes);
  }

  /** Sends one transport message with the given plaintext. */
  sendPlaintext(plain) {
    return this.sendRaw(this.encrypt(plain));
  }

  /** Sends an application message, split into chunks of at most chunkSize data bytes. */
  async sendBytes(bytes, chunkSize = MAX_CHUNK) {
    for (const p of chunkMessage(bytes, chunkSize)) await this.sendPlaintext(p);
  }

  sendJson(obj) {
    return this.sendBytes(Buffer.from(JSON.stringify(obj), 'utf8'));
  }

  /** Sends a request; resolves with the whole response object. */
  request(method, params, { timeoutMs = 10000, id } = {}) {
    const reqId = id ?? this.nextId++;
    const msg = { jsonrpc: '2.0', id: reqId, method };
    if (params !== undefined) msg.params = params;
    const answer = this.expectResponse(reqId, timeoutMs);
    this.sendJson(msg);
    return answer;
  }

  /** Registers interest in the response with this id (for requests sent by hand). */
  expectResponse(id, timeoutMs = 10000) {
    return new Promise((resolve, reject) => {
      if (!this.isOpen) return reject(new Error('link is closed'));
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`no response to id ${JSON.stringify(id)} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
    });
  }

  notify(method, params) {
    const msg = { jsonrpc: '2.0', method };
    if (params !== undefined) msg.params = params;
    return this.sendJson(msg);
  }

  close(code = CLOSE.NORMAL, reason = '') {
    return this.fail(code, reason);
  }
}

/**
 * Dials url as the initiator and runs the handshake. Options: identity, staticKey, expectedNodeId,
 * addrs, software, maxMessage, onRequest, timeoutMs (also the handshake deadline: 4004). Resolves
 * with a Link; rejects with WireError (closeCode set, the WebSocket closed with it) or an Error
 * carrying `status` for a refused upgrade.
 */
export async function dial(url, opts) {
  const { identity, staticKey = x25519Generate(), expectedNodeId = null, timeoutMs = 10000 } = opts;
  const up = await connect(url, { protocols: [SUBPROTOCOL], timeoutMs });
  if (!up.ok) {
    const err = new Error(`upgrade refused with HTTP ${up.status}`);
    err.status = up.status;
    throw err;
  }
  if (up.protocol !== SUBPROTOCOL) {
    up.ws.destroy();
    throw new Error(`server selected subprotocol ${JSON.stringify(up.protocol)}, not ${SUBPROTOCOL}`);
  }
  const ws = up.ws;
  const hs = newHandshake(true, staticKey);
  try {
    await ws.sendBinary(hs.writeMessage(EMPTY));
    let m2;
    try {
      m2 = await ws.next(timeoutMs);
    } catch {
      throw new WireError(CLOSE.DEADLINE, `no message 2 within ${timeoutMs} ms`);
    }
    if (m2 === null) {
      const closed = await ws.closed;
      throw new WireError(null, `node closed during the handshake with ${closed.code}`);
    }
    if (m2.type === 'text') throw new WireError(CLOSE.TEXT, 'text message during the handshake');
    let remote;
    try {
      remote = verifyPayload(hs.readMessage(m2.data), hs.rs, expectedNodeId);
    } catch (e) {
      throw new WireError(handshakeCloseCode(e), e.message);
    }
    const payload = encodePayload({ ...identityPayloadObject(identity, staticKey.publicRaw, opts), ...(opts.extraPayload ?? {}) });
    await ws.sendBinary(hs.writeMessage(payload));
    return new Link(ws, hs.result, {
      local: identity, remote: { ...remote, staticKey: hs.rs }, handshakeHash: hs.handshakeHash(),
      maxMessage: opts.maxMessage, onRequest: opts.onRequest, log: opts.log,
    });
  } catch (e) {
    if (e instanceof WireError && e.closeCode !== null) await ws.close(e.closeCode, e.message.slice(0, 100));
    else ws.destroy();
    throw e;
  }
}

/**
 * Deliberate deviations from wire-v1 a responder can be started with, so that the self-test proves
 * the hostile scenario notices them.
 */
export const FAULTS = Object.freeze(['accept-without-subprotocol', 'skip-signature-check', 'ignore-flags']);

/**
 * The responder side of one upgraded connection (node:http 'upgrade' event): selects the
 * subprotocol (HTTP 400 when not offered), runs the handshake under its deadline and resolves with
 * a Link, or null when the connection failed (closed with the §6 code).
 */
export function acceptLink(req, socket, head, opts) {
  const { identity, staticKey, handshakeDeadlineMs = 10000, addrs = [], log = () => {}, faults = new Set() } = opts;
  const fallback = faults.has('accept-without-subprotocol') ? '' : null;
  const ws = accept(req, socket, head, { selectProtocol: (offered) => (offered.includes(SUBPROTOCOL) ? SUBPROTOCOL : fallback) });
  if (!ws) return Promise.resolve(null);
  return new Promise((resolve) => {
    const hs = newHandshake(false, staticKey);
    let done = false;
    const finish = (link, code, reason) => {
      if (done) return;
      done = true;
      clearTimeout(deadline);
      if (!link && code !== null) {
        log(`handshake failed, closing ${code}: ${reason}`);
        ws.close(code, String(reason).slice(0, 100));
      }
      resolve(link);
    };
    const deadline = setTimeout(() => finish(null, CLOSE.DEADLINE, 'handshake deadline passed'), handshakeDeadlineMs);
    ws.closed.then(() => finish(null, null, 'connection closed'));
    ws.setHandler(({ type, data }) => {
      if (done) return;
      if (type === 'text') return finish(null, CLOSE.TEXT, 'text message during the handshake');
      try {
        if (hs.index === 0) {
          hs.readMessage(data); // a non-empty message 1 payload is ignored
          const payload = encodePayload(identityPayloadObject(identity, staticKey.publicRaw, { addrs, software: opts.software }));
          ws.sendBinary(hs.writeMessage(payload));
        } else {
          const remote = verifyPayload(hs.readMessage(data), hs.rs, null, { checkSignature: !faults.has('skip-signature-check') });
          clearTimeout(deadline);
          done = true;
          const link = new Link(ws, hs.result, {
            local: identity, remote: { ...remote, staticKey: hs.rs }, handshakeHash: hs.handshakeHash(),
            maxMessage: opts.maxMessage, onRequest: opts.onRequest, log, faults,
          });
          resolve(link);
        }
      } catch (e) {
        finish(null, handshakeCloseCode(e), e.message);
      }
      return undefined;
    });
  });
}
