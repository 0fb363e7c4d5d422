import type { Server } from 'node:http';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { Queue } from 'bullmq';
import express from 'express';
import { CELL_QUEUE } from './cell-job.js';
import { reachRedis } from './redis-connection.js';

export interface DashboardOptions {
  /** @default 3000 */
  readonly port?: number;
  /** Interface to listen on; loopback unless you mean to expose the queue. @default 127.0.0.1 */
  readonly host?: string;
}

/** A running dashboard. */
export interface Dashboard {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Serves bull-board, BullMQ's web dashboard, for the cell queue at `url`: jobs by state, each job's config,
 * worker, timings, result or error, and buttons to retry or remove jobs.
 */
export async function startDashboard(url: string, options: DashboardOptions = {}): Promise<Dashboard> {
  const queue = new Queue(CELL_QUEUE, { connection: await reachRedis(url) });
  const board = new ExpressAdapter();
  createBullBoard({ queues: [new BullMQAdapter(queue)], serverAdapter: board, options: { uiConfig: { boardTitle: 'byzsim cells' } } });
  const app = express();
  app.use('/', board.getRouter());
  const host = options.host ?? '127.0.0.1';
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(options.port ?? 3000, host, (e?: Error) => (e ? reject(e) : resolve(s)));
  });
  const { port } = server.address() as { port: number };
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}/`,
    async close() {
      await new Promise((resolve) => server.close(resolve));
      await queue.close();
    },
  };
}
