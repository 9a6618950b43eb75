import { isoDateAt, yearAt } from '../../../domain/dates';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import JSZip from 'jszip';
import { readPlanFile } from '../../../activities/plan-files/read-plan';
import { PlanFileError } from '../../../activities/plan-files/errors';
import { PlanDocument } from '../../../domain/plan/model';
import { previewPlan, PROBLEM_LABEL } from '../../../domain/plan/preview';
import { planAsYear, TRIAL_YEARS } from '../../../domain/plan/shift-year';
import { importPlan, ImportSummary, PlanImportInterrupted } from '../../plan-import';
import { endingOnImportSentence, endsOnStartSentence } from '../../../domain/tracking/row-end';
import { firstDigestsSentence } from '../../../domain/notifications/digest-schedule';
import { summaryLine } from '../../commands/plan';
import { principalOf, requireAccount } from '../access';
import { field, filePart } from '../form';
import { html } from '../server';
import { checkUpload, safeFileName, UploadRefused } from '../uploads';
import { render } from '../views';

/** A plan read from an upload, kept in memory while the office reviews and fixes it, then imported. */
interface Draft {
  id: string;
  fileName: string;
  doc: PlanDocument;
  by: string;
  createdAt: number;
  fixed: string[];
  run?: { total: number; done: number; summary?: ImportSummary; error?: string };
}

const DRAFT_TTL_MS = 6 * 3600 * 1000;
const MAX_DRAFTS = 20;
/** A plan's Word text is a few megabytes at most; a small file that unpacks to more is refused before it is read. */
const MAX_DOCX_UNPACKED = 40 * 1024 * 1024;

/** The unpacked size the DOCX's own directory declares, summed over its parts. */
async function docxUnpackedSize(bytes: Buffer): Promise<number> {
  const zip = await JSZip.loadAsync(bytes);
  let total = 0;
  zip.forEach((_path, entry) => {
    total += (entry as unknown as { _data?: { uncompressedSize?: number } })._data?.uncompressedSize ?? 0;
  });
  return total;
}

interface UploadForm {
  errors: { tep?: string; nam?: string };
  nam: string;
}

/** "Thử như kế hoạch năm…": empty, or a year the trial may move the plan to. */
function trialYear(text: string): { year?: number; error?: string } {
  if (text === '') return {};
  const year = Number(text);
  if (!/^\d{4}$/.test(text) || year < TRIAL_YEARS.min || year > TRIAL_YEARS.max) return { error: `Năm "${text}" không dùng được: ghi một năm có bốn chữ số từ ${TRIAL_YEARS.min} đến ${TRIAL_YEARS.max}, hoặc để trống.` };
  return { year };
}

