/**
 * The simulator's agenda: a binary min-heap keyed by (time, priority, actor, seq). Every key is unique because
 * `seq` is unique per queue, so the pop order is a total order that depends only on what was pushed, never on
 * heap layout or insertion timing (docs/design.md, determinism contract 2).
 */

/** One entry of an {@link EventQueue}. The key fields never change after insertion. */
export interface QueueEntry<T> {
  /** Virtual time in integer ticks. */
  readonly time: number;
  /** Lower runs first among entries with the same time. */
  readonly priority: number;
  /** Actor id; breaks ties between equal (time, priority). */
  readonly actor: number;
  /** Insertion counter of the owning queue; breaks the remaining ties in insertion order. */
  readonly seq: number;
  readonly payload: T;
  /**
   * Set by {@link EventQueue.cancel} (the entry stays in the heap until it reaches the top: lazy deletion) and
   * also by {@link EventQueue.pop}, so that cancelling an entry that already left the queue is a no-op.
   */
  cancelled: boolean;
}

/** True when `a` must run before `b`. Explicit comparisons rather than subtraction keep it exact for any integers. */
function before<T>(a: QueueEntry<T>, b: QueueEntry<T>): boolean {
  if (a.time !== b.time) return a.time < b.time;
  if (a.priority !== b.priority) return a.priority < b.priority;
  if (a.actor !== b.actor) return a.actor < b.actor;
  return a.seq < b.seq;
}

/** Cancelled entries tolerated before the heap is rebuilt without them, so cancel-heavy loads do not leak. */
const COMPACT_MIN_DEAD = 1024;

/**
 * A binary min-heap with O(log n) push/pop and O(1) cancellation. Cancelled entries are skipped when they
 * reach the top; when they outnumber live ones the heap is rebuilt in O(n), which keeps memory bounded.
 */
export class EventQueue<T> {
  private heap: QueueEntry<T>[] = [];
  private nextSeq = 0;
  private live = 0;

  /** Number of entries that are queued and not cancelled. */
  get size(): number {
    return this.live;
  }

  /** Inserts an entry and returns it (the entry doubles as the cancellation token). */
  push(time: number, priority: number, actor: number, payload: T): QueueEntry<T> {
    const entry: QueueEntry<T> = { time, priority, actor, seq: this.nextSeq++, payload, cancelled: false };
    this.heap.push(entry);
    this.siftUp(this.heap.length - 1);
    this.live++;
    return entry;
  }

  /** Marks `entry` cancelled. Returns false if it was already cancelled or already popped. O(1) amortized. */
  cancel(entry: QueueEntry<T>): boolean {
    if (entry.cancelled) return false;
    entry.cancelled = true;
    this.live--;
    if (this.heap.length - this.live > COMPACT_MIN_DEAD && this.heap.length - this.live > this.live) this.compact();
    return true;
  }

  /** The next live entry without removing it, or undefined when empty. */
  peek(): QueueEntry<T> | undefined {
    this.dropCancelledTop();
    return this.heap[0];
  }

  /** Removes and returns the next live entry, or undefined when empty. */
  pop(): QueueEntry<T> | undefined {
    this.dropCancelledTop();
    const top = this.heap[0];
    if (top === undefined) return undefined;
    this.removeTop();
    // Flagged so that a later cancel() of an entry that already ran is a no-op and leaves `live` correct.
    top.cancelled = true;
    this.live--;
    return top;
  }

  private dropCancelledTop(): void {
    while (this.heap.length > 0 && this.heap[0].cancelled) this.removeTop();
  }

  private removeTop(): void {
    const last = this.heap.pop()!;
    if (this.heap.length > 0) {
      this.heap[0] = last;
      this.siftDown(0);
    }
  }

  private compact(): void {
    this.heap = this.heap.filter((e) => !e.cancelled);
    for (let i = (this.heap.length >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }

  private siftUp(i: number): void {
    const h = this.heap;
    const item = h[i];
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(item, h[parent])) break;
      h[i] = h[parent];
      i = parent;
    }
    h[i] = item;
  }

  private siftDown(i: number): void {
    const h = this.heap;
    const n = h.length;
    const item = h[i];
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && before(h[child + 1], h[child])) child++;
      if (!before(h[child], item)) break;
      h[i] = h[child];
      i = child;
    }
    h[i] = item;
  }
}
