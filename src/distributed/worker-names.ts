/**
 * Names of the workers connected to a queue, from `Queue.getWorkers()`: BullMQ names a worker's Redis client
 * `<prefix>:<base64 queue>:w:<worker name>`.
 */
export function workerNames(clients: ReadonlyArray<{ readonly rawname?: string }>): string[] {
  const names = new Set<string>();
  for (const c of clients) {
    const at = c.rawname?.indexOf(':w:') ?? -1;
    if (at >= 0) names.add(c.rawname!.slice(at + 3));
  }
  return [...names].sort();
}