export async function planRoutes(app: FastifyInstance): Promise<void> {
  const office = requireAccount(['van-phong']);
  const drafts = new Map<string, Draft>();
  const draftOf = (id: string) => {
    const d = drafts.get(id);
    return d && Date.now() - d.createdAt < DRAFT_TTL_MS ? d : null;
  };

  const uploadPage = (request: FastifyRequest, reply: FastifyReply, form: UploadForm = { errors: {}, nam: '' }, status = 200) =>
    html(reply.code(status), render('plan-upload', { title: 'Nhập kế hoạch', principal: principalOf(request), csrf: reply.generateCsrf(), current: 'ke-hoach' }, { ...form, thisYear: yearAt(Date.now()) }));

  app.get('/ke-hoach', { preHandler: office }, async (request, reply) => uploadPage(request, reply));

  app.post('/ke-hoach', { preHandler: [office, app.csrfProtection] }, async (request, reply) => {
    const nam = field(request.body, 'nam');
    const trial = trialYear(nam);
    const part = filePart(request.body, 'tep');
    const refuse = (errors: UploadForm['errors']) => uploadPage(request, reply, { errors, nam }, 400);
    if (!part || trial.error) return refuse({ ...(part ? {} : { tep: 'Chọn tệp kế hoạch (.docx, .xlsx, .csv hoặc .json) để tải lên.' }), ...(trial.error ? { nam: trial.error } : {}) });
    const name = safeFileName(part.filename, 'ke-hoach.xlsx');
    const bytes = await part.toBuffer();
    let doc: PlanDocument;
    const dir = await mkdtemp(join(tmpdir(), 'dondoc-plan-'));
    try {
      const kind = await checkUpload(name, bytes, ['docx', 'xlsx', 'text']);
      if (kind === 'docx' && (await docxUnpackedSize(bytes)) > MAX_DOCX_UNPACKED) {
        return refuse({ tep: `Tệp "${name}" giải nén ra hơn ${MAX_DOCX_UNPACKED / 1024 / 1024} MB, quá lớn cho một kế hoạch: hãy lưu riêng phụ lục kế hoạch thành tệp .docx hoặc .xlsx rồi tải lên.` });
      }
      const path = join(dir, name);
      await writeFile(path, bytes);
      doc = await readPlanFile(path);
    } catch (error) {
      if (error instanceof UploadRefused || error instanceof PlanFileError) return refuse({ tep: error.message });
      throw error;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    if (trial.year !== undefined) doc = planAsYear(doc, trial.year);
    for (const [id, d] of drafts) if (Date.now() - d.createdAt >= DRAFT_TTL_MS || drafts.size >= MAX_DRAFTS) drafts.delete(id);
    const draft: Draft = { id: randomUUID(), fileName: name, doc, by: principalOf(request)!.name, createdAt: Date.now(), fixed: [] };
    drafts.set(draft.id, draft);
    return reply.redirect(`/ke-hoach/${draft.id}`);
  });

  app.get('/ke-hoach/:id', { preHandler: office }, async (request, reply) => {
    const draft = draftOf((request.params as { id: string }).id);
    if (!draft) return reply.callNotFound();
    const units = await app.web.units();
    const { rows, summary } = previewPlan(draft.doc, units);
    if (draft.run) {
      return html(
        reply,
        render('plan-import', { title: 'Nhập kế hoạch', principal: principalOf(request), csrf: reply.generateCsrf(), current: 'ke-hoach' }, { draft, refresh: draft.run.summary || draft.run.error ? undefined : 1, endedOnStartSentence: draft.run.summary ? endsOnStartSentence(draft.run.summary.endedOnStart.map((k) => k.split('/').pop()!), draft.doc.plan.year) : '', firstDigestsSentence: draft.run.summary?.firstDigests ? firstDigestsSentence(draft.run.summary.firstDigests, 'nút “Gửi thư tổng hợp hôm nay ngay” trên trang Thư tổng hợp') : '' }),
      );
    }
    return html(
      reply,
      render('plan-preview', { title: 'Xem trước kế hoạch', principal: principalOf(request), csrf: reply.generateCsrf(), current: 'ke-hoach' }, { draft, rows, summary, summaryText: summaryLine(summary), endingText: endingOnImportSentence(rows, draft.doc.plan.year, isoDateAt(await app.web.now())), problemLabel: PROBLEM_LABEL, units: units.units }),
    );
  });

  /** Fixes one row in place (its deadline phrase, its lead unit) and reads it again at once. */
  app.post('/ke-hoach/:id/dong', { preHandler: [office, app.csrfProtection] }, async (request, reply) => {
    const draft = draftOf((request.params as { id: string }).id);
    if (!draft || draft.run) return reply.callNotFound();
    const where = field(request.body, 'dong');
    const deadline = field(request.body, 'thoi_han');
    const lead = field(request.body, 'chu_tri');
    const coordinating = (request.body as Record<string, unknown>).phoi_hop === undefined ? undefined : field(request.body, 'phoi_hop');
    draft.doc = { ...draft.doc, rows: draft.doc.rows.map((r) => (r.where === where ? { ...r, ...(deadline ? { deadline } : {}), ...(lead ? { lead } : {}), ...(coordinating !== undefined ? { coordinating } : {}) } : r)) };
    draft.fixed.push(where);
    return reply.redirect(`/ke-hoach/${draft.id}#dong-${encodeURIComponent(where)}`);
  });

  /** Starts the import in the background; the page shows its progress, then the summary. */
  app.post('/ke-hoach/:id/nhap', { preHandler: [office, app.csrfProtection] }, async (request, reply) => {
    const draft = draftOf((request.params as { id: string }).id);
    if (!draft) return reply.callNotFound();
    if (!draft.run) {
      const units = await app.web.units();
      const run = (draft.run = { total: draft.doc.rows.length, done: 0 } as NonNullable<Draft['run']>);
      importPlan(app.web.temporal, draft.doc, units, { taskQueue: app.web.taskQueue, progress: (done) => void (run.done = done) }).then(
        (summary) => void (run.summary = summary),
        (error: unknown) => {
          run.error =
            error instanceof PlanImportInterrupted
              ? error.message
              : `Nhập kế hoạch dừng ở dòng ${run.done + 1}/${run.total}: ${error instanceof Error ? error.message : String(error)}. Các dòng đã nhập được giữ; nhập lại tệp sẽ tiếp tục phần còn lại.`;
          request.log.error(error);
        },
      );
    }
    return reply.redirect(`/ke-hoach/${draft.id}`);
  });
}
