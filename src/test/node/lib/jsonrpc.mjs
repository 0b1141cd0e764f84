// JSON-RPC 2.0 on a link (wire-v1 §4 last rules, §5.1 addresses, §5.4 node operations, §5.5 codes).
import { isNodeId } from './identity.mjs';

export const CODE = Object.freeze({
  PARSE: -32700, INVALID_REQUEST: -32600, METHOD_NOT_FOUND: -32601, INVALID_PARAMS: -32602, INTERNAL: -32603,
  UNREACHABLE: -32060, AGENT_NOT_FOUND: -32061, TIMEOUT: -32062, HOP_LIMIT: -32063, FORBIDDEN: -32064,
  OVERLOADED: -32065,
});

export const MCP_WORDS = Object.freeze(['tools', 'resources', 'prompts', 'completion', 'logging', 'notifications',
  'sampling', 'roots', 'elicitation', 'initialize', 'ping']);

export class RpcError extends Error {
  constructor(code, message, data) {
    super(message);
    this.code = code;
    this.data = data;
  }
}

export function errorResponse(id, code, message, data) {
  const error = { code, message };
  if (data !== undefined) error.data = data;
  return { jsonrpc: '2.0', id, error };
}

function isId(id) {
  return typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id)) || id === null;
}

/**
 * Classifies one received application message. Returns {kind: 'request'|'notification'|'response', msg}
 * or {kind: 'invalid', reply} with the error response wire-v1 §4 asks for.
 */
export function classify(bytes) {
  let msg;
  try {
    msg = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return { kind: 'invalid', reply: errorResponse(null, CODE.PARSE, 'Parse error') };
  }
  if (Array.isArray(msg)) return { kind: 'invalid', reply: errorResponse(null, CODE.INVALID_REQUEST, 'Batches are not used') };
  if (msg === null || typeof msg !== 'object') return { kind: 'invalid', reply: errorResponse(null, CODE.INVALID_REQUEST, 'Invalid Request') };
  const id = 'id' in msg && isId(msg.id) ? msg.id : null;
  if (!('method' in msg) && ('result' in msg || 'error' in msg) && 'id' in msg) return { kind: 'response', msg };
  if (msg.jsonrpc !== '2.0' || typeof msg.method !== 'string' || ('id' in msg && !isId(msg.id))
    || ('params' in msg && (msg.params === null || typeof msg.params !== 'object'))) {
    return { kind: 'invalid', reply: errorResponse(id, CODE.INVALID_REQUEST, 'Invalid Request') };
  }
  return { kind: 'id' in msg ? 'request' : 'notification', msg };
}

/** Splits a method into {node, target, op} (wire-v1 §5.1), or null when it is not an address. */
export function parseAddress(method) {
  let node = null;
  let rest = method;
  const colon = method.indexOf(':');
  if (colon >= 0) {
    node = method.slice(0, colon);
    rest = method.slice(colon + 1);
    if (!(node === 'local' || node === '*' || isNodeId(node))) return null;
  }
  const slash = rest.indexOf('/');
  if (slash < 0) return { node, target: null, op: rest };
  return { node, target: rest.slice(0, slash), op: rest.slice(slash + 1) };
}

/**
 * Serves requests for a node that forwards nothing (wire-v1 §5.2): its node operations, −32060 for
 * other node ids, its agents, −32061 for agents it lacks. ops: {name: (params) => result};
 * agents: {id: (op, params) => result}, the first one the default agent.
 */
export function nodeRequestHandler(ownNodeId, ops, agents = {}) {
  const defaultAgent = Object.keys(agents)[0] ?? null;
  const notFound = (agent) => new RpcError(CODE.AGENT_NOT_FOUND, 'Agent not found', { node: ownNodeId, agent });
  return (msg) => {
    const a = parseAddress(msg.method);
    if (!a) throw new RpcError(CODE.METHOD_NOT_FOUND, `Method not found: ${msg.method}`);
    if (a.node !== null && a.node !== 'local' && a.node !== '*' && a.node !== ownNodeId) {
      throw new RpcError(CODE.UNREACHABLE, 'Node unreachable', { node: a.node });
    }
    const params = msg.params ?? {};
    if (a.target === 'node') {
      const op = Object.hasOwn(ops, a.op) ? ops[a.op] : null;
      if (!op) throw new RpcError(CODE.METHOD_NOT_FOUND, `Unknown node operation: ${a.op}`);
      return op(params);
    }
    if (a.target !== null && Object.hasOwn(agents, a.target)) return agents[a.target](a.op, params);
    const firstWord = a.target ?? a.op;
    if (a.node === null && MCP_WORDS.includes(firstWord)) {
      if (!defaultAgent) throw notFound(firstWord);
      return agents[defaultAgent](msg.method, params);
    }
    throw notFound(firstWord);
  };
}

/** A tiny MCP agent with one tool, `echo`, that returns its `text` argument (for the responder). */
export function echoAgent(name) {
  return (op, params) => {
    switch (op) {
      case 'initialize':
        return { protocolVersion: '2025-06-18', capabilities: { tools: {} }, serverInfo: { name, version: '0.1.0' } };
      case 'ping':
        return {};
      case 'tools/list':
        return { tools: [{ name: 'echo', description: 'Returns its text.',
          inputSchema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] } }] };
      case 'tools/call':
        if (params.name !== 'echo' || typeof params.arguments?.text !== 'string') throw new RpcError(CODE.INVALID_PARAMS, 'Invalid params');
        return { content: [{ type: 'text', text: params.arguments.text }] };
      default:
        throw new RpcError(CODE.METHOD_NOT_FOUND, `Method not found: ${op}`);
    }
  };
}
