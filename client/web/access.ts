import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { accountStanding, Role } from '../../activities/store/accounts';
import type { Store } from '../../activities/store/database';
import type { TaskLinkScope } from '../../domain/notifications/templates';

/**
 * Who is asking: a signed-in account, or the holder of a signed link from a mail. `sessionId` names this one
 * session (its uploads are counted); `version` is the account's session version when it signed in.
 */
export type Principal =
  | { kind: 'account'; email: string; name: string; role: Role; unitId: string | null; version: number; sessionId: string }
  | { kind: 'link'; name: string; email: string; scope: TaskLinkScope; sessionId: string };

export const newSessionId = () => randomBytes(12).toString('base64url');

/**
 * Whether an account's session still matches the server's truth: the account exists, is enabled, has the same role
 * and unit, and its session version has not moved (new password, role or unit, logout elsewhere, `user disable`).
 */
export async function sessionStillValid(db: Store, p: Principal): Promise<boolean> {
  if (p.kind !== 'account') return true;
  const a = await accountStanding(db, p.email);
  return !!a && a.disabledAt === null && a.role === p.role && a.unitId === p.unitId && a.sessionVersion === p.version;
}

/** The unit a principal uploads for: a unit's account or a link's unit; the office and leaders count as themselves. */
export const uploaderUnit = (p: Principal) => (p.kind === 'link' ? p.scope.unitId : p.unitId ?? p.email);

declare module '@fastify/secure-session' {
  interface SessionData {
    principal: Principal;
  }
}

export class Forbidden extends Error {
  readonly statusCode = 403;
}

export const principalOf = (request: FastifyRequest): Principal | undefined => request.session.get('principal');

export const isOffice = (p: Principal | undefined) => p?.kind === 'account' && p.role === 'van-phong';
export const readsEverything = (p: Principal | undefined) => p?.kind === 'account' && (p.role === 'van-phong' || p.role === 'lanh-dao');

/** A unit sees only the rows it leads; a link only its one row. */
export function canSeeRow(p: Principal | undefined, row: { rowKey: string; leadId: string }): boolean {
  if (!p) return false;
  if (p.kind === 'link') return p.scope.rowKey === row.rowKey && p.scope.unitId === row.leadId;
  return p.role !== 'don-vi' || p.unitId === row.leadId;
}

/** Evidence comes from the lead unit only: its account, or a link for that very occurrence. */
export function canSubmit(p: Principal | undefined, row: { rowKey: string; leadId: string }, occurrenceId: string): boolean {
  if (!p || !canSeeRow(p, row)) return false;
  if (p.kind === 'link') return p.scope.occurrenceId !== '' && p.scope.occurrenceId === occurrenceId;
  return p.role === 'don-vi';
}

/** The unit whose page a principal may see: their own; the office and leaders any. */
export function canSeeUnit(p: Principal | undefined, unitId: string): boolean {
  if (!p) return false;
  if (p.kind === 'link') return false;
  return p.role !== 'don-vi' || p.unitId === unitId;
}

/** Sends to the login page (with where to come back) when nobody is signed in; 403 when the role is wrong. */
export function requireAccount(roles: Role[]) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const p = principalOf(request);
    if (!p || p.kind !== 'account') {
      if (p?.kind === 'link') throw new Forbidden('Liên kết trong thư chỉ mở được trang của nhiệm vụ đó. Hãy đăng nhập để xem các trang khác.');
      return reply.redirect(`/dang-nhap?tiep=${encodeURIComponent(request.url)}`);
    }
    if (!roles.includes(p.role)) throw new Forbidden('Tài khoản của anh/chị không có quyền xem trang này.');
  };
}
