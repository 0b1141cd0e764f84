// Replays the public Noise vectors in vectors/ byte for byte (wire-v1 §8) and checks the Noise
// state machines' failure rules.
import test from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import { HandshakeState, CipherState, NoiseError, hkdf } from './lib/noise.mjs';
import { x25519FromPrivate, x25519Generate } from './lib/keys.mjs';

const FILES = ['noise-25519-aesgcm-sha256.json', 'noise-25519-aesgcm-sha256.snow.json',
  'noise-25519-aesgcm-sha256.noise-c.json'];
const hex = (s) => Buffer.from(s, 'hex');

function load(file) {
  return JSON.parse(readFileSync(new URL(`./vectors/${file}`, import.meta.url), 'utf8')).vectors;
}

function side(v, prefix, initiator, pattern) {
  return new HandshakeState({
    pattern,
    initiator,
    prologue: hex(v[`${prefix}_prologue`]),
    s: v[`${prefix}_static`] ? x25519FromPrivate(hex(v[`${prefix}_static`])) : null,
    e: x25519FromPrivate(hex(v[`${prefix}_ephemeral`])),
    rs: v[`${prefix}_remote_static`] ? hex(v[`${prefix}_remote_static`]) : null,
    generateKeypair: () => { throw new Error('vectors fix every ephemeral key'); },
  });
}

/** Plays one vector with both sides: every message written must equal the vector, every read its payload. */
function replay(v) {
  const name = v.protocol_name ?? v.name;
  const pattern = name.split('_')[1];
  const init = side(v, 'init', true, pattern);
  const resp = side(v, 'resp', false, pattern);
  let checked = 0;
  v.messages.forEach((m, i) => {
    const initiatorSends = i % 2 === 0;
    const [writer, reader] = initiatorSends ? [init, resp] : [resp, init];
    const payload = hex(m.payload);
    let ciphertext;
    if (!writer.isFinished()) {
      ciphertext = writer.writeMessage(payload);
      assert.equal(ciphertext.toString('hex'), m.ciphertext, `${name} message ${i} written`);
      assert.equal(reader.readMessage(ciphertext).toString('hex'), m.payload, `${name} message ${i} read`);
    } else {
      ciphertext = writer.result.send.encryptWithAd(Buffer.alloc(0), payload);
      assert.equal(ciphertext.toString('hex'), m.ciphertext, `${name} transport message ${i} written`);
      assert.equal(reader.result.recv.decryptWithAd(Buffer.alloc(0), ciphertext).toString('hex'), m.payload);
    }
    checked += 1;
  });
  assert.ok(init.isFinished() && resp.isFinished(), `${name} handshake finished`);
  if (v.handshake_hash) {
    assert.equal(init.handshakeHash().toString('hex'), v.handshake_hash);
    assert.equal(resp.handshakeHash().toString('hex'), v.handshake_hash);
  }
  return checked;
}

for (const file of FILES) {
  for (const v of load(file)) {
    const name = v.protocol_name ?? v.name;
    test(`vector ${file} ${name}`, () => {
      assert.equal(replay(v), v.messages.length);
    });
  }
}

test('the three vector files hold XX, NN and IK each', () => {
  for (const file of FILES) {
    const names = load(file).map((v) => v.protocol_name ?? v.name).sort();
    assert.deepEqual(names, ['Noise_IK_25519_AESGCM_SHA256', 'Noise_NN_25519_AESGCM_SHA256',
      'Noise_XX_25519_AESGCM_SHA256']);
  }
});

test('Noise HKDF equals RFC 5869 HKDF with the chaining key as salt and empty info', () => {
  const ck = crypto.randomBytes(32);
  const ikm = crypto.randomBytes(32);
  const [a, b, c] = hkdf(ck, ikm, 3);
  const rfc = Buffer.from(crypto.hkdfSync('sha256', ikm, ck, Buffer.alloc(0), 96));
  assert.deepEqual(Buffer.concat([a, b, c]), rfc);
});

