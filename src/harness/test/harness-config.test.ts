import { describe, expect, it } from 'vitest';
import { readHarnessConfig } from '../harness-config.ts';

/** A mock's credentials, as `peakday mock` prints them (cases that test their absence pass `env`). */
const CREDENTIALS = { PEAKDAY_APP_KEY: 'k', PEAKDAY_APP_SECRET: 's', PEAKDAY_ACCESS_TOKEN: 't' };

const cases: { name: string; argv: string[]; env?: NodeJS.ProcessEnv; errors?: RegExp[]; check?: (c: NonNullable<ReturnType<typeof readHarnessConfig>['config']>) => void }[] = [
  {
    name: 'a known scenario with defaults',
    argv: ['promo'],
    check: (c) => {
      expect(c.scenario).toBe('promo');
      expect(c.scale).toBe(1);
      expect(c.seed).toBe('1');
      expect(c.drainTimeoutMs).toBe(60_000);
      expect(c.catalog).toEqual({ shops: 3, skus: 200, warehouses: 3 });
    },
  },
  {
    name: 'scale, seed, env and URLs on loopback',
    argv: ['chaos', '--scale', '0.5', '--seed', '42', '-e', 'FAULTS=errors', '--mock-url', 'http://127.0.0.1:9000', '--stack-url', 'http://localhost:8080'],
    check: (c) => {
      expect(c.scale).toBe(0.5);
      expect(c.seed).toBe('42');
      expect(c.env).toEqual({ FAULTS: 'errors' });
      expect(c.mockUrl).toBe('http://127.0.0.1:9000');
    },
  },
  { name: 'no scenario', argv: [], errors: [/name a scenario/] },
  { name: 'a negative scale as a separate value', argv: ['promo', '--scale', '-1'], errors: [/^flag --scale must be >= 0\.001, got -1$/] },
  { name: 'a negative scale inline', argv: ['promo', '--scale=-1'], errors: [/^flag --scale must be >= 0\.001, got -1$/] },
  { name: 'unknown scenario', argv: ['black-friday'], errors: [/unknown scenario "black-friday"/] },
  { name: 'path-like scenario name', argv: ['../etc/passwd'], errors: [/unknown scenario/] },
  { name: 'malformed -e', argv: ['promo', '-e', 'NOEQUALS'], errors: [/-e needs K=V/] },
  { name: 'remote stack without --allow-remote', argv: ['promo', '--stack-url', 'https://erp.example.com'], errors: [/--stack-url: refusing erp.example.com/] },
  { name: 'remote stack allowed by name', argv: ['promo', '--stack-url', 'https://erp.example.com', '--allow-remote', 'erp.example.com'] },
  {
    name: 'TikTok host refused even when allowed',
    argv: ['promo', '--mock-url', 'https://open-api.tiktokglobalshop.com', '--allow-remote', 'open-api.tiktokglobalshop.com'],
    errors: [/never sends load to TikTok/],
  },
  { name: 'a URL of another scheme', argv: ['promo', '--stack-url', 'ftp://127.0.0.1/erp'], errors: [/^--stack-url: must be an http or https URL, got "ftp:" in "ftp:\/\/127\.0\.0\.1\/erp"$/] },
  { name: 'not a URL', argv: ['promo', '--mock-url', '127.0.0.1:9000'], errors: [/^--mock-url: must be an http or https URL/] },
  {
    name: '--mock-url without credentials names every missing variable',
    argv: ['promo', '--mock-url', 'http://127.0.0.1:9000'],
    env: { PEAKDAY_APP_SECRET: 's' },
    errors: [/not set: PEAKDAY_APP_KEY, PEAKDAY_ACCESS_TOKEN$/],
  },
  {
    name: 'an ERP adapter with options',
    argv: ['promo', '--erp-adapter', 'contract', '--erp-adapter-option', 'url=http://127.0.0.1:1', '--erp-poll-ms', '100'],
    check: (c) => expect(c.erpAdapter).toEqual({ spec: 'contract', options: { url: 'http://127.0.0.1:1' }, pollMs: 100, opTimeoutMs: 10_000 }),
  },
  { name: 'an ERP adapter file that does not exist', argv: ['promo', '--erp-adapter', './no-such-erp.ts'], errors: [/--erp-adapter: no such file "\.\/no-such-erp\.ts"/] },
  {
    name: 'an adapter and a stack URL at once',
    argv: ['promo', '--erp-adapter', 'contract', '--stack-url', 'http://127.0.0.1:8080', '--erp-adapter-option', 'x'],
    errors: [/two systems under test/, /needs k=v, got "x"/],
  },
  { name: 'adapter flags without an adapter', argv: ['promo', '--erp-poll-ms', '100'], errors: [/--erp-poll-ms needs --erp-adapter/] },
  { name: 'short-lived access tokens on the mock the run starts', argv: ['soak', '--access-token-s', '20'], check: (c) => expect(c.accessTokenS).toBe(20) },
  { name: 'no token lifetime unless asked', argv: ['soak'], check: (c) => expect(c.accessTokenS).toBeUndefined() },
  {
    name: 'a token lifetime for a mock the user runs',
    argv: ['soak', '--access-token-s', '20', '--mock-url', 'http://127.0.0.1:9000'],
    errors: [/^--access-token-s sets the mock the run starts; with --mock-url, start that mock with its own --access-token-s$/],
  },
  { name: 'a token lifetime of 0 s', argv: ['soak', '--access-token-s', '0'], errors: [/^flag --access-token-s must be >= 1, got 0$/] },
  {
    name: 'platform-only with a running mock and a declared stock',
    argv: ['promo', '--platform-only', '--mock-url', 'http://127.0.0.1:9000', '--initial-stock', '50'],
    check: (c) => {
      expect(c.platformOnly).toBe(true);
      expect(c.initialStock).toBe(50);
      expect(c.erpAdapter).toBeUndefined();
    },
  },
  {
    name: 'platform-only with an adapter and a stack URL, no mock and no declared stock: each named',
    argv: ['promo', '--platform-only', '--erp-adapter', 'contract', '--stack-url', 'http://127.0.0.1:8080'],
    errors: [/two systems under test/, /^--platform-only and --erp-adapter conflict/, /^--platform-only and --stack-url conflict/, /^--platform-only needs --mock-url/, /^--platform-only needs --initial-stock N/],
  },
  {
    name: 'platform-only with a scenario that drives the ERP itself',
    argv: ['stock-burst', '--platform-only', '--mock-url', 'http://127.0.0.1:9000', '--initial-stock', '50'],
    errors: [/^--platform-only runs promo and soak: "stock-burst" drives your ERP itself/],
  },
  { name: 'no platform-only: its requirements do not apply', argv: ['promo', '--initial-stock', '5'], check: (c) => expect(c.platformOnly).toBeUndefined() },
  { name: 'missing standards file', argv: ['promo', '--standards', '/nonexistent/s.json'], errors: [/no such file/] },
  {
    name: 'certify in rounds: the plan, and its probe as the scenario sees it',
    argv: ['certify', '--repeat', 'every=5m,count=12,probe=20s', '--keep-going', '-e', 'CHECK_TIMEOUT_S=5'],
    check: (c) => {
      expect(c.repeat).toEqual({ everyMs: 300_000, count: 12, probeS: 20, keepGoing: true });
      expect(c.env).toEqual({ CHECK_TIMEOUT_S: '5', PROBE_S: '20' });
    },
  },
  { name: 'a single certify has no probe', argv: ['certify'], check: (c) => expect([c.repeat, c.env]).toEqual([undefined, {}]) },
  { name: '--repeat of another scenario', argv: ['promo', '--repeat', 'every=5m,count=2'], errors: [/^--repeat runs certify only, not "promo"$/] },
  { name: '--until and --keep-going without --repeat', argv: ['certify', '--until', '2h', '--keep-going'], errors: [/^--until needs --repeat$/, /^--keep-going needs --repeat$/] },
  { name: 'a probe given twice', argv: ['certify', '--repeat', 'every=5m,count=2', '-e', 'PROBE_S=5'], errors: [/^-e PROBE_S and --repeat: give the probe as --repeat …,probe=DURATION$/] },
  { name: 'an unbounded --repeat, with the other problems', argv: ['certify', '--repeat', 'every=5m', '--scale', '0'], errors: [/--repeat needs a bound/, /--scale must be >= 0.001/] },
  {
    name: 'every problem at once',
    argv: ['nope', '--scale', '0', '--bogus', '-e', 'X'],
    errors: [/--scale must be >= 0.001/, /unknown flag --bogus/, /unknown scenario "nope"/, /-e needs K=V/],
  },
];

describe('readHarnessConfig', () => {
  for (const c of cases) {
    it(c.name, () => {
      const r = readHarnessConfig(c.argv, c.env ?? CREDENTIALS);
      if (c.errors) {
        expect(r.config).toBeUndefined();
        for (const re of c.errors) expect(r.errors.some((e) => re.test(e)), `${re} in ${JSON.stringify(r.errors)}`).toBe(true);
        expect(r.errors).toHaveLength(c.errors.length);
      } else {
        expect(r.errors).toEqual([]);
        expect(r.config).toBeDefined();
        if (r.config && c.check) c.check(r.config);
      }
    });
  }
});
