import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`; .ci/run installs it), or CHROMIUM_PATH. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Không có Chromium ở ${CHROMIUM}: cài bằng "apt-get install chromium" (hoặc đặt CHROMIUM_PATH).`);
  // No background traffic (updates, safe browsing, metrics); no sandbox when running as root in a container.
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--metrics-recording-only', '--no-first-run', '--no-sandbox'] });
}

export const SCREENSHOTS = join(__dirname, '..', '..', 'test-output', 'web');

/** A full-page screenshot at desktop width and at a 360-px phone width, into test-output/web/. */
export async function screenshots(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const size = page.viewportSize() ?? { width: 1280, height: 900 };
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}-may-tinh.png`), fullPage: true });
  await page.setViewportSize({ width: 360, height: 740 });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}-dien-thoai.png`), fullPage: true });
  await page.setViewportSize(size);
}

/** A PDF with the header of a Vietnamese administrative document, printed by Chromium (real fonts, real text). */
export async function administrativePdf(browser: Browser, number: string, dateLine: string, title: string): Promise<Buffer> {
  const page = await browser.newPage();
  await page.setContent(
    `<html lang="vi"><body style="font-family:serif;font-size:14pt">` +
      `<table style="width:100%"><tr><td style="text-align:center">UBND TỈNH AN GIANG<br><b>SỞ KHOA HỌC VÀ CÔNG NGHỆ</b></td>` +
      `<td style="text-align:center"><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b><br><b>Độc lập - Tự do - Hạnh phúc</b></td></tr>` +
      `<tr><td style="text-align:center">Số: ${number}</td><td style="text-align:center"><i>${dateLine}</i></td></tr></table>` +
      `<h2 style="text-align:center">${title}</h2><p>Thực hiện Kế hoạch số 16/KH-SKHCN, Sở Khoa học và Công nghệ báo cáo như sau…</p></body></html>`,
  );
  const pdf = await page.pdf({ format: 'A4' });
  await page.close();
  return pdf;
}
