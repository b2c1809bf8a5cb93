/**
 * A TCP proxy in front of one node, for the network partition fault of two-node chaos runs: every node-to-node
 * connection to that node goes through it (its address is the node's public URL, so the peer's link points here).
 * While open it forwards bytes both ways. While refusing it resets every new connection at once and has cut the ones
 * already open (a request in flight loses its answer). While holding it accepts connections and forwards nothing,
 * like a black hole: each held connection is cut after `holdMs`, or, if the proxy opens before that, its held bytes go
 * on late. It counts, under the fault's label, every connection it refused, cut while a request waited for its answer,
 * or held bytes of, so that a partition that never met traffic shows.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';

export type ProxyFault =
  { kind: 'open' } | { kind: 'refuse'; label: string } | { kind: 'hold'; holdMs: number; label: string };

/** One client connection and its connection to the node. */
interface Link {
  client: Socket;
  upstream: Socket | undefined;
  frozen: boolean;
  /** Bytes held back while frozen, per direction, in order. */
  toUpstream: Buffer[];
  toClient: Buffer[];
  clientEnded: boolean;
  upstreamEnded: boolean;
  /** The client sent bytes after the node's last answer: a request is in flight. */
  awaitingAnswer: boolean;
  /** The fault label this connection was counted under, if any (each connection counts once). */
  countedAs: string | undefined;
  holdTimer: NodeJS.Timeout | undefined;
}

export class TcpFaultProxy {
  /** Connections refused, cut or held, by fault label. */
  readonly fired: Record<string, number> = {};
  private fault: ProxyFault = { kind: 'open' };
  private readonly links = new Set<Link>();

  private constructor(
    private readonly server: Server,
    readonly port: number,
    private readonly targetPort: number,
  ) {}

  /** Listens on a free port of 127.0.0.1 and forwards to `targetPort` there. */
  static async start(targetPort: number): Promise<TcpFaultProxy> {
    const server = createServer({ noDelay: true });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    const address = server.address();
    if (typeof address !== 'object' || address === null) throw new Error('the proxy has no address');
    const proxy = new TcpFaultProxy(server, address.port, targetPort);
    server.on('connection', (socket: Socket) => proxy.accept(socket));
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get current(): ProxyFault {
    return this.fault;
  }

  /** Switches the fault; connections already open get it too (cut, frozen, or released). */
  set(fault: ProxyFault): void {
    this.fault = fault;
    for (const link of [...this.links]) {
      if (fault.kind === 'refuse') this.cut(link, fault.label);
      else if (fault.kind === 'hold') this.freeze(link, fault);
      else this.release(link);
    }
  }

  async close(): Promise<void> {
    for (const link of [...this.links]) this.destroy(link);
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    client.setNoDelay(true);
    if (this.fault.kind === 'refuse') {
      this.count(this.fault.label);
      client.on('error', () => undefined);
      client.resetAndDestroy();
      return;
    }
    const link: Link = {
      client,
      upstream: undefined,
      frozen: false,
      toUpstream: [],
      toClient: [],
      clientEnded: false,
      upstreamEnded: false,
      awaitingAnswer: false,
      countedAs: undefined,
      holdTimer: undefined,
    };
    this.links.add(link);
    client.on('data', (chunk: Buffer) => {
      link.awaitingAnswer = true;
      if (link.frozen) this.hold(link, link.toUpstream, chunk);
      else link.upstream?.write(chunk);
    });
    client.on('end', () => {
      link.clientEnded = true;
      if (!link.frozen) link.upstream?.end();
    });
    client.on('error', () => this.destroy(link));
    client.on('close', () => this.destroy(link));
    if (this.fault.kind === 'hold') this.freeze(link, this.fault);
    else this.connectUpstream(link);
  }

  private connectUpstream(link: Link): void {
    const upstream = connect({ host: '127.0.0.1', port: this.targetPort, noDelay: true });
    link.upstream = upstream;
    upstream.on('data', (chunk: Buffer) => {
      link.awaitingAnswer = false;
      if (link.frozen) this.hold(link, link.toClient, chunk);
      else link.client.write(chunk);
    });
    upstream.on('end', () => {
      link.upstreamEnded = true;
      if (!link.frozen) link.client.end();
    });
    upstream.on('error', () => this.destroy(link));
    upstream.on('close', () => {
      // A node that stopped: its connections end; held bytes from it are lost with it.
      if (!link.frozen) this.destroy(link);
    });
  }

  private count(label: string): void {
    this.fired[label] = (this.fired[label] ?? 0) + 1;
  }

  /** Counts the connection once under `label`. */
  private affect(link: Link, label: string): void {
    if (link.countedAs === label) return;
    link.countedAs = label;
    this.count(label);
  }

  private hold(link: Link, queue: Buffer[], chunk: Buffer): void {
    queue.push(chunk);
    if (this.fault.kind === 'hold') this.affect(link, this.fault.label);
  }

  private freeze(link: Link, fault: { holdMs: number; label: string }): void {
    if (link.frozen) return;
    link.frozen = true;
    // A request already sent whose answer is now held back.
    if (link.awaitingAnswer) this.affect(link, fault.label);
    link.holdTimer = setTimeout(() => {
      if (link.frozen) this.cut(link, fault.label);
    }, fault.holdMs);
  }

  private release(link: Link): void {
    if (!link.frozen) return;
    link.frozen = false;
    clearTimeout(link.holdTimer);
    if (!link.upstream) this.connectUpstream(link);
    for (const chunk of link.toUpstream.splice(0)) link.upstream?.write(chunk);
    for (const chunk of link.toClient.splice(0)) link.client.write(chunk);
    if (link.clientEnded) link.upstream?.end();
    if (link.upstreamEnded) link.client.end();
    else if (link.upstream?.destroyed) this.destroy(link);
  }

  /** Resets both ends; counted when a request was waiting for its answer. */
  private cut(link: Link, label: string): void {
    if (link.awaitingAnswer || link.toUpstream.length > 0) this.affect(link, label);
    this.links.delete(link);
    clearTimeout(link.holdTimer);
    if (!link.client.destroyed) link.client.resetAndDestroy();
    if (link.upstream && !link.upstream.destroyed) link.upstream.resetAndDestroy();
  }

  private destroy(link: Link): void {
    if (!this.links.delete(link)) return;
    clearTimeout(link.holdTimer);
    link.client.destroy();
    link.upstream?.destroy();
  }
}
