import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { accountStanding, endSessions } from '../../../activities/store/accounts';
import { rowDetail } from '../../../activities/store/web-pages';
import { DUMMY_HASH, verifyPassword } from '../../../activities/passwords';
import { verifyTaskLink } from '../../../activities/task-links';
import { isoDateAt } from '../../../domain/dates';
import { canSeeRow, newSessionId, principalOf, Principal } from '../access';
import { Allowance, takeAll } from '../limits';
import { html } from '../server';
import { helpers, render } from '../views';

/** Login attempts a minute: per account from anywhere, per address across accounts, and for the whole server. */
export interface LoginLimits {
  perAccount: number;
  perAddress: number;
  global: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = { perAccount: 10, perAddress: 60, global: 300 };

/**
 * What a real password check costs here, so that an unknown e-mail is answered after as long without doing the work:
 * probing which accounts exist learns nothing, and a flood of made-up e-mails cannot make the server spend 32 MiB of
 * scrypt each. The first unknown e-mail measures it once.
 */
class PasswordCost {
  private typicalMs: number | null = null;

  async verify(password: string, hash: string): Promise<boolean> {
    const started = performance.now();
    const ok = await verifyPassword(password, hash);
    const ms = performance.now() - started;
    this.typicalMs = this.typicalMs === null ? ms : this.typicalMs * 0.8 + ms * 0.2;
    return ok;
  }

