// Browser test of the mesh dashboard: headless Chromium (the Debian package) driven by Playwright,
// against a real node. Run by io.agentmesh.it.DashboardBrowserIT, which passes:
//   DASHBOARD_URL   https://127.0.0.1:<https port>/dashboard/
//   ADMIN_USER, ADMIN_PASSWORD   the node's administrator
//   NODE_ID         the node id the page must show
//   SCREENSHOT      where to save the screenshot (PNG)
//   CHROMIUM        the browser executable (default /usr/bin/chromium)
// Exits 0 when every step passed, else prints the failed step and exits 1.
import { chromium, request } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const env = (name, fallback) => {
  const value = process.env[name] ?? fallback;
  if (value === undefined) throw new Error('missing environment variable ' + name);
  return value;
};
const url = env('DASHBOARD_URL');
const user = env('ADMIN_USER');
const password = env('ADMIN_PASSWORD');
const nodeId = env('NODE_ID');
const screenshot = env('SCREENSHOT');
const executablePath = env('CHROMIUM', '/usr/bin/chromium');
const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

function step(name) { console.log('step: ' + name); }

const userDataDir = mkdtempSync(join(tmpdir(), 'agentmesh-chromium-'));
let context;
try {
  step('the dashboard refuses a visitor without credentials');
  const anonymous = await request.newContext({ ignoreHTTPSErrors: true });
  const refused = await anonymous.get(url);
  if (refused.status() !== 401) throw new Error('expected 401 without credentials, got ' + refused.status());
  await anonymous.dispose();

  step('log in');
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath, args, headless: true, ignoreHTTPSErrors: true,
    httpCredentials: { username: user, password }, viewport: { width: 1400, height: 1800 },
  });
  const page = context.pages()[0] ?? await context.newPage();
  const errors = [];
  page.on('pageerror', e => errors.push(e.message));
  const response = await page.goto(url, { waitUntil: 'load' });
  if (response.status() !== 200) throw new Error('dashboard answered ' + response.status());

  step('see the node');
  await page.waitForFunction(id => document.getElementById('node-id')?.textContent === id, nodeId, { timeout: 30000 });
  await page.waitForFunction(() => document.getElementById('node-status')?.textContent === 'RUNNING', null, { timeout: 30000 });

  step('see its agents');
  await page.waitForSelector('#agents [data-agent="echo"]', { timeout: 30000 });
  const agentText = await page.textContent('#agents');
  for (const agent of ['echo', 'calculator', 'notes']) {
    if (!agentText.includes(agent)) throw new Error('agent ' + agent + ' not shown: ' + agentText);
  }
  await page.waitForSelector('#nodes tbody tr', { timeout: 30000 });

  step('call echo from the form');
  await page.selectOption('#agent-select', 'echo');
  await page.selectOption('#tool-select', 'echo');
  await page.waitForSelector('#arg-text', { timeout: 10000 });
  const text = 'hello from the browser ' + Date.now();
  await page.fill('#arg-text', text);
  await page.click('#call-button');

  step('see the result');
  await page.waitForFunction(t => document.getElementById('call-result')?.textContent.includes(t), text, { timeout: 30000 });
  const result = await page.textContent('#call-result');
  if (!result.includes(nodeId + ':echo/tools/call')) throw new Error('result does not name the address: ' + result);

  step('see the call in the traffic charts');
  await page.waitForSelector('#traffic-agents [data-series="echo"] canvas', { timeout: 30000 });

  step('take a screenshot');
  await page.screenshot({ path: screenshot, fullPage: true });
  if (errors.length) throw new Error('page errors: ' + errors.join('; '));
  console.log('dashboard test passed; screenshot ' + screenshot);
} catch (e) {
  console.error('dashboard test failed: ' + e.message);
  process.exitCode = 1;
} finally {
  if (context) await context.close();
  rmSync(userDataDir, { recursive: true, force: true });
}
