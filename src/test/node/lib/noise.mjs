// The Noise Protocol Framework, revision 34 (§5 processing rules), for the 25519 / AESGCM / SHA256
// suite that wire-v1 §3 names: CipherState, SymmetricState and HandshakeState as in the spec, the
// handshake patterns (NN, XX, IK) as data.
import crypto from 'node:crypto';
import { x25519, x25519Generate, LowOrderError } from './keys.mjs';

export const DHLEN = 32;
export const HASHLEN = 32;
export const TAGLEN = 16;
const MAX_NONCE = (1n << 64n) - 1n;

/** A handshake or cipher failure; kind is 'short', 'decrypt', 'low-order' or 'state'. */
export class NoiseError extends Error {
  constructor(kind, message) {
    super(message);
    this.kind = kind;
  }
}

/** Handshake patterns (Noise §7): pre-messages and message patterns as token lists. */
export const PATTERNS = Object.freeze({
  NN: { pre: { initiator: [], responder: [] }, messages: [['e'], ['e', 'ee']] },
  XX: { pre: { initiator: [], responder: [] }, messages: [['e'], ['e', 'ee', 's', 'es'], ['s', 'se']] },
  IK: { pre: { initiator: [], responder: ['s'] }, messages: [['e', 'es', 's', 'ss'], ['e', 'ee', 'se']] },
});

function sha256(...parts) {
  const h = crypto.createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
}

function hmac(key, ...parts) {
  const h = crypto.createHmac('sha256', key);
  for (const p of parts) h.update(p);
  return h.digest();
}

/** HKDF of Noise §4.3 with two or three outputs. */
export function hkdf(chainingKey, ikm, numOutputs) {
  const tempKey = hmac(chainingKey, ikm);
  const out1 = hmac(tempKey, Buffer.from([1]));
  const out2 = hmac(tempKey, out1, Buffer.from([2]));
  if (numOutputs === 2) return [out1, out2];
  return [out1, out2, hmac(tempKey, out2, Buffer.from([3]))];
}

function nonceBytes(n) {
  const nonce = Buffer.alloc(12);
  nonce.writeBigUInt64BE(n, 4);
  return nonce;
}

function aesGcmEncrypt(k, n, ad, plaintext) {
  const c = crypto.createCipheriv('aes-256-gcm', k, nonceBytes(n), { authTagLength: TAGLEN });
  c.setAAD(ad);
  return Buffer.concat([c.update(plaintext), c.final(), c.getAuthTag()]);
}

function aesGcmDecrypt(k, n, ad, ciphertext) {
  if (ciphertext.length < TAGLEN) throw new NoiseError('decrypt', 'ciphertext shorter than the tag');
  const d = crypto.createDecipheriv('aes-256-gcm', k, nonceBytes(n), { authTagLength: TAGLEN });
  d.setAAD(ad);
  d.setAuthTag(ciphertext.subarray(ciphertext.length - TAGLEN));
  try {
    return Buffer.concat([d.update(ciphertext.subarray(0, ciphertext.length - TAGLEN)), d.final()]);
  } catch {
    throw new NoiseError('decrypt', 'authentication tag mismatch');
  }
}

/** Noise §5.1. */
export class CipherState {
  constructor(k = null, n = 0n) {
    this.k = k;
    this.n = n;
  }

  hasKey() {
    return this.k !== null;
  }

  encryptWithAd(ad, plaintext) {
    if (!this.hasKey()) return Buffer.from(plaintext);
    if (this.n >= MAX_NONCE) throw new NoiseError('state', 'nonce exhausted');
    const out = aesGcmEncrypt(this.k, this.n, ad, plaintext);
    this.n += 1n;
    return out;
  }

  decryptWithAd(ad, ciphertext) {
    if (!this.hasKey()) return Buffer.from(ciphertext);
    if (this.n >= MAX_NONCE) throw new NoiseError('state', 'nonce exhausted');
    const out = aesGcmDecrypt(this.k, this.n, ad, ciphertext);
    this.n += 1n;
    return out;
  }

  rekey() {
    this.k = aesGcmEncrypt(this.k, MAX_NONCE, Buffer.alloc(0), Buffer.alloc(32)).subarray(0, 32);
  }
}

/** Noise §5.2. */
export class SymmetricState {
  constructor(protocolName) {
    const name = Buffer.from(protocolName, 'ascii');
    this.h = name.length <= HASHLEN ? Buffer.concat([name, Buffer.alloc(HASHLEN - name.length)]) : sha256(name);
    this.ck = Buffer.from(this.h);
    this.cipher = new CipherState();
  }

  mixKey(ikm) {
    const [ck, tempK] = hkdf(this.ck, ikm, 2);
    this.ck = ck;
    this.cipher = new CipherState(tempK.subarray(0, 32));
  }

  mixHash(data) {
    this.h = sha256(this.h, data);
  }

  encryptAndHash(plaintext) {
    const ciphertext = this.cipher.encryptWithAd(this.h, plaintext);
    this.mixHash(ciphertext);
    return ciphertext;
  }

  decryptAndHash(ciphertext) {
    const plaintext = this.cipher.decryptWithAd(this.h, ciphertext);
    this.mixHash(ciphertext);
    return plaintext;
  }

  split() {
    const [k1, k2] = hkdf(this.ck, Buffer.alloc(0), 2);
    return [new CipherState(k1.subarray(0, 32)), new CipherState(k2.subarray(0, 32))];
  }
}

