#!/usr/bin/env node
// Runs the JavaScript wire-v1 responder until interrupted:
//   node responder.mjs [--port N] [--handshake-deadline-ms MS] [--max-message BYTES] [--verbose]
// Prints one JSON line {"url", "node_id"} once listening.
import { startResponder } from './lib/responder.mjs';
import { parseOptions } from './lib/options.mjs';

const { options } = parseOptions(process.argv.slice(2), {
  port: 'int', 'handshake-deadline-ms': 'int', 'max-message': 'int', verbose: 'flag',
});
const responder = await startResponder({
  port: options.port ?? 0,
  handshakeDeadlineMs: options['handshake-deadline-ms'] ?? 10000,
  maxMessage: options['max-message'] ?? 8 * 1024 * 1024,
  log: options.verbose ? (line) => process.stderr.write(`responder: ${line}\n`) : () => {},
});
process.stdout.write(JSON.stringify({ url: responder.url, node_id: responder.nodeId }) + '\n');
const stop = () => responder.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
