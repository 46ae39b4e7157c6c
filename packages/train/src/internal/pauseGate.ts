/** A gate a loop awaits between steps: open by default, closed by `close()` until `open()`. */
export class PauseGate {
  #waiting: { promise: Promise<void>; release: () => void } | undefined;

  /** Whether the gate is closed. */
  get closed(): boolean {
    return this.#waiting !== undefined;
  }

  close(): void {
    if (this.#waiting) return;
    let release = () => {};
    const promise = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.#waiting = { promise, release };
  }

  open(): void {
    this.#waiting?.release();
    this.#waiting = undefined;
  }

  /** Resolves at once when open, else when the gate opens. */
  async passed(): Promise<void> {
    if (this.#waiting) await this.#waiting.promise;
  }
}
