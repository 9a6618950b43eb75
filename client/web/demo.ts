import { randomBytes } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { hashPassword } from '../../activities/passwords';
import { Role, saveAccount } from '../../activities/store/accounts';
import type { Store } from '../../activities/store/database';
import type { TaskLinkConfig } from '../../activities/task-links';
import type { UnitsDirectory } from '../../domain/plan/units';
import { webSecretsFromEnv } from './config';
import { RunningWebServer, startWebServer } from './server';

/** The demo's accounts, one per role, on the sample directory's fictitious addresses. */
export const DEMO_PASSWORD = 'dondoc-thu-nghiem';
const DEMO_ACCOUNTS: { email: string; name: string; role: Role; unitId: string | null }[] = [
  { email: 'kiemsoat-tthc@skhcn-angiang.example', name: 'Nguyễn Thị Thu Hà', role: 'van-phong', unitId: null },
  { email: 'giamdoc@skhcn-angiang.example', name: 'Trần Minh Khoa', role: 'lanh-dao', unitId: 'gd' },
  { email: 'pgd.nhung@skhcn-angiang.example', name: 'Lê Thị Hồng Nhung', role: 'lanh-dao', unitId: 'pgd1' },
  { email: 'vanphong@skhcn-angiang.example', name: 'Trưởng Văn phòng Sở', role: 'don-vi', unitId: 'vp' },
  { email: 'ptcn-cds@skhcn-angiang.example', name: 'Võ Thanh Tùng', role: 'don-vi', unitId: 'ptcn' },
];

export interface DemoWeb {
  server: RunningWebServer;
  /** Prints how to sign in, then serves until Ctrl+C. */
  serveUntilStopped(out: (text: string) => void): Promise<void>;
}

/**
 * `npm run demo -- --web`: the web app on the demo's database and simulated clock, started before the year so
 * every mail carries its signed link (`links` is the object given to the activities), with demo accounts.
 */
export async function startDemoWeb(options: { db: Store; temporal: Client; taskQueue: string; units: UnitsDirectory; links: TaskLinkConfig; evidenceDir: string; now: () => Promise<number>; port?: number }): Promise<DemoWeb> {
  const secrets = webSecretsFromEnv({ ...process.env, DONDOC_LINK_SECRET: process.env.DONDOC_LINK_SECRET ?? randomBytes(48).toString('base64'), DONDOC_SESSION_SECRET: process.env.DONDOC_SESSION_SECRET ?? randomBytes(48).toString('base64') }, () => undefined);
  const hash = await hashPassword(DEMO_PASSWORD);
  for (const a of DEMO_ACCOUNTS) await saveAccount(options.db, { ...a, passwordHash: hash }, Date.now());
  const server = await startWebServer({ port: options.port ?? Number(process.env.PORT ?? 8080), db: options.db, temporal: options.temporal, taskQueue: options.taskQueue, secrets, evidenceDir: options.evidenceDir, units: options.units, now: options.now });
  options.links.webBaseUrl = server.url;
  options.links.linkSecret = secrets.linkSecret;
  return {
    server,
    serveUntilStopped: async (out) => {
      out(`\nTrang web: ${server.url} (dừng bằng Ctrl+C). Tài khoản thử, mật khẩu "${DEMO_PASSWORD}":`);
      for (const a of DEMO_ACCOUNTS) out(`  ${a.email.padEnd(38)} ${a.name} — ${a.role}${a.unitId ? ` (${a.unitId})` : ''}`);
      out('Liên kết trong thư (data/demo-mail/*.eml) mở thẳng trang nhiệm vụ của đơn vị, không cần mật khẩu.');
      await new Promise<void>((done) => {
        process.once('SIGINT', () => done());
        process.once('SIGTERM', () => done());
      });
      await server.close();
    },
  };
}
