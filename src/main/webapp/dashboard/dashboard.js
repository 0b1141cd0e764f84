// The mesh dashboard: reads and steers this node through the admin API (/api/v1/admin/...) only.
'use strict';

const API = '../api/v1/admin/';
const state = { node: null, mesh: null, agents: [], charts: new Map(), network: null };

function $(id) { return document.getElementById(id); }

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (v !== undefined && v !== null) e.setAttribute(k, v);
  }
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(c ?? ''));
  return e;
}

// State changes must come from this origin with JSON bodies (docs/admin-api.md, "Cross-site requests"):
// the browser adds Origin and Sec-Fetch-Site, and every body is sent as application/json.
async function api(path, options = {}) {
  const init = { credentials: 'same-origin', headers: { 'Accept': 'application/json' }, ...options };
  if (options.body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(options.body);
  }
  const response = await fetch(API + path, init);
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
  if (!response.ok) {
    throw new Error((data && data.message) || (response.status + ' ' + response.statusText));
  }
  return data;
}

function banner(message) {
  const b = $('banner');
  b.hidden = !message;
  b.textContent = message || '';
}

function short(id) { return id ? id.slice(0, 12) + '…' : '(unknown)'; }

function duration(ms) {
  const s = Math.floor(ms / 1000);
  if (s < 60) return s + ' s';
  if (s < 3600) return Math.floor(s / 60) + ' min ' + (s % 60) + ' s';
  if (s < 86400) return Math.floor(s / 3600) + ' h ' + Math.floor((s % 3600) / 60) + ' min';
  return Math.floor(s / 86400) + ' d ' + Math.floor((s % 86400) / 3600) + ' h';
}

function bytes(n) {
  if (n < 1024) return n + ' B';
  if (n < 1048576) return (n / 1024).toFixed(1) + ' KiB';
  return (n / 1048576).toFixed(1) + ' MiB';
}

// ---- this node, links, trust

async function refreshNode() {
  const node = await api('node');
  state.node = node;
  $('node-id').textContent = node.nodeId;
  $('node-status').textContent = node.status;
  $('node-status').className = 'badge ' + node.status;
  $('node-uptime').textContent = duration(node.uptimeMs);
  $('node-trust').textContent = node.trustMode;
  $('node-links').textContent = node.linksOpen;
  $('node-addrs').textContent = 'accepts links at ' + (node.addrs.join(', ') || '(nowhere)') + ' · ' + node.software;
}

async function refreshLinks() {
  const links = await api('links');
  const body = $('links').tBodies[0];
  body.replaceChildren(...links.map(l => el('tr', { 'data-link': l.id },
    el('td', { title: l.peer }, el('code', {}, short(l.peer))),
    el('td', {}, l.direction),
    el('td', {}, duration(l.ageMs)),
    el('td', {}, l.messagesIn + ' / ' + l.messagesOut),
    el('td', {}, bytes(l.bytesIn) + ' / ' + bytes(l.bytesOut)),
    el('td', {}, l.lastError || ''),
    el('td', {}, el('button', { type: 'button', onclick: () => closeLink(l.id) }, 'Close')))));
  if (links.length === 0) body.append(el('tr', {}, el('td', { colspan: 7, class: 'muted' }, 'no open links')));
}

async function closeLink(id) {
  try {
    await api('links/' + encodeURIComponent(id), { method: 'DELETE' });
    await Promise.all([refreshLinks(), refreshNode()]);
  } catch (e) { banner('close failed: ' + e.message); }
}

async function dial(event) {
  event.preventDefault();
  const out = $('dial-result');
  out.textContent = 'dialing…';
  try {
    const link = await api('links', { method: 'POST', body: { url: $('dial-url').value.trim(), nodeId: $('dial-node').value.trim() || null } });
    out.textContent = 'linked to ' + short(link.peer);
    await Promise.all([refreshLinks(), refreshNode()]);
  } catch (e) { out.textContent = e.message; }
}

function renderTrust(trust) {
  $('trust-mode').textContent = trust.mode;
  const list = (ids) => ids.length ? ids.map(id => el('span', { class: 'badge', title: id }, short(id) + ' ',
    el('a', { href: '#', onclick: (e) => { e.preventDefault(); forget(id); } }, '×'))) : [el('span', { class: 'muted' }, 'none')];
  $('trust-allowed').replaceChildren(...list(trust.allowed));
  $('trust-blocked').replaceChildren(...list(trust.blocked));
}

async function refreshTrust() { renderTrust(await api('trust')); }

async function forget(id) {
  try { renderTrust(await api('trust/' + id, { method: 'DELETE' })); } catch (e) { banner(e.message); }
}

