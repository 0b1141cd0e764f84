#!/usr/bin/env node
// An independent wire-v1 peer. Each scenario prints one JSON line of results; exit 0 on success, 1 on failure.
//
//   node peer.mjs handshake <ws-url> [expected-node-id] [--timeout-ms MS]
//   node peer.mjs hostile <ws-url> [--handshake-deadline-ms MS] [--max-message BYTES] [--skip-stall]
//                         [--close-wait-ms MS] [--timeout-ms MS] [--only SUBSTRING] [--quiet]
//   node peer.mjs initiator [--wait-ms MS] [--max-message BYTES] [--self-dial] [--quiet]
//
// hostile and initiator also print one progress line per case on stderr and a summary line
// `N passed, M failed`. initiator first prints {"bootstrap": "<url>#<node-id>,..."}: the list to give
// the node under test as mesh.bootstrap; it then waits for the node to dial every entry.
import { runHandshake, runHostile } from './lib/scenarios.mjs';
import { parseOptions } from './lib/options.mjs';
import { createIdentity, isNodeId } from './lib/identity.mjs';
import { dialBootstrap, startInitiatorSuite } from './lib/initiator-suite.mjs';
import { peerRequestHandler } from './lib/scenarios.mjs';

const USAGE = 'usage: node peer.mjs handshake <ws-url> [expected-node-id] | hostile <ws-url> [options] | initiator [options]';

async function main(argv) {
  const { options, positional } = parseOptions(argv, {
    'timeout-ms': 'int', 'handshake-deadline-ms': 'int', 'max-message': 'int', 'skip-stall': 'flag',
    'close-wait-ms': 'int', only: 'string', quiet: 'flag', 'wait-ms': 'int', 'self-dial': 'flag',
  });
  const [scenario, url, expected] = positional;
  if (scenario === 'initiator') return initiator(options);
  if (!url) throw new Error(USAGE);
  const timeoutMs = options['timeout-ms'] ?? 10000;
  const log = options.quiet ? () => {} : (line) => process.stderr.write(`${line}\n`);
  if (scenario === 'handshake') {
    if (expected !== undefined && !isNodeId(expected)) throw new Error(`expected node id must be 40 lowercase hex: ${expected}`);
    const out = await runHandshake(url, { expectedNodeId: expected ?? null, timeoutMs, log });
    process.stdout.write(JSON.stringify(out) + '\n');
    return out.ok;
  }
  if (scenario === 'hostile') {
    const out = await runHostile(url, {
      handshakeDeadlineMs: options['handshake-deadline-ms'] ?? 10000,
      maxMessage: options['max-message'] ?? 8 * 1024 * 1024,
      skipStall: options['skip-stall'] ?? false,
      closeWaitMs: options['close-wait-ms'] ?? 5000,
      timeoutMs,
      only: options.only ?? null,
      log,
    });
    process.stdout.write(JSON.stringify(out) + '\n');
    process.stdout.write(`${out.passed} passed, ${out.failed} failed\n`);
    return out.failed === 0 && out.passed > 0;
  }
  throw new Error(USAGE);
}

/** The node as initiator: responders for it to dial; --self-dial dials them with this peer instead. */
async function initiator(options) {
  const maxMessage = options['max-message'] ?? 8 * 1024 * 1024;
  const log = options.quiet ? () => {} : (line) => process.stderr.write(`${line}\n`);
  const suite = await startInitiatorSuite({ waitMs: options['wait-ms'] ?? 30000, maxMessage, log });
  process.stdout.write(JSON.stringify({ bootstrap: suite.bootstrap }) + '\n');
  let links = Promise.resolve([]);
  if (options['self-dial']) {
    const identity = createIdentity();
    links = dialBootstrap(suite.bootstrap, { identity, handshakeDeadlineMs: options['handshake-deadline-ms'] ?? 10000,
      maxMessage, onRequest: peerRequestHandler(identity) });
  }
  const out = await suite.results;
  for (const link of await links) await link.close(1000);
  process.stdout.write(JSON.stringify(out) + '\n');
  process.stdout.write(`${out.passed} passed, ${out.failed} failed\n`);
  return out.failed === 0 && out.passed > 0;
}

main(process.argv.slice(2)).then(
  (ok) => process.exit(ok ? 0 : 1),
  (e) => {
    process.stdout.write(JSON.stringify({ ok: false, error: e.message }) + '\n');
    process.exit(1);
  },
);
