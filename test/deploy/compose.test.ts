// docker-compose.yml cannot run here (no Docker engine), so this checks what `docker compose up`
// depends on: pinned images, mounted files that exist, and hosts and ports that line up across the
// compose file, the Collector, processor, synthetic runner, Prometheus, Tempo and Grafana configs and
// the Dockerfile.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DASHBOARDS, DASHBOARDS_DIR, DatasourceUrl } from '../../grafana/src/index.js';
import { parseConfig } from '../../packages/synthetic/src/index.js';
import { PROCESSOR_CLI, SYNTHETIC_CLI } from './live-stack.js';
import { type CollectorConfig, inRepository, promtool, readText, readYaml } from './repository.js';

interface Service {
  image?: string;
  environment?: Record<string, string>;
  build?: { context: string; dockerfile: string; target: string };
  command?: string[];
  volumes?: string[];
  ports?: string[];
  depends_on?: string[];
}
interface Compose {
  services: Record<string, Service>;
  networks: Record<string, { ipam: { config: { subnet: string }[] } }>;
  volumes: Record<string, unknown>;
}
interface ProcessorConfig {
  server: { httpPort: number; grpcPort: number; trustedProxies: string[] };
  exporters: { otlpLogs: { endpoint: string } };
  state: { path: string };
}

const compose = readYaml<Compose>('docker-compose.yml');
const collector = readYaml<CollectorConfig>('collector-config/otelcol.yaml');
const scaledCollector = readYaml<CollectorConfig>('collector-config/otelcol-scaled.yaml');
const processorConfig = readYaml<ProcessorConfig>('collector-config/otel-rum-processor.yaml');
const SYNTHETIC_CONFIG = 'collector-config/otel-rum-synthetic.yaml';
const syntheticConfig = parseConfig(readText(SYNTHETIC_CONFIG), { source: SYNTHETIC_CONFIG, env: {} });
const prometheusConfig = readYaml<{ rule_files: string[]; scrape_configs: { job_name: string; static_configs: { targets: string[] }[] }[] }>('prometheus/prometheus.yml');
const tempoConfig = readYaml<{ server: { http_listen_port: number }; distributor: { receivers: { otlp: { protocols: { grpc: { endpoint: string } } } } } }>(
  'grafana/tempo/tempo.yaml',
);
const dashboardProvider = readYaml<{ providers: { options: { path: string } }[] }>('grafana/provisioning/dashboards/otel-rum.yml');
const dockerfile = readText('Dockerfile');
/** Each stage of the Dockerfile by name: its text from its FROM line to the next. */
const dockerStages = new Map(
  dockerfile
    .split(/\n(?=FROM )/)
    .filter((text) => text.startsWith('FROM '))
    .map((text) => [/^FROM \S+ AS (\S+)/.exec(text)?.[1] ?? '', text] as const),
);
const dockerStage = (name: string): string => {
  const text = dockerStages.get(name);
  if (text === undefined) throw new Error(`the Dockerfile has no stage ${name}`);
  return text;
};
const [overviewDashboard] = DASHBOARDS;
if (!overviewDashboard) throw new Error('no dashboards');

const service = (name: string): Service => {
  const found = compose.services[name];
  if (!found) throw new Error(`docker-compose.yml has no service ${name}`);
  return found;
};

interface Mount {
  source: string;
  target: string;
}
/** Bind mounts (`./host:/container[:ro]`) of a service; named volumes are left out. */
const bindMounts = (name: string): Mount[] =>
  (service(name).volumes ?? [])
    .filter((volume) => volume.startsWith('./'))
    .map((volume) => {
      const [source = '', target = ''] = volume.split(':');
      return { source: source.slice(2), target };
    });
const mountTarget = (name: string, source: string): string => {
  const mount = bindMounts(name).find((candidate) => candidate.source === source);
  if (!mount) throw new Error(`${name} does not mount ./${source}`);
  return mount.target;
};
/** Where a host path ends up inside a service: a mount of the file itself or of a folder above it. */
const containerPathOf = (name: string, source: string): string | undefined => {
  for (const mount of bindMounts(name)) {
    if (mount.source === source) return mount.target;
    if (source.startsWith(`${mount.source}/`)) return posix.join(mount.target, source.slice(mount.source.length + 1));
  }
  return undefined;
};

