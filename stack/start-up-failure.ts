/**
 * The last reason start-up failed, as /ready shows it while the stack is not ready, so whoever
 * waits for the stack (the harness, an orchestrator's probe) learns why without reading its log.
 *
 * A platform refusal (an answer with a code: wrong credentials, a refresh token the platform
 * does not know) gets the same answer every time; a platform that cannot be reached may come
 * up. `attempts` counts the failures in a row with the same code and `first_at` when that run
 * began, so a caller can tell a settled refusal from a platform still starting. The message
 * names endpoints and platform codes, never a secret (the TikTok client and the token renewal
 * keep query strings out of their errors).
 */
import { TikTokCallError } from './tiktok/client.ts';
import { BusinessError } from './tiktok/order-api.ts';

export type StartUpFailureCode = 'PLATFORM_REFUSED' | 'PLATFORM_UNREACHABLE' | 'START_FAILED';

export interface StartUpFailure {
  code: StartUpFailureCode;
  /** The platform's code, for PLATFORM_REFUSED. */
  platform_code?: number;
  message: string;
  /** Failures in a row with this code. */
  attempts: number;
  /** Epoch ms of the first and of the latest of them. */
  first_at: number;
  last_at: number;
}

/** The failure `e` of one start-up attempt, following `previous` (the one before, if any). */
export function startUpFailure(e: unknown, previous: StartUpFailure | undefined, now: number): StartUpFailure {
  const message = e instanceof Error ? e.message : String(e);
  const code: StartUpFailureCode = e instanceof BusinessError ? 'PLATFORM_REFUSED' : e instanceof TikTokCallError ? 'PLATFORM_UNREACHABLE' : 'START_FAILED';
  const again = previous?.code === code;
  return {
    code,
    ...(e instanceof BusinessError ? { platform_code: e.code } : {}),
    message,
    attempts: again ? previous.attempts + 1 : 1,
    first_at: again ? previous.first_at : now,
    last_at: now,
  };
}