/**
 * Noise §5.3. Options: pattern ('XX', ...), initiator, prologue, s / e (key pairs from keys.mjs),
 * rs / re (raw public keys), generateKeypair (injectable for vectors and tests).
 * After any failure the state is FAILED and every later call throws.
 */
export class HandshakeState {
  constructor({ pattern, initiator, prologue = Buffer.alloc(0), s = null, e = null, rs = null, re = null,
    generateKeypair = x25519Generate }) {
    const p = PATTERNS[pattern];
    if (!p) throw new TypeError(`unknown pattern ${pattern}`);
    this.protocolName = `Noise_${pattern}_25519_AESGCM_SHA256`;
    this.messagePatterns = p.messages;
    this.initiator = initiator;
    this.s = s;
    this.e = e;
    this.rs = rs;
    this.re = re;
    this.generateKeypair = generateKeypair;
    this.ss = new SymmetricState(this.protocolName);
    this.ss.mixHash(prologue);
    for (const side of ['initiator', 'responder']) {
      for (const token of p.pre[side]) {
        const local = (side === 'initiator') === initiator;
        const key = token === 's' ? (local ? s?.publicRaw : rs) : (local ? e?.publicRaw : re);
        if (!key) throw new TypeError(`pre-message ${token} of the ${side} is missing`);
        this.ss.mixHash(key);
      }
    }
    this.index = 0;
    this.failed = false;
    this.result = null;
  }

  /** True when it is this side's turn to write. */
  isMyTurn() {
    return (this.index % 2 === 0) === this.initiator;
  }

  isFinished() {
    return this.result !== null;
  }

  handshakeHash() {
    return this.ss.h;
  }

  #guard(writing) {
    if (this.failed) throw new NoiseError('state', 'handshake already failed');
    if (this.result) throw new NoiseError('state', 'handshake already finished');
    if (writing !== this.isMyTurn()) throw new NoiseError('state', writing ? 'not our turn to write' : 'not our turn to read');
  }

  #dh(local, remote) {
    try {
      return x25519(local, remote);
    } catch (err) {
      if (err instanceof LowOrderError) throw new NoiseError('low-order', err.message);
      throw err;
    }
  }

  #mixDh(token) {
    const i = this.initiator;
    switch (token) {
      case 'ee': return this.ss.mixKey(this.#dh(this.e, this.re));
      case 'es': return this.ss.mixKey(i ? this.#dh(this.e, this.rs) : this.#dh(this.s, this.re));
      case 'se': return this.ss.mixKey(i ? this.#dh(this.s, this.re) : this.#dh(this.e, this.rs));
      case 'ss': return this.ss.mixKey(this.#dh(this.s, this.rs));
      default: throw new TypeError(`unknown token ${token}`);
    }
  }

  #finishIfDone() {
    this.index += 1;
    if (this.index === this.messagePatterns.length) {
      const [c1, c2] = this.ss.split();
      this.result = this.initiator ? { send: c1, recv: c2 } : { send: c2, recv: c1 };
    }
  }

  /** WriteMessage: returns the message bytes. */
  writeMessage(payload = Buffer.alloc(0)) {
    this.#guard(true);
    try {
      const parts = [];
      for (const token of this.messagePatterns[this.index]) {
        if (token === 'e') {
          if (!this.e) this.e = this.generateKeypair();
          parts.push(this.e.publicRaw);
          this.ss.mixHash(this.e.publicRaw);
        } else if (token === 's') {
          parts.push(this.ss.encryptAndHash(this.s.publicRaw));
        } else {
          this.#mixDh(token);
        }
      }
      parts.push(this.ss.encryptAndHash(payload));
      this.#finishIfDone();
      return Buffer.concat(parts);
    } catch (err) {
      this.failed = true;
      throw err;
    }
  }

  /** ReadMessage: returns the payload; throws NoiseError ('short', 'decrypt', 'low-order'). */
  readMessage(message) {
    this.#guard(false);
    try {
      let offset = 0;
      const take = (n, what) => {
        if (message.length - offset < n) throw new NoiseError('short', `message too short for ${what}`);
        const out = message.subarray(offset, offset + n);
        offset += n;
        return Buffer.from(out);
      };
      const tokens = this.messagePatterns[this.index];
      // The shortest valid message: every key plus, once a key is set, tags; checked up front so a
      // short message is told apart from an undecryptable one.
      let minimum = 0;
      let keyed = this.ss.cipher.hasKey();
      for (const token of tokens) {
        if (token === 'e') minimum += DHLEN;
        else if (token === 's') minimum += DHLEN + (keyed ? TAGLEN : 0);
        else keyed = true;
      }
      minimum += keyed ? TAGLEN : 0;
      if (message.length < minimum) throw new NoiseError('short', `message of ${message.length} bytes, pattern needs ${minimum}`);
      for (const token of tokens) {
        if (token === 'e') {
          this.re = take(DHLEN, 'e');
          this.ss.mixHash(this.re);
        } else if (token === 's') {
          this.rs = this.ss.decryptAndHash(take(this.ss.cipher.hasKey() ? DHLEN + TAGLEN : DHLEN, 's'));
        } else {
          this.#mixDh(token);
        }
      }
      const payload = this.ss.decryptAndHash(message.subarray(offset));
      this.#finishIfDone();
      return payload;
    } catch (err) {
      this.failed = true;
      throw err;
    }
  }
}
