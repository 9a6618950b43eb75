/** What the office reads for a digest's (or a row's own mail's) delivery state, on the web and in `digest status`. */
export const DIGEST_STATE_LABEL: Record<string, string> = {
  'cho-gui': 'chờ gửi',
  'da-gui': 'đã gửi',
  'bi-tu-choi': 'bị từ chối',
  'khong-gui-duoc': 'không gửi được',
  'da-chuyen': 'đã chuyển sang thư sau',
};

/** "Chờ gửi": the label at the start of a table cell. */
export function digestStateLabel(state: string, capitalised = false): string {
  const label = DIGEST_STATE_LABEL[state] ?? state;
  return capitalised ? label.charAt(0).toUpperCase() + label.slice(1) : label;
}
