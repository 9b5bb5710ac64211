/**
 * The stack's one error catalogue: every error the ERP API can answer, with a stable code, its
 * HTTP status and a default message. Handlers throw `new StackError('UNKNOWN_SKU', detail)`; the
 * HTTP layer turns it into `{"error":{"code","message"}}` with the status, so no handler picks a
 * status by hand and the codes stay stable for the scenarios and for sellers' own stacks.
 */
import { CataloguedError, catalogueMessage } from '../lib/errors/catalogued-error.ts';

export const ERRORS = {
  MALFORMED_JSON: { status: 400, message: 'request body is not valid JSON' },
  INVALID_BODY: { status: 400, message: 'request body does not match the expected shape' },
  INVALID_PARAM: { status: 400, message: 'a path or query parameter is invalid' },
  MALFORMED_REQUEST: { status: 400, message: 'the request is not valid HTTP/1.1' },
  BODY_TOO_LARGE: { status: 413, message: 'request body is too large' },
  HEADERS_TOO_LARGE: { status: 431, message: 'request header fields are too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'request body must be application/json' },
  UNKNOWN_SKU: { status: 404, message: 'no such SKU in the catalog mapped from the platform' },
  UNKNOWN_WAREHOUSE: { status: 404, message: 'no such warehouse on the platform' },
  ORDER_NOT_FOUND: { status: 404, message: 'no order with this id was ingested' },
  ROUTE_NOT_FOUND: { status: 404, message: 'no such route' },
  METHOD_NOT_ALLOWED: { status: 405, message: 'method not allowed on this route' },
  IDEMPOTENCY_KEY_REUSED: { status: 409, message: 'Idempotency-Key was already used with another request' },
  INVALID_IDEMPOTENCY_KEY: { status: 400, message: 'Idempotency-Key must be 1..200 visible ASCII characters' },
  SHIPMENT_CONFLICT: { status: 409, message: 'order is already shipped with another tracking number' },
  ORDER_NOT_SHIPPABLE: { status: 409, message: 'order cannot be shipped in its current status' },
  UNKNOWN_CARRIER: { status: 422, message: 'carrier is not one of the shipping providers the platform lists' },
  NEGATIVE_STOCK: { status: 422, message: 'on_hand would fall below 0' },
  WEBHOOK_UNAUTHORIZED: { status: 401, message: 'webhook Authorization signature does not match' },
  WEBHOOK_STALE: { status: 401, message: 'webhook timestamp is outside the accepted window' },
  NOT_READY: { status: 503, message: 'stack is not ready yet (catalog not mapped from the platform)' },
  INTERNAL: { status: 500, message: 'internal error' },
} as const satisfies Record<string, { status: number; message: string }>;

export type StackErrorCode = keyof typeof ERRORS;

export class StackError extends CataloguedError<StackErrorCode> {
  declare readonly status: number;
  /** Extra JSON fields merged into the answer next to `error` (e.g. `ingested:false`). */
  readonly extra: Record<string, unknown> | undefined;

  constructor(code: StackErrorCode, detail?: string, extra?: Record<string, unknown>) {
    const def = ERRORS[code];
    super('StackError', code, catalogueMessage(def.message, detail), { status: def.status });
    this.extra = extra;
  }

  toBody(): Record<string, unknown> {
    return { error: { code: this.code, message: this.message }, ...this.extra };
  }
}
