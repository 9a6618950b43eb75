import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { rowDetail, RowDetail } from '../../../activities/store/web-pages';
import { isoDateAt } from '../../../domain/dates';
import { EVIDENCE_LABEL, EvidenceType } from '../../../domain/plan/evidence-type';
import { fold } from '../../../domain/text/normalize';
import { occurrenceName } from '../../../domain/tracking/occurrence-name';
import { factsSentence, ruleSentence, timelinessByRule, timelinessFacts } from '../../../domain/tracking/timeliness';
import { discardPendingUpload, EvidenceFileError, PendingUpload, PreparedEvidence, preparePendingUpload, stagePendingUpload } from '../../../activities/evidence-files';
import { canSeeRow, canSubmit, Forbidden, isOffice, principalOf, Principal, uploaderUnit } from '../access';
import { documentFacts, readDocument } from '../document-text';
import { field, FieldErrors, filePart, signFileRef, verifyFileRef } from '../form';
import { dayParam } from '../params';
import { cancelRow, extendDeadline, reassignRow, reviewEvidence, submitEvidence, triggerRow } from '../row-actions';
import { html } from '../server';
import { checkUpload, safeFileName, uploadAllowances, UploadRefused } from '../uploads';
import { helpers, render } from '../views';

// Evidence is taken from the day the plan is imported: a unit may finish before its period opens.
const OPEN = new Set(['chua-den-han', 'dang-thuc-hien-trong-han', 'dang-thuc-hien-qua-han']);

interface EvidenceForm {
  so: string;
  ngay: string;
  fileRef: string;
  fileName: string;
  note: string;
  errors: FieldErrors;
}

/** The evidence kind in brackets beside the expected output, only when it says more ("Báo cáo", not "Báo cáo (Báo cáo)"). */
function evidenceKindBeside(expectedOutput: string, evidenceType: string): string {
  const kind = EVIDENCE_LABEL[evidenceType as EvidenceType] ?? evidenceType;
  return fold(kind) === fold(expectedOutput) ? '' : kind;
}

/** What the office weighs before accepting: both dates, the deadline, and what the rule says (domain/tracking/timeliness.ts). */
function pendingReview(detail: RowDetail, occurrence: RowDetail['occurrences'][number]) {
  const evidence = detail.evidence.find((e) => e.occurrenceId === occurrence.occurrenceId && !e.decision);
  if (!evidence) return undefined;
  const facts = timelinessFacts(occurrence, evidence);
  return { facts: factsSentence(facts), rule: ruleSentence(facts), byRule: timelinessByRule(facts).byRule };
}

const emptyForm = (): EvidenceForm => ({ so: '', ngay: '', fileRef: '', fileName: '', note: '', errors: {} });

