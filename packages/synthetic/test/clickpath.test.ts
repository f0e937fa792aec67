import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ATTR_HTTP_RESPONSE_STATUS_CODE, ATTR_SYNTHETIC_FAILURE_REASON, ATTR_SYNTHETIC_PAGE_LOAD_MS, ATTR_SYNTHETIC_PAGE_TTFB_MS,
  ATTR_SYNTHETIC_STEP_ACTION, ATTR_SYNTHETIC_STEP_NAME, SYNTHETIC_USER_AGENT_TOKEN, isSyntheticUserAgent,
} from '@otel-rum/semconv';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../../test/support/chromium.js';
import { FixtureServer } from '../../../test/support/fixture-server.js';
import { OtlpReceiver } from '../../../test/support/otlp-receiver.js';
import { parseConfig, Synthetic, Vault } from '../src/index.js';
import { TextSink } from './support.js';

const KEY = 'clickpath vault key';
const PASSWORD = 'hunter2 "quoted" & more';
const SPAN_STATUS_ERROR = 2;

const LOGIN_PAGE = `<!doctype html>
<title>Sign in</title>
<form id="login">
  <input id="username" name="username">
  <input id="password" name="password" type="password">
  <button id="submit" type="submit">Sign in</button>
</form>
<div id="result"></div>
<script>
  // What a RUM SDK on the page would see of its visitor.
  const visitsInStorage = Number(localStorage.getItem('visits') ?? 0) + 1;
  localStorage.setItem('visits', String(visitsInStorage));
  fetch('/api/visit', { method: 'POST', body: JSON.stringify({ marker: window.__OTEL_RUM_SYNTHETIC__ ?? null, userAgent: navigator.userAgent, visitsInStorage }) });
  document.getElementById('login').addEventListener('submit', async (event) => {
    event.preventDefault();
    const response = await fetch('/api/login', { method: 'POST', body: JSON.stringify({ username: username.value, password: password.value }) });
    const body = await response.json();
    // Rendered late on purpose: the journey must wait for it, not race it.
    setTimeout(() => {
      document.getElementById('result').innerHTML = response.ok ? '<h1 id="welcome">Welcome back, ' + body.name + '</h1>' : '<p id="denied">Access denied</p>';
    }, 150);
  });
</script>`;

let server: FixtureServer;
let receiver: OtlpReceiver;
let synthetic: Synthetic;
let dir: string;
const visits: { marker: Record<string, unknown> | null; userAgent: string; visitsInStorage: number }[] = [];
const logins: { username: string; password: string }[] = [];

async function readJson<T>(req: AsyncIterable<unknown>): Promise<T> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as T;
}

