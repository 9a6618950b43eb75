import { run } from '../../client/commands/calendar';
import { bufferIo } from '../support/io';

describe('dondoc calendar', () => {
  it('prints every non-working day of 2026 as ascending ISO dates in --json', async () => {
    const io = bufferIo();
    expect(await run(['--year', '2026', '--json'], io)).toBe(0);
    const body = JSON.parse(io.stdout()) as { nonWorking: string[]; source: string };
    expect(body.source).toBe('decision');
    expect(body.nonWorking).toEqual([...body.nonWorking].sort());
    expect(body.nonWorking).toEqual(expect.arrayContaining(['2026-01-01', '2026-01-03', '2026-02-17', '2026-04-27', '2026-09-02']));
    expect(body.nonWorking).not.toContain('2026-01-05');
    // 104 weekend days + weekday holidays; never fewer than the weekends alone.
    expect(body.nonWorking.length).toBeGreaterThan(104);
  });

  it('lists holidays with Vietnamese names in text mode', async () => {
    const io = bufferIo();
    await run(['--year', '2025'], io);
    expect(io.stdout()).toContain('29/01/2025');
    expect(io.stdout()).toContain('Giỗ Tổ Hùng Vương');
    expect(io.stdout()).toContain('Thứ Bảy đi làm bù');
  });

  it('rejects a missing or out-of-range year with exit code 1 and the usage', async () => {
    const io = bufferIo();
    expect(await run(['--year', '2101'], io)).toBe(1);
    expect(io.stderr()).toContain('2000 đến 2100');
    expect(await run([], bufferIo())).toBe(1);
  });
});
