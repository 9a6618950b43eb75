/** What the engine benchmarks share: a synthetic plan for next year, and a worker on a started server. */
import { randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import { Worker } from '@temporalio/worker';
import { Client } from '@temporalio/client';
import { createActivities } from '../activities';
import { openStore } from '../activities/store/database';
import { ImportedRow, PlanDocument } from '../domain/plan/model';
import { StartedEnvironment } from '../worker/temporal-servers';
import { registerSearchAttributes } from '../client/search-attributes';

export const YEAR = new Date().getUTCFullYear() + 1;
const PHRASES = [`Quý II năm ${YEAR}`, 'Hàng tháng', `Trước ngày 30 tháng 4 năm ${YEAR}`, 'Khi VPUBND tỉnh có Công văn yêu cầu rà soát', 'Ngày 05 hàng tháng', `Năm ${YEAR}`];
export const out = (line: string) => process.stdout.write(`${line}\n`);

export function syntheticPlan(number: string, rows: number, phrases = PHRASES): PlanDocument {
  const plan = { number, title: 'Kế hoạch thử tải', issuer: 'Sở KH&CN', date: `${YEAR}-03-05` as const, year: YEAR };
  const list: ImportedRow[] = Array.from({ length: rows }, (_, i) => ({
    section: String(Math.floor(i / 100) + 1),
    order: String((i % 100) + 1),
    where: `${Math.floor(i / 100) + 1}.${(i % 100) + 1}`,
    content: `Nhiệm vụ thử ${i + 1}`,
    lead: 'Văn phòng Sở',
    coordinating: '',
    deadline: phrases[i % phrases.length],
    output: 'Báo cáo kết quả',
    note: '',
    source: { file: 'bench', row: i + 1 },
  }));
  return { plan, sections: [], rows: list };
}

export async function terminateAll(client: Client, prefix: string): Promise<void> {
  const ids: string[] = [];
  for await (const wf of client.workflow.list({ query: "ExecutionStatus = 'Running'" })) if (wf.workflowId.startsWith(prefix)) ids.push(wf.workflowId);
  await Promise.all(ids.map((id) => client.workflow.getHandle(id).terminate('hết phần đo')));
}

export async function withEngine(temporal: StartedEnvironment, fn: (env: StartedEnvironment['env'], taskQueue: string) => Promise<void>): Promise<void> {
  out(`server: ${temporal.server}`);
  await registerSearchAttributes(temporal.env.connection, temporal.env.namespace ?? 'default');
  const db = await openStore({ sqlitePath: ':memory:' });
  // Mail goes nowhere: the figures are about the engine, not an SMTP server.
  const mailer = nodemailer.createTransport({ jsonTransport: true });
  const taskQueue = `bench-engine-${randomUUID()}`;
  const worker = await Worker.create({ connection: temporal.env.nativeConnection, taskQueue, workflowsPath: require.resolve('../workflows'), activities: createActivities({ mailer, db, from: 'bench@example' }) });
  try {
    await worker.runUntil(() => fn(temporal.env, taskQueue));
  } finally {
    await temporal.env.teardown();
    await db.destroy();
  }
}

