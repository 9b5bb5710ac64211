/**
 * The runtime's HTTP transport: per origin, a pool of keep-alive undici Clients whose
 * connections are opened a few at a time (origin-pool.ts), driven through `dispatch` with our
 * own handler so every phase of a request is timed the way k6 reports it:
 *
 *   t0 dispatch ─ blocked (queued for a connection) ─ connecting (new socket only) ─ t1 written
 *   ─ sending ─ t2 request sent ─ waiting (TTFB) ─ t3 headers ─ receiving ─ t4 complete
 *
 * undici calls the handler's onConnect and publishes `undici:client:sendHeaders` (with the
 * socket) in the same synchronous call, so the request being written is known when the
 * socket is: that is how a request learns whether its socket was fresh and how long its
 * connect took (recorded by the wrapped connector). No TLS here: targets are loopback or a
 * named host over http; https works but its handshake time is folded into connecting.
 */
import diagnostics from 'node:diagnostics_channel';
import type { Socket } from 'node:net';
import { buildConnector } from 'undici';
import type { Interruption } from '../vu.ts';
import { OriginPool, type PooledHandler } from './origin-pool.ts';
import { RequestDeadlines, type Expiring } from './request-deadlines.ts';

export interface HttpTimings {
  blocked: number;
  connecting: number;
  tls_handshaking: number;
  sending: number;
  waiting: number;
  receiving: number;
  duration: number;
}

export interface OutgoingRequest {
  method: string;
  /** `http://host:port`, as undici keys its connection pools. */
  origin: string;
  /** Path and query, as sent on the request line. */
  path: string;
  headers: Record<string, string>;
  body: Buffer | null;
  timeoutMs: number;
  /** The VU's interruption: the request is dropped (and never settles) when it fires. */
  interruption: Interruption;
  discardBody: boolean;
}

export interface RawResponse {
  status: number;
  statusText: string;
  /**
   * Flat [name, value, ...] as received, undecoded: most scripts never read a header, so they
   * are decoded (latin1) only when one is read.
   */
  rawHeaders: Buffer[];
  body: Buffer;
  timings: HttpTimings;
  bytesSent: number;
  bytesReceived: number;
  /** Set when the request failed before a complete response. */
  error?: { code: number; message: string };
}

interface SocketMeta {
  connectMs: number;
  used: boolean;
}
const META = Symbol('peakday.socketMeta');
type MetaSocket = Socket & { [META]?: SocketMeta };

/** The handler whose onConnect runs right now: set and cleared around undici's synchronous write. */
let writing: RequestHandler | null = null;
let subscribed = false;
function subscribeOnce(): void {
  if (subscribed) return;
  subscribed = true;
  diagnostics.subscribe('undici:client:sendHeaders', (msg) => {
    const h = writing;
    if (!h) return;
    writing = null;
    const sock = (msg as { socket: MetaSocket }).socket;
    const meta = sock[META];
    if (meta && !meta.used) {
      meta.used = true;
      h.connectingMs = meta.connectMs;
    }
    h.headerBytes = (msg as { headers: string }).headers.length;
  });
}

export interface HttpClientOptions {
  /** Connections per origin. */
  connectionsPerOrigin: number;
  keepAliveTimeoutMs?: number;
}

export class HttpClient {
  private readonly pools = new Map<string, OriginPool>();
  private readonly deadlines = new RequestDeadlines();
  private readonly connect: buildConnector.connector;

  constructor(private readonly opts: HttpClientOptions) {
    subscribeOnce();
    const base = buildConnector({});
    this.connect = (options, cb) => {
      const start = performance.now();
      base(options, (err, socket) => {
        if (socket) (socket as MetaSocket)[META] = { connectMs: performance.now() - start, used: false };
        // undici's connector callback is typed as an overload pair; both shapes are forwarded as-is
        (cb as (e: Error | null, s: unknown) => void)(err, socket);
      });
    };
  }

  /** Resolves with the response or a request error; never settles when the VU is interrupted. */
  send(req: OutgoingRequest): Promise<RawResponse> {
    return new Promise((resolve) => {
      const h = new RequestHandler(req, resolve, this.deadlines);
      h.start(this.pools.get(req.origin) ?? this.poolFor(req.origin));
    });
  }

  async close(): Promise<void> {
    this.deadlines.close();
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((p) => p.close()));
  }

  private poolFor(origin: string): OriginPool {
    const p = new OriginPool(origin, { maxConnections: this.opts.connectionsPerOrigin, keepAliveTimeoutMs: this.opts.keepAliveTimeoutMs ?? 60_000, connect: this.connect });
    this.pools.set(origin, p);
    return p;
  }
}

class RequestHandler implements Expiring, PooledHandler {
  connectingMs = 0;
  deadline = 0;
  headerBytes = 0;
  private t0 = 0;
  private t1 = 0;
  private t2 = 0;
  private t3 = 0;
  private status = 0;
  private statusText = '';
  private rawHeaders: Buffer[] = [];
  private chunks: Buffer[] = [];
  private received = 0;
  private abortFn: ((err?: Error) => void) | null = null;
  private settled = false;
  private pendingError: { code: number; message: string } | undefined;
  /** Interrupted VU: free the socket and settle never (the iteration is abandoned). */
  private readonly onAbort: () => void;