async function trustAction(event) {
  event.preventDefault();
  const action = event.submitter ? event.submitter.dataset.action : 'allow';
  try {
    renderTrust(await api('trust/' + action, { method: 'POST', body: { nodeId: $('trust-node').value.trim() } }));
    $('trust-result').textContent = action === 'block' ? 'blocked' : 'allowed';
    refreshLinks();
  } catch (e) { $('trust-result').textContent = e.message; }
}

async function toggleMode() {
  const next = $('trust-mode').textContent === 'open' ? 'allowlist' : 'open';
  if (next === 'allowlist' && !confirm('Allowlist mode closes every link to a node not on the allow list. Switch?')) return;
  try { renderTrust(await api('trust/mode', { method: 'PUT', body: { mode: next } })); refreshNode(); } catch (e) { banner(e.message); }
}

// ---- the mesh

async function refreshMesh() {
  const mesh = await api('mesh');
  state.mesh = mesh;
  const body = $('nodes').tBodies[0];
  body.replaceChildren(...mesh.nodes.map(n => el('tr', {},
    el('td', { title: n.nodeId }, el('code', {}, short(n.nodeId)), n.self ? ' (this node)' : ''),
    el('td', { title: n.error || '' }, el('span', { class: 'badge ' + n.health }, n.health.toLowerCase())),
    el('td', {}, n.rttMs != null ? n.rttMs.toFixed(1) + ' ms' : ''),
    el('td', {}, n.agents.map(a => a.id).join(', ')))));
  drawTopology(mesh);
  const select = $('agent-node');
  const current = select.value;
  const reachable = mesh.nodes.filter(n => n.health === 'UP');
  if (select.options.length !== reachable.length || [...select.options].some((o, i) => o.value !== reachable[i].nodeId)) {
    select.replaceChildren(...reachable.map(n => el('option', { value: n.nodeId }, short(n.nodeId) + (n.self ? ' (this node)' : ''))));
    if (reachable.some(n => n.nodeId === current)) select.value = current;
    if (!current) loadAgents();
  }
}

function drawTopology(mesh) {
  if (typeof vis === 'undefined') return;
  const nodes = mesh.nodes.map(n => ({
    id: n.nodeId,
    label: short(n.nodeId) + (n.agents.length ? '\n' + n.agents.map(a => a.id).join(', ') : ''),
    title: n.nodeId,
    color: n.self ? '#2f6fb3' : (n.health === 'UP' ? '#1f8a4c' : '#c0392b'),
    font: { color: '#1d2733', size: 12 },
    shape: 'dot', size: n.self ? 16 : 12,
  }));
  const edges = mesh.edges.map(e => ({ from: e.a, to: e.b, color: '#8895a3' }));
  if (!state.network) {
    state.network = new vis.Network($('topology'), { nodes: new vis.DataSet(nodes), edges: new vis.DataSet(edges) },
      { physics: { stabilization: true }, interaction: { hover: true } });
    state.nodeSet = state.network.body.data.nodes;
    state.edgeSet = state.network.body.data.edges;
  } else {
    state.nodeSet.update(nodes);
    state.nodeSet.remove(state.nodeSet.getIds().filter(id => !nodes.some(n => n.id === id)));
    state.edgeSet.clear();
    state.edgeSet.add(edges);
  }
}

// ---- agents and the call form

async function loadAgents() {
  const node = $('agent-node').value || (state.node && state.node.nodeId) || 'local';
  try {
    state.agents = await api('agents?node=' + encodeURIComponent(node));
  } catch (e) {
    state.agents = [];
    banner('agents of ' + short(node) + ': ' + e.message);
  }
  renderAgents();
}

function renderAgents() {
  $('agents').replaceChildren(...state.agents.map(a => el('div', { class: 'agent', 'data-agent': a.id },
    el('b', {}, a.id), ' ', el('span', { class: 'muted' }, a.title + (a.description ? ' — ' + a.description : '')),
    el('div', { class: 'parts' },
      el('div', {}, 'tools: ', a.tools.map(t => t.name).join(', ') || 'none'),
      el('div', {}, 'resources: ', [...a.resources.map(r => r.uri), ...a.resourceTemplates.map(t => t.uriTemplate)].join(', ') || 'none'),
      el('div', {}, 'prompts: ', a.prompts.map(p => p.name).join(', ') || 'none')),
    a.error ? el('div', { class: 'muted' }, a.error) : '')));
  const agentSelect = $('agent-select');
  const previous = agentSelect.value;
  agentSelect.replaceChildren(...state.agents.filter(a => a.tools.length).map(a => el('option', { value: a.id }, a.id)));
  if (state.agents.some(a => a.id === previous)) agentSelect.value = previous;
  renderTools();
}

