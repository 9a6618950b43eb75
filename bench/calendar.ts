/** Legal calendar throughput: effective-date and working-day calls per second. Prints figures. */
import { LegalCalendar } from '../domain/calendar/legal-calendar';
import { addDays } from '../domain/dates';

const calendar = new LegalCalendar();
const days: string[] = [];
for (let d = '2025-01-01'; d < '2027-01-01'; d = addDays(d, 1)) days.push(d);
const rounds = 1_000_000;
let t = process.hrtime.bigint();
for (let i = 0; i < rounds; i++) calendar.effectiveDue(days[i % days.length]);
const effective = rounds / (Number(process.hrtime.bigint() - t) / 1e9);
t = process.hrtime.bigint();
for (let i = 0; i < 100_000; i++) calendar.addWorkingDays(days[i % days.length], 7);
const working = 100_000 / (Number(process.hrtime.bigint() - t) / 1e9);
t = process.hrtime.bigint();
for (let y = 2000; y <= 2100; y++) new LegalCalendar().nonWorkingDays(y);
const years = Number(process.hrtime.bigint() - t) / 1e6;
process.stdout.write(
  `effectiveDue: ${Math.round(effective).toLocaleString('en-US')} calls/s\naddWorkingDays(+7): ${Math.round(working).toLocaleString('en-US')} calls/s\nholidays of 101 years (2000–2100) computed cold: ${years.toFixed(0)} ms\n`,
);
