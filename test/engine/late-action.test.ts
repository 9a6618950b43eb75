import { workerSeen, WORKER_SILENCE_MS } from '../../client/temporal-client';
import { lateActionReason } from '../../domain/tracking/late-action';

const SENT = Date.UTC(2026, 11, 3, 2, 15, 0);

describe('an action that reaches the row late', () => {
  it('is in time up to its notAfter and refused after it, naming both instants in Vietnam time', () => {
    expect(lateActionReason({ notAfter: SENT + 4_500 }, SENT + 4_500)).toBeNull();
    expect(lateActionReason({ notAfter: SENT + 4_500 }, SENT + 7 * 60_000)).toBe(
      'Thao tác đến máy chủ nhắc việc lúc 09:22:00 03/12/2026, sau 09:15:04 03/12/2026 là lúc người gửi đã được báo "chưa ghi nhận": không ghi nhận, hãy gửi lại.',
    );
  });

  it('has no limit without notAfter, as actions sent before it existed', () => {
    expect(lateActionReason({}, SENT + 365 * 86_400_000)).toBeNull();
  });
});

describe('whether a worker polls', () => {
  it('counts a poller seen within the silence as alive, and one silent for longer as gone', () => {
    expect(workerSeen([SENT], SENT + 65_000)).toBe(true);
    expect(workerSeen([SENT], SENT + WORKER_SILENCE_MS + 1)).toBe(false);
    expect(workerSeen([SENT - WORKER_SILENCE_MS - 1, SENT], SENT + 1_000)).toBe(true);
    expect(workerSeen([], SENT)).toBe(false);
  });
});
