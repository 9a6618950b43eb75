import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createNotificationActivities, OutgoingMessage } from '../../activities/notifications';
import { openStore, Store } from '../../activities/store/database';
import { sentLedger } from '../../activities/store/sent-ledger';
import { LoopbackSmtp, startLoopbackSmtp } from '../support/smtp';

let smtp: LoopbackSmtp;
let db: Store;
let activities: ReturnType<typeof createNotificationActivities>;
let mailer: nodemailer.Transporter;

beforeAll(async () => {
  smtp = await startLoopbackSmtp();
  db = await openStore({ sqlitePath: join(mkdtempSync(join(tmpdir(), 'dondoc-mail-')), 'dondoc.sqlite') });
  mailer = nodemailer.createTransport({ host: '127.0.0.1', port: smtp.port, secure: false, ignoreTLS: true });
  activities = createNotificationActivities(mailer, sentLedger(db), 'dondoc <dondoc@skhcn-angiang.example>');
});
afterAll(async () => {
  mailer.close();
  await smtp.close();
  await db.destroy();
});

type SendResult = Awaited<ReturnType<typeof activities.sendMessage>>;
const send = (attempt: number, m: OutgoingMessage) => new MockActivityEnvironment({ attempt }).run(activities.sendMessage, m) as Promise<SendResult>;

const message = (key: string): OutgoingMessage => ({
  key,
  to: ['vanphong@skhcn-angiang.example'],
  cc: ['ptcn-cds@skhcn-angiang.example'],
  subject: '[Nhắc việc] Báo cáo kết quả kiểm soát TTHC quý I',
  text: 'Kính gửi Văn phòng Sở: hạn nộp báo cáo là ngày 19/03/2025.',
  html: '<p>Kính gửi Văn phòng Sở: hạn nộp báo cáo là ngày <b>19/03/2025</b>.</p>',
  at: Date.UTC(2025, 2, 12, 1, 0),
});

describe('the sendMessage activity, alone in MockActivityEnvironment', () => {
  it('sends one mail per key, however often it is retried', async () => {
    const first = await send(1, message('16-KH-SKHCN-2025/2.6/chinh/nhac-7'));
    const retry = await send(2, message('16-KH-SKHCN-2025/2.6/chinh/nhac-7'));
    expect(first.sent).toBe(true);
    expect(retry).toEqual({ sent: false, messageId: first.messageId });
    const mails = smtp.mails.filter((m) => m.headers.get('x-dondoc-key') === '16-KH-SKHCN-2025/2.6/chinh/nhac-7');
    expect(mails).toHaveLength(1);
    expect(mails[0].messageId).toBe(first.messageId);
    expect(mails[0].subject).toBe('[Nhắc việc] Báo cáo kết quả kiểm soát TTHC quý I');
    expect(mails[0].date?.toISOString()).toBe('2025-03-12T01:00:00.000Z');
    expect((mails[0].cc as { text: string }).text).toBe('ptcn-cds@skhcn-angiang.example');
  });

  it('asks Temporal to retry while the server refuses for now (4xx), and records nothing as sent', async () => {
    smtp.refuse = true;
    smtp.refuseCode = 451;
    try {
      const failure = await send(1, message('k/tam-tu-choi')).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(ApplicationFailure);
      expect(failure).toMatchObject({ type: 'MailTemporarilyRefused', nonRetryable: false });
      expect((failure as Error).message).toContain('Chưa gửi được thư (451)');
    } finally {
      smtp.refuse = false;
    }
    const later = await send(2, message('k/tam-tu-choi'));
    expect(later.sent).toBe(true);
  });

  it('stops retrying when the server rejects the recipient (5xx)', async () => {
    smtp.refuse = true;
    smtp.refuseCode = 550;
    try {
      const failure = await send(1, message('k/tu-choi-han')).catch((e: unknown) => e);
      expect(failure).toMatchObject({ type: 'MailRecipientRejected', nonRetryable: true });
      expect((failure as Error).message).toContain('Máy chủ thư từ chối người nhận (550)');
    } finally {
      smtp.refuse = false;
    }
    expect(await sentLedger(db).wasSent('k/tu-choi-han')).toBe(false);
  });
});
