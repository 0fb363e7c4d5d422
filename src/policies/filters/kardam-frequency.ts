/**
 * Kardam's frequency filter: among the last `window` accepted gradients, the candidate counted, at most `max` may
 * come from one worker, so a fast (or flooding) worker cannot dominate consecutive updates. Kardam's default is
 * window 2f + 1, max f: a worker already holding f of the last 2f accepted is refused, as bacox/Catalyst's
 * `asyncfl/kardam.py` (`frequency_check`) implements it. The paper text could not be read and the authors'
 * template has no such filter (docs/rules.md, "Kardam's frequency filter").
 * @see Damaskinos, El Mhamdi, Guerraoui, Patra, Taziki. Asynchronous Byzantine Machine Learning (the case of SGD). ICML 2018 (filtering component); bacox/Catalyst asyncfl/kardam.py.
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
