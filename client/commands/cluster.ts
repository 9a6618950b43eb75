import { resolve } from 'node:path';
import { CommandIo, ExitCode } from '../io';
import { parseFlags, UsageError } from '../args';

const USAGE = [
  'Cách dùng: dondoc cluster up [--data data/cluster] [--pg-port 5433] [--port 7233] [--shards 4]',
  '  Chạy cụm Temporal đầy đủ trên một máy: PostgreSQL của Debian (dữ liệu trong --data), máy chủ Temporal',
  '  (scripts/install-temporal-cluster), namespace default và thuộc tính tìm kiếm của dondoc; dừng bằng Ctrl+C.',
].join('\n');

const integer = (value: unknown, name: string, min: number, max: number): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${name}="${String(value)}" không dùng được: cần một số nguyên từ ${min} đến ${max}.\n\n${USAGE}`);
  return n;
};

/**
 * `dondoc cluster up`: for a department that wants its rows' histories in PostgreSQL on one machine. Creates the
 * PostgreSQL data and the schemas on first run; on later runs brings the schemas to the installed server's version
 * (the upgrade step) and starts again on the same data. Runs until Ctrl+C, then stops the server, then PostgreSQL.
 */
export async function run(args: string[], io: CommandIo): Promise<number> {
  const cluster = require('../../worker/temporal-cluster') as typeof import('../../worker/temporal-cluster');
  let data: string, pgPort: number, ports: import('../../worker/temporal-cluster').ClusterPorts, shards: number;
  try {
    const { values, positionals } = parseFlags(args, { data: { type: 'string' }, 'pg-port': { type: 'string' }, port: { type: 'string' }, shards: { type: 'string' } }, USAGE);
    if (positionals.length !== 1 || positionals[0] !== 'up') throw new UsageError(USAGE);
    data = resolve(io.cwd, String(values.data ?? 'data/cluster'));
    pgPort = integer(values['pg-port'] ?? 5433, '--pg-port', 1, 65_535);
    const frontend = integer(values.port ?? 7233, '--port', 1024, 65_000);
    // The other services keep their usual distance from the frontend's port (7234, 7235, 7239, 6933…).
    const shift = frontend - cluster.DEFAULT_PORTS.frontend;
    ports = Object.fromEntries(Object.entries(cluster.DEFAULT_PORTS).map(([name, port]) => [name, port + shift])) as typeof ports;
    if (ports.frontendMembership < 1 || ports.workerMembership > cluster.HIGHEST_MEMBERSHIP_PORT) {
      throw new UsageError(`--port ${frontend}: cổng nội bộ của cụm (${ports.frontendMembership}–${ports.workerMembership}) phải từ 1 đến ${cluster.HIGHEST_MEMBERSHIP_PORT}; chọn --port từ 1024 đến ${cluster.HIGHEST_MEMBERSHIP_PORT - 6939 + 7233}.\n\n${USAGE}`);
    }
    shards = integer(values.shards ?? 4, '--shards', 1, 16_384);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(error.message);
    return ExitCode.usage;
  }

  let up;
  try {
    io.out(`Đang khởi động PostgreSQL (${data}/postgres, cổng ${pgPort}) và máy chủ Temporal…`);
    up = await cluster.startLocalCluster({ dataDir: `${data}/postgres`, pgPort, ports, shards, stdio: 'inherit', env: io.env });
  } catch (error) {
    if (!(error instanceof cluster.ClusterUnavailable)) throw error;
    io.err(error.message);
    return ExitCode.unreadable;
  }
  const readModel = await cluster.ensureDatabase(up.postgres, 'dondoc');
  io.out([
    `Cụm Temporal ${up.build.version} đang chạy ở ${up.address} (namespace default, ${shards} phân đoạn lịch sử); ${up.schemas.join('; ')}.`,
    `PostgreSQL ở 127.0.0.1:${pgPort} (người dùng temporal, mật khẩu trong ${data}/postgres.password).`,
    `Máy chủ nhắc việc: TEMPORAL_ADDRESS=${up.address} DATABASE_URL=postgres://temporal:$(cat ${data}/postgres.password)@127.0.0.1:${pgPort}/${readModel} npm start`,
    `Máy chủ Temporal: tiến trình ${up.server.process.pid}; PostgreSQL: tiến trình ${up.postgres.process.pid}. Dừng: Ctrl+C.`,
    ...(up.server.forgotten > 0 ? [`Đã bỏ ${up.server.forgotten} máy chủ không còn chạy (từ lần chạy trước hoặc từ bản sao lưu) khỏi danh sách thành viên của cụm.`] : []),
  ].join('\n'));

  let stopping = false;
  const stop = () => {
    stopping = true;
    up.server.process.kill('SIGTERM');
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const code = await up.server.exited;
  process.off('SIGINT', stop);
  process.off('SIGTERM', stop);
  await up.postgres.stop();
  if (stopping) {
    io.out('Đã dừng máy chủ Temporal và PostgreSQL.');
    return ExitCode.ok;
  }
  io.err(`Máy chủ Temporal dừng bất ngờ (mã ${String(code)}); đã dừng PostgreSQL. Xem nhật ký ở trên, rồi chạy lại dondoc cluster up.`);
  return ExitCode.unreadable;
}
