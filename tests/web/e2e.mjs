// End-to-end test of the web page in a real browser (Debian's Chromium,
// driven by playwright-core): enter the API key, upload an ID photo and a
// selfie, verify, and check the decision, the drawn face boxes, the aligned
// crops and the error state. Usage (see run_e2e.sh):
//   node e2e.mjs URL API_KEY ID_PHOTO SELFIE OTHER_PERSON NO_FACE_IMAGE SCREENSHOT
import { check, finish, launchChromium } from './lib.mjs';

const [url, apiKey, idPhoto, selfie, otherPerson, noFace, screenshot, licenceFront, smallCardOther] =
    process.argv.slice(2);
// A fake camera (Chromium's synthetic test pattern) and auto-accepted permission prompts.
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1100, height: 1400 } });
  const consoleErrors = [];
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  const response = await page.goto(url, { waitUntil: 'load' });
  check(response.status() === 200, 'the page is served at /');
  check((response.headers()['content-security-policy'] || '').includes("default-src 'self'"),
        'the page is served with a same-origin Content-Security-Policy');
  check(await page.locator('#verify').isDisabled(), 'Verify is disabled until both images are chosen');

  // Keyboard: the key field, both file inputs and the button are reachable with Tab.
  await page.locator('#api-key').focus();
  const order = [];
  for (let i = 0; i < 6; i++) {
    await page.keyboard.press('Tab');
    order.push(await page.evaluate(() => document.activeElement.id));
  }
  check(order.includes('target-file') && order.includes('source-file') && order.includes('camera-open'),
        `file inputs and the camera button are keyboard reachable (${order.join(', ')})`);

  await page.fill('#api-key', apiKey);
  await page.setInputFiles('#target-file', idPhoto);
  await page.setInputFiles('#source-file', selfie);
  check(await page.locator('#verify').isEnabled(), 'Verify is enabled once both images are chosen');
  await page.click('#verify');
  await page.waitForSelector('#result:not([hidden])', { timeout: 30000 });
  const decision = await page.textContent('#decision');
  check(/^Match/.test(decision), `the decision reads "${decision}"`);
  const gauge = await page.textContent('#gauge-text');
  check(/Similarity \d+\.\d of 100; the threshold is 80\./.test(gauge), `the gauge reads "${gauge}"`);
  check(/about \d+% of genuine holders of a photographed card score below it\./.test(gauge),
        `the gauge states the false non-match rate at the portrait's size ("${gauge}")`);
  check(/(About|At most) 1 in [\d,]+ strangers would score this high\./.test(gauge),
        `the gauge states the false-match rate in words ("${gauge}")`);
  check(await page.locator('#reasons li[data-code="SIMILARITY_ABOVE_THRESHOLD"]').count() === 1 &&
        /similar enough to be the same person/.test(
            await page.textContent('#reasons li[data-code="SIMILARITY_ABOVE_THRESHOLD"]')),
        'the reason is listed in the words the server\'s vocabulary gives');
  for (const id of ['source-canvas', 'target-canvas']) {
    const faces = await page.getAttribute(`#${id}`, 'data-faces');
    check(Number(faces) >= 1, `${id} has ${faces} face box(es) drawn`);
    // The primary box's top edge is stroked in the box colour (#00c853).
    const green = await page.evaluate((cid) => {
      const c = document.getElementById(cid);
      const [x, y, w] = c.dataset.primaryBox.split(',').map(Number);
      const px = c.getContext('2d').getImageData(Math.round(x + w / 2), Math.round(y), 1, 1).data;
      return px[1] > 150 && px[0] < 80 && px[2] < 150;
    }, id);
    check(green, `${id}: the primary box is visible on the image`);
  }
  const cropFilled = await page.evaluate(() => {
    const d = document.getElementById('source-crop').getContext('2d').getImageData(0, 0, 112, 112).data;
    let lit = 0;
    for (let i = 3; i < d.length; i += 4) lit += d[i] > 0;
    return lit / (112 * 112);
  });
  check(cropFilled > 0.9, `the aligned selfie crop is drawn (${(cropFilled * 100).toFixed(0)}% of pixels)`);
  check(/Liveness: live/.test(await page.textContent('#liveness-out')), 'liveness is shown');
  check(await page.locator('#source-quality table tbody tr').count() === 9, 'the nine quality measures are shown');
  check(/Nothing on the ID photo could be read/.test(await page.textContent('#document-out')),
        'a plain face photo as ID photo: the document section says nothing was readable');

  // A licence front (generated: real face as portrait, PDF417 code): the document section.
  await page.setInputFiles('#target-file', licenceFront);
  await page.click('#verify');
  await page.waitForFunction(() => /SAMPLE/.test(document.getElementById('document-out').textContent), null,
                             { timeout: 30000 });
  check(/^Match/.test(await page.textContent('#decision')), 'the licence front matches the selfie');
  check(await page.textContent('#document-out dd[data-field="document_number"]') === 'D1234562',
        'the document number read from the barcode is shown');
  check(await page.locator('#document-out li[data-check="not_expired"].pass').count() === 1 &&
        await page.locator('#document-out li[data-check="minimum_age"].pass').count() === 1,
        'the document checks are shown as passed');
  check(await page.locator('#reasons li[data-code="GHOST_PORTRAIT_FOUND"]').count() === 1 &&
        Number(await page.getAttribute('#target-canvas', 'data-faces')) === 2,
        'the ghost portrait is named in words and drawn beside the portrait');
  await page.screenshot({ path: screenshot, fullPage: true });
  console.log(`screenshot: ${screenshot}`);

  // A different person: "No match".
  await page.setInputFiles('#source-file', otherPerson);
  await page.click('#verify');
  await page.waitForFunction(() => /No match/.test(document.getElementById('decision').textContent) &&
                                   !document.getElementById('result').hidden, null, { timeout: 30000 });
  check(true, 'a different person reads "No match"');

  // Another person's card photographed from afar (a 60 px portrait): not a
  // confident "No match" but a request to photograph the ID closer.
  if (smallCardOther) {
    await page.setInputFiles('#source-file', selfie);
    await page.setInputFiles('#target-file', smallCardOther);
    await page.click('#verify');
    await page.waitForFunction(() => /^Retake/.test(document.getElementById('decision').textContent) &&
                                     !document.getElementById('result').hidden, null, { timeout: 30000 });
    const words = await page.textContent('#reasons li[data-code="DOCUMENT_PORTRAIT_TOO_SMALL"]');
    check(/closer/.test(words || ''), `a small portrait asks for a closer photo: "${words}"`);
    check(/photograph the ID close up/i.test(await page.textContent('#target-hint')), 'the ID picker says to come close');
  }

  // An image without a face: a clear error in words, with its code.
  await page.setInputFiles('#source-file', noFace);
  await page.click('#verify');
  await page.waitForSelector('#status.error', { timeout: 30000 });
  const err = await page.textContent('#status');
  check(/No face was found in the selfie/.test(err) && err.includes('NO_FACE_IN_SOURCE'), `no-face error: "${err}"`);
  check(await page.locator('#result').isHidden(), 'no stale result is shown with an error');

  // A wrong key: UNAUTHENTICATED in words.
  await page.fill('#api-key', 'idm_0000000000000000_wrong');
  await page.setInputFiles('#source-file', selfie);
  await page.click('#verify');
  await page.waitForFunction(() => document.getElementById('status').dataset.code === 'UNAUTHENTICATED', null,
                             { timeout: 30000 });
  check(true, 'a wrong key reads UNAUTHENTICATED in words');
  check(await page.evaluate(() => sessionStorage.getItem('idmatch-api-key')) === 'idm_0000000000000000_wrong',
        'the key is kept in session storage');

  // The camera: open, capture a frame, and it becomes the selfie (the fake
  // camera shows no face, so the server's answer is the no-face error).
  await page.click('#camera-open');
  await page.waitForFunction(() => document.getElementById('camera-video').videoWidth > 0, null, { timeout: 15000 });
  await page.click('#camera-capture');
  await page.waitForFunction(() => /camera/.test(document.querySelector('#pick-source .drop-text').textContent),
                             null, { timeout: 15000 });
  check(await page.locator('#camera').isHidden(), 'the camera closes after the capture');
  await page.fill('#api-key', apiKey);
  await page.click('#verify');
  await page.waitForFunction(() => document.getElementById('status').dataset.code === 'NO_FACE_IN_SOURCE', null,
                             { timeout: 30000 });
  check(true, 'a camera capture is sent as the selfie');

  // Phone width: nothing overflows horizontally.
  await page.setViewportSize({ width: 375, height: 800 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  const wide = await page.evaluate(() => [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5 && e.offsetParent !== null)
      .map((e) => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}`).slice(0, 5).join(' '));
  check(overflow <= 0, `no horizontal scrolling at 375 px (overflow ${overflow} px ${wide})`);
  check(consoleErrors.filter((e) => !/status of 4\d\d/.test(e)).length === 0,
        `no script errors (${consoleErrors.join(' | ')})`);
} finally {
  await browser.close();
}
finish('web e2e');
