/**
 * How the system under test kept its access token valid, from the platform's own counts: the
 * token renewals it asked for, and the calls the platform refused because the token had
 * expired (105002). A connector that renews ahead of expiry shows renewals and no such refusal;
 * one that waits for "expired" shows a refusal for every call in flight at each expiry.
 */
import type { MockStats } from './platform-view.ts';

const REFRESH = 'GET /api/v2/token/refresh';
const EXPIRED = '105002';

export interface AccessRenewals {
  /** Successful `GET /api/v2/token/refresh` answers. */
  renewals: number;
  /** API answers with code 105002 (access token expired), over every endpoint. */
  refusedAsExpired: number;
}

export function accessRenewals(stats: MockStats): AccessRenewals {
  let refusedAsExpired = 0;
  for (const s of Object.values(stats.endpoints)) refusedAsExpired += s.by_code[EXPIRED] ?? 0;
  return { renewals: stats.endpoints[REFRESH]?.by_code['0'] ?? 0, refusedAsExpired };
}
