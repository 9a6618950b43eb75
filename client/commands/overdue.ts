import { CommandRun } from '../io';

// Placeholder until the overdue command lands in this session.
export const run: CommandRun = async (_args, io) => {
  io.err('Lệnh overdue chưa được xây dựng.');
  return 1;
};
