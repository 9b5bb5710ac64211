/**
 * The mock platform's one error catalogue: TikTok Shop's own codes, messages and HTTP statuses.
 *
 * Handlers throw `new TikTokError('INVALID_SIGN', detail)`; the server turns it into the
 * envelope `{code, message, request_id, data}` with the catalogue's HTTP status, so the status
 * travels with the error and no handler picks one by hand.
 *
 * Codes and statuses are TikTok's, as its partner documentation and public clients show them.
 * Where those give no HTTP status the choice is ours and marked "chosen" below. They name no code
 * for a few platform refusals the mock must make (unknown order, a package shipped twice, a
 * status move the order cannot make); those use codes in the 9xxxxxxx range, which TikTok does
 * not use, so nobody mistakes them for platform facts.
 */
import { CataloguedError, catalogueMessage } from '../../lib/errors/catalogued-error.ts';

export interface CatalogueEntry {
  readonly code: number;
  readonly message: string;
  readonly http: number;
}

export const ERRORS = {
  /** 200 and code 0: the envelope of every success. */
  SUCCESS: { code: 0, message: 'Success', http: 200 },
  ACCESS_TOKEN_EXPIRED: { code: 105002, message: 'Access token is expired, please refresh it', http: 401 }, // chosen
  SCOPE_NOT_GRANTED: { code: 105005, message: 'Access denied: the scope is not granted', http: 403 }, // chosen
  INVALID_SIGN: { code: 106001, message: 'Invalid credentials: the sign is invalid', http: 401 },
  /**
   * The auth host's answers to a refresh token it does not honour. TikTok's docs list neither;
   * the codes and messages are those the live host gave a public client (EcomPHP/tiktokshop-php
   * pull request #15: `36004005 "can not find related auth record"` for a token it does not know,
   * `36004001 "rt has expired"` for an expired one).
   */
  REFRESH_TOKEN_EXPIRED: { code: 36004001, message: 'rt has expired', http: 400 }, // chosen
  AUTH_RECORD_NOT_FOUND: { code: 36004005, message: 'can not find related auth record', http: 400 }, // chosen
  SHOP_CIPHER_MISSING: { code: 106013, message: 'shop_cipher is required for this API', http: 400 }, // chosen
  TOO_MANY_REQUESTS: { code: 36009002, message: 'Too many requests', http: 429 },
  INTERNAL_ERROR: { code: 36009003, message: 'Internal error, please try again', http: 500 },
  /** The reference's catch-all: missing sign, bad timestamp, bad app_key, bad token, bad param. */
  INVALID_PARAM: { code: 36009004, message: 'Invalid params', http: 400 },
  TIMEOUT: { code: 36009007, message: 'Request timed out', http: 504 }, // chosen
  INVALID_PATH: { code: 36009009, message: 'Invalid path', http: 404 },
  INVALID_METHOD: { code: 36009010, message: 'Invalid method', http: 405 }, // chosen
  INVALID_CONTENT_TYPE: { code: 36009022, message: 'Invalid content type, expected application/json', http: 415 }, // chosen
  STOCK_COUNT_INVALID: { code: 12019024, message: 'Stock count is invalid: expected an integer 0..99999', http: 200 },
  WAREHOUSE_REQUIRED: {
    code: 12019028,
    message: 'The SKU is sold from several warehouses: send warehouse_id for every entry',
    http: 200,
  },
  WAREHOUSE_NOT_FOUND: { code: 12052097, message: 'Warehouse does not exist', http: 200 },
  // Mock-specific (9xxxxxxx): the reference names no code for these refusals.
  NOT_FOUND: { code: 90000404, message: 'Resource does not exist', http: 404 },
  ALREADY_SHIPPED: { code: 90000409, message: 'The package or line items are already shipped', http: 409 },
  INVALID_STATUS: { code: 90000422, message: 'The order cannot make this status change', http: 409 },
  BODY_TOO_LARGE: { code: 90000413, message: 'Request body is too large', http: 413 },
  HEADERS_TOO_LARGE: { code: 90000431, message: 'Request header fields are too large', http: 431 },
} as const satisfies Record<string, CatalogueEntry>;

export type ErrorKey = keyof typeof ERRORS;

/**
 * A refusal with TikTok's code. `detail` says what exactly was wrong; it goes into the message
 * so a client author sees it without reading the mock's source.
 */
export class TikTokError extends CataloguedError<number> {
  readonly key: ErrorKey;
  /** The HTTP status it is answered with: the catalogue's, unless the caller gives another. */
  declare readonly status: number;
  readonly detail: string | undefined;

  constructor(key: ErrorKey, detail?: string, http?: number) {
    const entry: CatalogueEntry = ERRORS[key];
    super('TikTokError', entry.code, catalogueMessage(entry.message, detail), { status: http ?? entry.http });
    this.key = key;
    this.detail = detail;
  }
}

/** Per-item error of a partial-failure write (`data.errors[]`). */
export interface ItemError {
  code: number;
  message: string;
  detail: Record<string, unknown>;
}

export function itemError(key: ErrorKey, detail: Record<string, unknown>, note?: string): ItemError {
  const e: CatalogueEntry = ERRORS[key];
  return { code: e.code, message: note === undefined ? e.message : `${e.message}: ${note}`, detail };
}
