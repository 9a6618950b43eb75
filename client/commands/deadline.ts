import { CommandRun } from '../io';

// Placeholder until the deadline command lands in this session.
export const run: CommandRun = async (_args, io) => {
  io.err('Lệnh deadline chưa được xây dựng.');
  return 1;
};
