import { CommandIo, CommandRun, ExitCode, processIo } from './io';

/**
 * Each command lives in its own module, loaded only when asked for, so `dondoc deadline` starts fast.
 * `require` rather than `import()`: the CLI runs as CommonJS through tsx, whose hook does not cover the ESM loader.
 */
const commands: Record<string, { summary: string; load: () => Promise<{ run: CommandRun }> }> = {
  deadline: { summary: 'đọc một cụm thời hạn (--json, --batch)', load: async () => require('./commands/deadline') as typeof import('./commands/deadline') },
  calendar: { summary: 'lịch ngày nghỉ, ngày làm việc của một năm; lịch thời hạn của đơn vị (export, link)', load: async () => require('./commands/calendar') as typeof import('./commands/calendar') },
  plan: { summary: 'plan preview | plan import: xem trước hoặc nhập kế hoạch', load: async () => require('./commands/plan') as typeof import('./commands/plan') },
  task: { summary: 'task status|submit|review|trigger|extend|reassign|cancel <mã nhiệm vụ>', load: async () => require('./commands/task') as typeof import('./commands/task') },
  digest: { summary: 'digest send | digest status: thư tổng hợp hằng ngày (gửi ngay, xem ai đã nhận)', load: async () => require('./commands/digest') as typeof import('./commands/digest') },
  overdue: { summary: 'danh sách nhiệm vụ quá hạn cho lãnh đạo', load: async () => require('./commands/overdue') as typeof import('./commands/overdue') },
  server: { summary: 'chạy Temporal chính thức cho một văn phòng (data/temporal.sqlite, giao diện web)', load: async () => require('./commands/server') as typeof import('./commands/server') },
  cluster: { summary: 'cluster up: cụm Temporal đầy đủ trên PostgreSQL cho một máy (scripts/install-temporal-cluster)', load: async () => require('./commands/cluster') as typeof import('./commands/cluster') },
  report: { summary: 'báo cáo kết quả thực hiện theo đơn vị (--from, --to, --xlsx; --period, --ky, --docx; --cham-muon)', load: async () => require('./commands/report') as typeof import('./commands/report') },
  user: { summary: 'user add | list | disable: tài khoản trang web (mật khẩu đọc từ stdin)', load: async () => require('./commands/user') as typeof import('./commands/user') },
  up: { summary: 'chạy cả văn phòng trên một máy: Temporal, máy chủ nhắc việc, trang web (--data data, --port 8080)', load: async () => require('./commands/up') as typeof import('./commands/up') },
  web: { summary: 'chạy trang web cho Văn phòng, lãnh đạo và các đơn vị (--port 8080)', load: async () => require('./commands/web') as typeof import('./commands/web') },
};

export const USAGE = [
  'dondoc — đôn đốc thực hiện kế hoạch',
  '',
  'Cách dùng: dondoc <lệnh> [tuỳ chọn]',
  ...Object.entries(commands).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`),
].join('\n');

export async function runCli(argv: string[], io: CommandIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(USAGE);
    return name ? ExitCode.ok : ExitCode.usage;
  }
  const command = commands[name];
  if (!command) {
    io.err(`Lệnh không có: "${name}".\n\n${USAGE}`);
    return ExitCode.usage;
  }
  const { run } = await command.load();
  return run(rest, io);
}

/** An error no command expected, with what caused it: "Failed to start Workflow" alone does not say the server's answer. */
function unexpected(error: unknown): string {
  let text = error instanceof Error ? error.stack ?? error.message : String(error);
  for (let cause = (error as { cause?: unknown })?.cause, depth = 0; cause !== undefined && depth < 4; cause = (cause as { cause?: unknown })?.cause, depth++) {
    text += `\nNguyên nhân: ${cause instanceof Error ? cause.message : String(cause)}`;
  }
  return text;
}

export function main(): void {
  runCli(process.argv.slice(2), processIo()).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`Lỗi không mong đợi: ${unexpected(error)}\n`);
      process.exitCode = 70;
    },
  );
}
