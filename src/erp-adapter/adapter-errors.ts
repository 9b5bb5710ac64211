/**
 * The error catalogue of the ERP adapter and its shim. Refusals an adapter throws carry the
 * contract's codes (stack/README.md), so a client sees the same answer from the shim as from
 * the reference stack; the ERP_* codes are the shim's own, each naming the operation.
 */

/** Contract codes an adapter may throw, with the HTTP status the shim answers. */
export const REFUSALS = {
  UNKNOWN_SKU: 404,
  UNKNOWN_WAREHOUSE: 404,
  ORDER_NOT_FOUND: 404,
  NEGATIVE_STOCK: 422,
  SHIPMENT_CONFLICT: 409,
  ORDER_NOT_SHIPPABLE: 409,
  INVALID_BODY: 400,
} as const;

/** The shim's own codes. */
export const SHIM_ERRORS = {
  /** The adapter threw something that is not a refusal: the ERP failed. */
  ERP_FAILED: 502,
  /** The adapter answered in the wrong shape. */
  ERP_BAD_ANSWER: 502,
  /** The adapter did not answer within the operation timeout. */
  ERP_TIMEOUT: 504,
  /** The adapter has no such operation (an optional one the request needs). */
  ERP_UNSUPPORTED: 501,
  IDEMPOTENCY_KEY_REUSED: 409,
  INVALID_IDEMPOTENCY_KEY: 400,
  MALFORMED_JSON: 400,
  INVALID_PARAM: 400,
  BODY_TOO_LARGE: 413,
  ROUTE_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
} as const;

export type RefusalCode = keyof typeof REFUSALS;
export type ShimErrorCode = keyof typeof SHIM_ERRORS;

/** Thrown by an adapter to refuse a request the way the contract does. */
export class ErpAdapterError extends Error {
  constructor(
    readonly code: RefusalCode,
    message: string,
  ) {
    super(message);
    this.name = 'ErpAdapterError';
  }
  get status(): number {
    return REFUSALS[this.code];
  }
}

/** A failure of the shim or of the ERP behind it; `operation` names the adapter operation. */
export class ShimError extends Error {
  constructor(
    readonly code: ShimErrorCode,
    message: string,
    readonly operation?: string,
  ) {
    super(message);
    this.name = 'ShimError';
  }
  get status(): number {
    return SHIM_ERRORS[this.code];
  }
}

/**
 * An adapter's refusal: an ErpAdapterError, or an error shaped like one (an adapter that imports
 * its own copy of this file makes errors of another class with the same name and codes).
 */
export function isRefusal(e: unknown): e is ErpAdapterError {
  if (e instanceof ErpAdapterError) return true;
  const x = e as { name?: unknown; code?: unknown } | null;
  return e instanceof Error && x?.name === 'ErpAdapterError' && typeof x.code === 'string' && x.code in REFUSALS;
}
