/** An event log's text with LF line ends: a golden file checked out with CRLF (git's autocrlf) is the same trace. */
const normalized = (text: string) => text.replace(/\r\n/g, '\n').trim();

/** An event log parsed into its header and rows (byzsim writes no quoted fields). */
function rows(text: string): { header: string[]; body: string[][] } {
  const [header = '', ...lines] = normalized(text).split('\n');
  return { header: header.split(','), body: lines.map((l) => l.split(',')) };
}

/**
 * The first difference between two event logs, in words: which arrival (time, worker), which fields, what was
 * expected and what came; undefined when they are identical.
 */
export function firstDivergence(expected: string, actual: string, names: { expected: string; actual: string } = { expected: 'expected', actual: 'got' }): string | undefined {
  if (normalized(expected) === normalized(actual)) return undefined;
  const a = rows(expected);
  const b = rows(actual);
  if (a.header.join(',') !== b.header.join(',')) {
    return `the event logs have different columns: ${names.expected} ${a.header.join(',')}; ${names.actual} ${b.header.join(',')}`;
  }
  const col = (name: string) => a.header.indexOf(name);
  const n = Math.min(a.body.length, b.body.length);
  for (let i = 0; i < n; i++) {
    const x = a.body[i];
    const y = b.body[i];
    const fields = a.header.filter((_, c) => x[c] !== y[c]);
    if (fields.length === 0) continue;
    const where = `arrival ${i} (time ${x[col('time_ms')]} ms, worker ${x[col('worker')]})`;
    const what = fields.map((f) => `${f} ${names.expected} ${JSON.stringify(x[col(f)])}, ${names.actual} ${JSON.stringify(y[col(f)])}`).join('; ');
    const later = a.body.slice(i + 1, n).filter((row, j) => row.join(',') !== b.body[i + 1 + j].join(',')).length;
    const tail = later > 0 ? ` (${later} later arrival${later === 1 ? ' differs' : 's differ'} too)` : '';
    return `first divergence at ${where}: ${what}${tail}`;
  }
  return `the first ${n} arrivals agree, but ${names.expected} has ${a.body.length} arrivals and ${names.actual} ${b.body.length}`;
}
