import { UnitsDirectory, unitsDirectorySchema } from '../../domain/plan/units';
import type { Store } from './database';

export const ROLES = ['van-phong', 'lanh-dao', 'don-vi'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABEL: Record<Role, string> = { 'van-phong': 'Văn phòng Sở', 'lanh-dao': 'Lãnh đạo Sở', 'don-vi': 'Đơn vị' };

export interface Account {
  email: string;
  name: string;
  role: Role;
  /** A unit's id for 'don-vi'; a leader's id for 'lanh-dao' (the units they oversee are highlighted). */
  unitId: string | null;
  passwordHash: string;
}

/**
 * Adds an account, or replaces the one with the same e-mail (a new password, a new role). Replacing it signs out
 * every session it had and turns a disabled account back on: the person has a new password now.
 */
export async function saveAccount(db: Store, account: Account, at: number): Promise<void> {
  const values = { email: account.email.toLowerCase(), name: account.name, role: account.role, unit_id: account.unitId, password_hash: account.passwordHash, created_at: at };
  await db
    .insertInto('users')
    .values(values)
    .onConflict((oc) =>
      oc.column('email').doUpdateSet((eb) => ({ name: values.name, role: values.role, unit_id: values.unit_id, password_hash: values.password_hash, disabled_at: null, session_version: eb('users.session_version', '+', 1) })),
    )
    .execute();
}

export async function findAccount(db: Store, email: string): Promise<Account | null> {
  const row = await db.selectFrom('users').selectAll().where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
  return row ? { email: row.email, name: row.name, role: row.role as Role, unitId: row.unit_id, passwordHash: row.password_hash } : null;
}

/** An account as a session checks it: which session version is current, and whether it was disabled. */
export interface AccountStanding extends Account {
  sessionVersion: number;
  disabledAt: number | null;
  createdAt: number;
}

export async function accountStanding(db: Store, email: string): Promise<AccountStanding | null> {
  const row = await db.selectFrom('users').selectAll().where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
  return row ? standingOf(row) : null;
}

export async function listAccounts(db: Store): Promise<AccountStanding[]> {
  return (await db.selectFrom('users').selectAll().orderBy('role').orderBy('email').execute()).map(standingOf);
}

const standingOf = (row: { email: string; name: string; role: string; unit_id: string | null; password_hash: string; session_version: number; disabled_at: number | null; created_at: number }): AccountStanding => ({
  email: row.email,
  name: row.name,
  role: row.role as Role,
  unitId: row.unit_id,
  passwordHash: row.password_hash,
  sessionVersion: Number(row.session_version),
  disabledAt: row.disabled_at === null ? null : Number(row.disabled_at),
  createdAt: Number(row.created_at),
});

/** Ends every session of an account (logout, a copied cookie); false when there is no such account. */
export async function endSessions(db: Store, email: string): Promise<boolean> {
  const r = await db.updateTable('users').set((eb) => ({ session_version: eb('session_version', '+', 1) })).where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Turns an account off and ends its sessions; false when there is no such account. */
export async function disableAccount(db: Store, email: string, at: number): Promise<boolean> {
  const r = await db
    .updateTable('users')
    .set((eb) => ({ disabled_at: at, session_version: eb('session_version', '+', 1) }))
    .where('email', '=', email.trim().toLowerCase())
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** The newest saved units directory, or null before the office has saved one. */
export async function loadUnitsDirectory(db: Store): Promise<UnitsDirectory | null> {
  const row = await db.selectFrom('units_directory').select('document').orderBy('version', 'desc').limit(1).executeTakeFirst();
  return row ? unitsDirectorySchema.parse(JSON.parse(row.document)) : null;
}

/** The newest saved units directory and when it was saved; a stored version that no longer parses counts as none. */
export async function latestUnitsDirectory(db: Store): Promise<{ directory: UnitsDirectory; savedAt: number } | null> {
  const row = await db.selectFrom('units_directory').select(['document', 'saved_at']).orderBy('version', 'desc').limit(1).executeTakeFirst();
  if (!row) return null;
  const parsed = unitsDirectorySchema.safeParse(JSON.parse(row.document));
  return parsed.success ? { directory: parsed.data, savedAt: Number(row.saved_at) } : null;
}

/** Keeps every version: who changed the directory and when stays visible. */
export async function saveUnitsDirectory(db: Store, directory: UnitsDirectory, by: string, at: number): Promise<void> {
  const last = await db.selectFrom('units_directory').select((eb) => eb.fn.max('version').as('v')).executeTakeFirst();
  await db.insertInto('units_directory').values({ version: Number(last?.v ?? 0) + 1, document: JSON.stringify(directory), saved_by: by, saved_at: at }).execute();
}
