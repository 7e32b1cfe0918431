// What the browser tests share: a check() that counts failures, Debian's
// Chromium launched headless with a fake camera (a synthetic pattern, or the
// given video file), and the closing report.
import { chromium } from 'playwright-core';

let failures = 0;

export function check(ok, what) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures++;
}

export async function launchChromium(videoFile) {
  const args = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--use-fake-device-for-media-stream',
                '--use-fake-ui-for-media-stream'];
  if (videoFile) args.push(`--use-file-for-fake-video-capture=${videoFile}`);
  return chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, args });
}

// Exits 1 when a check failed.
export function finish(name) {
  if (failures) {
    console.log(`${failures} check(s) failed`);
    process.exit(1);
  }
  console.log(`${name}: all checks passed`);
}
