import { CommandRun } from '../io';

// Placeholder until the calendar command lands in this session.
export const run: CommandRun = async (_args, io) => {
  io.err('Lệnh calendar chưa được xây dựng.');
  return 1;
};
