// A minimal RFC 6455 WebSocket endpoint (both roles) over node:http / node:net: upgrade with
// Sec-WebSocket-Protocol, masking, text/binary/continuation frames, ping/pong, close with codes.
// wire-v1 §2 runs on it; it reports the HTTP status of a refused upgrade and the close code received.
import crypto from 'node:crypto';
import http from 'node:http';
import https from 'node:https';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
export const OP = Object.freeze({ CONT: 0, TEXT: 1, BINARY: 2, CLOSE: 8, PING: 9, PONG: 10 });

export function acceptKey(key) {
  return crypto.createHash('sha1').update(key + GUID).digest('base64');
}

function mask(payload, key) {
  const out = Buffer.allocUnsafe(payload.length);
  for (let i = 0; i < payload.length; i++) out[i] = payload[i] ^ key[i & 3];
  return out;
}

/** One frame's bytes. masked: client to server frames (RFC 6455 §5.3). */
export function encodeFrame({ fin = true, rsv = 0, opcode, payload = Buffer.alloc(0), masked }) {
  const len = payload.length;
  const lenBytes = len < 126 ? 0 : len < 65536 ? 2 : 8;
  const header = Buffer.alloc(2 + lenBytes + (masked ? 4 : 0));
  header[0] = (fin ? 0x80 : 0) | ((rsv & 7) << 4) | opcode;
  header[1] = (masked ? 0x80 : 0) | (len < 126 ? len : len < 65536 ? 126 : 127);
  if (lenBytes === 2) header.writeUInt16BE(len, 2);
  if (lenBytes === 8) header.writeBigUInt64BE(BigInt(len), 2);
  if (!masked) return Buffer.concat([header, payload]);
  const key = crypto.randomBytes(4);
  key.copy(header, 2 + lenBytes);
  return Buffer.concat([header, mask(payload, key)]);
}

/** A close frame payload: 2-byte code, then a UTF-8 reason (at most 123 bytes). */
function closePayload(code, reason = '') {
  if (code === undefined || code === 1005) return Buffer.alloc(0);
  const r = Buffer.from(reason, 'utf8').subarray(0, 123);
  const p = Buffer.alloc(2 + r.length);
  p.writeUInt16BE(code, 0);
  r.copy(p, 2);
  return p;
}

/**
 * An open WebSocket on a socket. Messages ({type: 'text'|'binary', data}) go to `handler` when one
 * is set, else to a queue read by next(). `closed` resolves with {code, reason, remote, sentCode}:
 * code is the close code the other end sent (1005 none in its frame, 1006 no close frame at all).
 */
