/** A progress bar with rate and ETA on a terminal; a plain line every 10% otherwise (CI, pipes). */
export class Progress {
  private readonly started = performance.now();
  private lastDecile = -1;
  private readonly tty = Boolean(process.stderr.isTTY);

  constructor(
    private readonly total: number,
    private readonly unit: string,
  ) {}

  update(done: number): void {
    const elapsed = (performance.now() - this.started) / 1000;
    const rate = done / Math.max(elapsed, 1e-3);
    const eta = rate > 0 ? (this.total - done) / rate : 0;
    const fraction = this.total === 0 ? 1 : done / this.total;
    const stats = `${done.toLocaleString("en-US")}/${this.total.toLocaleString("en-US")} ${this.unit} · ${Math.round(rate).toLocaleString("en-US")}/s · ETA ${eta.toFixed(0)}s`;
    if (this.tty) {
      const width = 30;
      const filled = Math.round(fraction * width);
      process.stderr.write(
        `\r[${"#".repeat(filled)}${".".repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}% ${stats}   `,
      );
      return;
    }
    const decile = Math.floor(fraction * 10);
    if (decile > this.lastDecile) {
      this.lastDecile = decile;
      process.stderr.write(`${(fraction * 100).toFixed(0)}% ${stats}\n`);
    }
  }

  done(): void {
    if (this.tty) process.stderr.write("\n");
  }
}
