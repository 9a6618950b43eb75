import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createNotificationActivities, deliveryKey, OutgoingMessage } from '../../activities/notifications';
import { openStore, Store } from '../../activities/store/database';
import { sentLedger, zaloTokenStore } from '../../activities/store/sent-ledger';
import { ZaloConfig, ZaloSender } from '../../activities/zalo';
import { channelsByEmail, unitsDirectorySchema } from '../../domain/plan/units';
import { LoopbackSmtp, startLoopbackSmtp } from '../support/smtp';
import { APP_ID, FakeZalo, SECRET_KEY, startFakeZalo } from '../support/zalo';

// The sample directory: ptcn's head chose "both" (7613208459912047735), Phó Giám đốc Bảo chose "zalo" (4829301765524318902).
const directory = unitsDirectorySchema.parse(JSON.parse(readFileSync(join(__dirname, '../../samples/units.json'), 'utf8')));
const HEAD_BOTH = '7613208459912047735';
const LEADER_ZALO = '4829301765524318902';

let smtp: LoopbackSmtp;
let zalo: FakeZalo;
let db: Store;
let mailer: nodemailer.Transporter;

const config = (): ZaloConfig => ({ appId: APP_ID, secretKey: SECRET_KEY, tokens: { accessToken: 'access-env', refreshToken: 'refresh-env' }, apiBase: zalo.base, oauthBase: zalo.base });
const activitiesWith = (sender: ZaloSender) => createNotificationActivities(mailer, sentLedger(db), 'dondoc <dondoc@skhcn-angiang.example>', { byEmail: channelsByEmail(directory), zalo: sender }, { webBaseUrl: 'https://dondoc.skhcn-angiang.example', linkSecret: 'bi-mat-thu-nghiem-du-dai-ba-muoi-hai-ky-tu' });
type Activities = ReturnType<typeof activitiesWith>;
const send = (activities: Activities, attempt: number, m: OutgoingMessage) => new MockActivityEnvironment({ attempt }).run(activities.sendMessage, m) as Promise<{ sent: boolean; messageId: string }>;

const message = (key: string, to: string[], cc: string[] = []): OutgoingMessage => ({
  key,
  to,
  cc,
  subject: '[Quá hạn] 2.6 — hạn 19/03/2025: Báo cáo chuyển đổi số',
  text: 'Kính gửi Phòng Phát triển Công nghệ và Chuyển đổi số,\nNhiệm vụ dưới đây đã quá hạn mà chưa có minh chứng hoàn thành.',
  html: '<p>…</p>',
  at: Date.UTC(2025, 2, 21, 1),
  link: { unitId: 'ptcn', rowKey: '16-KH-SKHCN-2025/2.6', occurrenceId: 'chinh', expiresOn: '2025-04-18' },
});

beforeAll(async () => {
  smtp = await startLoopbackSmtp();
  zalo = await startFakeZalo({ accessToken: 'access-env', refreshToken: 'refresh-env', followers: [HEAD_BOTH, LEADER_ZALO] });
  db = await openStore({ sqlitePath: join(mkdtempSync(join(tmpdir(), 'dondoc-zalo-')), 'dondoc.sqlite') });
  mailer = nodemailer.createTransport({ host: '127.0.0.1', port: smtp.port, secure: false, ignoreTLS: true });
});
afterAll(async () => {
  mailer.close();
  await smtp.close();
  await zalo.close();
  await db.destroy();
});
afterEach(() => {
  // Every request the sender made was well-formed.
  expect(zalo.problems).toEqual([]);
});