/** `host:port` of an endpoint given as `host:port` or as a URL. */
function hostPort(endpoint: string): { host: string; port: number } {
  const url = new URL(endpoint.includes('://') ? endpoint : `tcp://${endpoint}`);
  const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
  return { host: url.hostname, port };
}
const portOfListen = (endpoint: string): number => Number(endpoint.split(':').at(-1));
const flag = (name: string, flagName: string): string | undefined =>
  service(name).command?.find((argument) => argument.startsWith(`${flagName}=`))?.slice(flagName.length + 1);
/** The container side of a service's first published port. */
const containerPort = (name: string): number => Number(service(name).ports?.[0]?.split(':')[1]);
const scrapeTargets = prometheusConfig.scrape_configs.flatMap((job) => job.static_configs.flatMap((config) => config.targets));

describe('docker-compose.yml', () => {
  it('runs the Collector, the processor, the synthetic runner, Prometheus, Grafana, Tempo and Loki', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['grafana', 'loki', 'otelcol', 'processor', 'prometheus', 'synthetic', 'tempo']);
  });

  it('pins every image it does not build to a version', () => {
    for (const [name, { image, build }] of Object.entries(compose.services)) {
      if (build) continue;
      expect(image, name).toMatch(/^[\w./-]+:v?\d+\.\d+\.\d+$/);
    }
    expect(service('otelcol').image).toMatch(/^otel\/opentelemetry-collector-contrib:/);
  });

  it.each(['processor', 'synthetic'])('builds the %s image from its own stage of the Dockerfile in the repository', (name) => {
    const build = service(name).build;
    expect(build?.context).toBe('.');
    expect(build?.dockerfile).toBe('Dockerfile');
    expect(build?.target).toBe(name);
    expect(dockerStages.has(name)).toBe(true);
  });

  it('mounts only paths that exist', () => {
    for (const name of Object.keys(compose.services)) {
      for (const mount of bindMounts(name)) expect(existsSync(inRepository(mount.source)), `${name}: ./${mount.source}`).toBe(true);
    }
  });

  it('depends only on services it defines, and declares the named volumes it uses', () => {
    for (const [name, definition] of Object.entries(compose.services)) {
      for (const dependency of definition.depends_on ?? []) expect(Object.keys(compose.services), `${name} → ${dependency}`).toContain(dependency);
      for (const volume of definition.volumes ?? []) {
        if (!volume.startsWith('./')) expect(Object.keys(compose.volumes)).toContain(volume.split(':')[0]);
      }
    }
  });

  it('publishes distinct host ports', () => {
    const hostPorts = Object.values(compose.services).flatMap((definition) => (definition.ports ?? []).map((port) => port.split(':')[0]));
    expect(new Set(hostPorts).size).toBe(hostPorts.length);
  });
});

describe('the Collector in compose', () => {
  it('loads collector-config/otelcol.yaml', () => {
    expect(service('otelcol').command).toContain(`--config=${mountTarget('otelcol', 'collector-config/otelcol.yaml')}`);
  });

  it('publishes its OTLP receivers', () => {
    const protocols = (collector.receivers.otlp as { protocols: Record<string, { endpoint: string }> }).protocols;
    const published = (service('otelcol').ports ?? []).map((port) => Number(port.split(':')[1]));
    for (const protocol of Object.values(protocols)) expect(published).toContain(portOfListen(protocol.endpoint));
  });

  it('exports to the processor, Tempo and Loki where they listen', () => {
    const endpoint = (id: string) => hostPort((collector.exporters[id] as { endpoint: string }).endpoint);
    expect(endpoint('otlphttp/otel-rum')).toEqual({ host: 'processor', port: processorConfig.server.httpPort });
    expect(endpoint('otlp/tempo')).toEqual({ host: 'tempo', port: portOfListen(tempoConfig.distributor.receivers.otlp.protocols.grpc.endpoint) });
    expect(endpoint('otlphttp/loki')).toEqual({ host: 'loki', port: hostPort(DatasourceUrl.LOKI).port });
  });

  it('load-balances to the processors’ gRPC port in the scaled variant', () => {
    const hostnames = (scaledCollector.exporters['loadbalancing/otel-rum'] as { resolver: { static: { hostnames: string[] } } }).resolver.static.hostnames;
    for (const hostname of hostnames) expect(hostPort(hostname).port).toBe(processorConfig.server.grpcPort);
  });
});

