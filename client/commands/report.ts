import { CommandRun } from '../io';

// Placeholder until the report command lands in this session.
export const run: CommandRun = async (_args, io) => {
  io.err('Lệnh report chưa được xây dựng.');
  return 1;
};
