// The peer's scenarios against the JavaScript responder on loopback (the full wire-v1 stack both
// ways), the initiator suite against the JavaScript initiator, and proof that both notice a side
// that breaks the rules.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startResponder } from './lib/responder.mjs';
import { peerRequestHandler, runHandshake, runHostile } from './lib/scenarios.mjs';
import { createIdentity, nodeIdOf } from './lib/identity.mjs';
import { dialBootstrap, startInitiatorSuite } from './lib/initiator-suite.mjs';

const PEER = fileURLToPath(new URL('./peer.mjs', import.meta.url));
// Deadlines generous enough for a loaded machine; the stall cases wait for the handshake deadline.
const FAST = { handshakeDeadlineMs: 2000, maxMessage: 256 * 1024, closeWaitMs: 5000 };

async function responder(t, opts = {}) {
  const r = await startResponder({ handshakeDeadlineMs: FAST.handshakeDeadlineMs, maxMessage: FAST.maxMessage, ...opts });
  t.after(r.close);
  return r;
}

function peer(args) {
  return new Promise((resolve) => {
    execFile(process.execPath, [PEER, ...args], { timeout: 60000 }, (err, stdout, stderr) => {
      resolve({ code: err ? err.code : 0, lines: stdout.trim().split('\n'), stderr });
    });
  });
}

test('handshake: identity verified, node/get_info and node/ping answered', async (t) => {
  const r = await responder(t);
  const out = await runHandshake(r.url, { expectedNodeId: r.nodeId });
  assert.equal(out.ok, true, JSON.stringify(out));
  assert.equal(out.node_id, r.nodeId);
  assert.deepEqual(out.ping, {});
  assert.equal(out.get_info.node_id, r.nodeId);
});

test('handshake with the wrong expected node id fails with 4001', async (t) => {
  const r = await responder(t);
  const out = await runHandshake(r.url, { expectedNodeId: nodeIdOf(Buffer.alloc(32, 1)) });
  assert.equal(out.ok, false);
  assert.equal(out.close_code, 4001);
});

test('hostile: every case passes against a conforming responder', async (t) => {
  const r = await responder(t);
  const out = await runHostile(r.url, FAST);
  const failed = out.cases.filter((c) => !c.pass);
  assert.deepEqual(failed, []);
  assert.ok(out.passed >= 60, `only ${out.passed} cases ran`);
  assert.equal(out.node_id, r.nodeId);
});

const faults = [
  ['accept-without-subprotocol', 'upgrade without a subprotocol'],
  ['skip-signature-check', 'bad signature'],
  ['ignore-flags', 'bad flags 0x02'],
];
for (const [fault, only] of faults) {
  test(`hostile notices a responder with fault ${fault}`, async (t) => {
    const r = await responder(t, { faults: [fault] });
    const out = await runHostile(r.url, { ...FAST, closeWaitMs: 1000, skipStall: true, only });
    assert.ok(out.cases.length >= 1);
    assert.ok(out.cases.every((c) => !c.pass), JSON.stringify(out.cases));
  });
}

test('hostile notices a size limit other than the expected one', async (t) => {
  const r = await responder(t, { maxMessage: 2 * FAST.maxMessage });
  const out = await runHostile(r.url, { ...FAST, closeWaitMs: 1000, skipStall: true, only: 'over the limit' });
  assert.equal(out.cases.length, 1);
  assert.equal(out.cases[0].pass, false);
  assert.match(out.cases[0].observed, /still open/);
});

test('hostile notices a handshake deadline that is not enforced within the expected one', async (t) => {
  const r = await responder(t, { handshakeDeadlineMs: 30000 });
  const out = await runHostile(r.url, { ...FAST, handshakeDeadlineMs: 300, closeWaitMs: 500, only: 'stall after the upgrade' });
  assert.equal(out.cases.length, 1);
  assert.equal(out.cases[0].pass, false);
});

test('peer.mjs prints one JSON line and exits 0 on success, 1 on failure', async (t) => {
  const r = await responder(t);
  const ok = await peer(['handshake', r.url, r.nodeId]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(ok.lines.length, 1);
  assert.equal(JSON.parse(ok.lines[0]).node_id, r.nodeId);
  const wrong = await peer(['handshake', r.url, nodeIdOf(Buffer.alloc(32, 2))]);
  assert.equal(wrong.code, 1);
  assert.equal(JSON.parse(wrong.lines[0]).close_code, 4001);
  const hostile = await peer(['hostile', r.url, '--handshake-deadline-ms', '300', '--max-message', String(FAST.maxMessage),
    '--only', 'node/ping', '--quiet']);
  assert.equal(hostile.code, 0, hostile.lines.join('\n'));
  assert.equal(JSON.parse(hostile.lines[0]).scenario, 'hostile');
  assert.match(hostile.lines[1], /^\d+ passed, 0 failed$/);
  const usage = await peer(['nonsense']);
  assert.equal(usage.code, 1);
});

test('initiator suite: a conforming initiator gets every expected outcome', async () => {
  const suite = await startInitiatorSuite({ waitMs: 5000, maxMessage: FAST.maxMessage });
  const identity = createIdentity();
  const links = dialBootstrap(suite.bootstrap, { identity, handshakeDeadlineMs: FAST.handshakeDeadlineMs,
    maxMessage: FAST.maxMessage, onRequest: peerRequestHandler(identity) });
  const out = await suite.results;
  for (const link of await links) await link.close(1000);
  assert.deepEqual(out.cases.filter((c) => !c.pass), []);
  assert.ok(out.passed >= 15);
});

test('initiator suite notices an initiator that does not check the pinned node id', async () => {
  const suite = await startInitiatorSuite({ waitMs: 1000, maxMessage: FAST.maxMessage });
  const unpinned = suite.bootstrap.split(',').map((e) => e.split('#')[0]).join(',');
  const links = dialBootstrap(unpinned, { handshakeDeadlineMs: FAST.handshakeDeadlineMs, maxMessage: FAST.maxMessage });
  const out = await suite.results;
  for (const link of await links) await link.close(1000);
  const pinned = out.cases.find((c) => c.name.includes('pinned'));
  assert.equal(pinned.pass, false);
});

test('peer.mjs initiator prints the bootstrap list first, then the results', async () => {
  const run = await peer(['initiator', '--self-dial', '--wait-ms', '5000', '--handshake-deadline-ms', '2000',
    '--max-message', String(FAST.maxMessage), '--quiet']);
  assert.equal(run.code, 0, run.lines.join('\n'));
  assert.match(JSON.parse(run.lines[0]).bootstrap, /^ws:\/\/127\.0\.0\.1:\d+\/mesh#[0-9a-f]{40}(,|$)/);
  assert.equal(JSON.parse(run.lines[1]).scenario, 'initiator');
  assert.match(run.lines[2], /^\d+ passed, 0 failed$/);
});