describe('the processor in compose', () => {
  it('reads the mounted config, the path the Dockerfile defaults to', () => {
    const target = mountTarget('processor', 'collector-config/otel-rum-processor.yaml');
    expect(service('processor').command).toEqual(['--config', target]);
    expect(dockerStage('processor')).toContain(`CMD ["--config", "${target}"]`);
  });

  it('passes the processor’s own config check (otel-rum-processor --check)', () => {
    const result = spawnSync(process.execPath, [PROCESSOR_CLI, '--config', inRepository('collector-config/otel-rum-processor.yaml'), '--check'], { encoding: 'utf8' });
    expect(result.status, `${result.stdout}${result.stderr}`).toBe(0);
    expect(result.stdout).toContain('valid');
  });

  it('sends session summaries to the Collector’s OTLP/HTTP logs endpoint', () => {
    const { host, port } = hostPort(processorConfig.exporters.otlpLogs.endpoint);
    expect(host).toBe('otelcol');
    const http = (collector.receivers.otlp as { protocols: { http: { endpoint: string } } }).protocols.http;
    expect(port).toBe(portOfListen(http.endpoint));
    expect(new URL(processorConfig.exporters.otlpLogs.endpoint).pathname).toBe('/v1/logs');
  });

  it('trusts the compose network for forwarded client addresses and keeps its state on a volume', () => {
    const subnets = Object.values(compose.networks).flatMap((network) => network.ipam.config.map((config) => config.subnet));
    expect(processorConfig.server.trustedProxies).toEqual(subnets);
    const stateVolume = (service('processor').volumes ?? []).find((volume) => !volume.startsWith('./'));
    expect(posix.dirname(processorConfig.state.path)).toBe(stateVolume?.split(':')[1]);
  });
});

describe('the synthetic runner in compose', () => {
  it('reads the mounted config, the path the Dockerfile defaults to', () => {
    const target = mountTarget('synthetic', SYNTHETIC_CONFIG);
    expect(service('synthetic').command).toEqual(['start', '--config', target]);
    expect(dockerStage('synthetic')).toContain(`CMD ["start", "--config", "${target}"]`);
  });

  it('passes the runner’s own config check (otel-rum-synthetic validate)', () => {
    const result = spawnSync(process.execPath, [SYNTHETIC_CLI, 'validate', '--config', inRepository(SYNTHETIC_CONFIG)], { encoding: 'utf8' });
    expect(result.status, `${result.stdout}${result.stderr}`).toBe(0);
    expect(result.stdout).toContain('valid');
  });

  it('serves its API beyond the container, on the port Prometheus scrapes and the image exposes and health-checks', () => {
    const { host, port } = syntheticConfig.api;
    expect(host).toBe('0.0.0.0');
    expect(scrapeTargets).toContain(`synthetic:${port}`);
    const stage = dockerStage('synthetic');
    expect(stage.match(/^EXPOSE (.+)$/m)?.[1]?.split(/\s+/).map(Number)).toContain(port);
    expect(stage).toContain(`http://127.0.0.1:${port}/healthz`);
  });

  it('sends its run spans to the Collector’s OTLP/HTTP traces endpoint', () => {
    const endpoint = syntheticConfig.telemetry.tracesEndpoint ?? '';
    const http = (collector.receivers.otlp as { protocols: { http: { endpoint: string } } }).protocols.http;
    expect(hostPort(endpoint)).toEqual({ host: 'otelcol', port: portOfListen(http.endpoint) });
    expect(new URL(endpoint).pathname).toBe('/v1/traces');
    expect(service('synthetic').depends_on).toContain('otelcol');
  });

  it('has an HTTP and a browser monitor, on services it depends on, at the ports they serve', () => {
    expect(syntheticConfig.monitors.map((monitor) => monitor.type).sort()).toEqual(['browser', 'http']);
    const servedPorts: Record<string, number> = { processor: processorConfig.server.httpPort, grafana: containerPort('grafana') };
    const urls = syntheticConfig.monitors.flatMap((monitor) =>
      monitor.type === 'http' ? monitor.requests.map((request) => request.url) : monitor.steps.flatMap((step) => (step.action.kind === 'navigate' ? [step.action.url] : [])),
    );
    expect(urls.length).toBeGreaterThan(1);
    for (const url of urls) {
      const { host, port } = hostPort(url);
      expect(service('synthetic').depends_on, url).toContain(host);
      expect(port, url).toBe(servedPorts[host]);
    }
  });

  it('drives the Chromium its image installs from Debian', () => {
    expect(syntheticConfig.browser.executablePath).toBe('/usr/bin/chromium');
    expect(dockerStage('synthetic')).toMatch(/apt-get install -y --no-install-recommends chromium\b/);
  });
});

