import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ConfigError, loadConfig, parseConfig } from '../src/config/index.js';

const examplePath = fileURLToPath(new URL('../config.example.yaml', import.meta.url));

function problemsOf(document: unknown): readonly string[] {
  try {
    parseConfig(document, '/etc/otel-rum');
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

const minimal = { applications: [{ id: 'shop' }] };

describe('configuration', () => {
  it('loads the example config as shipped', () => {
    const config = loadConfig(examplePath);
    const [demo] = config.applications;
    expect(demo!.id).toBe('demo-app');
    expect(demo!.allowedOrigins).toContain('http://localhost:8080');
    expect(demo!.settings.apdex.default).toEqual({ satisfiedMs: 3000, toleratingMs: 15000 });
    expect(demo!.settings.apdex.byActionType.load).toEqual({ satisfiedMs: 4000, toleratingMs: 16000 });
    expect(demo!.settings.apdex.byActionName.get('click on "Pay now"')).toEqual({ satisfiedMs: 2000, toleratingMs: 8000 });
    expect(demo!.settings.conversionGoals.map((goal) => goal.name)).toEqual(['checkout', 'engaged']);
    expect(demo!.pageGroups.rules[0]!.pattern.test('/product/red-shoes')).toBe(true);
    expect(config.exporters.jsonLines!.path).toBe(fileURLToPath(new URL('../.state/session-summaries.jsonl', import.meta.url)));
    expect(config.exporters.jsonLines!.rotation).toEqual({ maxBytes: 100 * 1024 * 1024, maxBackups: 3 });
    expect(config.server.grpcPort).toBe(4317);
  });

  it('fills SPEC defaults for everything left out, with durations given in seconds', () => {
    const config = parseConfig({ applications: [{ id: 'shop', sessions: { inactivityTimeoutSeconds: 2.5 } }] }, '/etc/otel-rum');
    const [shop] = config.applications;
    expect(shop!.settings.sessionLimits).toEqual({ inactivityTimeoutMs: 2500, maxDurationMs: 8 * 3600_000, maxActions: 200 });
    expect(shop!.settings.uxScore).toEqual({ frustratingShare: 0.3, satisfyingShare: 0.5, lastActionRule: true, countRageClicks: true });
    expect(config.server.httpPort).toBe(4318);
    expect(config.server.grpcPort).toBeUndefined();
    expect(config.limits.maxDecompressedBytes).toBeGreaterThan(config.limits.maxBodyBytes);
  });

  it('names the bad key in every message, and reports them all at once', () => {
    const problems = problemsOf({
      server: { httpPort: 'http', trustedProxies: ['10.0.0.0/8', 'not-an-ip'] },
      limits: { rateLimit: { burst: 0 } },
      applications: [
        { id: 'shop', apdex: { toleratingSeconds: -1 }, allowedOrigins: ['https://shop.example.com/path'] },
        { id: 'shop', conversionGoals: [{ name: 'a', page: '/x', minActions: 2 }], pageGroups: { rules: [{ pattern: '(', group: 'x' }] } },
      ],
      exporters: { otlpLogs: { endpoint: 'localhost:4318' }, jsonLines: { path: 'x.jsonl', maxMegabytes: 0, maxBackups: 1.5 } },
      mystery: true,
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        'server.httpPort: must be an integer ≥ 0 and ≤ 65535',
        'server.trustedProxies[1]: must be an IP address or CIDR range',
        'limits.rateLimit.burst: must be a number ≥ 1',
        'applications[0].apdex.toleratingSeconds: must be a number > 0',
        expect.stringMatching(/^applications\[0\]\.allowedOrigins\[0\]: must be an origin/),
        'applications[1].id: duplicate application id shop',
        expect.stringMatching(/^applications\[1\]\.conversionGoals\[0\]\.name: goal a needs exactly one of/),
        expect.stringMatching(/^applications\[1\]\.pageGroups\.rules\[0\]\.pattern: must be a regular expression/),
        expect.stringMatching(/^exporters\.otlpLogs\.endpoint: must be an http\(s\) URL/),
        'exporters.jsonLines.maxMegabytes: must be a number > 0',
        'exporters.jsonLines.maxBackups: must be an integer ≥ 0',
        'mystery: unknown key',
      ]),
    );
  });

  it('catches typos as unknown keys and requires an application', () => {
    expect(problemsOf({ applications: [{ id: 'shop', apdx: {} }] })).toEqual(['applications[0].apdx: unknown key']);
    expect(problemsOf(parse('server: {}'))).toEqual(['applications: at least one application is required']);
    expect(problemsOf({ ...minimal, applications: [{ name: 'no id' }] })).toEqual(['applications[0].id: is required']);
    expect(problemsOf({ ...minimal, applications: [{ id: 'shop', apdex: { satisfiedSeconds: 10, toleratingSeconds: 5 } }] })).toEqual([
      'applications[0].apdex.toleratingSeconds: must be ≥ satisfiedSeconds',
    ]);
  });

  it('takes at most 30 conversion goals per application', () => {
    const goals = (count: number) => Array.from({ length: count }, (_unused, index) => ({ name: `goal ${index}`, page: `/done/${index}` }));
    expect(parseConfig({ applications: [{ id: 'shop', conversionGoals: goals(30) }] }, '/etc/otel-rum').applications[0]!.settings.conversionGoals).toHaveLength(30);
    expect(problemsOf({ ...minimal, applications: [{ id: 'shop', conversionGoals: goals(31) }] })).toEqual([
      'applications[0].conversionGoals: at most 30 goals per application, got 31',
    ]);
  });

  it('says which file cannot be read or parsed', () => {
    expect(() => loadConfig('/nonexistent/otel-rum.yaml')).toThrow(/\/nonexistent\/otel-rum.yaml: cannot read/);
    expect(() => parseConfig('just a string', '/')).toThrow(/\(top level\): must be a mapping/);
  });
});
