import { join } from 'node:path';
import { readUnitsFile } from '../../activities/plan-files/read-units';
import { PlanFileError } from '../../activities/plan-files/errors';
import { officeOf, resolveUnits, unitsDirectorySchema } from '../../domain/plan/units';

const unitsPath = join(__dirname, '..', '..', 'samples', 'units.json');

describe('units directory', () => {
  it('ships a valid sample directory on example addresses with one office', async () => {
    const dir = await readUnitsFile(unitsPath);
    expect(officeOf(dir).name).toBe('Văn phòng Sở');
    for (const unit of dir.units) expect(unit.head.email).toMatch(/@[a-z0-9-]+\.example$/);
    for (const leader of dir.leaders) expect(leader.email).toMatch(/\.example$/);
  });

  it('resolves names with or without diacritics, by alias, and lists several units in one cell', async () => {
    const dir = await readUnitsFile(unitsPath);
    expect(resolveUnits('VAN PHONG SO', dir).units.map((u) => u.id)).toEqual(['vp']);
    expect(resolveUnits('Phát triển công nghệ và Chuyển đổi số'.normalize('NFD'), dir).units.map((u) => u.id)).toEqual(['ptcn']);
    expect(resolveUnits('Văn phòng Sở, Thanh tra Sở', dir).units.map((u) => u.id)).toEqual(['vp', 'tt']);
  });

  it('reads "Các phòng và đơn vị trực thuộc" as every unit', async () => {
    const dir = await readUnitsFile(unitsPath);
    for (const cell of ['Các phòng và đơn vị trực thuộc', 'Các phòng và\nđơn vị trực\nthuộc', 'cac phong, don vi thuoc So']) {
      const r = resolveUnits(cell, dir);
      expect(r.everyUnit).toBe(true);
      expect(r.units).toHaveLength(dir.units.length);
    }
  });

  it('returns an unknown name in a list verbatim instead of guessing', async () => {
    const dir = await readUnitsFile(unitsPath);
    const r = resolveUnits('Văn phòng Sở, Phòng Tổ chức cán bộ', dir);
    expect(r.units.map((u) => u.id)).toEqual(['vp']);
    expect(r.unknown).toEqual(['Phòng Tổ chức cán bộ']);
  });

  it('reads a lead cell written as a sentence as no unit at all, never as units made of its words', async () => {
    const dir = await readUnitsFile(unitsPath);
    // Row 4.3 of Kế hoạch 16/KH-SKHCN.
    const r = resolveUnits('Công chức, viên chức và người lao động được giao nhiệm vụ tiếp nhận, giải quyết hồ sơ tại Bộ phận một cửa và tại cơ quan', dir);
    expect(r).toEqual({ units: [], unknown: [], everyUnit: false, sentence: true });
  });

  it('takes the units a sentence names, whole words only', async () => {
    const dir = await readUnitsFile(unitsPath);
    const r = resolveUnits('Công chức Văn phòng Sở và Thanh tra Sở được giao nhiệm vụ tiếp nhận hồ sơ', dir);
    expect(r.sentence).toBe(true);
    expect(r.units.map((u) => u.id)).toEqual(['vp', 'tt']);
    expect(r.unknown).toEqual([]);
  });

  it('rejects a directory with a duplicate id, a missing leader or no office, naming the field', () => {
    const bad = {
      organization: 'Sở',
      leaders: [{ id: 'gd', title: 'Giám đốc', name: 'A', email: 'a@x.example' }],
      units: [
        { id: 'a', name: 'Phòng A', head: { name: 'B', email: 'b@x.example' }, leader: 'pgd9' },
        { id: 'a', name: 'Phòng B', head: { name: 'C', email: 'not-an-email' }, leader: 'gd' },
      ],
    };
    const messages = unitsDirectorySchema.safeParse(bad).error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(messages).toEqual(expect.arrayContaining([expect.stringContaining('units.1.head.email'), expect.stringMatching(/units.1.id: .*trùng/), expect.stringMatching(/units.0.leader: .*pgd9/), expect.stringMatching(/office/)]));
  });

  it('says which file is missing', async () => {
    await expect(readUnitsFile('/nonexistent/units.json')).rejects.toThrow(PlanFileError);
  });
});
