/**
 * Parse time per string (issue 18): each random or adversarial input of 100 KB read as the context clause of a
 * recurring, a continuous and an event phrase, and as a deadline cell (refused past its bound). Prints figures;
 * asserts nothing (`test/deadline/parse-time-growth.test.ts` asserts that time grows linearly).
 */
import { parseDeadline } from '../domain/deadline/parse-deadline';
import { CONTEXT_READERS, PARSE_TIME_INPUTS } from '../test/deadline/parse-time-inputs';

const size = 100_000;
const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;
let worst = 0;
for (const [name, make] of Object.entries(PARSE_TIME_INPUTS)) {
  const text = make(size);
  const asContext = CONTEXT_READERS.map((phrase) => {
    const start = process.hrtime.bigint();
    parseDeadline({ text: phrase, context: text, year: 2025 });
    return ms(start);
  });
  const start = process.hrtime.bigint();
  parseDeadline({ text, year: 2025 });
  const asCell = ms(start);
  worst = Math.max(worst, ...asContext, asCell);
  process.stdout.write(`${name.padEnd(28)} ngữ cảnh ${asContext.map((t) => `${t.toFixed(1)} ms`).join(' / ')}; ô thời hạn ${asCell.toFixed(2)} ms\n`);
}
process.stdout.write(`chậm nhất: ${worst.toFixed(1)} ms cho một chuỗi 100 KB\n`);