function currentAgent() { return state.agents.find(a => a.id === $('agent-select').value); }
function currentTool() { const a = currentAgent(); return a && a.tools.find(t => t.name === $('tool-select').value); }

function renderTools() {
  const agent = currentAgent();
  const toolSelect = $('tool-select');
  const previous = toolSelect.value;
  toolSelect.replaceChildren(...(agent ? agent.tools : []).map(t => el('option', { value: t.name }, t.title ? t.name + ' — ' + t.title : t.name)));
  if (agent && agent.tools.some(t => t.name === previous)) toolSelect.value = previous;
  renderFields();
}

// One input per property of the tool's input schema (JSON Schema): text, number, checkbox, choice, or JSON.
function renderFields() {
  const tool = currentTool();
  $('tool-description').textContent = tool ? (tool.description || '') : '';
  const fields = $('call-fields');
  fields.replaceChildren();
  if (!tool) return;
  const schema = tool.inputSchema || {};
  const required = new Set(schema.required || []);
  for (const [name, prop] of Object.entries(schema.properties || {})) {
    const id = 'arg-' + name;
    const type = Array.isArray(prop.type) ? prop.type.find(t => t !== 'null') : prop.type;
    let input;
    if (Array.isArray(prop.enum)) {
      input = el('select', { id, name: id }, ...(required.has(name) ? [] : [el('option', { value: '' }, '')]),
        ...prop.enum.map(v => el('option', { value: JSON.stringify(v) }, String(v))));
      input.dataset.kind = 'enum';
    } else if (type === 'boolean') {
      input = el('input', { id, name: id, type: 'checkbox' });
      input.dataset.kind = 'boolean';
    } else if (type === 'integer' || type === 'number') {
      input = el('input', { id, name: id, type: 'number', step: type === 'integer' ? '1' : 'any' });
      input.dataset.kind = type;
    } else if (type === 'string' || type === undefined && !prop.properties && !prop.items) {
      input = el('input', { id, name: id, type: 'text', size: 40 });
      input.dataset.kind = 'string';
    } else {
      input = el('textarea', { id, name: id, placeholder: type === 'array' ? '[ ]' : '{ }' });
      input.dataset.kind = 'json';
    }
    if (required.has(name) && input.type !== 'checkbox') input.required = true;
    if (prop.default !== undefined && input.type !== 'checkbox') input.value = input.dataset.kind === 'json' ? JSON.stringify(prop.default) : prop.default;
    input.dataset.arg = name;
    fields.append(el('label', { for: id, title: prop.description || '' }, name + (required.has(name) ? ' *' : '')), input);
  }
}

function collectArguments() {
  const args = {};
  for (const input of $('call-fields').querySelectorAll('[data-arg]')) {
    const name = input.dataset.arg;
    switch (input.dataset.kind) {
      case 'boolean': args[name] = input.checked; break;
      case 'integer': case 'number': if (input.value !== '') args[name] = Number(input.value); break;
      case 'enum': if (input.value !== '') args[name] = JSON.parse(input.value); break;
      case 'json': if (input.value.trim() !== '') args[name] = JSON.parse(input.value); break;
      default: if (input.value !== '' || input.required) args[name] = input.value;
    }
  }
  return args;
}

async function callTool(event) {
  event.preventDefault();
  const out = $('call-result');
  out.className = 'result';
  let args;
  try { args = collectArguments(); } catch (e) { out.className = 'result error'; out.textContent = 'bad JSON: ' + e.message; return; }
  out.textContent = 'calling…';
  try {
    const call = await api('call', { method: 'POST', body: { node: $('agent-node').value, agent: $('agent-select').value, tool: $('tool-select').value, arguments: args } });
    const text = call.error
      ? 'error ' + call.error.code + ': ' + call.error.message + (call.error.data ? '\n' + JSON.stringify(call.error.data, null, 2) : '')
      : renderResult(call.result);
    out.className = call.error || (call.result && call.result.isError) ? 'result error' : 'result';
    out.textContent = text + '\n\n' + call.address + ' · ' + call.tookMs.toFixed(1) + ' ms';
    refreshTraffic();
  } catch (e) { out.className = 'result error'; out.textContent = e.message; }
}

function renderResult(result) {
  const parts = (result.content || []).map(c => c.type === 'text' ? c.text : '[' + c.type + (c.mimeType ? ' ' + c.mimeType : '') + ']');
  if (result.structuredContent) parts.push(JSON.stringify(result.structuredContent, null, 2));
  return parts.length ? parts.join('\n') : JSON.stringify(result, null, 2);
}

