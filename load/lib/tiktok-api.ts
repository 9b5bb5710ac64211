/**
 * A signed TikTok Shop Open API call from a k6 script, written from TikTok's published signing
 * algorithm (its steps: mocks/README.md, "Protocol"), not from the mock's code: certify reads
 * the platform's own view of an order through the API a real client uses, not through the
 * mock's back door.
 */
import crypto from 'k6/crypto';
import http from 'k6/http';

export interface Credentials {
  baseUrl: string;
  appKey: string;
  appSecret: string;
  accessToken: string;
}

export function sign(path: string, query: Record<string, string>, body: string, secret: string): string {
  const keys = Object.keys(query)
    .filter((k) => k !== 'sign' && k !== 'access_token')
    .sort();
  let s = path;
  for (const k of keys) s += k + query[k];
  s += body;
  return crypto.hmac('sha256', secret, secret + s + secret, 'hex');
}

export async function tiktokGet(cred: Credentials, path: string, params: Record<string, string>) {
  const query: Record<string, string> = {
    ...params,
    app_key: cred.appKey,
    timestamp: String(Math.floor(Date.now() / 1000)),
  };
  query.sign = sign(path, query, '', cred.appSecret);
  const qs = Object.keys(query)
    .map((k) => `${encodeURIComponent(k)}=${encodeURIComponent(query[k] as string)}`)
    .join('&');
  const res = await http.get(`${cred.baseUrl}${path}?${qs}`, {
    headers: { 'x-tts-access-token': cred.accessToken },
    tags: { name: `tiktok GET ${path}` },
  });
  const body = res.json() as unknown as { code: number; message: string; data?: unknown };
  return { status: res.status, body };
}
