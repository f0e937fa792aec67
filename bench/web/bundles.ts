// The browser bundles the web benchmarks compare: otel-rum and its peers, each built the same way
// (esbuild, minified IIFE, es2020) in the same run, each exposing its init function on a global.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

export interface WebSdkBundle {
  name: string;
  /** Minified IIFE source. */
  code: string;
  /** A script that initializes the SDK with every default feature, sending to `endpoint`. */
  initScript(endpoint: string): string;
}

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const OTEL_RUM_ENTRY = `${repoRoot}packages/web/dist/index.js`;

interface BundleSpec {
  name: string;
  /** The module source the bundle is built from; it re-exports what the page calls. */
  entry: string;
  initScript(endpoint: string): string;
}

const BUNDLE_SPECS: BundleSpec[] = [
  {
    name: 'otel-rum',
    entry: `export { initRum } from ${JSON.stringify(OTEL_RUM_ENTRY)};`,
    initScript: (endpoint) => `window.rum = Sdk.initRum({ applicationId: 'bench', serviceName: 'bench', endpoint: ${JSON.stringify(endpoint)} });`,
  },
  {
    name: 'faro-web-sdk',
    entry: `export { initializeFaro, getWebInstrumentations } from '@grafana/faro-web-sdk';`,
    initScript: (endpoint) => `Sdk.initializeFaro({ url: ${JSON.stringify(endpoint)}, app: { name: 'bench' }, instrumentations: Sdk.getWebInstrumentations() });`,
  },
  {
    name: 'faro-web-sdk + faro-web-tracing',
    entry: `export { initializeFaro, getWebInstrumentations } from '@grafana/faro-web-sdk'; export { TracingInstrumentation } from '@grafana/faro-web-tracing';`,
    initScript: (endpoint) =>
      `Sdk.initializeFaro({ url: ${JSON.stringify(endpoint)}, app: { name: 'bench' }, instrumentations: [...Sdk.getWebInstrumentations(), new Sdk.TracingInstrumentation()] });`,
  },
  {
    name: '@splunk/otel-web',
    entry: `export { default as SplunkRum } from '@splunk/otel-web';`,
    initScript: (endpoint) =>
      `Sdk.SplunkRum.init({ beaconEndpoint: ${JSON.stringify(endpoint)}, allowInsecureBeacon: true, rumAccessToken: 'bench', applicationName: 'bench', disableAutomationFrameworks: false, disableBots: false });`,
  },
];

/** Builds every SDK's bundle; `only` limits the set by name. */
export async function buildWebSdkBundles(only?: (name: string) => boolean): Promise<WebSdkBundle[]> {
  const bundles: WebSdkBundle[] = [];
  for (const spec of BUNDLE_SPECS.filter((candidate) => !only || only(candidate.name))) {
    const result = await build({
      stdin: { contents: spec.entry, resolveDir: fileURLToPath(new URL('.', import.meta.url)), loader: 'js' },
      bundle: true,
      minify: true,
      format: 'iife',
      globalName: 'Sdk',
      platform: 'browser',
      target: ['es2020'],
      legalComments: 'none',
      define: { 'process.env.NODE_ENV': '"production"' },
      write: false,
      logLevel: 'error',
    });
    bundles.push({ name: spec.name, code: result.outputFiles[0]!.text, initScript: spec.initScript });
  }
  return bundles;
}