export class WsConnection {
  constructor(socket, { role, head = Buffer.alloc(0), maxMessage = 64 * 1024 * 1024, closeTimeoutMs = 3000 }) {
    this.socket = socket;
    this.role = role;
    this.maxMessage = maxMessage;
    this.closeTimeoutMs = closeTimeoutMs;
    this.buffer = Buffer.alloc(0);
    this.fragments = null;
    this.queue = [];
    this.waiters = [];
    this.handler = null;
    this.remoteClose = null;
    this.sentClose = null;
    this.pongs = [];
    this.ended = false;
    this.closed = new Promise((resolve) => { this.resolveClosed = resolve; });
    socket.setNoDelay(true);
    socket.on('data', (d) => this.#onData(d));
    socket.on('error', () => {});
    socket.on('close', () => this.#onSocketClose());
    if (head.length) this.#onData(head);
  }

  get isOpen() {
    return !this.ended && !this.sentClose && !this.remoteClose;
  }

  setHandler(handler) {
    this.handler = handler;
    while (this.handler && this.queue.length) this.handler(this.queue.shift());
  }

  /** The next message, or null when the connection closes first; rejects on timeout. */
  next(timeoutMs = 10000) {
    if (this.queue.length) return Promise.resolve(this.queue.shift());
    if (this.ended || this.remoteClose) return Promise.resolve(null);
    return new Promise((resolve, reject) => {
      const waiter = { resolve, timer: null };
      waiter.timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`no WebSocket message within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  #deliver(message) {
    if (this.handler) return this.handler(message);
    const waiter = this.waiters.shift();
    if (waiter) {
      clearTimeout(waiter.timer);
      waiter.resolve(message);
    } else {
      this.queue.push(message);
    }
  }

  #releaseWaiters() {
    for (const w of this.waiters.splice(0)) {
      clearTimeout(w.timer);
      w.resolve(null);
    }
  }

  /** Writes raw bytes; resolves once the socket buffer has room again. */
  write(bytes) {
    if (this.ended || this.socket.destroyed) return Promise.resolve(false);
    if (this.socket.write(bytes)) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = () => {
        this.socket.off('drain', done);
        this.socket.off('close', done);
        resolve(!this.socket.destroyed);
      };
      this.socket.on('drain', done);
      this.socket.on('close', done);
    });
  }

  sendFrame(frame) {
    return this.write(encodeFrame({ masked: this.role === 'client', ...frame }));
  }

  sendBinary(data) {
    return this.sendFrame({ opcode: OP.BINARY, payload: Buffer.from(data) });
  }

  sendText(text) {
    return this.sendFrame({ opcode: OP.TEXT, payload: Buffer.from(text, 'utf8') });
  }

  ping(data = Buffer.alloc(0)) {
    return this.sendFrame({ opcode: OP.PING, payload: data });
  }

  /** Starts the closing handshake with a code; resolves with `closed`. */
  close(code = 1000, reason = '') {
    if (!this.sentClose && !this.ended) {
      this.sentClose = { code, reason };
      this.sendFrame({ opcode: OP.CLOSE, payload: closePayload(code, reason) });
      if (this.remoteClose) this.#finish();
      else this.closeTimer = setTimeout(() => this.socket.destroy(), this.closeTimeoutMs);
    }
    return this.closed;
  }

  /** Drops the TCP connection without a closing handshake. */
  destroy() {
    this.socket.destroy();
    return this.closed;
  }

  #finish() {
    // The server ends TCP first (RFC 6455 §7.1.1); a client waits for it, within the close timeout.
    if (this.role === 'server') this.socket.end();
    clearTimeout(this.closeTimer);
    this.closeTimer = setTimeout(() => this.socket.destroy(), this.closeTimeoutMs);
  }

  #failProtocol(code, reason) {
    this.buffer = Buffer.alloc(0);
    this.close(code, reason);
  }

  #onSocketClose() {
    this.ended = true;
    clearTimeout(this.closeTimer);
    this.#releaseWaiters();
    this.resolveClosed({
      code: this.remoteClose ? this.remoteClose.code : 1006,
      reason: this.remoteClose ? this.remoteClose.reason : '',
      remote: this.remoteClose !== null,
      sentCode: this.sentClose ? this.sentClose.code : null,
    });
  }

  #onData(chunk) {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    while (!this.remoteClose && !this.ended) {
      const frame = this.#parseFrame();
      if (!frame) return;
      this.#onFrame(frame);
    }
  }

  #parseFrame() {
    const b = this.buffer;
    if (b.length < 2) return null;
    const fin = (b[0] & 0x80) !== 0;
    const rsv = (b[0] >> 4) & 7;
    const opcode = b[0] & 0x0f;
    const masked = (b[1] & 0x80) !== 0;
    let len = b[1] & 0x7f;
    let offset = 2;
    if (len === 126) {
      if (b.length < 4) return null;
      len = b.readUInt16BE(2);
      offset = 4;
    } else if (len === 127) {
      if (b.length < 10) return null;
      const big = b.readBigUInt64BE(2);
      if (big > BigInt(this.maxMessage)) return this.#failProtocol(1009, 'frame too large'), null;
      len = Number(big);
      offset = 10;
    }
    if (len > this.maxMessage) return this.#failProtocol(1009, 'frame too large'), null;
    const maskLen = masked ? 4 : 0;
    if (b.length < offset + maskLen + len) return null;
    let payload = b.subarray(offset + maskLen, offset + maskLen + len);
    if (masked) payload = mask(payload, b.subarray(offset, offset + 4));
    else payload = Buffer.from(payload);
    this.buffer = b.subarray(offset + maskLen + len);
    return { fin, rsv, opcode, masked, payload };
  }

  #onFrame({ fin, rsv, opcode, masked, payload }) {
    if (rsv !== 0) return this.#failProtocol(1002, 'reserved bits set');
    if (masked !== (this.role === 'server')) return this.#failProtocol(1002, masked ? 'masked server frame' : 'unmasked client frame');
    if (opcode >= 8) {
      if (!fin || payload.length > 125) return this.#failProtocol(1002, 'bad control frame');
      if (opcode === OP.CLOSE) return this.#onClose(payload);
      if (opcode === OP.PING) return this.sentClose ? undefined : this.sendFrame({ opcode: OP.PONG, payload });
      if (opcode === OP.PONG) return this.pongs.push(payload);
      return this.#failProtocol(1002, `unknown opcode ${opcode}`);
    }
    if (this.sentClose) return undefined; // data after our close frame is discarded
    if (opcode === OP.CONT) {
      if (!this.fragments) return this.#failProtocol(1002, 'continuation without a message');
      this.fragments.parts.push(payload);
      this.fragments.size += payload.length;
    } else if (opcode === OP.TEXT || opcode === OP.BINARY) {
      if (this.fragments) return this.#failProtocol(1002, 'new message inside a fragmented one');
      this.fragments = { type: opcode === OP.TEXT ? 'text' : 'binary', parts: [payload], size: payload.length };
    } else {
      return this.#failProtocol(1002, `unknown opcode ${opcode}`);
    }
    if (this.fragments.size > this.maxMessage) return this.#failProtocol(1009, 'message too large');
    if (fin) {
      const { type, parts } = this.fragments;
      this.fragments = null;
      this.#deliver({ type, data: parts.length === 1 ? parts[0] : Buffer.concat(parts) });
    }
    return undefined;
  }

  #onClose(payload) {
    if (payload.length === 1) {
      this.remoteClose = { code: 1002, reason: 'one-byte close payload' };
    } else {
      this.remoteClose = payload.length === 0
        ? { code: 1005, reason: '' }
        : { code: payload.readUInt16BE(0), reason: payload.subarray(2).toString('utf8') };
    }
    this.#releaseWaiters();
    if (this.sentClose) {
      this.#finish();
    } else {
      // Echo the code received (RFC 6455 §5.5.1), then end as the role requires.
      this.sentClose = { code: this.remoteClose.code, reason: '', echo: true };
      this.sendFrame({ opcode: OP.CLOSE, payload: closePayload(payload.length >= 2 ? this.remoteClose.code : undefined) });
      this.#finish();
    }
  }
}

/**
 * Client upgrade (RFC 6455 §4.1). Resolves {ok: true, ws, protocol, headers} on 101 with a correct
 * Sec-WebSocket-Accept, else {ok: false, status, headers, body}. protocols: offered subprotocols.
 */
export function connect(url, { protocols = [], headers = {}, timeoutMs = 10000, maxMessage } = {}) {
  const u = new URL(url);
  if (u.protocol !== 'ws:' && u.protocol !== 'wss:') throw new TypeError(`not a ws:// or wss:// URL: ${url}`);
  const key = crypto.randomBytes(16).toString('base64');
  const reqHeaders = {
    Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': key, ...headers,
  };
  if (protocols.length) reqHeaders['Sec-WebSocket-Protocol'] = protocols.join(', ');
  const lib = u.protocol === 'wss:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.request({
      hostname: u.hostname.replace(/^\[|\]$/g, ''), port: u.port || (u.protocol === 'wss:' ? 443 : 80),
      path: u.pathname + u.search, method: 'GET', headers: reqHeaders, agent: false,
    });
    const timer = setTimeout(() => {
      req.destroy(new Error(`no upgrade answer within ${timeoutMs} ms`));
    }, timeoutMs);
    req.on('error', (e) => { clearTimeout(timer); reject(e); });
    req.on('response', (res) => {
      const body = [];
      res.on('data', (d) => body.push(d));
      res.on('end', () => {
        clearTimeout(timer);
        resolve({ ok: false, status: res.statusCode, headers: res.headers, body: Buffer.concat(body).toString('utf8') });
      });
      res.on('error', () => {});
    });
    req.on('upgrade', (res, socket, head) => {
      clearTimeout(timer);
      if (res.headers['sec-websocket-accept'] !== acceptKey(key)) {
        socket.destroy();
        return reject(new Error('bad Sec-WebSocket-Accept'));
      }
      const protocol = res.headers['sec-websocket-protocol'] ?? null;
      if (protocol !== null && !protocols.includes(protocol)) {
        socket.destroy();
        return reject(new Error(`server selected a subprotocol not offered: ${protocol}`));
      }
      resolve({ ok: true, status: 101, ws: new WsConnection(socket, { role: 'client', head, maxMessage }), protocol, headers: res.headers });
    });
    req.end();
  });
}

/** The subprotocols a client upgrade request offers. */
export function offeredProtocols(req) {
  return (req.headers['sec-websocket-protocol'] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

/**
 * Server side of an upgrade (RFC 6455 §4.2) from node:http's 'upgrade' event. Answers with `status`
 * (and no upgrade) when validation or selectProtocol refuses; returns the WsConnection or null.
 */
export function accept(req, socket, head, { selectProtocol, maxMessage } = {}) {
  const refuse = (status, text) => {
    socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${text.length}\r\n\r\n${text}`);
    return null;
  };
  const key = req.headers['sec-websocket-key'];
  if (req.method !== 'GET' || (req.headers.upgrade ?? '').toLowerCase() !== 'websocket' || !key) {
    return refuse(400, 'Bad Request');
  }
  if (req.headers['sec-websocket-version'] !== '13') return refuse(426, 'Upgrade Required');
  // selectProtocol returns the subprotocol, '' to upgrade without one, or null to refuse with 400.
  const protocol = selectProtocol ? selectProtocol(offeredProtocols(req)) : '';
  if (protocol === null) return refuse(400, 'Bad Request');
  const lines = ['HTTP/1.1 101 Switching Protocols', 'Upgrade: websocket', 'Connection: Upgrade',
    `Sec-WebSocket-Accept: ${acceptKey(key)}`];
  if (protocol) lines.push(`Sec-WebSocket-Protocol: ${protocol}`);
  socket.write(lines.join('\r\n') + '\r\n\r\n');
  return new WsConnection(socket, { role: 'server', head, maxMessage });
}