beforeAll(async () => {
  server = new FixtureServer({ '/login': LOGIN_PAGE, '/home': '<!doctype html><title>Shop</title><h1>Welcome to the shop</h1>' });
  server.route('/api/visit', async (req, res) => {
    visits.push(await readJson(req));
    res.writeHead(204).end();
  });
  server.route('/api/login', async (req, res) => {
    const login = await readJson<{ username: string; password: string }>(req);
    logins.push(login);
    const ok = login.username === 'alice' && login.password === PASSWORD;
    res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' }).end(JSON.stringify(ok ? { name: 'Alice' } : { error: 'denied' }));
  });
  [receiver] = await Promise.all([new OtlpReceiver().start(), server.start()]);
  dir = await mkdtemp(join(tmpdir(), 'synthetic-clickpath-'));
  const vault = await Vault.open(join(dir, 'shop.vault'), KEY);
  vault.set('shop-login.username', 'alice');
  vault.set('shop-login.password', PASSWORD);
  vault.set('wrong-login.password', 'not the password');
  await vault.save();

  // As the Recorder panel exports it, with the typed values swapped for vault references.
  await writeFile(join(dir, 'login.recording.json'), JSON.stringify({
    title: 'login',
    steps: [
      { type: 'setViewport', width: 1280, height: 720, deviceScaleFactor: 1, isMobile: false, hasTouch: false, isLandscape: false },
      { type: 'navigate', url: `${server.origin}/login`, assertedEvents: [{ type: 'navigation', url: `${server.origin}/login`, title: 'Sign in' }] },
      { type: 'click', target: 'main', selectors: [['aria/username'], ['#username'], ['xpath///*[@id="username"]'], ['pierce/#username']], offsetX: 40, offsetY: 9 },
      { type: 'change', value: '{{vault:shop-login.username}}', selectors: [['aria/username'], ['#username']], target: 'main' },
      { type: 'click', target: 'main', selectors: [['aria/password'], ['xpath///*[@id="password"]']], offsetX: 40, offsetY: 9 },
      { type: 'change', value: '{{vault:shop-login.password}}', selectors: [['pierce/#password']], target: 'main' },
      { type: 'keyDown', target: 'main', key: 'Enter' },
      { type: 'keyUp', target: 'main', key: 'Enter' },
      { type: 'waitForElement', selectors: [['text/Welcome back']] },
    ],
  }));

  const journey = (passwordName: string, extra = '') => `
    steps:
      - navigate: ${server.origin}/login
        name: open login
      - type: { selector: "#username", text: "{{vault:shop-login.username}}" }
      - type: { selector: "#password", text: "{{vault:${passwordName}}}" }
      - click: "#submit"
        threshold: 10s
      ${extra}`;
  const config = parseConfig(`
location: lab
telemetry: { tracesEndpoint: "${receiver.tracesUrl}" }
vault: { path: shop.vault }
browser: { executablePath: "${CHROMIUM_PATH}", args: ${JSON.stringify(CHROMIUM_ARGS)} }
defaults: { timeout: 5s }
monitors:
  - id: login
    type: clickpath
    ${journey('shop-login.password', `- waitFor: "#welcome"
      - assertText: { selector: "#result", contains: "Welcome back, Alice" }`)}
  - id: login-denied
    type: clickpath
    ${journey('wrong-login.password', `- waitFor: "#welcome"
        timeout: 700ms
      - assertText: { contains: never reached }`)}
  - id: login-wrong-text
    type: clickpath
    ${journey('shop-login.password', `- assertText: { selector: "#result", contains: "Welcome back, Bob" }
        timeout: 3s`)}
  - id: login-recorded
    type: clickpath
    recording: login.recording.json
    steps:
      - assertText: { selector: "#result", contains: "Welcome back, Alice" }
  - id: home
    type: browser
    url: ${server.origin}/home
    textContains: Welcome to the shop
  - id: gone
    type: browser
    url: ${server.origin}/no-such-page
`, { baseDir: dir, env: {} });
  synthetic = await Synthetic.open(config, { env: { OTEL_RUM_VAULT_KEY: KEY }, log: new TextSink() });
});

beforeEach(() => {
  receiver.clear();
  visits.length = 0;
  logins.length = 0;
});

afterAll(async () => {
  await synthetic?.shutdown();
  await Promise.all([server.stop(), receiver.stop()]);
  await rm(dir, { recursive: true, force: true });
});

