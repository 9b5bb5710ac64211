import { describe, expect, it } from 'vitest';
import { DEFAULTS, resolveConfig } from '../config.ts';

const BASE = ['--tiktok-url', 'http://127.0.0.1:9', '--app-key', 'key1'];
const ENV = { PEAKDAY_APP_SECRET: 'sec-ret', PEAKDAY_ACCESS_TOKEN: 'tok-en' };

const CASES: { name: string; argv: string[]; env?: Record<string, string>; file?: string; errors?: string[]; check?: Record<string, unknown> }[] = [
  { name: 'minimal flags + env secrets', argv: BASE, env: ENV, check: { port: DEFAULTS.port, appSecret: 'sec-ret', accessToken: 'tok-en', host: '127.0.0.1' } },
  { name: 'flags beat env', argv: [...BASE, '--app-secret', 'flag-secret'], env: ENV, check: { appSecret: 'flag-secret' } },
  { name: 'config file supplies values, flags override', argv: [...BASE, '--config', 'c.json', '--port', '9000'], env: ENV, file: '{"port": 1234, "rate-limit-qps": 7, "rate-limit-per-endpoint": {"GET /x": 3}}', check: { port: 9000, rateLimitQps: 7, rateLimitPerEndpoint: { 'GET /x': 3 } } },
  { name: 'every missing required value is reported', argv: [], errors: ['--tiktok-url is required', '--app-key is required', '--app-secret is required (or env PEAKDAY_APP_SECRET)', '--access-token is required'] },
  { name: 'unknown flag and bad number together', argv: [...BASE, '--nope', '--port', '70000'], env: ENV, errors: ['unknown flag --nope', '--port must be <= 65535'] },
  { name: 'unknown key in the config file', argv: [...BASE, '--config', 'c.json'], env: ENV, file: '{"prot": 1}', errors: ['prot: unknown key (expected one of host, '] },
  { name: 'wrong type in the config file', argv: [...BASE, '--config', 'c.json'], env: ENV, file: '{"port": "80", "json": 1}', errors: ['config file c.json: port: expected an integer 0..65535, got "80"', 'config file c.json: json: expected true or false, got 1'] },
  { name: 'config file not JSON', argv: [...BASE, '--config', 'c.json'], env: ENV, file: '{', errors: ['config file c.json:'] },
  { name: 'TikTok production host refused', argv: ['--tiktok-url', 'https://open-api.tiktokglobalshop.com', '--app-key', 'k'], env: ENV, errors: ['refusing open-api.tiktokglobalshop.com'] },
  { name: 'remote host needs --allow-remote', argv: ['--tiktok-url', 'http://mock.internal:80', '--app-key', 'k'], env: ENV, errors: ['--allow-remote mock.internal'] },
  { name: 'remote host allowed', argv: ['--tiktok-url', 'http://mock.internal:80', '--app-key', 'k', '--allow-remote', 'mock.internal'], env: ENV, check: { tiktokUrl: 'http://mock.internal:80' } },
  { name: 'not a URL', argv: ['--tiktok-url', 'nope', '--app-key', 'k'], env: ENV, errors: ['not a valid URL: "nope"'] },
  { name: 'enum values', argv: [...BASE, '--log-level', 'loud', '--synchronous', 'off'], env: ENV, errors: ['--log-level must be', '--synchronous must be'] },
  { name: 'further sellers from the config file', argv: [...BASE, '--config', 'c.json'], env: ENV, file: '{"sellers": [{"access_token": "b-at", "refresh_token": "b-rt"}]}', check: { sellers: [{ access_token: 'b-at', refresh_token: 'b-rt' }] } },
  { name: 'every bad seller grant is reported, tokens not shown', argv: [...BASE, '--config', 'c.json'], env: ENV, file: '{"sellers": [{"access_token": ""}, {"refresh_token": "x-rt", "token": 1}]}', errors: ['sellers[0].access_token: expected a non-empty string', 'sellers[1].token: unknown key', 'sellers[1].access_token: expected a non-empty string'] },
  { name: 'retry cap below base', argv: [...BASE, '--retry-base-ms', '500', '--retry-cap-ms', '100'], env: ENV, errors: ['--retry-cap-ms (100) must be >= --retry-base-ms (500)'] },
];

describe('resolveConfig', () => {
  for (const c of CASES)
    it(c.name, () => {
      const r = resolveConfig(c.argv, c.env ?? {}, () => {
        if (c.file === undefined) throw new Error('no such file');
        return c.file;
      });
      if (c.errors) {
        expect(r.config).toBeUndefined();
        for (const e of c.errors) expect(r.errors.join('\n')).toContain(e);
      } else {
        expect(r.errors).toEqual([]);
        expect(r.config).toMatchObject(c.check ?? {});
      }
    });
});
