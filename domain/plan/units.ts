import { z } from 'zod';
import { fold } from '../text/normalize';

/** The units directory: who leads each unit, and which leader is in charge of it. */
const email = z.string().email('phải là địa chỉ email');

/** How a person wants dondoc's messages: by mail (the default), on Zalo through the Sở's Official Account, or both. */
export const CHANNELS = ['email', 'zalo', 'both'] as const;
export type Channel = (typeof CHANNELS)[number];
const contactChannel = {
  channel: z.enum(CHANNELS, { errorMap: () => ({ message: 'phải là "email", "zalo" hoặc "both"' }) }).default('email'),
  /** The person's user id as the Official Account sees it (a follower of the OA). */
  zaloUserId: z.string().regex(/^\d{5,25}$/, 'phải là mã người dùng Zalo (chỉ gồm chữ số) mà Official Account của Sở nhận được khi người đó quan tâm OA').optional(),
};

export const unitsDirectorySchema = z
  .object({
    organization: z.string().min(1),
    leaders: z.array(z.object({ id: z.string().min(1), title: z.string().min(1), name: z.string().min(1), email, ...contactChannel })).min(1),
    units: z
      .array(
        z.object({
          id: z.string().min(1),
          name: z.string().min(1),
          aliases: z.array(z.string()).default([]),
          office: z.boolean().optional(),
          head: z.object({ name: z.string().min(1), email, ...contactChannel }),
          leader: z.string().min(1),
        }),
      )
      .min(1),
  })
  .superRefine((dir, ctx) => {
    const leaders = new Set(dir.leaders.map((l) => l.id));
    const ids = new Set<string>();
    dir.units.forEach((unit, i) => {
      if (ids.has(unit.id)) ctx.addIssue({ code: 'custom', path: ['units', i, 'id'], message: `mã đơn vị "${unit.id}" bị trùng` });
      ids.add(unit.id);
      if (!leaders.has(unit.leader)) ctx.addIssue({ code: 'custom', path: ['units', i, 'leader'], message: `không có lãnh đạo mã "${unit.leader}" trong "leaders"` });
    });
    const needsZaloId = (p: { channel: Channel; zaloUserId?: string }) => p.channel !== 'email' && !p.zaloUserId;
    dir.leaders.forEach((l, i) => {
      if (needsZaloId(l)) ctx.addIssue({ code: 'custom', path: ['leaders', i, 'zaloUserId'], message: `kênh "${l.channel}" cần "zaloUserId" của ${l.name}` });
    });
    dir.units.forEach((u, i) => {
      if (needsZaloId(u.head)) ctx.addIssue({ code: 'custom', path: ['units', i, 'head', 'zaloUserId'], message: `kênh "${u.head.channel}" cần "zaloUserId" của ${u.head.name}` });
    });
    const offices = dir.units.filter((u) => u.office).length;
    if (offices !== 1) ctx.addIssue({ code: 'custom', path: ['units'], message: `cần đúng một đơn vị "office": true (Văn phòng Sở), đang có ${offices}` });
  });

export type UnitsDirectory = z.infer<typeof unitsDirectorySchema>;
export type Unit = UnitsDirectory['units'][number];

/** "Các phòng và đơn vị trực thuộc" and its variants name every unit of the Sở. */
const EVERY_UNIT = /^(?:tat ca |toan bo )?cac phong(?:,| va| \/)? ?(?:cac )?don vi(?: truc thuoc| thuoc so| truc thuoc so)?$/;

export interface UnitResolution {
  units: Unit[];
  /** Names in the cell that match no unit, verbatim, for the office to fix. */
  unknown: string[];
  everyUnit: boolean;
  /** The cell is a sentence, not a list of names: its units are those named inside it, and none is made up from its words. */
  sentence?: boolean;
}

/**
 * Words a list of unit names never holds but a sentence does ("Công chức, viên chức và người lao động được giao nhiệm
 * vụ tiếp nhận…", "Các đơn vị theo chức năng, nhiệm vụ được giao"): split at its commas, it would give invented units.
 */
const SENTENCE = /\b(duoc giao|duoc phan cong|chiu trach nhiem|theo chuc nang|nguoi lao dong|lien quan|tai bo phan|tai co quan)\b/;

