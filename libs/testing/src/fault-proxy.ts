import { AddressInfo, createServer, Server, Socket, connect } from 'node:net';

/** How a proxy that is "down" treats new connections. */
export type OutageMode =
  /** Nothing listens on the port: connecting fails at once (ECONNREFUSED). */
  | 'refuse'
  /** Connections are accepted and then never answered, as behind a dead route: clients hang until their own timeout. */
  | 'blackhole';

export type FaultProxyState = 'up' | OutageMode;

export interface FaultProxyOptions {
  /** Where the real server is. */
  target: { host: string; port: number };
  /** Where the proxy listens; port 0 (the default) picks a free one. */
  listen?: { host?: string; port?: number };
}

export interface FaultProxyStats {
  /** Connections accepted since start, forwarded or not. */
  accepted: number;
  /** Connections destroyed by a fault while open (each one possibly mid-transaction). */
  dropped: number;
  /** Connections refused or black-holed while down. */
  turnedAway: number;
}

/**
 * A TCP proxy between clients and a server (PostgreSQL, say) that can fail on command, for tests
 * that must show what happens when the network does. `down()` destroys every open connection with
 * a reset, whatever it was doing (a transaction in the middle of its statements included), then
 * refuses or black-holes new ones until `up()`. Bytes are forwarded untouched otherwise.
 */
export class FaultProxy {
  private readonly open = new Set<{ client: Socket; upstream?: Socket }>();
  private readonly held = new Set<Socket>();
  private current: FaultProxyState = 'up';
  private readonly counters: FaultProxyStats = { accepted: 0, dropped: 0, turnedAway: 0 };
  private listening = false;

  private constructor(
    private readonly server: Server,
    private readonly options: FaultProxyOptions,
    private boundPort: number,
  ) {}

  static async start(options: FaultProxyOptions): Promise<FaultProxy> {
    const server = createServer();
    const proxy = new FaultProxy(server, options, options.listen?.port ?? 0);
    server.on('connection', (socket) => proxy.accept(socket));
    await proxy.listen();
    return proxy;
  }

  get host(): string {
    return this.options.listen?.host ?? '127.0.0.1';
  }

  get port(): number {
    return this.boundPort;
  }

  get state(): FaultProxyState {
    return this.current;
  }

  stats(): FaultProxyStats {
    return { ...this.counters };
  }

  /** Connections being forwarded right now. */
  openConnections(): number {
    return this.open.size;
  }

  /** The same URL with its host and port replaced by the proxy's. */
  rewrite(url: string): string {
    const u = new URL(url);
    u.hostname = this.host;
    u.port = String(this.port);
    return u.toString();
  }

  /** Destroys every open connection and turns new ones away (refused or black-holed) until `up()`. */
  async down(mode: OutageMode = 'refuse'): Promise<void> {
    this.current = mode;
    if (mode === 'refuse') await this.stopListening();
    else await this.listen();
    this.dropAll();
  }

  /** Destroys every open connection but keeps accepting new ones: a blip. */
  cut(): void {
    this.dropAll();
  }

  /** Forwards again. Black-holed connections are reset, as a route coming back would find them dead. */
  async up(): Promise<void> {
    this.current = 'up';
    for (const socket of this.held) socket.resetAndDestroy();
    this.held.clear();
    await this.listen();
  }

  async close(): Promise<void> {
    this.current = 'refuse';
    this.dropAll();
    for (const socket of this.held) socket.destroy();
    this.held.clear();
    await this.stopListening();
  }

  private accept(client: Socket): void {
    this.counters.accepted += 1;
    if (this.current !== 'up') {
      // Only 'blackhole' still listens: accept, read nothing, answer nothing.
      this.counters.turnedAway += 1;
      client.pause();
      client.on('error', () => undefined);
      client.on('close', () => this.held.delete(client));
      this.held.add(client);
      return;
    }
    const pair: { client: Socket; upstream?: Socket } = { client };
    this.open.add(pair);
    const upstream = connect({ host: this.options.target.host, port: this.options.target.port });
    pair.upstream = upstream;
    const teardown = () => {
      if (!this.open.delete(pair)) return;
      client.destroy();
      upstream.destroy();
    };
    client.on('error', teardown).on('close', teardown);
    upstream.on('error', teardown).on('close', teardown);
    client.pipe(upstream);
    upstream.pipe(client);
  }

  private dropAll(): void {
    for (const pair of [...this.open]) {
      this.open.delete(pair);
      this.counters.dropped += 1;
      // A reset, not a polite FIN: the client learns at once that its connection is gone.
      pair.client.resetAndDestroy();
      pair.upstream?.resetAndDestroy();
    }
  }

  private listen(): Promise<void> {
    if (this.listening) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onError = (err: Error) => reject(err);
      this.server.once('error', onError);
      this.server.listen(this.boundPort, this.host, () => {
        this.server.off('error', onError);
        this.listening = true;
        this.boundPort = (this.server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  private stopListening(): Promise<void> {
    if (!this.listening) return Promise.resolve();
    this.listening = false;
    // close() stops accepting at once; its callback waits for open sockets, which dropAll() ends.
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      setImmediate(resolve);
    });
  }
}