describe('clickpath monitors in Chromium', () => {
  it('walk a login journey with a vault password, each step timed in its own span', async () => {
    const result = await synthetic.runner.run('login');
    expect(result.failure).toBeUndefined();
    expect(result.steps.map((step) => [step.name, step.action, step.result])).toEqual([
      ['open login', 'navigate', 'success'],
      ['type into #username', 'type', 'success'],
      ['type into #password', 'type', 'success'],
      ['click #submit', 'click', 'success'],
      ['wait for #welcome', 'waitFor', 'success'],
      ['text of #result', 'assertText', 'success'],
    ]);
    expect(logins).toEqual([{ username: 'alice', password: PASSWORD }]);

    await synthetic.tracing.flush();
    const [runSpan] = receiver.spans.filter((span) => span.name === 'synthetic.run login');
    const stepSpans = receiver.spans.filter((span) => span.parentSpanId === runSpan?.spanId);
    expect(stepSpans.map((span) => span.attributes[ATTR_SYNTHETIC_STEP_ACTION]).sort()).toEqual(['assertText', 'click', 'navigate', 'type', 'type', 'waitFor']);
    const open = stepSpans.find((span) => span.attributes[ATTR_SYNTHETIC_STEP_NAME] === 'open login');
    expect(open?.attributes[ATTR_HTTP_RESPONSE_STATUS_CODE]).toBe(200);
    expect(open?.attributes[ATTR_SYNTHETIC_PAGE_LOAD_MS]).toBeGreaterThanOrEqual(open?.attributes[ATTR_SYNTHETIC_PAGE_TTFB_MS] as number);
    const exported = receiver.requests.map((request) => request.body.toString('utf8')).join('\n');
    for (const form of [PASSWORD, 'hunter2', JSON.stringify(PASSWORD).slice(1, -1)]) expect(exported).not.toContain(form);
  });

  it('replay a Chrome DevTools Recorder export, then the steps written after it', async () => {
    const result = await synthetic.runner.run('login-recorded');
    expect(result.steps.map((step) => [step.name, step.result])).toEqual([
      [`navigate to ${server.origin}/login`, 'success'],
      ['click #username', 'success'],
      ['type into #username', 'success'],
      ['click xpath=//*[@id="password"]', 'success'],
      ['type into #password', 'success'],
      ['press Enter', 'success'],
      ['wait for text=Welcome back', 'success'],
      ['text of #result', 'success'],
    ]);
    expect(logins).toEqual([{ username: 'alice', password: PASSWORD }]);
  });

  it('mark the pages it loads as synthetic, before any page script runs', async () => {
    const result = await synthetic.runner.run('login');
    await synthetic.tracing.flush();
    const [runSpan] = receiver.spans.filter((span) => span.name === 'synthetic.run login');
    expect(visits).toHaveLength(1);
    expect(visits[0]?.marker).toEqual({ type: 'test', monitorId: 'login', location: 'lab', traceId: result.traceId, spanId: runSpan?.spanId });
    expect(isSyntheticUserAgent(visits[0]!.userAgent)).toBe(true);
    expect(visits[0]?.userAgent).toMatch(new RegExp(`Chrome/[\\d.]+ .*${SYNTHETIC_USER_AGENT_TOKEN}/\\d+\\.\\d+\\.\\d+ \\(monitor=login; location=lab\\)$`));
  });

  it('fail at the step that times out, and run nothing after it', async () => {
    const result = await synthetic.runner.run('login-denied');
    expect(result.failure).toEqual({ reason: 'timeout', message: '#welcome did not appear within 700 ms' });
    expect(result.steps.map((step) => step.result)).toEqual(['success', 'success', 'success', 'success', 'failure']);
    expect(logins).toEqual([{ username: 'alice', password: 'not the password' }]);

    await synthetic.tracing.flush();
    const failed = receiver.spans.filter((span) => span.status.code === SPAN_STATUS_ERROR);
    expect(failed.map((span) => span.name).sort()).toEqual(['synthetic.run login-denied', 'synthetic.step wait for #welcome']);
    expect(failed.every((span) => span.attributes[ATTR_SYNTHETIC_FAILURE_REASON] === 'timeout')).toBe(true);
  });

  it('fail an assertion on text that never appears, quoting what was there', async () => {
    const result = await synthetic.runner.run('login-wrong-text');
    expect(result.failure).toEqual({ reason: 'assertion', message: '#result does not contain "Welcome back, Bob": its text is "Welcome back, Alice"' });
  });

  it('starts each run in a fresh browser context, with nothing stored by the last', async () => {
    const [first, second] = await Promise.all([synthetic.runner.run('login'), synthetic.runner.run('login-wrong-text')]);
    const third = await synthetic.runner.run('login');
    expect([first.result, second.result, third.result]).toEqual(['success', 'failure', 'success']);
    expect(visits.map((visit) => visit.visitsInStorage)).toEqual([1, 1, 1]);
    expect(new Set(visits.map((visit) => visit.marker?.traceId))).toEqual(new Set([first.traceId, second.traceId, third.traceId]));
  });
});

describe('browser monitors', () => {
  it('load a page, measure it and check its text', async () => {
    const result = await synthetic.runner.run('home');
    expect(result.result).toBe('success');
    expect(result.steps.map((step) => step.name)).toEqual(['load page', 'page text']);
    await synthetic.tracing.flush();
    const load = receiver.spans.find((span) => span.attributes[ATTR_SYNTHETIC_STEP_NAME] === 'load page');
    expect(load?.attributes[ATTR_SYNTHETIC_PAGE_TTFB_MS]).toBeGreaterThanOrEqual(0);
  });

  it('fail on an error page', async () => {
    const result = await synthetic.runner.run('gone');
    expect(result.failure).toEqual({ reason: 'assertion', message: 'page answered 404' });
  });

  it('fail, not crash, when Chromium cannot start', async () => {
    const config = parseConfig(`
browser: { executablePath: /nonexistent/chromium }
monitors: [{ id: home, type: browser, url: "${server.origin}/home" }]
`, { env: {} });
    const broken = await Synthetic.open(config, { env: {}, log: new TextSink() });
    try {
      const result = await broken.runner.run('home');
      expect(result).toMatchObject({ result: 'failure', steps: [], failure: { reason: 'network', message: expect.stringMatching(/^Chromium not found at \/nonexistent\/chromium/) } });
    } finally {
      await broken.shutdown();
    }
  });
});