describe('each person on the channel they chose', () => {
  it('mails those who chose email or both, sends Zalo to those who chose zalo or both, each once however often retried', async () => {
    const activities = activitiesWith(new ZaloSender(config(), zaloTokenStore(db)));
    const m = message('16-KH-SKHCN-2025/2.6/chinh/lanh-dao', ['ptcn-cds@skhcn-angiang.example', 'pgd.bao@skhcn-angiang.example'], ['vanphong@skhcn-angiang.example']);
    expect((await send(activities, 1, m)).sent).toBe(true);
    expect(await send(activities, 2, m)).toMatchObject({ sent: false });

    const mails = smtp.mails.filter((x) => x.headers.get('x-dondoc-key') === m.key);
    expect(mails).toHaveLength(1);
    expect((mails[0].to as { text: string }).text).toBe('ptcn-cds@skhcn-angiang.example');
    expect((mails[0].cc as { text: string }).text).toBe('vanphong@skhcn-angiang.example');

    expect(zalo.delivered.map((d) => d.userId)).toEqual([HEAD_BOTH, LEADER_ZALO]);
    expect(zalo.delivered[0].text).toMatch(
      /^\[Quá hạn\] 2\.6 — hạn 19\/03\/2025: Báo cáo chuyển đổi số\n\nKính gửi Phòng Phát triển Công nghệ và Chuyển đổi số,\nNhiệm vụ dưới đây đã quá hạn mà chưa có minh chứng hoàn thành\.\n\nXem nhiệm vụ và nộp minh chứng \(không cần mật khẩu, dùng được đến hết ngày 18\/04\/2025\): https:\/\/dondoc\.skhcn-angiang\.example\/lien-ket\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/,
    );
    const sends = zalo.requests.filter((r) => r.path === '/v3.0/oa/message/cs');
    expect(sends).toHaveLength(2);
    for (const r of sends) {
      expect(r.method).toBe('POST');
      expect(r.headers.access_token).toBe('access-env');
      expect(r.headers['content-type']).toBe('application/json');
      expect(Object.keys(JSON.parse(r.body) as object)).toEqual(['recipient', 'message']);
    }
    const ledger = sentLedger(db);
    expect(await ledger.wasSent(m.key)).toBe(true);
    expect(await ledger.wasSent(deliveryKey(m.key, 'zalo', HEAD_BOTH))).toBe(true);
    expect(await ledger.wasSent(deliveryKey(m.key, 'zalo', LEADER_ZALO))).toBe(true);
  });

  it('renews an expired access token with the refresh token, retries once, and a restarted worker keeps the renewed tokens', async () => {
    zalo.accessToken = 'access-rotated-by-zalo'; // the env token has expired
    zalo.requests.length = 0;
    const activities = activitiesWith(new ZaloSender(config(), zaloTokenStore(db)));
    expect((await send(activities, 1, message('k/het-han', ['pgd.bao@skhcn-angiang.example']))).sent).toBe(true);
    expect(zalo.requests.map((r) => [r.path, r.headers.access_token ?? null])).toEqual([
      ['/v3.0/oa/message/cs', 'access-env'],
      ['/v4/oa/access_token', null],
      ['/v3.0/oa/message/cs', 'access-1'],
    ]);
    const refresh = zalo.requests[1];
    expect(refresh.headers.secret_key).toBe(SECRET_KEY);
    expect(refresh.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(refresh.body))).toEqual({ refresh_token: 'refresh-env', app_id: APP_ID, grant_type: 'refresh_token' });
    expect(await zaloTokenStore(db).load()).toEqual({ origin: 'refresh-env', accessToken: 'access-1', refreshToken: 'refresh-1' });

    // The environment still says refresh-env, which Zalo has spent: a new sender must use the stored pair.
    zalo.requests.length = 0;
    const restarted = activitiesWith(new ZaloSender(config(), zaloTokenStore(db)));
    await send(restarted, 1, message('k/sau-khoi-dong', ['pgd.bao@skhcn-angiang.example']));
    expect(zalo.requests.map((r) => [r.path, r.headers.access_token])).toEqual([['/v3.0/oa/message/cs', 'access-1']]);
  });

  it('treats a refused send like a rejected mail recipient: non-retryable, with what to fix; mail recipients still get theirs', async () => {
    zalo.followers.delete(LEADER_ZALO);
    try {
      const activities = activitiesWith(new ZaloSender(config(), zaloTokenStore(db)));
      const m = message('k/tu-choi', ['ptcn-cds@skhcn-angiang.example'], ['pgd.bao@skhcn-angiang.example']);
      const failure = await send(activities, 1, m).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(ApplicationFailure);
      expect(failure).toMatchObject({ type: 'ZaloRecipientRejected', nonRetryable: true });
      expect((failure as Error).message).toContain(`Zalo từ chối gửi tin tới người dùng ${LEADER_ZALO} (lỗi -213: User has not followed OA)`);
      expect(smtp.mails.filter((x) => x.headers.get('x-dondoc-key') === 'k/tu-choi')).toHaveLength(1);
      expect(await sentLedger(db).wasSent(deliveryKey('k/tu-choi', 'zalo', LEADER_ZALO))).toBe(false);
    } finally {
      zalo.followers.add(LEADER_ZALO);
    }
  });

  it('treats a Zalo outage (HTTP 5xx, no connection) like an SMTP outage: retryable, nothing sent twice once it recovers', async () => {
    const activities = activitiesWith(new ZaloSender(config(), zaloTokenStore(db)));
    const m = message('k/su-co', ['ptcn-cds@skhcn-angiang.example']);
    zalo.failWith = 503;
    try {
      const failure = await send(activities, 1, m).catch((e: unknown) => e);
      expect(failure).toMatchObject({ type: 'ZaloTemporarilyRefused', nonRetryable: false });
      expect((failure as Error).message).toContain('Chưa gửi được tin Zalo (HTTP 503)');
    } finally {
      zalo.failWith = undefined;
    }
    const before = zalo.delivered.length;
    expect((await send(activities, 2, m)).sent).toBe(true);
    expect(zalo.delivered.length).toBe(before + 1);
    expect(smtp.mails.filter((x) => x.headers.get('x-dondoc-key') === 'k/su-co')).toHaveLength(1);

    const unreachable = activitiesWith(new ZaloSender({ ...config(), apiBase: 'http://127.0.0.1:1' }, zaloTokenStore(db)));
    const failure = await send(unreachable, 1, message('k/khong-ket-noi', ['pgd.bao@skhcn-angiang.example'])).catch((e: unknown) => e);
    expect(failure).toMatchObject({ type: 'ZaloTemporarilyRefused', nonRetryable: false });
    expect((failure as Error).message).toContain('không kết nối được http://127.0.0.1:1');
  });

  it('sends a digest\'s short text on Zalo and the whole digest by mail, under the same key', async () => {
    const activities = activitiesWith(new ZaloSender(config(), zaloTokenStore(db)));
    zalo.delivered.length = 0;
    const digest = { ...message('dondoc-tong-hop/ptcn-cds@skhcn-angiang.example/2025-03-21', ['ptcn-cds@skhcn-angiang.example']), link: undefined, zaloText: '[Tổng hợp nhắc việc] Ngày 21/03/2025: 1 quá hạn\n\nNhiệm vụ đã quá hạn (1):\n• Mục 2.6: hạn 19/03/2025, đã quá 2 ngày' };
    expect((await send(activities, 1, digest)).sent).toBe(true);
    expect(zalo.delivered).toEqual([expect.objectContaining({ userId: HEAD_BOTH, text: digest.zaloText })]);
    const mail = smtp.mails.find((x) => x.headers.get('x-dondoc-key') === digest.key)!;
    expect(mail.text).toContain('Nhiệm vụ dưới đây đã quá hạn mà chưa có minh chứng hoàn thành.');
  });

  it('mails people who chose Zalo when no Official Account is configured, rather than dropping their message', async () => {
    const activities = createNotificationActivities(mailer, sentLedger(db), 'dondoc <dondoc@skhcn-angiang.example>', { byEmail: channelsByEmail(directory) });
    await send(activities, 1, message('k/khong-co-oa', ['pgd.bao@skhcn-angiang.example']));
    const mails = smtp.mails.filter((x) => x.headers.get('x-dondoc-key') === 'k/khong-co-oa');
    expect((mails[0].to as { text: string }).text).toBe('pgd.bao@skhcn-angiang.example');
  });

  it('refuses a directory entry that chooses Zalo without a Zalo user id, naming where', () => {
    const raw = JSON.parse(readFileSync(join(__dirname, '../../samples/units.json'), 'utf8')) as { units: { head: Record<string, unknown> }[] };
    raw.units[2].head.channel = 'zalo';
    const result = unitsDirectorySchema.safeParse(raw);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['units.2.head.zaloUserId', 'kênh "zalo" cần "zaloUserId" của Đặng Văn Lợi']]);
  });
});
