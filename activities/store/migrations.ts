import { Kysely, Migration, MigrationProvider, Migrator, sql } from 'kysely';

/** Kept in code, in order: the worker and the CLI carry the schema they expect and bring any database up to it. */
const MIGRATIONS: Record<string, Migration> = {
  '2026-11-01-sent-ledger': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('sent_messages')
        .ifNotExists()
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('message_id', 'text', (c) => c.notNull())
        .addColumn('sent_at', 'bigint', (c) => c.notNull())
        .execute();
    },
  },
  '2026-11-23-read-model': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('plans')
        .addColumn('plan_key', 'text', (c) => c.primaryKey())
        .addColumn('number', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('date', 'text', (c) => c.notNull())
        .addColumn('year', 'integer', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('rows')
        .addColumn('row_key', 'text', (c) => c.primaryKey())
        .addColumn('plan_key', 'text', (c) => c.notNull().references('plans.plan_key'))
        .addColumn('position', 'text', (c) => c.notNull())
        .addColumn('content', 'text', (c) => c.notNull())
        .addColumn('lead_id', 'text', (c) => c.notNull())
        .addColumn('lead_name', 'text', (c) => c.notNull())
        .addColumn('coordinating', 'text', (c) => c.notNull())
        .addColumn('deadline_text', 'text', (c) => c.notNull())
        .addColumn('schedule_kind', 'text', (c) => c.notNull())
        .addColumn('expected_output', 'text', (c) => c.notNull())
        .addColumn('evidence_type', 'text', (c) => c.notNull())
        .addColumn('needs_deadline', 'integer', (c) => c.notNull())
        .addColumn('cancelled_reason', 'text')
        .addColumn('cancelled_at', 'bigint')
        .addColumn('recorded_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('rows_by_lead').on('rows').column('lead_id').execute();
      await db.schema
        .createTable('occurrences')
        .addColumn('row_key', 'text', (c) => c.notNull().references('rows.row_key'))
        .addColumn('occurrence_id', 'text', (c) => c.notNull())
        .addColumn('label', 'text', (c) => c.notNull())
        .addColumn('opens_on', 'text', (c) => c.notNull())
        .addColumn('original_nominal', 'text', (c) => c.notNull())
        .addColumn('nominal', 'text', (c) => c.notNull())
        .addColumn('effective', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('trigger_document', 'text')
        .addColumn('trigger_date', 'text')
        .addColumn('outcome', 'text')
        .addColumn('completed_at', 'bigint')
        .addColumn('cancelled_reason', 'text')
        .addColumn('pending_evidence', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('occurrences_pk', ['row_key', 'occurrence_id'])
        .execute();
      // The overdue list and reports select open occurrences by their effective deadline.
      await db.schema.createIndex('occurrences_by_effective').on('occurrences').columns(['effective', 'outcome']).execute();
      await db.schema
        .createTable('messages')
        .addColumn('message_key', 'text', (c) => c.primaryKey())
        .addColumn('row_key', 'text', (c) => c.notNull().references('rows.row_key'))
        .addColumn('occurrence_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('recipients', 'text', (c) => c.notNull())
        .addColumn('copies', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('sent_at', 'bigint', (c) => c.notNull())
        .addColumn('why', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('messages_by_occurrence').on('messages').columns(['row_key', 'occurrence_id', 'sent_at']).execute();
      await db.schema
        .createTable('evidence')
        .addColumn('row_key', 'text', (c) => c.notNull().references('rows.row_key'))
        .addColumn('occurrence_id', 'text', (c) => c.notNull())
        .addColumn('evidence_id', 'text', (c) => c.notNull())
        .addColumn('document_number', 'text', (c) => c.notNull())
        .addColumn('document_date', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('files', 'text', (c) => c.notNull())
        .addColumn('submitter_unit', 'text', (c) => c.notNull())
        .addColumn('submitter_name', 'text', (c) => c.notNull())
        .addColumn('submitted_at', 'bigint', (c) => c.notNull())
        .addColumn('review_decision', 'text')
        .addColumn('review_reason', 'text')
        .addColumn('reviewer', 'text')
        .addColumn('reviewed_at', 'bigint')
        .addPrimaryKeyConstraint('evidence_pk', ['row_key', 'occurrence_id', 'evidence_id'])
        .execute();
      await db.schema
        .createTable('events')
        .addColumn('row_key', 'text', (c) => c.notNull().references('rows.row_key'))
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('events_pk', ['row_key', 'seq'])
        .execute();
    },
  },
  '2026-12-01-occurrence-revision': {
    async up(db: Kysely<unknown>) {
      // Calendar feeds need a SEQUENCE that rises when a deadline moves or the row changes hands.
      await db.schema.alterTable('occurrences').addColumn('revision', 'integer', (c) => c.notNull().defaultTo(0)).execute();
    },
  },
  '2026-12-01-zalo-tokens': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('zalo_tokens')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('origin', 'text', (c) => c.notNull())
        .addColumn('access_token', 'text', (c) => c.notNull())
        .addColumn('refresh_token', 'text', (c) => c.notNull())
        .addColumn('saved_at', 'bigint', (c) => c.notNull())
        .execute();
    },
  },
  '2026-12-01-web-accounts': {
    async up(db: Kysely<unknown>) {
      // People who sign in to the web app; the password is kept only as a memory-hard hash (scrypt).
      await db.schema
        .createTable('users')
        .addColumn('email', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('unit_id', 'text')
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      // The units directory the office keeps from the web: one JSON document per version, the newest wins.
      await db.schema
        .createTable('units_directory')
        .addColumn('version', 'integer', (c) => c.primaryKey())
        .addColumn('document', 'text', (c) => c.notNull())
        .addColumn('saved_by', 'text', (c) => c.notNull())
        .addColumn('saved_at', 'bigint', (c) => c.notNull())
        .execute();
    },
  },
  '2026-12-02-daily-digest': {
    async up(db: Kysely<unknown>) {
      await db.schema.createTable('digest_rows').addColumn('row_key', 'text', (c) => c.primaryKey()).addColumn('source', 'text', (c) => c.notNull()).addColumn('recorded_at', 'bigint', (c) => c.notNull()).execute();
      await db.schema
        .createTable('digests')
        .addColumn('digest_key', 'text', (c) => c.primaryKey())
        .addColumn('list', 'text', (c) => c.notNull())
        .addColumn('email', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('subject', 'text')
        .addColumn('message_id', 'text')
        .addColumn('sent_at', 'bigint')
        .addColumn('error', 'text')
        .execute();
      await db.schema.createIndex('digests_by_day').on('digests').columns(['day', 'state']).execute();
      await db.schema
        .createTable('digest_items')
        .addColumn('item_key', 'text', (c) => c.primaryKey())
        .addColumn('digest_key', 'text', (c) => c.notNull().references('digests.digest_key'))
        .addColumn('row_key', 'text', (c) => c.notNull())
        .addColumn('occurrence_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('step', 'text', (c) => c.notNull())
        .addColumn('due_at', 'bigint', (c) => c.notNull())
        .addColumn('why', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('digest_items_by_digest').on('digest_items').column('digest_key').execute();
      // The sender asks, row by row, which of its items a digest already holds.
      await db.schema.createIndex('digest_items_by_row').on('digest_items').column('row_key').execute();
    },
  },
  '2026-12-03-delivery-failures': {
    async up(db: Kysely<unknown>) {
      // A digest refused for a while keeps its items owed: when the refusals began and how many there were.
      await db.schema.alterTable('digests').addColumn('first_failed_day', 'text').execute();
      await db.schema.alterTable('digests').addColumn('failed_at', 'bigint').execute();
      await db.schema.alterTable('digests').addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      await db.schema.createIndex('digests_by_state').on('digests').column('state').execute();
      // The sending side's refusal (authentication, relay, TLS, unreachable): one line for the office until a send works.
      await db.schema
        .createTable('mail_server_status')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('error', 'text', (c) => c.notNull())
        .addColumn('since', 'bigint', (c) => c.notNull())
        .addColumn('checked_at', 'bigint', (c) => c.notNull())
        .execute();
    },
  },
  '2026-12-03-revocable-sessions': {
    async up(db: Kysely<unknown>) {
      // A session is valid only while its version is the account's: a new password, role or unit, a logout or a
      // disabled account bumps it, and every copy of the old cookie stops working at its next request.
      await db.schema.alterTable('users').addColumn('session_version', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      await db.schema.alterTable('users').addColumn('disabled_at', 'bigint').execute();
    },
  },
  '2026-12-03-row-end': {
    async up(db: Kysely<unknown>) {
      // An ended row says when and why, so lists and pages show it as ended and offer no action on it.
      await db.schema.alterTable('rows').addColumn('ended_at', 'bigint').execute();
      await db.schema.alterTable('rows').addColumn('ended_reason', 'text').execute();
    },
  },
  '2026-12-04-report-day': {
    async up(db: Kysely<unknown>) {
      // The day reports count an occurrence on (domain/tracking/report-day.ts): its effective deadline, or for an
      // implied year-end indicator the last data day of its year's report. Rows recorded before it get the same
      // reading from what they stored: the indicator's label says the year it is evaluated in.
      await db.schema.alterTable('occurrences').addColumn('report_day', 'text').execute();
      await backfillReportDay(db);
      await db.schema.createIndex('occurrences_by_report_day').on('occurrences').column('report_day').execute();
    },
  },
  '2026-12-04-digest-next-due': {
    async up(db: Kysely<unknown>) {
      // The daily digest run reads only rows owing something by its horizon (domain/digest/next-due.ts), not every
      // row's recorded source. Rows recorded before this are due (0): the first run reads them and sets their instant.
      await db.schema.alterTable('digest_rows').addColumn('next_due', 'bigint', (c) => c.notNull().defaultTo(0)).execute();
      await db.schema.createIndex('digest_rows_by_next_due').on('digest_rows').column('next_due').execute();
    },
  },
  '2026-12-05-step-mail-failures': {
    async up(db: Kysely<unknown>) {
      // A mail of a row that mails each step itself, refused for its address or not delivered within 3 days: listed
      // to the office beside the digests that could not go out, until it is delivered.
      await db.schema
        .createTable('step_mail_failures')
        .addColumn('message_key', 'text', (c) => c.primaryKey())
        .addColumn('row_key', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('recipients', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('error', 'text', (c) => c.notNull())
        .addColumn('failed_at', 'bigint', (c) => c.notNull())
        .execute();
    },
  },
};

/**
 * The report day of occurrences recorded before the column existed, from what they stored: an implied year-end
 * indicator is the one whose label says the year's report it is evaluated in (domain/deadline/parse-deadline.ts).
 */
export async function backfillReportDay(db: Kysely<unknown>): Promise<void> {
  await sql`update occurrences set report_day = case when label like ${'đánh giá trong báo cáo năm %'} then substr(original_nominal, 1, 4) || '-12-14' else effective end where report_day is null`.execute(db);
}

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

/** Brings the database to the latest schema; fails with the migration's name and cause. */
export async function migrateToLatest(db: Kysely<unknown>): Promise<void> {
  const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'không rõ';
    throw new Error(`Không cập nhật được cấu trúc cơ sở dữ liệu (bước ${failed}): ${error instanceof Error ? error.message : String(error)}`);
  }
}