// ---- traffic

function chartFor(container, series, slotMillis) {
  const key = container.id + ':' + series.key;
  const labels = series.points.map(p => new Date(p.t).toLocaleTimeString());
  const rate = series.points.map(p => p.callsPerSec);
  const p50 = series.points.map(p => p.p50Ms ?? null);
  const p99 = series.points.map(p => p.p99Ms ?? null);
  let entry = state.charts.get(key);
  if (!entry) {
    const canvas = el('canvas');
    const box = el('div', { class: 'chart', 'data-series': series.key }, el('h4', {}, series.label, ' ', el('span', { class: 'muted' })), el('div', { class: 'canvas' }, canvas));
    container.append(box);
    const chart = new Chart(canvas, {
      type: 'line',
      data: { labels, datasets: [
        { label: 'calls/s', data: rate, yAxisID: 'rate', borderColor: '#2f6fb3', pointRadius: 0, tension: 0.2 },
        { label: 'p50 ms', data: p50, yAxisID: 'ms', borderColor: '#1f8a4c', pointRadius: 0, spanGaps: false },
        { label: 'p99 ms', data: p99, yAxisID: 'ms', borderColor: '#c0392b', pointRadius: 0, spanGaps: false } ] },
      options: { animation: false, maintainAspectRatio: false, plugins: { legend: { labels: { boxWidth: 10, font: { size: 10 } } } },
        scales: { x: { ticks: { maxTicksLimit: 6, font: { size: 10 } } }, rate: { position: 'left', beginAtZero: true },
          ms: { position: 'right', beginAtZero: true, grid: { drawOnChartArea: false } } } },
    });
    entry = { chart, box };
    state.charts.set(key, entry);
  } else {
    entry.chart.data.labels = labels;
    entry.chart.data.datasets[0].data = rate;
    entry.chart.data.datasets[1].data = p50;
    entry.chart.data.datasets[2].data = p99;
    entry.chart.update();
  }
  entry.box.querySelector('h4 .muted').textContent = series.calls + ' calls, ' + series.errors + ' errors'
    + (series.p50Ms != null ? ', p50 ' + series.p50Ms.toFixed(1) + ' ms, p99 ' + series.p99Ms.toFixed(1) + ' ms' : '');
  entry.seen = true;
}

async function refreshTraffic() {
  const t = await api('traffic');
  $('traffic-window').textContent = 'last ' + Math.round((t.toMillis - t.fromMillis) / 60000) + ' min, '
    + (t.slotMillis / 1000) + ' s slots';
  if (typeof Chart !== 'undefined') {
    state.charts.forEach(e => { e.seen = false; });
    t.agents.forEach(s => chartFor($('traffic-agents'), { ...s, label: 'agent ' + s.label }, t.slotMillis));
    t.links.forEach(s => chartFor($('traffic-links'), { ...s, label: 'link ' + s.label }, t.slotMillis));
    for (const [key, e] of state.charts) {
      if (!e.seen) { e.chart.destroy(); e.box.remove(); state.charts.delete(key); }
    }
  }
  $('errors-by-code').replaceChildren(...(t.errorsByCode.length
    ? t.errorsByCode.map(c => el('span', { class: 'badge down' }, c.code + ' × ' + c.count, ' '))
    : [el('span', { class: 'muted' }, 'none')]));
  $('errors').tBodies[0].replaceChildren(...t.recentErrors.slice(0, 20).map(e => el('tr', {},
    el('td', {}, new Date(e.t).toLocaleTimeString()), el('td', {}, String(e.code)), el('td', {}, e.message),
    el('td', {}, el('code', {}, e.method)), el('td', {}, e.from))));
}

// ---- start

function every(ms, task) {
  const run = () => task().then(() => banner(''), e => banner(e.message));
  run();
  setInterval(run, ms);
}

document.addEventListener('DOMContentLoaded', () => {
  $('dial-form').addEventListener('submit', dial);
  $('trust-form').addEventListener('submit', trustAction);
  $('trust-mode-toggle').addEventListener('click', toggleMode);
  $('agent-node').addEventListener('change', loadAgents);
  $('agent-select').addEventListener('change', renderTools);
  $('tool-select').addEventListener('change', renderFields);
  $('call-form').addEventListener('submit', callTool);
  every(3000, () => Promise.all([refreshNode(), refreshLinks(), refreshTrust()]));
  every(5000, refreshMesh);
  every(5000, refreshTraffic);
  loadAgents();
});