  async imitate(): Promise<void> {
    if (this.typicalMs === null) await this.verify('', DUMMY_HASH);
    else await sleep(this.typicalMs * (0.9 + Math.random() * 0.2));
  }
}

/**
 * Only a path on this site (never an open redirect to another host), percent-encoded: a Location header holds
 * ASCII only, so "/trang?q=Tiếng Việt" is sent encoded rather than failing the reply.
 */
export function safeNext(value: unknown): string {
  if (typeof value !== 'string' || !/^\/(?![/\\])/.test(value)) return '/';
  const base = 'http://dondoc.invalid';
  const url = new URL(value, base);
  return url.origin === base ? `${url.pathname}${url.search}${url.hash}` : '/';
}

const rowPage = (scope: { rowKey: string; occurrenceId: string }) => helpers.rowPath(scope.rowKey, scope.occurrenceId || undefined);

/** Login, logout, and the signed links from mails: everything that changes who the session is. */
export function sessionRoutes(limits: LoginLimits) {
  return async (app: FastifyInstance): Promise<void> => {
    const minute = 60_000;
    const perAccount = new Allowance(limits.perAccount, minute);
    const perAddress = new Allowance(limits.perAddress, minute);
    const global = new Allowance(limits.global, minute);
    const cost = new PasswordCost();
    const loginPage = (reply: FastifyReply, next: string, email: string, error: string) => html(reply, render('login', { title: 'Đăng nhập', csrf: reply.generateCsrf() }, { next, email, error }));

    app.get('/dang-nhap', async (request, reply) => loginPage(reply, safeNext((request.query as Record<string, string>).tiep), '', ''));

    app.post('/dang-nhap', { preHandler: app.csrfProtection }, async (request, reply) => {
      const body = request.body as Record<string, string | undefined>;
      const email = String(body.email ?? '').trim();
      const next = safeNext(body.tiep);
      // One account's password is slowed from anywhere; one address cannot walk across accounts; the server's
      // scrypt work has a ceiling whoever asks.
      const spent = takeAll([
        { allowance: global, key: '*' },
        { allowance: perAddress, key: request.ip },
        { allowance: perAccount, key: email.toLowerCase() },
      ]);
      if (spent) {
        const who = spent.allowance === global ? 'Máy chủ đang nhận quá nhiều lượt đăng nhập' : spent.allowance === perAddress ? 'Máy của anh/chị đã thử đăng nhập quá nhiều lần' : 'Tài khoản này đã được thử đăng nhập quá nhiều lần';
        return html(reply.code(429).header('retry-after', String(spent.allowance.minutesLeft(spent.key) * 60)), render('login', { title: 'Đăng nhập', csrf: reply.generateCsrf() }, { next, email, error: `${who}. Hãy đợi ${spent.allowance.minutesLeft(spent.key)} phút rồi thử lại.` }));
      }
      const account = email ? await accountStanding(app.web.db, email) : null;
      const ok = account ? await cost.verify(String(body.mat_khau ?? ''), account.passwordHash) : (await cost.imitate(), false);
      if (!account || !ok) return loginPage(reply.code(401), next, email, 'Thư điện tử hoặc mật khẩu không đúng.');
      if (account.disabledAt !== null) return loginPage(reply.code(403), next, email, 'Tài khoản này đã bị tắt. Hãy liên hệ Văn phòng Sở nếu anh/chị vẫn cần dùng.');
      request.session.regenerate();
      request.session.set('principal', { kind: 'account', email: account.email, name: account.name, role: account.role, unitId: account.unitId, version: account.sessionVersion, sessionId: newSessionId() });
      return reply.redirect(next);
    });

    /** Logging out ends this account's sessions everywhere, so a copied cookie ends with it. */
    app.post('/dang-xuat', { preHandler: app.csrfProtection }, async (request, reply) => {
      const p = principalOf(request);
      if (p?.kind === 'account') await endSessions(app.web.db, p.email);
      request.session.delete();
      return reply.redirect('/dang-nhap');
    });

    async function checkLink(request: FastifyRequest, reply: FastifyReply) {
      const { token } = request.params as { token: string };
      const check = verifyTaskLink(token, app.web.secrets.linkSecret, isoDateAt(await app.web.now()));
      if (check.ok) return check.scope;
      const lines =
        check.reason === 'expired'
          ? ['Liên kết này đã hết hạn (liên kết dùng được đến 30 ngày sau hạn của nhiệm vụ).', 'Hãy đăng nhập bằng tài khoản của đơn vị, hoặc đề nghị Văn phòng Sở gửi lại thư.']
          : ['Liên kết này không đúng hoặc đã bị sửa. Hãy mở đúng liên kết trong thư nhắc việc, hoặc đăng nhập.'];
      await html(reply.code(403), render('message', { title: check.reason === 'expired' ? 'Liên kết đã hết hạn' : 'Liên kết không hợp lệ' }, { lines, next: { href: '/dang-nhap', text: 'Đăng nhập' } }));
      return null;
    }

    const sameLink = (p: Principal | undefined, scope: { unitId: string; rowKey: string; occurrenceId: string }) =>
      p?.kind === 'link' && p.scope.unitId === scope.unitId && p.scope.rowKey === scope.rowKey && p.scope.occurrenceId === scope.occurrenceId;

    /**
     * A signed link from a mail shows what it opens and a button: a GET changes no session (a mail scanner or a
     * prefetch opens nothing), and a person signed in as someone else is asked before their session is replaced.
     */
    app.get('/lien-ket/:token', async (request, reply) => {
      const scope = await checkLink(request, reply);
      if (!scope) return reply;
      const p = principalOf(request);
      const unit = (await app.web.units()).units.find((u) => u.id === scope.unitId);
      const [, where] = scope.rowKey.split('/');
      const detail = await rowDetail(app.web.db, scope.rowKey, await app.web.now());
      const occurrence = detail?.occurrences.find((o) => o.occurrenceId === scope.occurrenceId);
      const signedIn = p?.kind === 'account' ? p : null;
      return html(
        reply.header('referrer-policy', 'no-referrer'),
        render('link', { title: 'Mở nhiệm vụ từ thư', principal: p, csrf: reply.generateCsrf() }, {
          action: request.url.split('?')[0],
          unitName: unit?.name ?? scope.unitId,
          where: where ?? scope.rowKey,
          content: detail?.row.content ?? '',
          occurrence: scope.occurrenceId ? helpers.occurrenceName(occurrence ?? { occurrenceId: scope.occurrenceId, label: '' }) : '',
          expiresOn: helpers.date(scope.expiresOn),
          already: sameLink(p, scope) ? rowPage(scope) : null,
          signedIn,
          // Someone signed in who may see the row opens it as themselves, without the link.
          ownView: signedIn && canSeeRow(signedIn, { rowKey: scope.rowKey, leadId: scope.unitId }) ? rowPage(scope) : null,
        }),
      );
    });

    /** Opens the link's session: exactly that unit, row and occurrence. A signed-in account is replaced only when asked. */
    app.post('/lien-ket/:token', { preHandler: app.csrfProtection }, async (request, reply) => {
      const scope = await checkLink(request, reply);
      if (!scope) return reply;
      const p = principalOf(request);
      if (p?.kind === 'account' && (request.body as Record<string, unknown> | undefined)?.thay_phien !== 'co') return reply.redirect(request.url);
      const unit = (await app.web.units()).units.find((u) => u.id === scope.unitId);
      request.session.regenerate();
      request.session.set('principal', {
        kind: 'link',
        name: unit ? `${unit.head.name} (${unit.name}, qua liên kết trong thư)` : `${scope.unitId} (qua liên kết trong thư)`,
        email: unit?.head.email ?? '',
        scope,
        sessionId: newSessionId(),
      });
      return reply.redirect(rowPage(scope));
    });
  };
}