test('CipherState nonce is 4 zero bytes and the big-endian counter; a failed decrypt keeps the counter', () => {
  const k = crypto.randomBytes(32);
  const cs = new CipherState(k, 0x0102030405060708n);
  const ct = cs.encryptWithAd(Buffer.alloc(0), Buffer.from('x'));
  const nonce = Buffer.from('00000000' + '0102030405060708', 'hex');
  const d = crypto.createDecipheriv('aes-256-gcm', k, nonce);
  d.setAuthTag(ct.subarray(1));
  assert.equal(Buffer.concat([d.update(ct.subarray(0, 1)), d.final()]).toString(), 'x');
  const rx = new CipherState(k, 0x0102030405060708n);
  const bad = Buffer.from(ct);
  bad[0] ^= 1;
  assert.throws(() => rx.decryptWithAd(Buffer.alloc(0), bad), (e) => e instanceof NoiseError && e.kind === 'decrypt');
  assert.equal(rx.n, 0x0102030405060708n);
  assert.equal(rx.decryptWithAd(Buffer.alloc(0), ct).toString(), 'x');
  assert.throws(() => rx.decryptWithAd(Buffer.alloc(0), ct), (e) => e.kind === 'decrypt', 'a replay fails');
});

test('CipherState refuses the nonce 2^64-1', () => {
  const cs = new CipherState(crypto.randomBytes(32), (1n << 64n) - 1n);
  assert.throws(() => cs.encryptWithAd(Buffer.alloc(0), Buffer.alloc(1)), (e) => e.kind === 'state');
});

function xxPair() {
  const init = new HandshakeState({ pattern: 'XX', initiator: true, prologue: Buffer.from('agentmesh/1'), s: x25519Generate() });
  const resp = new HandshakeState({ pattern: 'XX', initiator: false, prologue: Buffer.from('agentmesh/1'), s: x25519Generate() });
  return { init, resp };
}

test('XX: a message shorter than its pattern fails as short, a garbled one as decrypt; FAILED is terminal', () => {
  const { init, resp } = xxPair();
  assert.throws(() => resp.readMessage(Buffer.alloc(31)), (e) => e.kind === 'short');
  assert.throws(() => resp.readMessage(init.writeMessage()), (e) => e.kind === 'state');

  const p = xxPair();
  p.resp.readMessage(p.init.writeMessage());
  const m2 = p.resp.writeMessage(Buffer.from('payload'));
  assert.throws(() => p.init.readMessage(m2.subarray(0, 32 + 48 + 15)), (e) => e.kind === 'short');

  const q = xxPair();
  q.resp.readMessage(q.init.writeMessage());
  const m2q = q.resp.writeMessage(Buffer.from('payload'));
  m2q[40] ^= 0x80;
  assert.throws(() => q.init.readMessage(m2q), (e) => e.kind === 'decrypt');
});

test('XX: a low-order ephemeral key fails as low-order', () => {
  const { resp } = xxPair();
  resp.readMessage(Buffer.alloc(32));
  assert.throws(() => resp.writeMessage(), (e) => e.kind === 'low-order');
});

test('XX: both sides agree on the handshake hash and keys; the transport runs both ways', () => {
  const { init, resp } = xxPair();
  resp.readMessage(init.writeMessage());
  init.readMessage(resp.writeMessage(Buffer.from('r')));
  assert.equal(resp.readMessage(init.writeMessage(Buffer.from('i'))).toString(), 'i');
  assert.deepEqual(init.handshakeHash(), resp.handshakeHash());
  assert.deepEqual(init.rs, resp.s.publicRaw);
  assert.deepEqual(resp.rs, init.s.publicRaw);
  const ad = Buffer.alloc(0);
  assert.equal(resp.result.recv.decryptWithAd(ad, init.result.send.encryptWithAd(ad, Buffer.from('a'))).toString(), 'a');
  assert.equal(init.result.recv.decryptWithAd(ad, resp.result.send.encryptWithAd(ad, Buffer.from('b'))).toString(), 'b');
});