  constructor(
    private readonly req: OutgoingRequest,
    private readonly resolve: (r: RawResponse) => void,
    private readonly deadlines: RequestDeadlines,
  ) {
    // assigned here, not as a field initialiser: tsx keeps names, and names a field's arrow
    // with an Object.defineProperty per instance, i.e. per request
    this.onAbort = () => {
      if (this.settled) return;
      this.settled = true;
      this.deadlines.delete(this);
      this.abortFn?.(new Error('iteration interrupted'));
    };
  }

  /** Settled (answered, failed, timed out or interrupted): nothing more to send. */
  get done(): boolean {
    return this.settled;
  }

  start(pool: OriginPool): void {
    this.t0 = performance.now();
    if (this.req.interruption.aborted) return this.onAbort();
    this.req.interruption.on(this.onAbort);
    if (this.req.timeoutMs > 0) {
      this.deadline = this.t0 + this.req.timeoutMs;
      this.deadlines.add(this);
    }
    pool.dispatch(
      {
        origin: this.req.origin,
        path: this.req.path,
        method: this.req.method as 'GET',
        headers: this.req.headers,
        body: this.req.body,
      },
      this as never,
    );
  }

  expire(): void {
    this.fail(1050, `request timeout after ${this.req.timeoutMs}ms`);
  }

  /** Ends the request with an error: settles now, aborts the socket write if it began. */
  private fail(code: number, message: string): void {
    if (this.settled) return;
    this.pendingError = { code, message };
    this.finish();
    this.abortFn?.(new Error(message));
  }

  private finish(): void {
    if (this.settled) return;
    this.settled = true;
    if (this.deadline !== 0) this.deadlines.delete(this);
    this.req.interruption.off(this.onAbort);
    const end = performance.now();
    const t1 = this.t1 || end;
    const t2 = this.t2 || t1;
    const t3 = this.t3 || t2;
    const connecting = Math.min(this.connectingMs, t1 - this.t0);
    const sending = t2 - t1;
    const waiting = this.t3 ? t3 - t2 : this.t1 ? end - t2 : 0;
    const receiving = this.t3 ? end - t3 : 0;
    const body = this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks);
    const res: RawResponse = {
      status: this.pendingError ? 0 : this.status,
      statusText: this.statusText,
      rawHeaders: this.rawHeaders,
      body,
      timings: {
        blocked: Math.max(0, t1 - this.t0 - connecting),
        connecting,
        tls_handshaking: 0,
        sending,
        waiting,
        receiving,
        duration: sending + waiting + receiving,
      },
      bytesSent: this.t1 ? this.headerBytes + (this.req.body?.length ?? 0) : 0,
      bytesReceived: this.received,
    };
    if (this.pendingError) res.error = this.pendingError;
    this.resolve(res);
  }

  // ---- undici handler (legacy callback API) ----
  onConnect(abort: (err?: Error) => void): void {
    if (this.settled) {
      abort(new Error(this.pendingError?.message ?? 'request ended'));
      return;
    }
    this.abortFn = abort;
    this.t1 = performance.now();
    writing = this;
  }

  onRequestSent(): void {
    this.t2 = performance.now();
  }

  onHeaders(status: number, raw: Buffer[], _resume: () => void, statusText: string): boolean {
    if (writing === this) writing = null;
    this.t3 = performance.now();
    if (!this.t2) this.t2 = this.t3;
    this.status = status;
    this.statusText = statusText;
    let bytes = 15 + statusText.length;
    for (let i = 0; i < raw.length; i++) bytes += (raw[i] as Buffer).length + 2;
    this.rawHeaders = raw;
    this.received += bytes + 2;
    return true;
  }

  onData(chunk: Buffer): boolean {
    this.received += chunk.length;
    if (!this.req.discardBody) this.chunks.push(chunk);
    return true;
  }

  onComplete(): void {
    this.finish();
  }

  onError(err: Error & { code?: string }): void {
    if (writing === this) writing = null;
    if (this.settled) return;
    this.pendingError = classifyError(err);
    this.finish();
  }
}

/** Maps a Node/undici error to k6's error codes (k6 docs, "Error codes"). */
export function classifyError(err: Error & { code?: string; cause?: unknown }): { code: number; message: string } {
  const code = err.code ?? (err.cause as { code?: string } | undefined)?.code ?? '';
  const msg = err.message;
  switch (code) {
    case 'ECONNREFUSED':
      return { code: 1212, message: `dial: connection refused (${msg})` };
    case 'ECONNRESET':
      return { code: 1220, message: `connection reset by peer (${msg})` };
    case 'EPIPE':
      return { code: 1201, message: `broken pipe (${msg})` };
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return { code: 1211, message: `dial: i/o timeout (${msg})` };
    case 'ENOTFOUND':
      return { code: 1101, message: `lookup: no such host (${msg})` };
    case 'EAI_AGAIN':
      return { code: 1100, message: `lookup failed (${msg})` };
    case 'UND_ERR_SOCKET':
      return { code: 1000, message: `socket error (${msg})` };
    default:
      return { code: 1000, message: msg || 'request failed' };
  }
}
