/**
 * A seeded fault schedule for a year of the sample plan: which mailbox is full when, when the relay refuses, which
 * address is unknown until the office fixes it, when the mail server and the worker are down. Pure: the same seed
 * gives the same schedule, so a failing run is replayed with DONDOC_CHAOS_SEED=<seed>.
 */
import { legalCalendar } from '../../domain/calendar/legal-calendar';
import { addDays, IsoDate } from '../../domain/dates';

/** mulberry32: a small, well-mixed 32-bit generator; enough to pick days and units, and stable across Node versions. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An instant in Vietnam, "2035-04-12T07:00". */
export type LocalTime = string;

export interface FaultSchedule {
  seed: number;
  /** A unit head's mailbox answers 452 (full) for three weeks. */
  mailboxFull: { unitId: string; from: LocalTime; to: LocalTime };
  /** The relay refuses every message (554 5.7.1) for a day. */
  relayDenied: { from: LocalTime; to: LocalTime };
  /** A unit head's address is unknown (550 5.1.1) until the office saves the right one in the directory. */
  unknownAddress: { unitId: string; from: LocalTime; fixedAt: LocalTime };
  /** The mail server closes every connection (421) for two days. */
  smtpDown: { from: LocalTime; to: LocalTime };
  /** The read-model database refuses every call for an hour, across the digest sender's run. */
  databaseDown: { from: LocalTime; to: LocalTime };
  /** Two imports of the plan at once, of a file with one row's wording changed. */
  reimport: { at: LocalTime; where: string };
  /** The office saves a new head for a unit in the directory. */
  headChanged: { unitId: string; at: LocalTime };
  /** The worker is stopped and a new one started (at once: see workerStops below). */
  workerStops: { from: LocalTime; to: LocalTime }[];
}

const WORKING = legalCalendar();

/** A working day of `month` (1–12) picked by `random`, in the plan year. */
function workingDayIn(year: number, month: number, random: () => number): IsoDate {
  const first = `${year}-${String(month).padStart(2, '0')}-01` as IsoDate;
  const days: IsoDate[] = [];
  for (let d = first; d.slice(5, 7) === first.slice(5, 7); d = addDays(d, 1)) if (WORKING.isWorkingDay(d)) days.push(d);
  // Not the month's last days: a fault that starts there still ends before the next month's fault.
  return days[Math.floor(random() * Math.max(1, days.length - 5))];
}

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)];
}

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * The schedule of one seed. Each fault of the mail and the office gets a month of its own between April and November
 * (the plan's busy months, away from the import and the year's end), so the invariants can tell which fault held an
 * item; the worker stops fall anywhere from April to mid-December, on top of them.
 */
export function faultSchedule(seed: number, year: number, unitIds: readonly string[], rowPositions: readonly string[]): FaultSchedule {
  const random = seededRandom(seed);
  const months = shuffled([4, 5, 6, 7, 8, 9, 10, 11], random);
  const at = (day: IsoDate, time: string): LocalTime => `${day}T${time}`;
  const [full, unknown, changed] = shuffled(unitIds, random);
  const fullFrom = workingDayIn(year, months[0], random);
  const relayDay = workingDayIn(year, months[1], random);
  const unknownFrom = workingDayIn(year, months[2], random);
  const smtpFrom = workingDayIn(year, months[3], random);
  const databaseDay = workingDayIn(year, months[4], random);
  const reimportDay = workingDayIn(year, months[5], random);
  const headDay = workingDayIn(year, months[6], random);
  // Five stretches of the year, one stop in each. The worker starts again at once: on the time-skipping server a workflow
  // task that falls due while no worker polls stops the clock for good (as digest-reliability.test.ts found).
  const workerStops = Array.from({ length: 5 }, (_, i) => {
    const start = new Date(Date.UTC(year, 3, 1)).getTime() + (i + random() * 0.9) * 50 * 86400000;
    const from = new Date(start + 7 * 3600000).toISOString().slice(0, 16);
    return { from, to: from };
  });
  return {
    seed,
    mailboxFull: { unitId: full, from: at(fullFrom, '07:00'), to: at(addDays(fullFrom, 21), '07:00') },
    relayDenied: { from: at(relayDay, '07:00'), to: at(addDays(relayDay, 1), '07:00') },
    unknownAddress: { unitId: unknown, from: at(unknownFrom, '07:00'), fixedAt: at(addDays(unknownFrom, 10 + Math.floor(random() * 20)), '14:00') },
    smtpDown: { from: at(smtpFrom, '07:00'), to: at(addDays(smtpFrom, 2), '07:00') },
    databaseDown: { from: at(databaseDay, '07:40'), to: at(databaseDay, '08:40') },
    reimport: { at: at(reimportDay, '15:00'), where: pick(rowPositions, random) },
    headChanged: { unitId: changed, at: at(headDay, '16:00') },
    workerStops,
  };
}

/** A random seed for a run, printed so that a failure can be replayed. */
export const randomSeed = () => Math.floor(Math.random() * 2 ** 31);
