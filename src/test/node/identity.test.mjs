// Identity (wire-v1 §1) and identity payloads (wire-v1 §3), without a network.
import test from 'node:test';
import assert from 'node:assert/strict';
import { ED25519_L, ed25519KeyPair, ed25519Verify, signatureS, x25519Generate, x25519, x25519FromPrivate, LowOrderError } from './lib/keys.mjs';
import { IdentityError, SIG_PREFIX, base64url, createIdentity, decodeBase64url, encodePayload, identityPayloadObject, nodeIdOf, signStatic, verifyPayload } from './lib/identity.mjs';

const hex = (s) => Buffer.from(s, 'hex');
// RFC 8032 §7.1, TEST 1.
const RFC_SEED = hex('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60');
const RFC_PUB = 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a';
const RFC_SIG = hex('e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b');

test('Ed25519 from a raw seed reproduces RFC 8032 test 1', () => {
  const kp = ed25519KeyPair(RFC_SEED);
  assert.equal(kp.publicRaw.toString('hex'), RFC_PUB);
  assert.ok(ed25519Verify(kp.publicRaw, Buffer.alloc(0), RFC_SIG));
});

test('node id is the hex of the first 20 bytes of SHA-256 of the raw public key', () => {
  assert.equal(nodeIdOf(hex(RFC_PUB)), '21fe31dfa154a261626bf854046fd2271b7bed4b');
  assert.match(createIdentity().nodeId, /^[0-9a-f]{40}$/);
});

test('Ed25519 verification requires S < L', () => {
  const sig = Buffer.from(RFC_SIG);
  let s = signatureS(sig) + ED25519_L;
  for (let i = 0; i < 32; i++, s >>= 8n) sig[32 + i] = Number(s & 0xffn);
  assert.ok(!ed25519Verify(hex(RFC_PUB), Buffer.alloc(0), sig));
  assert.ok(!ed25519Verify(hex(RFC_PUB), Buffer.from('x'), RFC_SIG));
  assert.ok(!ed25519Verify(hex(RFC_PUB), Buffer.alloc(0), RFC_SIG.subarray(0, 63)));
});

test('X25519 of RFC 7748 §6.1 and a low-order key refused', () => {
  const alice = x25519FromPrivate(hex('77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a'));
  assert.equal(alice.publicRaw.toString('hex'), '8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a');
  const shared = x25519(alice, hex('de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f'));
  assert.equal(shared.toString('hex'), '4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742');
  assert.throws(() => x25519(x25519Generate(), Buffer.alloc(32)), LowOrderError);
  const order8 = hex('e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800');
  assert.throws(() => x25519(x25519Generate(), order8), LowOrderError);
});

test('base64url decoding is strict', () => {
  assert.deepEqual(decodeBase64url('AQ'), Buffer.from([1]));
  assert.deepEqual(decodeBase64url(''), Buffer.alloc(0));
  for (const bad of ['AQ==', 'A+8', 'A/8', 'A', 'AR', 'A Q', 'AQ\n', 42, null]) {
    assert.throws(() => decodeBase64url(bad), IdentityError, String(bad));
  }
});

function payloadFor(identity, staticPub, edit = (o) => o) {
  return encodePayload(edit(identityPayloadObject(identity, staticPub, { addrs: ['ws://127.0.0.1:1/mesh'] })));
}

test('an identity payload verifies against its static key and names the node', () => {
  const id = createIdentity();
  const s = x25519Generate().publicRaw;
  const r = verifyPayload(payloadFor(id, s), s, id.nodeId);
  assert.equal(r.nodeId, id.nodeId);
  assert.deepEqual(r.addrs, ['ws://127.0.0.1:1/mesh']);
  assert.equal(r.software, 'agentmesh-interop-js/0.1.0');
  const sig = decodeBase64url(JSON.parse(payloadFor(id, s)).sig);
  assert.ok(ed25519Verify(id.publicRaw, Buffer.concat([Buffer.from('agentmesh-noise-static:'), s]), sig));
  assert.equal(SIG_PREFIX.length, 23);
});

test('absent addrs means [], unknown members are ignored', () => {
  const id = createIdentity();
  const s = x25519Generate().publicRaw;
  const r = verifyPayload(payloadFor(id, s, ({ addrs, software, ...o }) => ({ ...o, extra: [1] })), s);
  assert.deepEqual(r.addrs, []);
  assert.equal(r.software, null);
});

test('every rejected identity payload is an IdentityError with close code 4001', () => {
  const id = createIdentity();
  const s = x25519Generate().publicRaw;
  const other = x25519Generate().publicRaw;
  const bad = {
    'signature over another key': payloadFor(id, other),
    'sig by another identity': payloadFor(id, s, (o) => ({ ...o, sig: base64url(signStatic(createIdentity(), s)) })),
    'v = 2': payloadFor(id, s, (o) => ({ ...o, v: 2 })),
    'v missing': payloadFor(id, s, ({ v, ...o }) => o),
    'identity missing': payloadFor(id, s, ({ identity, ...o }) => o),
    'sig missing': payloadFor(id, s, ({ sig, ...o }) => o),
    'identity padded': payloadFor(id, s, (o) => ({ ...o, identity: `${o.identity}=` })),
    'sig short': payloadFor(id, s, (o) => ({ ...o, sig: o.sig.slice(0, 40) })),
    'addrs not a list': payloadFor(id, s, (o) => ({ ...o, addrs: 'ws://x' })),
    'array': Buffer.from('[]'),
    'not JSON': Buffer.from('{'),
    'not UTF-8': Buffer.from([0x22, 0xff, 0x22]),
  };
  for (const [name, bytes] of Object.entries(bad)) {
    assert.throws(() => verifyPayload(bytes, s), (e) => e instanceof IdentityError && e.closeCode === 4001, name);
  }
  assert.throws(() => verifyPayload(payloadFor(id, s), s, nodeIdOf(Buffer.alloc(32))), IdentityError, 'dialed id mismatch');
});