describe('Prometheus in compose', () => {
  const configPath = mountTarget('prometheus', 'prometheus/prometheus.yml');

  it('runs with exemplar storage on the mounted config', () => {
    expect(service('prometheus').command).toContain('--enable-feature=exemplar-storage');
    expect(flag('prometheus', '--config.file')).toBe(configPath);
  });

  it('finds the mounted rule files where the config points', () => {
    for (const pattern of prometheusConfig.rule_files) {
      const ruleDirectory = posix.dirname(posix.join(posix.dirname(configPath), pattern));
      expect(containerPathOf('prometheus', 'prometheus/rules')).toBe(ruleDirectory);
    }
  });

  it('scrapes the processor’s /metrics port, the synthetic runner’s API port and the Collector’s telemetry port', () => {
    expect(scrapeTargets).toContain(`processor:${processorConfig.server.httpPort}`);
    expect(scrapeTargets).toContain(`synthetic:${syntheticConfig.api.port}`);
    const telemetry = collector.service.telemetry as { metrics: { readers: { pull: { exporter: { prometheus: { port: number } } } }[] } };
    expect(scrapeTargets).toContain(`otelcol:${telemetry.metrics.readers[0]?.pull.exporter.prometheus.port}`);
  });

  it('passes promtool check config, with its rules, as mounted', () => {
    const result = promtool('check', 'config', inRepository('prometheus/prometheus.yml'));
    expect(result.status, result.output).toBe(0);
  });
});

describe('Grafana in compose', () => {
  it('mounts the datasource and dashboard provisioning and the generated dashboards where the provider looks', () => {
    expect(mountTarget('grafana', 'grafana/provisioning/datasources')).toBe('/etc/grafana/provisioning/datasources');
    expect(mountTarget('grafana', 'grafana/provisioning/dashboards')).toBe('/etc/grafana/provisioning/dashboards');
    expect(mountTarget('grafana', DASHBOARDS_DIR)).toBe(dashboardProvider.providers[0]?.options.path);
  });

  it('opens on the RUM overview, a dashboard it mounts', () => {
    const home = service('grafana').environment?.GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH;
    expect(home).toBe(containerPathOf('grafana', `${DASHBOARDS_DIR}/${overviewDashboard.file}`));
    expect(existsSync(inRepository(DASHBOARDS_DIR, overviewDashboard.file))).toBe(true);
  });

  it('reaches Prometheus, Tempo and Loki at the ports they serve', () => {
    expect(hostPort(DatasourceUrl.PROMETHEUS)).toEqual({ host: 'prometheus', port: containerPort('prometheus') });
    expect(hostPort(DatasourceUrl.TEMPO)).toEqual({ host: 'tempo', port: tempoConfig.server.http_listen_port });
    expect(hostPort(DatasourceUrl.LOKI)).toEqual({ host: 'loki', port: containerPort('loki') });
  });
});

describe('Dockerfile', () => {
  it('is multi-stage, with the processor last: the image a plain `docker build` makes', () => {
    expect(dockerStages.size).toBeGreaterThan(1);
    expect([...dockerStages.keys()].at(-1)).toBe('processor');
  });

  /** Each image's stage, and the ports its config listens on. */
  const images: [string, number[]][] = [
    ['processor', [processorConfig.server.httpPort, processorConfig.server.grpcPort]],
    ['synthetic', [syntheticConfig.api.port]],
  ];

  it.each(images)('runs the %s image as a non-root user', (name) => {
    const user = dockerStage(name).match(/^USER (\S+)$/m)?.[1];
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user);
  });

  it.each(images)('exposes the ports the %s config listens on', (name, ports) => {
    const exposed = dockerStage(name).match(/^EXPOSE (.+)$/m)?.[1]?.split(/\s+/).map(Number);
    expect(exposed).toEqual(expect.arrayContaining(ports));
  });

  it('copies only paths that exist in the build context', () => {
    const sources = dockerfile
      .split('\n')
      .filter((line) => line.startsWith('COPY ') && !line.includes('--from='))
      .flatMap((line) => line.split(/\s+/).slice(1, -1));
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) expect(existsSync(inRepository(source)), source).toBe(true);
  });

  it.each(images)('starts the %s CLI entry point', (name) => {
    const manifest = JSON.parse(readText(`packages/${name}/package.json`)) as { bin: Record<string, string> };
    const cli = manifest.bin[`otel-rum-${name}`];
    expect(cli).toBeDefined();
    expect(dockerStage(name)).toContain(`ENTRYPOINT ["node", "/app/${posix.join('packages', name, cli ?? '')}"]`);
  });

  it('keeps node_modules and build output out of the build context', () => {
    const ignored = readText('.dockerignore').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['**/node_modules', '**/dist', '.git']));
  });
});
