import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { readPlanFile } from '../../../activities/plan-files/read-plan';
import { PlanFileError } from '../../../activities/plan-files/errors';
import { PlanDocument } from '../../../domain/plan/model';
import { previewPlan, PROBLEM_LABEL } from '../../../domain/plan/preview';
import { importPlan, ImportSummary } from '../../plan-import';
import { endsOnStartSentence } from '../../../domain/tracking/row-end';
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

export async function planRoutes(app: FastifyInstance): Promise<void> {
  const office = requireAccount(['van-phong']);
  const drafts = new Map<string, Draft>();
  const draftOf = (id: string) => {
    const d = drafts.get(id);
    return d && Date.now() - d.createdAt < DRAFT_TTL_MS ? d : null;
  };

  const uploadPage = (request: import('fastify').FastifyRequest, reply: import('fastify').FastifyReply, error = '', status = 200) =>
    html(reply.code(status), render('plan-upload', { title: 'Nhập kế hoạch', principal: principalOf(request), csrf: reply.generateCsrf(), current: 'ke-hoach' }, { error }));

  app.get('/ke-hoach', { preHandler: office }, async (request, reply) => uploadPage(request, reply));

  app.post('/ke-hoach', { preHandler: [office, app.csrfProtection] }, async (request, reply) => {
    const part = filePart(request.body, 'tep');
    if (!part) return uploadPage(request, reply, 'Chọn tệp kế hoạch (.xlsx, .csv hoặc .json) để tải lên.', 400);
    const name = safeFileName(part.filename, 'ke-hoach.xlsx');
    const bytes = await part.toBuffer();
    let doc: PlanDocument;
    const dir = await mkdtemp(join(tmpdir(), 'dondoc-plan-'));
    try {
      await checkUpload(name, bytes, ['xlsx', 'text']);
      const path = join(dir, name);
      await writeFile(path, bytes);
      doc = await readPlanFile(path);
    } catch (error) {
      if (error instanceof UploadRefused || error instanceof PlanFileError) return uploadPage(request, reply, error.message, 400);
      throw error;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
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
        render('plan-import', { title: 'Nhập kế hoạch', principal: principalOf(request), csrf: reply.generateCsrf(), current: 'ke-hoach' }, { draft, refresh: draft.run.summary || draft.run.error ? undefined : 1, endedOnStartSentence: draft.run.summary ? endsOnStartSentence(draft.run.summary.endedOnStart.map((k) => k.split('/').pop()!), draft.doc.plan.year) : '' }),
      );
    }
    return html(
      reply,
      render('plan-preview', { title: 'Xem trước kế hoạch', principal: principalOf(request), csrf: reply.generateCsrf(), current: 'ke-hoach' }, { draft, rows, summary, summaryText: summaryLine(summary), problemLabel: PROBLEM_LABEL, units: units.units }),
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
          run.error = `Nhập kế hoạch dừng ở dòng ${run.done + 1}/${run.total}: ${error instanceof Error ? error.message : String(error)}. Các dòng đã nhập được giữ; nhập lại tệp sẽ tiếp tục phần còn lại.`;
          request.log.error(error);
        },
      );
    }
    return reply.redirect(`/ke-hoach/${draft.id}`);
  });
}
