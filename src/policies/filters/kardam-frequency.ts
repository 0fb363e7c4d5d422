/**
 * Kardam's frequency filter: among the last `window` accepted gradients, at most `max` may come from one worker,
 * so a fast (or flooding) worker cannot dominate consecutive updates. The recalled form is at most f of the last
 * 2f accepted; neither the paper text nor the authors' template (which has no such filter) could be checked here,
 * so the window and the bound are parameters (docs/rules.md, "Kardam's frequency filter").
 * @see Damaskinos, El Mhamdi, Guerraoui, Patra, Taziki. Asynchronous Byzantine Machine Learning (the case of SGD). ICML 2018, §3 (filtering component).
 */
export class FrequencyFilter {
  /** Senders of the last `window` accepted gradients, as a ring. */
  private readonly ring: Int32Array;
  private next = 0;
  private filled = 0;

  constructor(readonly window: number, readonly max: number) {
    this.ring = new Int32Array(window);
  }

  /** Whether one more accepted gradient from `worker` keeps it within `max` of the last `window`. */
  admits(worker: number): boolean {
    let held = 0;
    for (let i = 0; i < this.filled; i++) if (this.ring[i] === worker) held++;
    // Accepting now evicts the oldest entry once the ring is full: count the window the acceptance would leave.
    if (this.filled === this.ring.length && this.ring.length > 0 && this.ring[this.next] === worker) held--;
    return held < this.max;
  }

  /** Records an accepted gradient from `worker`. */
  record(worker: number): void {
    if (this.ring.length === 0) return;
    this.ring[this.next] = worker;
    this.next = (this.next + 1) % this.ring.length;
    if (this.filled < this.ring.length) this.filled++;
  }
}
