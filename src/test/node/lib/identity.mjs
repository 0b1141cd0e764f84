// Identity (wire-v1 §1) and the identity payload of handshake messages 2 and 3 (wire-v1 §3).
import crypto from 'node:crypto';
import { ed25519KeyPair, ed25519Sign, ed25519Verify } from './keys.mjs';

export const SIG_PREFIX = Buffer.from('agentmesh-noise-static:', 'ascii');
export const SOFTWARE = 'agentmesh-interop-js/0.1.0';

/** Thrown for any identity payload that must end the handshake with 4001. */
export class IdentityError extends Error {
  constructor(message) {
    super(message);
    this.closeCode = 4001;
  }
}

/** node id = lowercase hex of the first 20 bytes of SHA-256(raw Ed25519 public key). */
export function nodeIdOf(identityPublicRaw) {
  return crypto.createHash('sha256').update(identityPublicRaw).digest().subarray(0, 20).toString('hex');
}

export function isNodeId(s) {
  return typeof s === 'string' && /^[0-9a-f]{40}$/.test(s);
}

export function base64url(bytes) {
  return Buffer.from(bytes).toString('base64url');
}

/** Strict RFC 4648 §5 decoding without padding: alphabet, length and canonical trailing bits. */
export function decodeBase64url(s) {
  if (typeof s !== 'string' || !/^[A-Za-z0-9_-]*$/.test(s) || s.length % 4 === 1) {
    throw new IdentityError('bad base64url');
  }
  const bytes = Buffer.from(s, 'base64url');
  if (bytes.toString('base64url') !== s) throw new IdentityError('bad base64url (non-canonical)');
  return bytes;
}

/** A node identity: Ed25519 key pair and its node id. */
export function createIdentity(seed) {
  const keyPair = ed25519KeyPair(seed);
  return { keyPair, publicRaw: keyPair.publicRaw, nodeId: nodeIdOf(keyPair.publicRaw) };
}

export function signStatic(identity, staticPublicRaw) {
  return ed25519Sign(identity.keyPair, Buffer.concat([SIG_PREFIX, staticPublicRaw]));
}

/** The identity payload object for a Noise static key; extra members overwrite/extend it. */
export function identityPayloadObject(identity, staticPublicRaw, { addrs = [], software = SOFTWARE } = {}) {
  return { v: 1, identity: base64url(identity.publicRaw), sig: base64url(signStatic(identity, staticPublicRaw)),
    addrs, software };
}

export function encodePayload(obj) {
  return Buffer.from(JSON.stringify(obj), 'utf8');
}

/**
 * Verifies a received identity payload against the remote static key rs. Returns
 * {identity, nodeId, addrs, software}; throws IdentityError (close 4001) on anything wire-v1 §3 rejects.
 * checkSignature: false only to simulate a faulty node in the self-test.
 */
export function verifyPayload(bytes, rs, expectedNodeId = null, { checkSignature = true } = {}) {
  let obj;
  try {
    obj = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (e) {
    throw new IdentityError(`identity payload is not UTF-8 JSON: ${e.message}`);
  }
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) throw new IdentityError('identity payload is not an object');
  for (const member of ['v', 'identity', 'sig']) {
    if (!(member in obj)) throw new IdentityError(`identity payload lacks "${member}"`);
  }
  if (obj.v !== 1) throw new IdentityError(`identity payload v is ${JSON.stringify(obj.v)}, not 1`);
  const identity = decodeBase64url(obj.identity);
  const sig = decodeBase64url(obj.sig);
  if (identity.length !== 32) throw new IdentityError(`identity is ${identity.length} bytes, not 32`);
  if (sig.length !== 64) throw new IdentityError(`sig is ${sig.length} bytes, not 64`);
  const addrs = obj.addrs ?? [];
  if (!Array.isArray(addrs) || !addrs.every((a) => typeof a === 'string')) throw new IdentityError('addrs is not an array of strings');
  if (obj.software !== undefined && typeof obj.software !== 'string') throw new IdentityError('software is not a string');
  if (checkSignature && !ed25519Verify(identity, Buffer.concat([SIG_PREFIX, rs]), sig)) throw new IdentityError('bad signature over the static key');
  const nodeId = nodeIdOf(identity);
  if (expectedNodeId !== null && nodeId !== expectedNodeId) {
    throw new IdentityError(`dialed ${expectedNodeId} but the peer is ${nodeId}`);
  }
  return { identity, nodeId, addrs, software: obj.software ?? null };
}
