// Raw 32-byte X25519 and Ed25519 keys over node:crypto (wire-v1 §1, §3): node:crypto takes keys as
// KeyObjects, so raw keys are wrapped in their fixed DER prefixes (PKCS#8 / SPKI, RFC 8410).
import crypto from 'node:crypto';

const X25519_PKCS8 = Buffer.from('302e020100300506032b656e04220420', 'hex');
const X25519_SPKI = Buffer.from('302a300506032b656e032100', 'hex');
const ED25519_PKCS8 = Buffer.from('302e020100300506032b657004220420', 'hex');
const ED25519_SPKI = Buffer.from('302a300506032b6570032100', 'hex');

/** The group order L of Ed25519 (RFC 8032 §5.1). */
export const ED25519_L = (1n << 252n) + 27742317777372353535851937790883648493n;

function raw32(bytes, what) {
  const b = Buffer.from(bytes);
  if (b.length !== 32) throw new TypeError(`${what} must be 32 bytes, got ${b.length}`);
  return b;
}

function rawPublic(keyObject) {
  return keyObject.export({ format: 'der', type: 'spki' }).subarray(12);
}

/** An X25519 key pair from a raw 32-byte private key. */
export function x25519FromPrivate(privateRaw) {
  const privateKey = crypto.createPrivateKey({
    key: Buffer.concat([X25519_PKCS8, raw32(privateRaw, 'X25519 private key')]), format: 'der', type: 'pkcs8',
  });
  return { privateKey, publicRaw: Buffer.from(rawPublic(crypto.createPublicKey(privateKey))) };
}

/** A fresh X25519 key pair; randomBytes is injectable for deterministic tests. */
export function x25519Generate(randomBytes = crypto.randomBytes) {
  return x25519FromPrivate(randomBytes(32));
}

/** Thrown when a DH result is all zeros (a low-order public key, wire-v1 §3). */
export class LowOrderError extends Error {}

/** X25519(private, remote raw public); fails closed on a low-order remote key. */
export function x25519(keyPair, remotePublicRaw) {
  const publicKey = crypto.createPublicKey({
    key: Buffer.concat([X25519_SPKI, raw32(remotePublicRaw, 'X25519 public key')]), format: 'der', type: 'spki',
  });
  let shared;
  try {
    shared = crypto.diffieHellman({ privateKey: keyPair.privateKey, publicKey });
  } catch (e) {
    // OpenSSL refuses an all-zero X25519 output itself.
    throw new LowOrderError(`X25519 failed: ${e.message}`);
  }
  if (shared.every((b) => b === 0)) throw new LowOrderError('X25519 result is all zeros');
  return shared;
}

/** An Ed25519 identity key pair; from a raw 32-byte seed when given, else fresh. */
export function ed25519KeyPair(seed) {
  const privateKey = seed
    ? crypto.createPrivateKey({ key: Buffer.concat([ED25519_PKCS8, raw32(seed, 'Ed25519 seed')]), format: 'der', type: 'pkcs8' })
    : crypto.generateKeyPairSync('ed25519').privateKey;
  return { privateKey, publicRaw: Buffer.from(rawPublic(crypto.createPublicKey(privateKey))) };
}

export function ed25519Sign(keyPair, message) {
  return crypto.sign(null, message, keyPair.privateKey);
}

/** S of a 64-byte Ed25519 signature as an integer (little-endian, RFC 8032 §5.1.7). */
export function signatureS(sig) {
  let s = 0n;
  for (let i = 63; i >= 32; i--) s = (s << 8n) | BigInt(sig[i]);
  return s;
}

/** RFC 8032 verification with S < L required; false on any malformed input. */
export function ed25519Verify(publicRaw, message, sig) {
  if (publicRaw.length !== 32 || sig.length !== 64) return false;
  if (signatureS(sig) >= ED25519_L) return false;
  try {
    const publicKey = crypto.createPublicKey({ key: Buffer.concat([ED25519_SPKI, publicRaw]), format: 'der', type: 'spki' });
    return crypto.verify(null, message, publicKey, sig);
  } catch {
    return false;
  }
}
