/**
 * One origin's keep-alive connections: undici Clients (one socket each, no pipelining), the
 * idle ones on a stack, and a queue for requests that wait for one.
 *
 * undici's Pool opens a new connection for every request that finds no idle client, up to its
 * limit. In an open model's first fraction of a second that is one connect per request:
 * nothing has answered yet, so nothing is idle, and a client that has just answered stays
 * busy for one more event-loop turn. At 5,000 iterations/s that was 500-800 connections in the
 * first 150 ms, each a socket, a parser and the target's accept, run by code V8 had not
 * compiled yet: the event loop stalled for 100+ ms and iterations were dropped. Here at most
 * MAX_CONNECTING connections are being established at once; a request that finds neither an
 * idle connection nor a connect slot waits in the queue; the queue's head gets the next
 * connection that frees up, or a new one as soon as a connect slot does (Go's http.Transport,
 * under k6, likewise hands a request whichever comes first, an idle connection or a new one).
 * The wait is `http_req_blocked`, as in k6 (waiting for a free TCP connection slot).
 *
 * The cost: a new origin gains connections one connect round trip at a time, MAX_CONNECTING
 * per round trip. On loopback that is well under a millisecond; to a remote target 50 ms
 * away, 40 new connections a second.
 *
 * A client is free again when undici says so (`drain`): one event-loop turn after its
 * response, undici's own check that the server did not close the kept-alive socket.
 */
import { Client, type buildConnector, type Dispatcher } from 'undici';

/**
 * Connects per origin at once. At 5,000/s on loopback, one core (README, "Where the time
 * goes"): 1-2 opened 100-170 connections in the first burst and dropped 0.4% of iterations;
 * 4 opened ~200, 16 ~450 (8% dropped in a 3 s run), no limit ~800.
 */
const MAX_CONNECTING = 2;

/** A handler the pool can ask whether dispatch already ended it (undici calls onError synchronously on a bad request). */
export interface PooledHandler extends Dispatcher.DispatchHandler {
  readonly done: boolean;
}

export interface OriginPoolOptions {
  /** Connections at most (the sum of the scenarios' maxVUs, bounded). */
  maxConnections: number;
  keepAliveTimeoutMs: number;
  /** Opens a socket (the client's connector, timing wrapped around undici's). */
  connect: buildConnector.connector;
}

interface Queued {
  readonly opts: Dispatcher.DispatchOptions;
  readonly handler: PooledHandler;
}

interface Member {
  readonly client: Client;
  idle: boolean;
  dead: boolean;
}

export class OriginPool {
  private readonly members = new Set<Member>();
  private readonly idle: Member[] = [];
  private readonly queue: Queued[] = [];
  private connecting = 0;

  constructor(
    private readonly origin: string,
    private readonly opts: OriginPoolOptions,
  ) {}

  dispatch(opts: Dispatcher.DispatchOptions, handler: PooledHandler): void {
    const m = this.idle.pop() ?? (this.mayConnect() ? this.add() : undefined);
    if (m) this.send(m, opts, handler);
    else this.queue.push({ opts, handler });
  }

  /** Destroys every connection; a request still queued fails, as undici fails those it holds. */
  async close(): Promise<void> {
    const all = [...this.members];
    this.members.clear();
    this.idle.length = 0;
    for (let q = this.nextQueued(); q; q = this.nextQueued()) q.handler.onError?.(new Error('the HTTP client was closed'));
    await Promise.all(all.map((m) => m.client.destroy()));
  }

  private mayConnect(): boolean {
    return this.connecting < MAX_CONNECTING && this.members.size < this.opts.maxConnections;
  }

  private send(m: Member, opts: Dispatcher.DispatchOptions, handler: PooledHandler): void {
    m.idle = false;
    // false: busy until its `drain`; a request undici refused at once (handler done) left it idle
    if (m.client.dispatch(opts, handler) || handler.done) this.release(m);
  }

  /** A client free for the next request: the queue's head gets it, or it waits on the idle stack. */
  private release(m: Member): void {
    if (m.dead) return;
    const next = this.nextQueued();
    if (next) return this.send(m, next.opts, next.handler);
    if (!m.idle) {
      m.idle = true;
      this.idle.push(m);
    }
  }

  private add(): Member {
    const client = new Client(this.origin, {
      pipelining: 1,
      keepAliveTimeout: this.opts.keepAliveTimeoutMs,
      keepAliveMaxTimeout: 600_000,
      headersTimeout: 0,
      bodyTimeout: 0,
      connect: (options, cb) => {
        this.connecting++;
        this.opts.connect(options, (err, socket) => {
          this.connecting--;
          // undici's connector callback is typed as an overload pair; both shapes are forwarded as-is
          (cb as (e: Error | null, s: unknown) => void)(err, socket);
          this.connectSlotFreed();
        });
      },
    });
    const m: Member = { client, idle: false, dead: false };
    client.on('drain', () => this.release(m));
    // as undici's Pool does: a client whose connect failed is not used again
    client.on('connectionError', () => {
      m.dead = true;
      this.members.delete(m);
      const i = this.idle.indexOf(m);
      if (i !== -1) this.idle.splice(i, 1);
    });
    this.members.add(m);
    return m;
  }

  /** A connect ended: a queued request may open the next connection. */
  private connectSlotFreed(): void {
    while (this.queue.length > 0 && this.mayConnect()) {
      const next = this.nextQueued();
      if (next) this.send(this.add(), next.opts, next.handler);
    }
  }

  /** The oldest queued request still wanted (one that timed out or was interrupted while queued is skipped). */
  private nextQueued(): Queued | undefined {
    let next = this.queue.shift();
    while (next && next.handler.done) next = this.queue.shift();
    return next;
  }
}
