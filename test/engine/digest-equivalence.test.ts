import { isoDateAt } from '../../domain/dates';
import { DIGEST_ONLY_KINDS, DigestItemKind } from '../../domain/digest/due-items';
import { playSampleYear } from '../../scripts/sample-year';
import { EngineHarness, startEngineHarness, YEAR } from './support';

/**
 * The same year of the sample plan played twice on Temporal's time-skipping server, with the same actions: once
 * with one mail per step (the design before digests), once with daily digests. Every message of the first run must
 * reach its recipient as a line of exactly one digest of the second.
 */
interface Played {
  h: EngineHarness;
  mails: { key: string; to: string; day: string; text: string }[];
}

async function playYear(name: string, policy?: { digest: boolean }): Promise<Played> {
  const h = await startEngineHarness(name);
  const worker = await h.worker();
  await worker.runUntil(() => playSampleYear({ client: h.client, taskQueue: h.taskQueue, year: YEAR, advanceTo: h.advanceTo, ...(policy ? { policy } : {}) }));
  const mails = h.smtp.mails.map((m) => ({
    key: String(m.headers.get('x-dondoc-key')),
    to: (Array.isArray(m.to) ? m.to : [m.to]).flatMap((t) => t?.value.map((v) => v.address ?? '') ?? []).join(','),
    day: isoDateAt(m.date!.getTime()),
    text: m.text ?? '',
  }));
  return { h, mails };
}

let perStep: Played;
let digests: Played;
beforeAll(async () => {
  perStep = await playYear('digest-equivalence/per-step', { digest: false });
  await perStep.h.teardown();
  digests = await playYear('digest-equivalence/digest');
  // Two simulated years: ≈150 s alone, ≈390 s beside the other suites on CI's two cores. The bound only stops a hang.
}, 1_200_000);
afterAll(() => digests?.h.teardown());

describe('daily digests against one mail per step, over a year of the sample plan', () => {
  it('carries every message of the per-step design as a line of exactly one digest that was sent', async () => {
    const stepKeys = perStep.mails.map((m) => m.key);
    expect(new Set(stepKeys).size).toBe(stepKeys.length);
    expect(stepKeys.length).toBeGreaterThan(1000);

    const items = await digests.h.db.selectFrom('digest_items').innerJoin('digests', 'digests.digest_key', 'digest_items.digest_key').select(['item_key', 'digest_items.digest_key', 'kind', 'state', 'row_key']).execute();
    const carried = items.filter((i) => !DIGEST_ONLY_KINDS.includes(i.kind as DigestItemKind));
    expect(carried.map((i) => i.item_key).sort()).toEqual([...stepKeys].sort());
    expect(items.every((i) => i.state === 'da-gui')).toBe(true);

    // Each digest went out as exactly one mail, and that mail names every row it carries.
    const mailByKey = new Map<string, Played['mails']>();
    for (const m of digests.mails) mailByKey.set(m.key, [...(mailByKey.get(m.key) ?? []), m]);
    for (const item of items) {
      const mails = mailByKey.get(item.digest_key) ?? [];
      expect(mails).toHaveLength(1);
      expect(mails[0].text).toContain(`Mục ${item.row_key.split('/')[1]}`);
    }
    expect(new Set(items.map((i) => i.digest_key)).size).toBe(digests.mails.length);
  });

  it('sends each person at most one digest per working day, leaders their overdue list apart, and far fewer mails', () => {
    const perPersonDay = new Map<string, number>();
    for (const m of digests.mails) {
      const list = m.key.split('/')[0];
      const k = `${list}|${m.to}|${m.day}`;
      perPersonDay.set(k, (perPersonDay.get(k) ?? 0) + 1);
    }
    expect(Math.max(...perPersonDay.values())).toBe(1);
    const daily = digests.mails.filter((m) => m.key.startsWith('dondoc-tong-hop/'));
    const overdueLists = digests.mails.filter((m) => m.key.startsWith('dondoc-qua-han/'));
    expect(daily.length + overdueLists.length).toBe(digests.mails.length);
    // The subjects carry the day the digest speaks of; the mail's Date is the same day.
    for (const m of daily) expect(m.key.endsWith(`/${m.day}`)).toBe(true);
    console.info(`[digest-equivalence] per step: ${perStep.mails.length} mails; digests: ${daily.length} daily digests + ${overdueLists.length} overdue lists to leaders`);
    expect(daily.length * 5).toBeLessThanOrEqual(perStep.mails.length);
  });
});