export async function rowRoutes(app: FastifyInstance): Promise<void> {
  const allowUpload = uploadAllowances();
  async function loadRow(request: FastifyRequest): Promise<{ detail: RowDetail; principal: Principal | undefined }> {
    const { plan, where } = request.params as { plan: string; where: string };
    const detail = await rowDetail(app.web.db, `${plan}/${where}`, await app.web.now());
    const principal = principalOf(request);
    if (!principal) throw Object.assign(new Error('chưa đăng nhập'), { statusCode: 401 });
    // A link's session lasts no longer than the link itself.
    if (principal.kind === 'link' && isoDateAt(await app.web.now()) > principal.scope.expiresOn) throw new Forbidden('Liên kết trong thư đã hết hạn. Hãy đăng nhập bằng tài khoản của đơn vị, hoặc đề nghị Văn phòng Sở gửi lại thư.');
    if (!detail) throw Object.assign(new Error('không có'), { statusCode: 404 });
    if (!canSeeRow(principal, { rowKey: detail.row.rowKey, leadId: detail.row.leadId })) throw new Forbidden('Nhiệm vụ này thuộc đơn vị khác: anh/chị không xem được.');
    return { detail, principal };
  }

  async function page(reply: FastifyReply, detail: RowDetail, principal: Principal | undefined, selected: string, form: EvidenceForm, office: { action?: string; error?: string } = {}, status = 200) {
    const occurrence = detail.occurrences.find((o) => o.occurrenceId === selected) ?? detail.occurrences.find((o) => OPEN.has(o.status)) ?? detail.occurrences[0];
    // An ended row is shown as it ended: nothing on it can be recorded any more, so no form is offered.
    const ended = detail.row.ended !== null;
    const submit = !ended && occurrence && OPEN.has(occurrence.status) && canSubmit(principal, { rowKey: detail.row.rowKey, leadId: detail.row.leadId }, occurrence.occurrenceId);
    return html(
      reply.code(status),
      render('row', { title: `Nhiệm vụ ${detail.row.where}`, principal, csrf: reply.generateCsrf() }, {
        d: detail,
        occurrence,
        submit,
        form,
        office: isOffice(principal) && !ended ? office : null,
        evidenceLabel: evidenceKindBeside(detail.row.expectedOutput, detail.row.evidenceType),
        review: occurrence ? pendingReview(detail, occurrence) : undefined,
        // The office's reassign form lists the units.
        units: isOffice(principal) ? (await app.web.units()).units : [],
      }),
    );
  }
  app.get('/nhiem-vu/:plan/:where', async (request, reply) => {
    if (!principalOf(request)) return reply.redirect(`/dang-nhap?tiep=${encodeURIComponent(request.url)}`);
    const { detail, principal } = await loadRow(request);
    return page(reply, detail, principal, String((request.query as Record<string, string>).lan ?? ''), emptyForm());
  });

  /** Evidence: read the number and date from the file (a person confirms), or send it to the workflow. */
  app.post('/nhiem-vu/:plan/:where/minh-chung', { preHandler: app.csrfProtection }, async (request, reply) => {
    const { detail, principal } = await loadRow(request);
    const body = request.body;
    const occurrenceId = field(body, 'lan');
    const row = { rowKey: detail.row.rowKey, leadId: detail.row.leadId };
    if (!canSubmit(principal, row, occurrenceId)) throw new Forbidden('Anh/chị không nộp được minh chứng cho lần thực hiện này (chỉ đơn vị chủ trì, hoặc liên kết trong thư của đúng lần thực hiện đó).');
    const form: EvidenceForm = { so: field(body, 'so'), ngay: field(body, 'ngay'), fileRef: field(body, 'tep_da_tai'), fileName: '', note: '', errors: {} };
    // A file waits outside the evidence store until its submission is accepted; the form carries it signed.
    const kept = form.fileRef ? verifyFileRef(form.fileRef, row.rowKey, app.web.secrets.linkSecret) : null;
    let upload: PendingUpload | null = kept ? { id: kept.stored, name: kept.name, sha256: kept.sha256, bytes: kept.bytes } : null;
    if (form.fileRef && !upload) form.fileRef = '';
    const part = filePart(body, 'tep');
    let readFromFile = field(body, 'hanh_dong') === 'doc-tep';
    if (part) {
      const name = safeFileName(part.filename, 'minh-chung');
      const bytes = await part.toBuffer();
      try {
        const kind = await checkUpload(name, bytes, ['pdf', 'docx', 'xlsx', 'doc', 'png', 'jpeg']);
        const refused = allowUpload(principal!.sessionId, uploaderUnit(principal!), bytes.length);
        if (refused) throw new UploadRefused(refused);
        upload = await stagePendingUpload(name, bytes, app.web.evidenceDir);
        form.fileRef = signFileRef({ name: upload.name, sha256: upload.sha256, bytes: upload.bytes, stored: upload.id }, row.rowKey, app.web.secrets.linkSecret);
        if ((kind === 'pdf' || kind === 'docx') && (readFromFile || !form.so || !form.ngay)) {
          const read = await readDocument(kind, bytes);
          const facts = documentFacts(read.text);
          const found: string[] = [];
          if (facts.number && !form.so) (form.so = facts.number), found.push(`số ${facts.number}`);
          if (facts.date && !form.ngay) (form.ngay = helpers.date(facts.date)), found.push(`ngày ${helpers.date(facts.date)}`);
          const said = read.note ? `${read.note} ` : '';
          form.note = found.length ? `${said}Đã đọc từ tệp: ${found.join(', ')}. Hãy kiểm tra lại rồi bấm "Gửi minh chứng".` : `${said}Không đọc được số và ngày văn bản từ tệp: hãy ghi vào hai ô dưới đây.`;
          readFromFile = true;
        }
      } catch (error) {
        if (!(error instanceof UploadRefused) && !(error instanceof EvidenceFileError)) throw error;
        form.errors.tep = error.message;
      }
    }
    form.fileName = upload?.name ?? '';
    if (readFromFile || form.errors.tep) return page(reply, detail, principal, occurrenceId, form, {}, form.errors.tep ? 400 : 200);

    if (!form.so) form.errors.so = 'Ghi số và ký hiệu văn bản, ví dụ 662/BC-SKHCN.';
    const date = dayParam(form.ngay);
    if (!date) form.errors.ngay = form.ngay ? `"${form.ngay}" không phải ngày: ghi theo dạng ngày/tháng/năm, ví dụ 27/4/2025.` : 'Ghi ngày ban hành văn bản, ví dụ 27/4/2025.';
    if (Object.keys(form.errors).length > 0) return page(reply, detail, principal, occurrenceId, form, {}, 400);

    // The file is copied into the store beside its place, and put there only when the workflow accepts the submission.
    let prepared: PreparedEvidence | null = null;
    if (upload) {
      try {
        prepared = await preparePendingUpload(upload, app.web.evidenceDir);
      } catch (error) {
        if (!(error instanceof EvidenceFileError)) throw error;
        (form.errors.tep = error.message), (form.fileRef = ''), (form.fileName = '');
        return page(reply, detail, principal, occurrenceId, form, {}, 400);
      }
    }
    const file = prepared?.files[0] ?? null;
    const result = await submitEvidence(app.web.temporal, row.rowKey, {
      occurrenceId,
      documentNumber: form.so,
      documentDate: date!,
      title: detail.row.expectedOutput,
      files: file ? [file] : [],
      submitter: { unitId: detail.row.leadId, name: principal!.name, ...(principal!.email ? { email: principal!.email } : {}) },
    }).catch(async (error: unknown) => {
      await prepared?.abandon();
      throw error;
    });
    if (prepared && result.ok) await prepared.commit();
    else await prepared?.abandon();
    if (result.ok && upload) await discardPendingUpload(upload, app.web.evidenceDir);
    if (!result.ok) {
      // The workflow's refusal goes beside the field it is about.
      const key = /ngày/i.test(result.refused) && !/số văn bản|kết quả cần nộp/i.test(result.refused) ? 'ngay' : /số văn bản|văn bản .* là|kết quả cần nộp/i.test(result.refused) ? 'so' : 'chung';
      form.errors[key] = result.refused;
      return page(reply, detail, principal, occurrenceId, form, {}, 400);
    }
    return html(
      reply,
      render('submitted', { title: 'Đã gửi minh chứng', principal, csrf: reply.generateCsrf() }, { d: detail, occurrenceId, so: form.so, status: result.value.status, file }),
    );
  });

  /** An evidence file, for whoever may see the row; the stored path must stay inside the evidence store. */
  app.get('/nhiem-vu/:plan/:where/tep/:evidence/:index', async (request, reply) => {
    const { detail } = await loadRow(request);
    const { evidence, index } = request.params as { evidence: string; index: string };
    const [occurrenceId, evidenceId] = evidence.split('~');
    const file = detail.evidence.find((e) => e.occurrenceId === occurrenceId && e.evidenceId === evidenceId)?.files[Number(index)];
    if (!file) return reply.callNotFound();
    const root = resolve(app.web.evidenceDir);
    const path = resolve(root, file.stored);
    if (!path.startsWith(root + sep) || !(await stat(path).catch(() => null))) return reply.callNotFound();
    return reply
      .type('application/octet-stream')
      .header('content-disposition', `attachment; filename="${file.name.replace(/[^\x20-\x7e]/g, '_').replace(/"/g, '')}"; filename*=UTF-8''${encodeURIComponent(file.name)}`)
      .header('cache-control', 'private, no-store')
      .send(createReadStream(path));
  });

  /** The office's actions on a row, each one workflow update attributed to the person. */
  app.post('/nhiem-vu/:plan/:where/van-phong/:action', { preHandler: app.csrfProtection }, async (request, reply) => {
    const { detail, principal } = await loadRow(request);
    if (!isOffice(principal)) throw new Forbidden('Chỉ Văn phòng Sở được xác nhận, mở lần thực hiện, gia hạn, giao lại hay huỷ nhiệm vụ.');
    const { action } = request.params as { action: string };
    const body = request.body;
    const by = principal!.name;
    const rowKey = detail.row.rowKey;
    const occurrenceId = field(body, 'lan');
    const needDay = (name: string, what: string) => dayParam(field(body, name)) ?? (field(body, name) ? `!${what} "${field(body, name)}" không phải ngày: ghi theo dạng ngày/tháng/năm.` : `!Ghi ${what}.`);
    let outcome: { ok: true; text: string } | { ok: false; refused: string };
    switch (action) {
      case 'xac-nhan': {
        const decision = field(body, 'quyet_dinh') === 'tra-lai' ? 'return' : 'accept';
        const timely = field(body, 'thoi_han');
        const timeliness = timely === 'dung-han' || timely === 'qua-han' ? { outcome: timely === 'dung-han' ? ('on-time' as const) : ('late' as const), reason: field(body, 'ly_do_thoi_han') } : undefined;
        const r = await reviewEvidence(app.web.temporal, rowKey, occurrenceId, decision, field(body, 'ly_do'), by, timeliness);
        outcome = r.ok ? { ok: true, text: `Đã ${decision === 'accept' ? 'xác nhận' : 'trả lại'} minh chứng: ${helpers.statusLabel(r.value)}.${decision === 'return' ? ' Đơn vị nhận thư báo lý do.' : ''}` } : r;
        break;
      }
      case 'mo-lan': {
        const date = needDay('ngay', 'ngày văn bản');
        const han = field(body, 'han') ? needDay('han', 'hạn') : undefined;
        if (date.startsWith('!') || han?.startsWith('!') || !field(body, 'van_ban')) {
          outcome = { ok: false, refused: !field(body, 'van_ban') ? 'Ghi văn bản yêu cầu (số, ký hiệu, ngày).' : (date.startsWith('!') ? date : han!).slice(1) };
          break;
        }
        const r = await triggerRow(app.web.temporal, rowKey, field(body, 'van_ban'), date, han, by);
        outcome = r.ok ? { ok: true, text: `Đã mở ${occurrenceName({ id: r.value, label: `theo ${field(body, 'van_ban')}` })}.` } : r;
        break;
      }
      case 'gia-han': {
        const han = needDay('han', 'hạn mới');
        if (han.startsWith('!')) {
          outcome = { ok: false, refused: han.slice(1) };
          break;
        }
        const r = await extendDeadline(app.web.temporal, rowKey, occurrenceId, han, field(body, 'van_ban'), by);
        outcome = r.ok ? { ok: true, text: `Đã gia hạn đến ${helpers.date(han)}.` } : r;
        break;
      }
      case 'giao-lai': {
        const units = await app.web.units();
        const unitId = field(body, 'don_vi');
        if (!units.units.some((u) => u.id === unitId)) {
          outcome = { ok: false, refused: 'Chọn đơn vị chủ trì mới trong danh bạ.' };
          break;
        }
        const r = await reassignRow(app.web.temporal, rowKey, units, unitId, detail.row.coordinating.map((c) => c.id), field(body, 'van_ban'), by);
        outcome = r.ok ? { ok: true, text: `Đã giao lại cho ${units.units.find((u) => u.id === unitId)!.name}.` } : r;
        break;
      }
      case 'huy': {
        if (!field(body, 'ly_do')) {
          outcome = { ok: false, refused: 'Huỷ theo dõi cần ghi lý do.' };
          break;
        }
        const r = await cancelRow(app.web.temporal, rowKey, field(body, 'ly_do'), by);
        outcome = r.ok ? { ok: true, text: 'Đã huỷ theo dõi nhiệm vụ.' } : r;
        break;
      }
      default:
        return reply.callNotFound();
    }
    if (!outcome.ok) return page(reply, detail, principal, occurrenceId, emptyForm(), { action, error: outcome.refused }, 400);
    const back = field(body, 'quay_lai') === 'hang-doi' ? '/cho-xac-nhan' : `${helpers.rowPath(rowKey, occurrenceId || undefined)}`;
    return html(reply, render('message', { title: 'Đã ghi nhận', principal, csrf: reply.generateCsrf() }, { panel: true, lines: [outcome.text, 'Trang nhiệm vụ cập nhật sau vài giây (khi sổ theo dõi ghi xong).'], next: { href: back, text: back === '/cho-xac-nhan' ? 'Về danh sách chờ xác nhận' : 'Về trang nhiệm vụ' } }));
  });
}
