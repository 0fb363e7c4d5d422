import { allFinite } from '../engine/vectors.js';
import type { BufferPool } from './buffer-pool.js';

interface Version {
  readonly params: Float32Array;
  refs: number;
  /** Every parameter finite: told by the step that wrote it, or found by a scan when first asked. */
  finite?: boolean;
}

/**
 * The server's model versions, kept only while something needs them: the newest `keepLatest` versions
 * (what the timing model may still hand to a worker) plus any version a pending job holds. Version v is the
 * model after v applied updates. Buffers are immutable once published and return to the pool when unused.
 */
export class ModelHistory {
  private readonly versions = new Map<number, Version>();
  private latestVersion = 0;

  constructor(private readonly pool: BufferPool, initial: Float32Array, private readonly keepLatest: number) {
    const params = pool.acquire();
    params.set(initial);
    this.versions.set(0, { params, refs: 0 });
  }

  get latest(): number {
    return this.latestVersion;
  }

  /** The oldest version still kept among the newest `keepLatest` (what a bounded-staleness pick may use). */
  get oldestKept(): number {
    return Math.max(0, this.latestVersion - this.keepLatest + 1);
  }

  /** The parameters of a kept version (read-only by contract). */
  params(version: number): Float32Array {
    const v = this.versions.get(version);
    if (!v) throw new Error(`model version ${version} is no longer kept (latest ${this.latestVersion})`);
    return v.params;
  }

  /** A fresh buffer for the next version; fill it, then `publish` it. */
  draft(): Float32Array {
    return this.pool.acquire();
  }

  /**
   * Makes `params` the newest version and drops versions nobody needs any more. `finite`: whether every parameter is
   * finite, when the step that wrote them knows it (sgdStep's result); otherwise `isFinite` scans once.
   */
  publish(params: Float32Array, finite?: boolean): number {
    this.latestVersion++;
    this.versions.set(this.latestVersion, finite === undefined ? { params, refs: 0 } : { params, refs: 0, finite });
    this.collect(this.latestVersion - this.keepLatest);
    return this.latestVersion;
  }

  /** True iff no parameter of a kept version is NaN or ±Infinity. */
  isFinite(version: number): boolean {
    const v = this.versions.get(version);
    if (!v) throw new Error(`model version ${version} is no longer kept (latest ${this.latestVersion})`);
    v.finite ??= allFinite(v.params);
    return v.finite;
  }

  /** Keeps `version` alive until the matching `release` (a job is reading it). */
  retain(version: number): Float32Array {
    const v = this.versions.get(version);
    if (!v) throw new Error(`model version ${version} is no longer kept (latest ${this.latestVersion})`);
    v.refs++;
    return v.params;
  }

  release(version: number): void {
    const v = this.versions.get(version);
    if (!v || v.refs <= 0) throw new Error(`model version ${version} released more often than retained`);
    v.refs--;
    if (v.refs === 0 && version <= this.latestVersion - this.keepLatest) this.drop(version);
  }

  /** Returns every buffer to the engine (the run is over; no version may be read afterwards). */
  dispose(): void {
    this.versions.clear();
    this.pool.dispose();
  }

  private collect(upTo: number): void {
    const v = this.versions.get(upTo);
    if (v && v.refs === 0) this.drop(upTo);
  }

  private drop(version: number): void {
    const v = this.versions.get(version)!;
    this.versions.delete(version);
    this.pool.release(v.params);
  }
}
