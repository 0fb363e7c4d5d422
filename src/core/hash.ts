import { createHash, type Hash } from 'node:crypto';

/** Hex SHA-256 of a typed array's bytes (the exact bit pattern, so -0 and NaN payloads count). */
export function hashBytes(a: ArrayBufferView): string {
  return createHash('sha256').update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength)).digest('hex');
}

/** Hex SHA-256 of a JSON value with object keys sorted, so equal configs hash equally whatever their key order. */
export function hashJson(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

/** JSON with object keys sorted recursively. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, (v as Record<string, unknown>)[k]]))
      : v,
  );
}

/** An incremental hash of a sequence of records (the event trace). */
export class TraceHash {
  private readonly h: Hash = createHash('sha256');
  add(line: string): void {
    this.h.update(line);
    this.h.update('\n');
  }
  digest(): string {
    return this.h.digest('hex');
  }
}
