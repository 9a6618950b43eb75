import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { loadUnitFeed } from '../../activities/calendar/unit-feed';
import { readPolicyFile } from '../../activities/plan-files/read-policy';
import { legalCalendar } from '../../domain/calendar/legal-calendar';
import { DEFAULT_POLICY } from '../../domain/policy/reminders';
import { parseFlags, UsageError } from '../args';
import { reportCommandError } from '../command-errors';
import { ExitCode, CommandIo } from '../io';
import { withStore } from '../store-client';
import { calendarFeedPath } from '../web/calendar-feed';

/** `calendar export` writes a unit's ICS feed from the read model; `calendar link` prints its signed web address. */
export async function runFeedCommand(sub: 'export' | 'link', args: string[], io: CommandIo, usage: string): Promise<number> {
  try {
    const { values } = parseFlags(args, { unit: { type: 'string' }, out: { type: 'string' }, policy: { type: 'string' }, base: { type: 'string' } }, usage);
    const unitId = values.unit?.trim();
    if (!unitId) throw new UsageError(`Thiếu --unit (mã đơn vị trong danh mục đơn vị, ví dụ ptcn).\n\n${usage}`);
    if (sub === 'link') {
      let path: string;
      try {
        path = calendarFeedPath(unitId, io.env.DONDOC_LINK_SECRET);
      } catch (error) {
        throw new UsageError((error as Error).message);
      }
      io.out(`${(values.base ?? '').replace(/\/+$/, '')}${path}`);
      return ExitCode.ok;
    }
    const policy = values.policy ? { ...DEFAULT_POLICY, ...(await readPolicyFile(resolve(io.cwd, values.policy))) } : DEFAULT_POLICY;
    return await withStore(io, async (db) => {
      const feed = await loadUnitFeed(db, unitId, policy, legalCalendar(), Date.now());
      if (feed.events === 0) io.err(`Chú ý: đơn vị "${unitId}" chưa chủ trì nhiệm vụ nào trong cơ sở dữ liệu theo dõi; lịch không có sự kiện.`);
      if (!values.out) {
        io.out(feed.ics);
        return ExitCode.ok;
      }
      const path = resolve(io.cwd, values.out);
      await writeFile(path, feed.ics).catch((error: Error) => {
        throw new UsageError(`Không ghi được tệp lịch ${path}: ${error.message}. Hãy chọn thư mục có sẵn và được phép ghi.`);
      });
      io.err(`Đã ghi ${feed.events} thời hạn của ${feed.unitName} ra ${path}.`);
      return ExitCode.ok;
    });
  } catch (error) {
    return reportCommandError(error, io);
  }
}
