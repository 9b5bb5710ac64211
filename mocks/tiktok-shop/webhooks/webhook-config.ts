/**
 * Options of the webhook dispatcher, their defaults and their validation (every problem at
 * once), and the check of a subscription address.
 */
import { assertTargetAllowed } from '../../../lib/safety/target-guard.ts';
import { FieldCheck } from '../../../lib/config/field-check.ts';

/** The platform's retry schedule (secondary source): 2 min, 30 min, 3 h, 12 h. */
export const PLATFORM_RETRY_SCHEDULE_MS: readonly number[] = Object.freeze([120_000, 1_800_000, 10_800_000, 43_200_000]);
/** The receiver must answer HTTP 200 within 3 s. */
export const DEFAULT_TIMEOUT_MS = 3000;
export const DEFAULT_CONCURRENCY = 64;
export const DEFAULT_MAX_PENDING = 100_000;
const MAX_DELAY_MS = 7 * 24 * 3_600_000;

export interface WebhookSettings {
  timeoutMs: number;
  retryScheduleMs: number[];
  /** Attempts in flight at once, and connections per receiver origin. */
  concurrency: number;
  /** Notifications queued, waiting to retry, delayed or held back, at most; past it new ones are refused (outcome overflow). */
  maxPending: number;
  /** Non-loopback receiver hosts the user allowed (as --allow-remote); TikTok's hosts never. */
  allowRemote: string[];
}

export interface WebhookSettingsInput {
  timeoutMs?: number;
  retryScheduleMs?: number[];
  concurrency?: number;
  maxPending?: number;
  allowRemote?: string[];
}

export class WebhookConfigError extends Error {
  readonly code = 'MOCK_WEBHOOK_CONFIG';
  constructor(readonly problems: string[]) {
    super(`invalid webhook dispatcher options: ${problems.join('; ')}`);
    this.name = 'WebhookConfigError';
  }
}

/** Defaults resolved in one step; every problem reported (lib's FieldCheck format); the input is not mutated. */
export function resolveWebhookSettings(o: WebhookSettingsInput): { settings: WebhookSettings; problems: string[] } {
  const c = new FieldCheck();
  const settings: WebhookSettings = {
    timeoutMs: c.positive(o.timeoutMs ?? DEFAULT_TIMEOUT_MS, 'timeoutMs', 3_600_000),
    retryScheduleMs: c.arr(o.retryScheduleMs ?? PLATFORM_RETRY_SCHEDULE_MS, 'retryScheduleMs', 0, 32).map((ms, i) => c.num(ms, `retryScheduleMs[${i}]`, 0, MAX_DELAY_MS)),
    concurrency: c.int(o.concurrency ?? DEFAULT_CONCURRENCY, 'concurrency', 1, 1024),
    maxPending: c.int(o.maxPending ?? DEFAULT_MAX_PENDING, 'maxPending', 1, 10_000_000),
    allowRemote: c.strArr(o.allowRemote ?? [], 'allowRemote', 0, Infinity),
  };
  return { settings, problems: c.problems };
}

/**
 * The problem with a webhook address, or undefined if the mock may push to it: an absolute
 * http(s) URL on loopback (or a host in allowRemote), never one of TikTok's real hosts.
 */
export function checkWebhookAddress(address: unknown, allowRemote: readonly string[] = []): string | undefined {
  if (typeof address !== 'string' || address.length === 0) return 'address: expected a non-empty URL string';
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return `address: not a valid URL: ${JSON.stringify(address)}`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `address: expected an http:// or https:// URL, got ${JSON.stringify(address)}`;
  if (url.username !== '' || url.password !== '') return 'address: credentials in the URL are not supported';
  try {
    assertTargetAllowed(address, allowRemote);
  } catch (e) {
    return `address: ${(e as Error).message}`;
  }
  return undefined;
}
