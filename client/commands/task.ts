import { CommandRun } from '../io';

// Placeholder until the task command lands in this session.
export const run: CommandRun = async (_args, io) => {
  io.err('Lệnh task chưa được xây dựng.');
  return 1;
};
