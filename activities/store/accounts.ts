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

/** Adds an account, or replaces the one with the same e-mail (a new password, a new role). */
export async function saveAccount(db: Store, account: Account, at: number): Promise<void> {
  const values = { email: account.email.toLowerCase(), name: account.name, role: account.role, unit_id: account.unitId, password_hash: account.passwordHash, created_at: at };
  await db
    .insertInto('users')
    .values(values)
    .onConflict((oc) => oc.column('email').doUpdateSet({ name: values.name, role: values.role, unit_id: values.unit_id, password_hash: values.password_hash }))
    .execute();
}

export async function findAccount(db: Store, email: string): Promise<Account | null> {
  const row = await db.selectFrom('users').selectAll().where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
  return row ? { email: row.email, name: row.name, role: row.role as Role, unitId: row.unit_id, passwordHash: row.password_hash } : null;
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
