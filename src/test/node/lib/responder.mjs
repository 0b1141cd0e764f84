// A minimal wire-v1 responder: a node that hosts echo agents and forwards nothing, serving /mesh
// (wire-v1 §2–§6) and the node operations of §5.4. The peer's scenarios run against it.
import http from 'node:http';
import { x25519Generate } from './keys.mjs';
import { createIdentity, base64url, SOFTWARE } from './identity.mjs';
import { FAULTS, acceptLink } from './link.mjs';
import { echoAgent, nodeRequestHandler } from './jsonrpc.mjs';
import { DEFAULT_MAX_MESSAGE } from './transport.mjs';

/**
 * Starts a responder on 127.0.0.1. Options: port (0 = any), path ('/mesh'), handshakeDeadlineMs
 * (10000), maxMessage (8 MiB), identity, log, faults (a subset of link.mjs FAULTS, for the self-test),
 * agents (ids of echo agents hosted; default ['echo']).
 * Resolves with {url, nodeId, links, close()}.
 */
export async function startResponder({ port = 0, path = '/mesh', handshakeDeadlineMs = 10000,
  maxMessage = DEFAULT_MAX_MESSAGE, identity = createIdentity(), log = () => {}, faults = [], agents = ['echo'] } = {}) {
  for (const f of faults) if (!FAULTS.includes(f)) throw new RangeError(`unknown fault ${f}`);
  const staticKey = x25519Generate();
  const started = Date.now();
  const links = new Set();
  const sockets = new Set();
  const server = http.createServer((req, res) => {
    if (req.url === '/health/ready' || req.url === '/health/live') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      return void res.end('{"status":"UP","checks":[]}');
    }
    res.writeHead(req.url === path ? 400 : 404, { 'Content-Type': 'text/plain' });
    return void res.end(req.url === path ? 'WebSocket upgrade required' : 'Not found');
  });
  let url = null;
  const ops = {
    ping: () => ({}),
    get_info: () => ({ node_id: identity.nodeId, identity: base64url(identity.publicRaw), addrs: [url], agents,
      software: SOFTWARE, uptime_ms: Date.now() - started }),
    list_agents: () => ({ agents: agents.map((id) => ({ id, title: id, description: 'Echoes text.', tools: ['echo'],
      resources: 0, prompts: 0 })) }),
    list_peers: () => ({ peers: [...links].map((l) => ({ node_id: l.remote.nodeId, addrs: l.remote.addrs, connected: l.isOpen,
      last_seen_ms: Date.now() })) }),
    find_agents: ({ agent }) => ({ agents: agents.filter((id) => agent === undefined || id === agent).map((id) => ({
      address: `${identity.nodeId}:${id}`, node_id: identity.nodeId, agent: id, tools: ['echo'], health: 'up' })) }),
  };
  const onRequest = nodeRequestHandler(identity.nodeId, ops, Object.fromEntries(agents.map((id) => [id, echoAgent(id)])));
  server.on('upgrade', async (req, socket, head) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    if (new URL(req.url, 'http://x').pathname !== path) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const link = await acceptLink(req, socket, head, { identity, staticKey, handshakeDeadlineMs, maxMessage,
      addrs: [url], onRequest, log, faults: new Set(faults) });
    if (link) {
      links.add(link);
      log(`link up with ${link.remote.nodeId}`);
      link.closed.then((c) => { links.delete(link); log(`link with ${link.remote.nodeId} closed ${c.code}`); });
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  url = `ws://127.0.0.1:${server.address().port}${path}`;
  return {
    url,
    nodeId: identity.nodeId,
    links,
    close: () => new Promise((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}
