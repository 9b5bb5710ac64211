/**
 * Where load may go. peakday sends traffic only to loopback unless the user names another
 * host with `--allow-remote HOST`, and never to TikTok's real hosts, whatever is allowed:
 * a load test aimed at production by a typo must fail before the first request.
 */

const TIKTOK_SUFFIXES = ['tiktokglobalshop.com', 'tiktok-shops.com', 'tiktokshop.com', 'tiktok.com', 'tiktokv.com'];

export class TargetRefusedError extends Error {
  readonly code = 'PD_TARGET_REFUSED';
  constructor(message: string) {
    super(message);
    this.name = 'TargetRefusedError';
  }
}

/** True for 127.0.0.0/8, ::1 and `localhost` (with or without IPv6 brackets). */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost') || h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  const m = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
  return m !== null && m.slice(1).every((o) => Number(o) <= 255);
}

export function isTikTokHost(host: string): boolean {
  const h = host.replace(/\.$/, '').toLowerCase();
  return TIKTOK_SUFFIXES.some((s) => h === s || h.endsWith('.' + s));
}

/**
 * Throws TargetRefusedError unless `url` may receive load.
 * @param allowRemote host names the user allowed explicitly (exact, case-insensitive).
 */
export function assertTargetAllowed(url: string, allowRemote: readonly string[] = []): void {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    throw new TargetRefusedError(`not a valid URL: "${url}"`);
  }
  if (isTikTokHost(host)) {
    throw new TargetRefusedError(`refusing ${host}: peakday never sends load to TikTok's real hosts`);
  }
  if (isLoopbackHost(host)) return;
  if (allowRemote.some((a) => a.toLowerCase() === host.toLowerCase())) return;
  throw new TargetRefusedError(
    `refusing ${host}: load goes to loopback only unless you name the host with --allow-remote ${host}`,
  );
}
