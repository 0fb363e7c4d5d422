/** The queue cannot be used: a malformed URL, or Redis that cannot be reached. Names the URL. */
export class QueueError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'QueueError';
  }
}
