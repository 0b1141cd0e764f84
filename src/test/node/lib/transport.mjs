// Transport messages (wire-v1 §4): flags byte + chunk, chunking of application messages,
// reassembly with the size limit, and the close codes of §6.

export const MAX_TRANSPORT = 65535;
export const TAG = 16;
export const MIN_TRANSPORT = TAG + 1;
export const MAX_CHUNK = MAX_TRANSPORT - TAG - 1; // 65518 data bytes after the flags byte
export const FLAG_FINAL = 0x01;
export const DEFAULT_MAX_MESSAGE = 8 * 1024 * 1024;

export const CLOSE = Object.freeze({
  NORMAL: 1000, TEXT: 1003, TOO_BIG: 1009, PROTOCOL: 4000, HANDSHAKE: 4001, DECRYPT: 4002, POLICY: 4003,
  DEADLINE: 4004, DUPLICATE: 4005,
});

/** A violation of wire-v1 that ends a link with closeCode. */
export class WireError extends Error {
  constructor(closeCode, message) {
    super(message);
    this.closeCode = closeCode;
  }
}

/** Checks a received transport message's length (before decrypting). */
export function checkTransportLength(length) {
  if (length > MAX_TRANSPORT) throw new WireError(CLOSE.PROTOCOL, `transport message of ${length} bytes > ${MAX_TRANSPORT}`);
  if (length < MIN_TRANSPORT) throw new WireError(CLOSE.PROTOCOL, `transport message of ${length} bytes < ${MIN_TRANSPORT}`);
}

/** Plaintexts (flags || chunk) for one application message; the last carries FINAL. */
export function chunkMessage(bytes, chunkSize = MAX_CHUNK) {
  if (!(chunkSize >= 1 && chunkSize <= MAX_CHUNK)) throw new RangeError(`chunk size ${chunkSize}`);
  const out = [];
  let offset = 0;
  do {
    const end = Math.min(bytes.length, offset + chunkSize);
    out.push(plaintext(end === bytes.length ? FLAG_FINAL : 0, bytes.subarray(offset, end)));
    offset = end;
  } while (offset < bytes.length);
  return out;
}

export function plaintext(flags, chunk) {
  const p = Buffer.allocUnsafe(1 + chunk.length);
  p[0] = flags;
  Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length).copy(p, 1);
  return p;
}

/** Reassembles application messages from decrypted transport plaintexts. */
export class Reassembler {
  /** strictFlags: false only to simulate a faulty node in the self-test. */
  constructor(maxMessage = DEFAULT_MAX_MESSAGE, { strictFlags = true } = {}) {
    if (!Number.isSafeInteger(maxMessage) || maxMessage < 1) throw new RangeError(`maxMessage ${maxMessage}`);
    this.maxMessage = maxMessage;
    this.strictFlags = strictFlags;
    this.parts = [];
    this.size = 0;
  }

  /** Returns the complete message when plain carries FINAL, else null; throws WireError. */
  push(plain) {
    if (plain.length < 1) throw new WireError(CLOSE.PROTOCOL, 'transport plaintext without a flags byte');
    const flags = plain[0];
    if (this.strictFlags && (flags & ~FLAG_FINAL) !== 0) throw new WireError(CLOSE.PROTOCOL, `unknown flag bits 0x${flags.toString(16)}`);
    const chunk = plain.subarray(1);
    this.size += chunk.length;
    if (this.size > this.maxMessage) {
      throw new WireError(CLOSE.TOO_BIG, `application message exceeds ${this.maxMessage} bytes`);
    }
    if (chunk.length) this.parts.push(chunk);
    if (!(flags & FLAG_FINAL)) return null;
    const message = Buffer.concat(this.parts, this.size);
    this.parts = [];
    this.size = 0;
    return message;
  }
}