/** Directory names found inside a sentence, longest first, whole words only, each place used once. */
function unitsNamedIn(folded: string, directory: UnitsDirectory): Unit[] {
  const names = directory.units
    .flatMap((unit) => [unit.name, ...unit.aliases].map((name) => ({ unit, name: fold(name) })))
    .filter((n) => n.name.length >= 3)
    .sort((a, b) => b.name.length - a.name.length);
  let rest = ` ${folded.replace(/[^a-z0-9&]+/g, ' ')} `;
  const found: Unit[] = [];
  for (const { unit, name } of names) {
    const word = ` ${name.replace(/[^a-z0-9&]+/g, ' ').trim()} `;
    if (!rest.includes(word)) continue;
    rest = rest.split(word).join(' | ');
    if (!found.includes(unit)) found.push(unit);
  }
  return directory.units.filter((u) => found.includes(u));
}

export function resolveUnits(cell: string, directory: UnitsDirectory): UnitResolution {
  const folded = fold(cell).replace(/[.]+$/, '');
  if (folded === '') return { units: [], unknown: [], everyUnit: false };
  if (EVERY_UNIT.test(folded)) return { units: [...directory.units], unknown: [], everyUnit: true };
  const byName = new Map<string, Unit>();
  for (const unit of directory.units) for (const name of [unit.name, ...unit.aliases]) byName.set(fold(name), unit);
  const units: Unit[] = [];
  const unknown: string[] = [];
  const parts = cell.split(/[,;\n]/).map((p) => p.trim()).filter(Boolean);
  for (const part of parts) {
    const unit = byName.get(fold(part).replace(/[.]+$/, ''));
    if (unit) {
      if (!units.includes(unit)) units.push(unit);
    } else {
      unknown.push(part);
    }
  }
  if (unknown.length > 0 && SENTENCE.test(folded)) return { units: unitsNamedIn(folded, directory), unknown: [], everyUnit: false, sentence: true };
  return { units, unknown, everyUnit: false };
}

export function officeOf(directory: UnitsDirectory): Unit {
  return directory.units.find((u) => u.office) as Unit;
}

export interface ChannelPreference {
  channel: Channel;
  zaloUserId?: string;
}

/** Each person's channel by e-mail address (case-insensitive): messages carry addresses, the directory carries people. */
export function channelsByEmail(directory: UnitsDirectory): Map<string, ChannelPreference> {
  const byEmail = new Map<string, ChannelPreference>();
  for (const p of [...directory.leaders, ...directory.units.map((u) => u.head)]) byEmail.set(p.email.toLowerCase(), { channel: p.channel, zaloUserId: p.zaloUserId });
  return byEmail;
}

export interface PersonContact {
  name: string;
  email: string;
  /** For a coordinating unit's head: the unit, which keys its copies, so a new address is not a new copy. */
  unitId?: string;
}

export interface RowContacts {
  head: PersonContact;
  leader: PersonContact;
  office: PersonContact;
  coordinating: PersonContact[];
}

/** Whom a message is for, by role in the row: the contacts say who holds the role. */
export type RecipientRole = 'head' | 'leader' | 'office' | 'coordinating';

/** The roles a message is addressed to, and copied to. */
export interface MessageRoles {
  to: RecipientRole[];
  cc: RecipientRole[];
}

/** The addresses of the people holding the roles a message is for. */
export function roleAddresses(contacts: RowContacts, roles: MessageRoles): { to: string[]; cc: string[] } {
  const holders = (role: RecipientRole) => (role === 'coordinating' ? contacts.coordinating.map((c) => c.email) : [contacts[role].email]);
  return { to: roles.to.flatMap(holders), cc: roles.cc.flatMap(holders) };
}

/** Who hears about a row led by `leadId`: its head, the leader in charge, the office, the coordinating units' heads. */
export function rowContacts(directory: UnitsDirectory, leadId: string, coordinatingIds: readonly string[]): RowContacts | undefined {
  const lead = directory.units.find((u) => u.id === leadId);
  if (!lead) return undefined;
  const leader = directory.leaders.find((l) => l.id === lead.leader) ?? directory.leaders[0];
  const office = officeOf(directory);
  return {
    head: { name: lead.head.name, email: lead.head.email },
    leader: { name: leader.name, email: leader.email },
    office: { name: office.name, email: office.head.email },
    coordinating: directory.units.filter((u) => coordinatingIds.includes(u.id) && u.id !== leadId).map((u) => ({ name: u.head.name, email: u.head.email, unitId: u.id })),
  };
}
