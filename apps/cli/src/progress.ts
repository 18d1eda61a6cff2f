/**
 * A progress line on stderr: a bar redrawn in place on a terminal, a line every few seconds
 * otherwise (CI logs, pipes), and a final summary either way.
 */
export class Progress {
  private done = 0;
  private lastDraw = 0;
  private readonly started = Date.now();
  private readonly tty = Boolean(process.stderr.isTTY);

  constructor(
    private readonly label: string,
    private total?: number,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  setTotal(total: number): void {
    this.total = total;
  }

  advance(n = 1, detail = ''): void {
    this.update(this.done + n, detail);
  }

  update(done: number, detail = ''): void {
    this.done = done;
    const now = Date.now();
    if (now - this.lastDraw < (this.tty ? 100 : 5000)) return;
    this.lastDraw = now;
    this.draw(detail);
  }

  finish(summary: string): void {
    if (this.tty) this.stream.write('\r\x1b[2K');
    this.stream.write(`${this.label}: ${summary} (${((Date.now() - this.started) / 1000).toFixed(1)} s)\n`);
  }

  private draw(detail: string): void {
    const seconds = (Date.now() - this.started) / 1000;
    const rate = seconds > 0 ? this.done / seconds : 0;
    let text: string;
    if (this.total) {
      const ratio = Math.min(1, this.done / this.total);
      const width = 30;
      const filled = Math.round(ratio * width);
      const eta = rate > 0 ? Math.max(0, (this.total - this.done) / rate) : 0;
      text = `${this.label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${this.done}/${this.total} ${(ratio * 100).toFixed(0)}% ${rate.toFixed(0)}/s ETA ${eta.toFixed(0)} s`;
    } else {
      text = `${this.label} ${this.done} ${rate.toFixed(0)}/s`;
    }
    if (detail) text += ` ${detail}`;
    this.stream.write(this.tty ? `\r\x1b[2K${text}` : `${text}\n`);
  }
}
