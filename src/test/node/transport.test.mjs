// Transport messages (wire-v1 §4) and JSON-RPC classification and addresses (§4, §5), without a network.
import test from 'node:test';
import assert from 'node:assert/strict';
import { CLOSE, MAX_CHUNK, Reassembler, WireError, checkTransportLength, chunkMessage, plaintext } from './lib/transport.mjs';
import { CODE, RpcError, classify, echoAgent, nodeRequestHandler, parseAddress } from './lib/jsonrpc.mjs';

const wire = (code) => (e) => e instanceof WireError && e.closeCode === code;

test('chunking: up to 65518 bytes is one FINAL message; larger ones split at 65518', () => {
  assert.equal(MAX_CHUNK, 65518);
  const empty = chunkMessage(Buffer.alloc(0));
  assert.deepEqual(empty, [Buffer.from([1])]);
  const one = chunkMessage(Buffer.alloc(MAX_CHUNK, 7));
  assert.equal(one.length, 1);
  assert.equal(one[0].length, 65519);
  assert.equal(one[0][0], 1);
  const two = chunkMessage(Buffer.alloc(MAX_CHUNK + 1, 7));
  assert.deepEqual(two.map((p) => [p[0], p.length - 1]), [[0, MAX_CHUNK], [1, 1]]);
});

test('transport message length: 17..65535 accepted, else 4000', () => {
  checkTransportLength(17);
  checkTransportLength(65535);
  assert.throws(() => checkTransportLength(16), wire(4000));
  assert.throws(() => checkTransportLength(0), wire(4000));
  assert.throws(() => checkTransportLength(65536), wire(4000));
});

test('reassembly accepts any split, even inside UTF-8, and empty chunks', () => {
  const bytes = Buffer.from('{"t":"Grüße 😀"}');
  const r = new Reassembler(1024);
  assert.equal(r.push(plaintext(0, Buffer.alloc(0))), null);
  for (let i = 0; i < bytes.length; i++) assert.equal(r.push(plaintext(0, bytes.subarray(i, i + 1))), null);
  assert.deepEqual(r.push(plaintext(1, Buffer.alloc(0))), bytes);
  assert.deepEqual(r.push(plaintext(1, Buffer.from('x'))), Buffer.from('x'), 'the next message starts empty');
});

test('flags other than FINAL are 4000', () => {
  for (const flags of [0x02, 0x80, 0x81, 0xff]) {
    assert.throws(() => new Reassembler().push(plaintext(flags, Buffer.from('{}'))), wire(4000));
  }
});

test('the size limit: exactly the limit is accepted; one byte more is 1009 without waiting for FINAL', () => {
  const r = new Reassembler(10);
  assert.equal(r.push(plaintext(0, Buffer.alloc(6))), null);
  assert.equal(r.push(plaintext(1, Buffer.alloc(4))).length, 10);
  const over = new Reassembler(10);
  over.push(plaintext(0, Buffer.alloc(6)));
  assert.throws(() => over.push(plaintext(0, Buffer.alloc(5))), wire(CLOSE.TOO_BIG));
});

test('classify: parse errors, batches, scalars and bad requests get the §4 error', () => {
  const reply = (s) => classify(Buffer.isBuffer(s) ? s : Buffer.from(s)).reply;
  assert.deepEqual(reply('{').error.code, CODE.PARSE);
  assert.equal(reply('{').id, null);
  assert.equal(reply(Buffer.from([0x22, 0xc3, 0x28, 0x22])).error.code, CODE.PARSE);
  assert.deepEqual([reply('[]').error.code, reply('[]').id], [CODE.INVALID_REQUEST, null]);
  assert.deepEqual([reply('42').error.code, reply('42').id], [CODE.INVALID_REQUEST, null]);
  assert.deepEqual([reply('null').error.code, reply('null').id], [CODE.INVALID_REQUEST, null]);
  assert.deepEqual([reply('{"id":7,"method":"x"}').error.code, reply('{"id":7,"method":"x"}').id], [CODE.INVALID_REQUEST, 7]);
  assert.deepEqual(reply('{"jsonrpc":"2.0","id":"a","method":1}').id, 'a');
  assert.deepEqual(reply('{"jsonrpc":"2.0","id":{},"method":"m"}').id, null);
  assert.equal(classify(Buffer.from('{"jsonrpc":"2.0","id":1,"method":"node/ping"}')).kind, 'request');
  assert.equal(classify(Buffer.from('{"jsonrpc":"2.0","method":"node/ping"}')).kind, 'notification');
  assert.equal(classify(Buffer.from('{"jsonrpc":"2.0","id":1,"result":{}}')).kind, 'response');
});

test('addresses of §5.1', () => {
  const id = 'ab'.repeat(20);
  assert.deepEqual(parseAddress(`${id}:calculator/tools/call`), { node: id, target: 'calculator', op: 'tools/call' });
  assert.deepEqual(parseAddress('local:node/ping'), { node: 'local', target: 'node', op: 'ping' });
  assert.deepEqual(parseAddress('*:calc/tools/list'), { node: '*', target: 'calc', op: 'tools/list' });
  assert.deepEqual(parseAddress('tools/list'), { node: null, target: 'tools', op: 'list' });
  assert.deepEqual(parseAddress('ping'), { node: null, target: null, op: 'ping' });
  assert.equal(parseAddress('AB'.repeat(20) + ':node/ping'), null, 'node ids are lowercase');
});

test('a node that hosts nothing: own ops, -32601, -32060, -32061', () => {
  const own = 'cd'.repeat(20);
  const h = nodeRequestHandler(own, { ping: () => ({}) });
  const code = (method) => {
    try {
      h({ method });
      return 0;
    } catch (e) {
      assert.ok(e instanceof RpcError);
      return e.code;
    }
  };
  for (const m of ['node/ping', 'local:node/ping', '*:node/ping', `${own}:node/ping`]) assert.equal(code(m), 0, m);
  assert.equal(code('node/nope'), CODE.METHOD_NOT_FOUND);
  assert.equal(code('node/toString'), CODE.METHOD_NOT_FOUND);
  assert.equal(code(`${'ef'.repeat(20)}:node/ping`), CODE.UNREACHABLE);
  assert.equal(code('calc/tools/list'), CODE.AGENT_NOT_FOUND);
  assert.equal(code('tools/list'), CODE.AGENT_NOT_FOUND);
});

test('agents: by id in every address form, MCP words to the default agent, -32061 otherwise', () => {
  const own = 'cd'.repeat(20);
  const h = nodeRequestHandler(own, {}, { first: echoAgent('first'), second: echoAgent('second') });
  for (const m of ['second/initialize', 'local:second/initialize', `${own}:second/initialize`, '*:second/initialize']) {
    assert.equal(h({ method: m }).serverInfo.name, 'second', m);
  }
  assert.equal(h({ method: 'initialize' }).serverInfo.name, 'first');
  assert.deepEqual(h({ method: 'ping' }), {});
  assert.equal(h({ method: 'tools/list' }).tools[0].name, 'echo');
  assert.deepEqual(h({ method: 'first/tools/call', params: { name: 'echo', arguments: { text: 'hi' } } }).content, [{ type: 'text', text: 'hi' }]);
  assert.throws(() => h({ method: '*:nope/tools/list' }), (e) => e.code === CODE.AGENT_NOT_FOUND && e.data.agent === 'nope');
  assert.throws(() => h({ method: 'local:tools/list' }), (e) => e.code === CODE.AGENT_NOT_FOUND, 'with a node part, tools is an agent id');
});
