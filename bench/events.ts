/**
 * What a row costs Temporal over a year, on the time-skipping server: history events (what a cluster stores) and an
 * estimate of actions (what Temporal Cloud bills) for a monthly row answered on time every month and one never
 * answered, delivered one mail per step and through daily digests. The digest sender's own cost is per deployment,
 * shared by every row; it is printed apart. Prints figures; asserts nothing.
 *
 * Actions are estimated from the event history as Temporal's documentation describes them: a workflow start, each
 * activity scheduled (and each retry), each timer, each signal, each update accepted, each marker (patch), each
 * memo or search-attribute upsert. Queries are billed too but leave no event; this script's own queries are not
 * part of what a row costs in production and are left out.
 */
import { join } from 'node:path';
import { temporal } from '@temporalio/proto';
import { Client } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { readUnitsFile } from '../activities/plan-files/read-units';
import { importPlan } from '../client/plan-import';
import { digestWorkflowId } from '../workflows/digest';
import { reviewEvidenceUpdate, stateQuery, submitEvidenceUpdate } from '../workflows/definitions';
import { startTimeSkippingEnvironment } from '../worker/temporal-servers';
import { out, syntheticPlan, withEngine, YEAR } from './engine-support';

const EventType = temporal.api.enums.v1.EventType;
const BILLED = new Set([
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
  EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED,
  EventType.EVENT_TYPE_TIMER_STARTED,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED,
  EventType.EVENT_TYPE_MARKER_RECORDED,
  EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES,
  EventType.EVENT_TYPE_WORKFLOW_PROPERTIES_MODIFIED,
]);

interface Figures {
  events: number;
  actions: number;
}

function figures(history: temporal.api.history.v1.IHistory): Figures {
  const events = history.events ?? [];
  let actions = 0;
  for (const e of events) {
    if (BILLED.has(e.eventType!)) actions++;
    // A retried activity is billed per attempt.
    const attempt = e.activityTaskStartedEventAttributes?.attempt ?? 1;
    if (attempt > 1) actions += attempt - 1;
  }
  return { events: events.length, actions };
}

/** Every run of a workflow, newest back to its first (continue-as-new links them). */
async function allRuns(client: Client, workflowId: string): Promise<Figures & { runs: number }> {
  const total = { events: 0, actions: 0, runs: 0 };
  let runId: string | undefined;
  for (;;) {
    const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    const f = figures(history);
    total.events += f.events;
    total.actions += f.actions;
    total.runs++;
    runId = history.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId ?? undefined;
    if (!runId) return total;
  }
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const units = await readUnitsFile(join(__dirname, '..', 'samples', 'units.json'));
  await withEngine(await startTimeSkippingEnvironment(), async (env, taskQueue) => {
    const deliveries = [
      { label: 'one mail per step', number: '2/KH-BENCH', policy: { digest: false } },
      { label: 'daily digest', number: '4/KH-BENCH', policy: undefined },
    ];
    for (const d of deliveries) await importPlan(env.client, syntheticPlan(d.number, 2, ['Hàng tháng', 'Hàng tháng']), units, { taskQueue, ...(d.policy ? { policy: d.policy } : {}) });
    const key = (number: string, row: string) => `${number.replace('/', '-')}-${YEAR}/${row}`;
    const t = Date.now();
    // Each month's occurrence answered two days before its deadline and accepted, in both deliveries alike.
    const answered = deliveries.map((d) => env.client.workflow.getHandle(key(d.number, '1.1')));
    const occurrences = (await answered[0].query(stateQuery)).state.occurrences;
    for (const occ of occurrences) {
      const target = new Date(`${occ.effective}T09:00:00+07:00`).getTime() - 2 * 86400000;
      const now = await env.currentTimeMs();
      if (target > now) await env.sleep(target - now);
      for (const handle of answered) {
        await handle.executeUpdate(submitEvidenceUpdate, { args: [{ occurrenceId: occ.id, documentNumber: `${occ.id.slice(5)}/BC-SKHCN`, documentDate: occ.effective, title: 'Báo cáo tháng', submitter: { unitId: 'vp', name: 'Văn phòng Sở' } }] });
        await handle.executeUpdate(reviewEvidenceUpdate, { args: [{ occurrenceId: occ.id, decision: 'accept', reviewer: 'Văn phòng Sở' }] });
      }
    }
    await env.sleep(new Date(`${YEAR + 1}-01-02T00:00:00+07:00`).getTime() - (await env.currentTimeMs()));
    out(`monthly rows over ${YEAR}, ${occurrences.length} occurrences each (simulated in ${((Date.now() - t) / 1000).toFixed(1)} s):`);
    for (const d of deliveries) {
      for (const [label, row] of [['answered on time', '1.1'], ['never answered', '1.2']] as const) {
        const f = await allRuns(env.client, key(d.number, row));
        out(`  ${d.label.padEnd(18)} ${label.padEnd(17)} ${String(f.events).padStart(5)} events (${(f.events / occurrences.length).toFixed(1)} per occurrence), ${String(f.actions).padStart(4)} actions (${(f.actions / occurrences.length).toFixed(1)} per occurrence)`);
      }
    }
    const sender = await allRuns(env.client, digestWorkflowId(taskQueue));
    out(`  the digest sender, for the whole deployment: ${sender.events} events, ${sender.actions} actions over the year in ${sender.runs} runs (continue-as-new monthly); shared by every row: ${(sender.actions / 112).toFixed(1)} actions per row for the 112 rows of the sample plan`);
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
