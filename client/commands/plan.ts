import { CommandRun } from '../io';

// Placeholder until the plan command lands in this session.
export const run: CommandRun = async (_args, io) => {
  io.err('Lệnh plan chưa được xây dựng.');
  return 1;
};
