// The RFC 6455 endpoint on loopback: upgrade and subprotocol, fragmentation, ping/pong, close codes.
import test from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { OP, accept, connect } from './lib/websocket.mjs';

/** A loopback server whose connections get `onConnection(ws)`; offers only 'p1' as subprotocol. */
async function server(onConnection) {
  const srv = http.createServer((req, res) => res.writeHead(404).end());
  const sockets = new Set();
  srv.on('upgrade', (req, socket, head) => {
    sockets.add(socket);
    const ws = accept(req, socket, head, { selectProtocol: (offered) => (offered.includes('p1') ? 'p1' : null) });
    if (ws) onConnection(ws);
  });
  await new Promise((r) => srv.listen(0, '127.0.0.1', r));
  return {
    url: `ws://127.0.0.1:${srv.address().port}/x`,
    close: () => new Promise((r) => { for (const s of sockets) s.destroy(); srv.close(r); }),
  };
}

test('an upgrade without the subprotocol gets its HTTP status; with it, 101 and the protocol', async (t) => {
  const s = await server(() => {});
  t.after(s.close);
  const refused = await connect(s.url, { protocols: [] });
  assert.deepEqual([refused.ok, refused.status], [false, 400]);
  const up = await connect(s.url, { protocols: ['p0', 'p1'] });
  assert.deepEqual([up.ok, up.status, up.protocol], [true, 101, 'p1']);
  await up.ws.close(1000);
});

test('fragmented messages with interleaved pings are reassembled; pongs answer pings', async (t) => {
  const s = await server(async (ws) => {
    await ws.sendFrame({ fin: false, opcode: OP.BINARY, payload: Buffer.from([1, 2]) });
    await ws.sendFrame({ opcode: OP.PING, payload: Buffer.from('hi') });
    await ws.sendFrame({ fin: false, opcode: OP.CONT, payload: Buffer.from([3]) });
    await ws.sendFrame({ opcode: OP.CONT, payload: Buffer.from([4]) });
    await ws.sendFrame({ fin: false, opcode: OP.TEXT, payload: Buffer.from('é', 'utf8').subarray(0, 1) });
    await ws.sendFrame({ opcode: OP.CONT, payload: Buffer.from('é', 'utf8').subarray(1) });
    await ws.sendBinary(Buffer.alloc(70000, 9));
    const echo = await ws.next();
    await ws.sendBinary(echo.data);
  });
  t.after(s.close);
  const { ws } = await connect(s.url, { protocols: ['p1'] });
  assert.deepEqual(await ws.next(), { type: 'binary', data: Buffer.from([1, 2, 3, 4]) });
  const text = await ws.next();
  assert.deepEqual([text.type, text.data.toString('utf8')], ['text', 'é']);
  assert.equal((await ws.next()).data.length, 70000);
  await ws.sendBinary(Buffer.from('masked by the client'));
  assert.equal((await ws.next()).data.toString(), 'masked by the client');
  await ws.close(1000);
});

test('the close code the server sends is reported; the client echoes it', async (t) => {
  let serverSide;
  const s = await server(async (ws) => {
    serverSide = ws;
    await ws.next();
    ws.close(4002, 'bad');
  });
  t.after(s.close);
  const { ws } = await connect(s.url, { protocols: ['p1'] });
  await ws.sendBinary(Buffer.from('x'));
  const closed = await ws.closed;
  assert.deepEqual([closed.code, closed.reason, closed.remote, closed.sentCode], [4002, 'bad', true, 4002]);
  const serverClosed = await serverSide.closed;
  assert.equal(serverClosed.code, 4002, 'the echo carries the same code');
});

test('a close the client starts carries its code to the server', async (t) => {
  let closedOnServer;
  const s = await server((ws) => { closedOnServer = ws.closed; });
  t.after(s.close);
  const { ws } = await connect(s.url, { protocols: ['p1'] });
  const mine = await ws.close(4001, 'dialed id mismatch');
  assert.equal(mine.sentCode, 4001);
  assert.equal((await closedOnServer).code, 4001);
});

test('a server that drops TCP without a close frame is reported as 1006', async (t) => {
  const s = await server((ws) => ws.destroy());
  t.after(s.close);
  const { ws } = await connect(s.url, { protocols: ['p1'] });
  assert.equal((await ws.closed).code, 1006);
});
