/** A family's routes as data: [method, pattern, definition]; server.ts puts them in the router. */
import type { RouteDef } from '../platform.ts';

export type RouteTable = readonly (readonly [method: string, pattern: string, def: RouteDef])[];

/** Unix seconds of a ms instant (TikTok's API speaks seconds; the control API milliseconds). */
export const sec = (ms: number): number => Math.floor(ms / 1000);

/** Opaque page tokens: base64url of a small JSON value; a forged one is a 36009004, never a crash. */
export function encodeToken(v: unknown): string {
  return Buffer.from(JSON.stringify(v)).toString('base64url');
}

export function decodeToken(token: string): unknown {
  try {
    return JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}
