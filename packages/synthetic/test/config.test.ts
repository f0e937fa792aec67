import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseConfig } from '../src/index.js';

function issuesOf(yaml: string, baseDir?: string): { path: string; message: string }[] {
  try {
    parseConfig(yaml, { source: 'test.yaml', env: {}, ...(baseDir ? { baseDir } : {}) });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return [...(error as ConfigError).issues];
  }
  throw new Error('the config was accepted');
}

describe('synthetic config', () => {
  it('reads every monitor kind, with defaults filled in', () => {
    const config = parseConfig(`
location: eu-west
telemetry: { tracesEndpoint: "http://collector:4318/v1/traces", headers: { x-tenant: shop } }
defaults: { frequency: 1m, timeout: 10s, outage: { consecutiveFailures: 3 } }
monitors:
  - id: api-health
    type: http
    threshold: 2s
    requests:
      - url: https://shop.example/health
        threshold: 500ms
        assert:
          status: [200, 3xx]
          bodyContains: ok
          json: [{ path: "$.checks[0].ok", equals: true }, { path: $.version }]
      - name: login
        method: post
        url: https://shop.example/login
        json: { user: "{{vault:shop-login.username}}" }
  - id: home
    type: browser
    url: https://shop.example/
    loadThreshold: 3s
    textContains: Welcome
    location: us-east
    outage: { consecutiveFailures: 1 }
  - id: checkout
    type: clickpath
    frequency: 15m
    steps:
      - navigate: https://shop.example/login
      - type: { selector: "#password", text: "{{vault:shop-login.password}}" }
      - click: button[type=submit]
        threshold: 1.5s
      - assertText: { contains: Thanks }
`, { env: { CHROMIUM_PATH: '/opt/chromium' } });

    expect(config.location).toBe('eu-west');
    expect(config.telemetry).toEqual({ serviceName: 'otel-rum-synthetic', tracesEndpoint: 'http://collector:4318/v1/traces', headers: { 'x-tenant': 'shop' } });
    expect(config.browser.executablePath).toBe('/opt/chromium');
    const [http, browser, clickpath] = config.monitors;
    expect(http).toMatchObject({ id: 'api-health', name: 'api-health', type: 'http', frequencyMs: 60_000, location: 'eu-west', thresholdMs: 2000, outage: { consecutiveFailures: 3 } });
    if (http?.type !== 'http') throw new Error('expected an http monitor');
    expect(http.requests[0]).toMatchObject({
      name: 'GET https://shop.example/health', method: 'GET', thresholdMs: 500, timeoutMs: 10_000,
      assert: { status: { codes: [200], classes: [3] }, bodyContains: ['ok'], json: [{ path: '$.checks[0].ok', equals: true }, { path: '$.version' }] },
    });
    expect(http.requests[0]?.assert.json[1]).not.toHaveProperty('equals');
    expect(http.requests[1]).toMatchObject({ name: 'login', method: 'POST', body: { json: { user: '{{vault:shop-login.username}}' } }, headers: { 'content-type': 'application/json' }, assert: { status: { classes: [2] } } });
    expect(browser).toMatchObject({ type: 'browser', location: 'us-east', outage: { consecutiveFailures: 1 } });
    if (browser?.type !== 'browser') throw new Error('expected a browser monitor');
    expect(browser.steps.map((step) => [step.name, step.action.kind, step.thresholdMs])).toEqual([['load page', 'navigate', 3000], ['page text', 'assertText', undefined]]);
    if (clickpath?.type !== 'clickpath') throw new Error('expected a clickpath monitor');
    expect(clickpath.frequencyMs).toBe(15 * 60_000);
    // Default step names come from the config as written: never from a resolved secret.
    expect(clickpath.steps.map((step) => step.name)).toEqual(['navigate to https://shop.example/login', 'type into #password', 'click button[type=submit]', 'text of body']);
    expect(clickpath.steps[2]?.thresholdMs).toBe(1500);
  });

  it('names every bad key at once', () => {
    const issues = issuesOf(`
monitors:
  - id: a
    type: http
    frequency: often
    requets: []
  - id: b
    type: http
    requests:
      - url: ftp://nope
        method: FETCH
        assert: { status: 99, jsn: [] }
  - id: c
    type: clickpath
    steps:
      - click: "#go"
        navigate: https://x.example/
      - type: { selector: "#q" }
  - id: a
    type: smoke
  - id: "bad id!"
    type: browser
    url: https://x.example/
    outage: { consecutiveFailures: 0 }
`);
    const byPath = Object.fromEntries(issues.map((issue) => [issue.path, issue.message]));
    expect(byPath['monitors[0].frequency']).toMatch(/duration.*"often"/);
    expect(byPath['monitors[0].requets']).toMatch(/unknown key/);
    expect(byPath['monitors[0].requests']).toBe('is required');
    expect(byPath['monitors[1].requests[0].url']).toMatch(/not valid \(an http\(s\) URL\)/);
    expect(byPath['monitors[1].requests[0].method']).toMatch(/"FETCH" is not one of/);
    expect(byPath['monitors[1].requests[0].assert.status']).toMatch(/status code/);
    expect(byPath['monitors[1].requests[0].assert.jsn']).toMatch(/unknown key/);
    expect(byPath['monitors[2].steps[0]']).toMatch(/exactly one action .*got navigate, click/);
    expect(byPath['monitors[2].steps[1].type.text']).toBe('is required');
    expect(byPath['monitors[3].type']).toMatch(/"smoke" is not a monitor type/);
    expect(byPath['monitors[4].id']).toMatch(/not valid/);
    expect(byPath['monitors[4].outage.consecutiveFailures']).toMatch(/from 1 to 1000/);
  });

  it('reports duplicate ids, a missing monitor list and broken YAML clearly', () => {
    expect(issuesOf(`
monitors:
  - { id: x, type: browser, url: "https://a.example/" }
  - { id: x, type: browser, url: "https://b.example/" }
`)).toEqual([{ path: 'monitors[1].id', message: 'duplicate monitor id "x"' }]);
    expect(issuesOf('location: here\n')).toEqual([{ path: 'monitors', message: 'is required' }]);
    const [broken] = issuesOf('monitors:\n  - id: [unclosed\n');
    expect(broken?.message).toMatch(/not valid YAML.*at line \d+, column \d+/s);
    expect(() => parseConfig('monitors: []\ntelemetry: { tracesEndpoint: "localhost:4318" }', { source: 'mine.yaml' })).toThrow(/mine\.yaml:\n.*telemetry\.tracesEndpoint: "localhost:4318" is not valid/);
  });

  it('accepts the example in examples/monitors.yaml that the README points to', async () => {
    const config = await loadConfig(fileURLToPath(new URL('../examples/monitors.yaml', import.meta.url)), {});
    expect(config.monitors.map((monitor) => [monitor.id, monitor.type, monitor.location])).toEqual([
      ['shop-api', 'http', 'eu-west-1'], ['shop-home', 'browser', 'eu-west-1'], ['checkout', 'clickpath', 'us-east-1'],
    ]);
    expect(config.vault?.path).toBe(fileURLToPath(new URL('../examples/shop.vault', import.meta.url)));
  });

  it('reads clickpath steps from a Chrome DevTools Recorder export, naming the steps it cannot run', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'synthetic-recording-'));
    try {
      await writeFile(join(dir, 'ok.json'), JSON.stringify({ steps: [
        { type: 'setViewport', width: 800, height: 600 },
        { type: 'navigate', url: 'https://shop.example/' },
        { type: 'click', selectors: [['aria/Search'], ['#search']] },
        { type: 'change', value: 'socks', selectors: ['#search'] },
        { type: 'keyDown', key: 'Enter' },
        { type: 'keyUp', key: 'Enter' },
      ] }));
      await writeFile(join(dir, 'bad.json'), JSON.stringify({ steps: [{ type: 'doubleClick', selectors: [['#x']] }, { type: 'click', selectors: [['aria/Only an aria name']] }] }));
      const yaml = (file: string) => `monitors:\n  - { id: rec, type: clickpath, recording: ${file} }\n`;
      const config = parseConfig(yaml('ok.json'), { baseDir: dir });
      const monitor = config.monitors[0];
      if (monitor?.type !== 'clickpath') throw new Error('expected a clickpath monitor');
      expect(monitor.steps.map((step) => step.action)).toEqual([
        { kind: 'navigate', url: 'https://shop.example/' },
        { kind: 'click', selector: '#search' },
        { kind: 'type', selector: '#search', text: 'socks' },
        { kind: 'press', key: 'Enter' },
      ]);
      expect(issuesOf(yaml('bad.json'), dir)).toEqual([
        { path: 'monitors[0].recording steps[0]', message: expect.stringMatching(/^"doubleClick" steps are not supported/) },
        { path: 'monitors[0].recording steps[1]', message: 'click has no CSS, XPath or text selector' },
      ]);
      expect(() => parseConfig(yaml('missing.json'), { baseDir: dir })).toThrow(/monitors\[0\]\.recording: cannot read missing\.json: ENOENT/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
