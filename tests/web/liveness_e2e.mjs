// The guided liveness page in a real browser (Debian's Chromium via
// playwright-core) whose camera is a video file: at phone width, by keyboard,
// the capture follows the challenge named in the URL and reads "Live"; the ID
// photo of someone else does not match; the decision is stored on the server;
// the same challenge cannot be used twice. Usage (see run_liveness_e2e.sh):
//   node liveness_e2e.mjs URL API_KEY CHALLENGE_ID VIDEO.y4m OTHER_PERSON SCREENSHOT
import { check, finish, launchChromium } from './lib.mjs';

const [url, apiKey, challenge, video, otherPerson, screenshot] = process.argv.slice(2);
const browser = await launchChromium(video);
try {
  const page = await browser.newPage({ viewport: { width: 375, height: 800 } });
  const consoleErrors = [];
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  const response = await page.goto(`${url}liveness?challenge=${challenge}`, { waitUntil: 'load' });
  check(response.status() === 200, 'the page is served at /liveness');
  check((response.headers()['content-security-policy'] || '').includes("default-src 'self'"),
        'it is served with the same-origin Content-Security-Policy');

  // Keyboard only: the key, the ID photo and Start are reachable with Tab; Enter starts.
  await page.locator('#api-key').focus();
  await page.keyboard.type(apiKey);
  await page.setInputFiles('#id-file', otherPerson);
  const order = [];
  for (let i = 0; i < 3; i++) {
    await page.keyboard.press('Tab');
    order.push(await page.evaluate(() => document.activeElement.id));
  }
  check(order.includes('id-file') && order.includes('start'), `keyboard order reaches the inputs (${order.join(', ')})`);
  await page.locator('#start').focus();
  await page.keyboard.press('Enter');
  await page.waitForSelector('#capture:not([hidden])', { timeout: 15000 });
  const firstWords = await page.textContent('#instruction');
  check(/Look straight at the camera/.test(firstWords), `the capture starts with "${firstWords}"`);
  await page.waitForFunction(() => /turn your head to your left/i.test(document.getElementById('instruction').textContent),
                             null, { timeout: 10000 });
  check(true, 'the first action is shown in words');
  await page.waitForSelector('#result:not([hidden])', { timeout: 60000 }).catch(() => {});
  const decision = await page.textContent('#decision');
  const status = await page.textContent('#status');
  check(/^Live/.test(decision), `the decision reads "${decision}" (${status})`);
  const reasons = await page.locator('#reasons li').allTextContents();
  check(reasons.length === 0, `no deciding check failed (${reasons.join(' | ')})`);
  const match = await page.textContent('#match-text').catch(() => '');
  check(/does not match/.test(match || ''), `someone else's ID photo does not match: "${match}"`);
  check(await page.evaluate(() => document.activeElement.id) === 'decision', 'focus moves to the decision');
  await page.screenshot({ path: screenshot, fullPage: true });
  console.log(`screenshot: ${screenshot}`);

  // The backend reads the decision by id.
  const stored = await (await fetch(`${url}v1/liveness/challenges/${challenge}`,
                                    { headers: { 'x-api-key': apiKey } })).json();
  check(stored.state === 'judged' && stored.live === true && stored.match === false,
        `the server keeps the decision (${JSON.stringify(stored)})`);

  // The same challenge again: refused in words, nothing captured.
  await page.click('#again');
  await page.click('#start');
  await page.waitForSelector('#status.error', { timeout: 15000 });
  const again = await page.textContent('#status');
  check(/already judged/.test(again), `a used challenge is refused: "${again}"`);
  check(await page.locator('#capture').isHidden(), 'no capture starts for a used challenge');

  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check(overflow <= 0, `no horizontal scrolling at 375 px (overflow ${overflow} px)`);
  check(consoleErrors.filter((e) => !/status of 4\d\d/.test(e)).length === 0,
        `no script errors (${consoleErrors.join(' | ')})`);
} finally {
  await browser.close();
}
finish('web liveness e2e');
