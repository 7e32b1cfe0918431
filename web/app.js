// idmatch demo page: picks an ID photo and a selfie (file, drop or camera),
// posts them to /v1/compare as multipart, and draws the answer. No external
// code; the API key lives in sessionStorage only.
'use strict';

const $ = (id) => document.getElementById(id);
const TEMPLATE = [[38.2946, 51.6963], [73.5318, 51.5014], [56.0252, 71.7366], [41.5493, 92.3655], [70.7299, 92.2041]];

const DOCUMENT_FIELDS = [
  ['family_name', 'Family name'], ['given_names', 'Given names'], ['birth_date', 'Birth date'],
  ['sex', 'Sex'], ['document_number', 'Document number'], ['type', 'Type'],
  ['issuing_country', 'Issuing country'], ['jurisdiction', 'Jurisdiction'], ['issue_date', 'Issued'],
  ['expiry_date', 'Expires'], ['source', 'Read from'],
];
// Every code's plain words come from the server's one table (GET /v1/vocabulary),
// never from a copy here; until they arrive (or if they cannot), codes show as they are.
let words = { reasons: {}, errors: {}, checks: {} };
const wordsLoaded = fetch('/v1/vocabulary')
  .then((r) => (r.ok ? r.json() : null))
  .then((w) => { if (w) words = w; })
  .catch(() => {});

function reasonWords(code) {
  return words.reasons[code] || code;
}

const picked = { source: null, target: null };

function setStatus(text, kind) {
  const s = $('status');
  s.textContent = text;
  s.className = kind || '';
}

function updateVerify() {
  $('verify').disabled = !(picked.source && picked.target);
}

function pick(which, file) {
  if (!file) return;
  picked[which] = file;
  const section = $(which === 'source' ? 'pick-source' : 'pick-target');
  const img = section.querySelector('.preview');
  const text = section.querySelector('.drop-text');
  img.src = URL.createObjectURL(file);
  img.alt = which === 'source' ? 'Selfie preview' : 'ID photo preview';
  img.hidden = false;
  img.onerror = () => { img.hidden = true; text.textContent = `${file.name} (no preview in this browser)`; };
  text.textContent = file.name || 'camera capture';
  updateVerify();
}

function wirePicker(which) {
  const section = $(which === 'source' ? 'pick-source' : 'pick-target');
  const input = section.querySelector('input[type=file]');
  const drop = section.querySelector('.drop');
  input.addEventListener('change', () => pick(which, input.files[0]));
  for (const ev of ['dragenter', 'dragover']) {
    drop.addEventListener(ev, (e) => { e.preventDefault(); drop.classList.add('dragover'); });
  }
  for (const ev of ['dragleave', 'drop']) drop.addEventListener(ev, () => drop.classList.remove('dragover'));
  drop.addEventListener('drop', (e) => { e.preventDefault(); pick(which, e.dataTransfer.files[0]); });
}

let stream = null;
async function openCamera() {
  try {
    stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'user' }, audio: false });
  } catch (err) {
    setStatus('The camera is not available here (' + err.name + '); choose a file instead.', 'error');
    return;
  }
  $('camera-video').srcObject = stream;
  $('camera').hidden = false;
  $('camera-capture').focus();
}
function closeCamera() {
  if (stream) stream.getTracks().forEach((t) => t.stop());
  stream = null;
  $('camera').hidden = true;
  $('camera-open').focus();
}
function capture() {
  const v = $('camera-video');
  const c = document.createElement('canvas');
  c.width = v.videoWidth;
  c.height = v.videoHeight;
  c.getContext('2d').drawImage(v, 0, 0);
  c.toBlob((blob) => { pick('source', new File([blob], 'camera.jpg', { type: 'image/jpeg' })); closeCamera(); },
           'image/jpeg', 0.92);
}

// Least-squares similarity transform (Umeyama, 2-D) from points p to q.
function similarity(p, q) {
  const n = p.length;
  let mpx = 0, mpy = 0, mqx = 0, mqy = 0;
  for (let i = 0; i < n; i++) { mpx += p[i][0]; mpy += p[i][1]; mqx += q[i][0]; mqy += q[i][1]; }
  mpx /= n; mpy /= n; mqx /= n; mqy /= n;
  let dot = 0, cross = 0, norm = 0;
  for (let i = 0; i < n; i++) {
    const px = p[i][0] - mpx, py = p[i][1] - mpy, qx = q[i][0] - mqx, qy = q[i][1] - mqy;
    dot += px * qx + py * qy; cross += px * qy - py * qx; norm += px * px + py * py;
  }
  const a = dot / norm, b = cross / norm;
  return [a, b, mqx - (a * mpx - b * mpy), mqy - (b * mpx + a * mpy)];
}

async function bitmapOf(file) {
  try { return await createImageBitmap(file, { imageOrientation: 'from-image' }); } catch { return null; }
}

function drawFaces(canvas, bitmap, info, faces) {
  canvas.width = info.width;
  canvas.height = info.height;
  const ctx = canvas.getContext('2d');
  if (bitmap) ctx.drawImage(bitmap, 0, 0, info.width, info.height);
  const line = Math.max(2, Math.round(Math.max(info.width, info.height) / 300));
  faces.forEach((f, i) => {
    ctx.lineWidth = line;
    ctx.strokeStyle = i === 0 ? '#00c853' : '#ffab00';
    ctx.strokeRect(f.box.x, f.box.y, f.box.width, f.box.height);
    ctx.fillStyle = '#ff1744';
    for (const p of f.landmarks) { ctx.beginPath(); ctx.arc(p.x, p.y, line * 1.5, 0, 2 * Math.PI); ctx.fill(); }
  });
  canvas.dataset.faces = String(faces.length);
  if (faces.length) {
    const b = faces[0].box;
    canvas.dataset.primaryBox = [b.x, b.y, b.width, b.height].map(Math.round).join(',');
  }
}

function drawCrop(canvas, bitmap, face) {
  const ctx = canvas.getContext('2d');
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, 112, 112);
  if (!bitmap || !face) return;
  const [a, b, tx, ty] = similarity(face.landmarks.map((p) => [p.x, p.y]), TEMPLATE);
  ctx.setTransform(a, b, -b, a, tx, ty);
  ctx.drawImage(bitmap, 0, 0);
  ctx.setTransform(1, 0, 0, 1, 0, 0);
}

function qualityTable(title, quality) {
  const wrap = document.createElement('div');
  const h = document.createElement('h3');
  h.textContent = `${title}: quality ${quality.assessed ? (quality.passed ? 'passed' : 'failed') : 'not assessed'}` +
                  (quality.level ? ` (${quality.level})` : '');
  wrap.appendChild(h);
  if (!quality.measures) return wrap;
  const t = document.createElement('table');
  t.innerHTML = '<thead><tr><th scope="col">measure</th><th scope="col">value</th><th scope="col">score</th>' +
                '<th scope="col">result</th></tr></thead>';
  const body = document.createElement('tbody');
  for (const m of quality.measures) {
    const tr = document.createElement('tr');
    const cells = [m.name.replace('_', ' '), m.assessed ? `${m.value} ${m.unit}` : 'n/a',
                   m.assessed ? m.score.toFixed(0) : '',
                   !m.assessed ? 'not assessed' : (m.passed ? 'ok' : reasonWords(m.reason))];
    cells.forEach((c, i) => {
      const td = document.createElement('td');
      td.textContent = c;
      if (i === 3) td.className = !m.assessed ? 'na' : (m.passed ? '' : 'fail');
      tr.appendChild(td);
    });
    body.appendChild(tr);
  }
  t.appendChild(body);
  wrap.appendChild(t);
  return wrap;
}

function showDocument(doc) {
  const out = $('document-out');
  out.textContent = '';
  if (!doc) return;
  const h = document.createElement('h3');
  h.textContent = 'Document';
  out.appendChild(h);
  if (!doc.read) {
    const p = document.createElement('p');
    p.textContent = reasonWords(doc.reason || 'DOCUMENT_NOT_READ');
    out.appendChild(p);
    return;
  }
  const dl = document.createElement('dl');
  for (const [key, label] of DOCUMENT_FIELDS) {
    if (!doc[key]) continue;
    const dt = document.createElement('dt'); dt.textContent = label;
    const dd = document.createElement('dd'); dd.textContent = String(doc[key]);
    dd.dataset.field = key;
    dl.append(dt, dd);
  }
  const checks = document.createElement('ul');
  checks.className = 'document-checks';
  for (const c of doc.checks || []) {
    const li = document.createElement('li');
    li.dataset.check = c.name;
    li.className = !c.assessed ? 'not-assessed' : c.passed ? 'pass' : 'fail';
    const name = words.checks[c.name] || c.name;
    li.textContent = !c.assessed ? `${name}: not assessed`
        : c.passed ? `${name}: passed` : `${name}: failed (${reasonWords(c.reason)})`;
    checks.appendChild(li);
  }
  out.append(dl, checks);
}

// The answer's estimated false-match rate in words: "About 1 in 10,000
// strangers would score this high." The scale ends at 1e-6 (similarity 100),
// which means "1e-6 or less".
function strangersWords(rate) {
  if (typeof rate !== 'number' || !(rate > 0)) return '';
  if (rate <= 1e-6) return 'At most 1 in 1,000,000 strangers would score this high.';
  if (rate >= 0.5) return 'Most strangers would score this high.';
  const n = 1 / rate;
  const digits = Math.pow(10, Math.floor(Math.log10(n)) - 1);  // two significant digits
  const rounded = Math.round(n / digits) * digits;
  return `About 1 in ${rounded.toLocaleString('en-US')} strangers would score this high.`;
}

// The false non-match rate the answer states for the ID portrait's size
// (measured on photographed cards; null where nothing was measured).
function holdersWords(rate) {
  if (typeof rate !== 'number') return '';
  const percent = Math.round(rate * 100);
  return ` At this ID portrait's size about ${percent}% of genuine holders of a photographed card score below it.`;
}

async function showResult(r) {
  const decision = $('decision');
  // retake: the ID portrait was too small to tell; not evidence either way.
  decision.textContent = r.match ? 'Match: same person'
      : r.retake ? 'Retake the ID photo: the portrait is too small to decide' : 'No match';
  decision.className = r.match ? 'match' : r.retake ? 'refused' : 'no-match';
  const sim = r.similarity, thr = r.threshold;
  $('gauge-fill').style.width = `${Math.max(0, Math.min(100, sim))}%`;
  $('gauge-fill').className = 'gauge-fill' + (sim >= thr ? ' above' : '');
  $('gauge-threshold').style.left = `${thr}%`;
  const profile = r.model_profile && r.model_profile !== 'default' ? ` (model profile "${r.model_profile}")` : '';
  $('gauge-text').textContent = `Similarity ${sim.toFixed(1)} of 100; the threshold is ${thr.toFixed(0)}${profile}. ` +
      strangersWords(r.false_match_rate) + holdersWords(r.false_non_match_rate);
  const reasons = $('reasons');
  reasons.textContent = '';
  for (const code of r.reasons || []) {
    const li = document.createElement('li');
    li.textContent = reasonWords(code);
    li.dataset.code = code;
    reasons.appendChild(li);
  }
  const [srcBmp, tgtBmp] = await Promise.all([bitmapOf(picked.source), bitmapOf(picked.target)]);
  const targetFaces = [r.target_face, ...(r.face_matches || []), ...(r.unmatched_faces || []),
                       ...(r.ghost_faces || [])]
      .filter((f, i, all) => f && all.indexOf(f) === i);
  drawFaces($('source-canvas'), srcBmp, r.source_image, [r.source_face, ...(r.source_other_faces || [])]);
  drawFaces($('target-canvas'), tgtBmp, r.target_image, dedupe(targetFaces));
  drawCrop($('source-crop'), srcBmp, r.source_face);
  drawCrop($('target-crop'), tgtBmp, r.target_face);
  const lv = r.liveness || {};
  $('liveness-out').textContent = lv.assessed
      ? `Liveness: ${lv.live ? 'live' : 'suspected spoof'} (score ${lv.score.toFixed(1)}, threshold ${lv.threshold})`
      : `Liveness: ${reasonWords(lv.reason || 'LIVENESS_DISABLED')}`;
  $('source-quality').replaceChildren(qualityTable('Selfie', r.source_face.quality || {}));
  $('target-quality').replaceChildren(qualityTable('ID photo', r.target_face.quality || {}));
  showDocument(r.document);
  const t = r.timings_ms || {};
  $('timings').textContent = `Server time ${t.total} ms (selfie: decode ${t.source.decode}, detect ${t.source.detect}, ` +
      `embed ${t.source.embed}, quality ${t.source.quality}, liveness ${t.source.liveness} ms).`;
  $('result').hidden = false;
  decision.focus();
}

// face_matches/unmatched_faces repeat the target face as separate JSON objects; compare by box.
function dedupe(faces) {
  const seen = new Set();
  return faces.filter((f) => {
    const k = JSON.stringify(f.box);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function showError(status, body) {
  const err = body && body.error ? body.error : null;
  const code = err ? err.code : `HTTP_${status}`;
  let text = words.errors[code] || `The server answered ${status}.`;
  if (err && err.reasons && err.reasons.length) text += ' ' + err.reasons.map(reasonWords).join(' ');
  else if (err && (code === 'SOURCE_QUALITY_TOO_LOW' || code === 'TARGET_QUALITY_TOO_LOW')) text += ' ' + err.message;
  if (code === 'SOURCE_QUALITY_TOO_LOW' || code === 'NO_FACE_IN_SOURCE') text += ' Please take the selfie again.';
  setStatus(`${text} (${code})`, 'error');
  $('status').dataset.code = code;
}

function submit(e) {
  e.preventDefault();
  if (!picked.source || !picked.target) return;
  const key = $('api-key').value.trim();
  sessionStorage.setItem('idmatch-api-key', key);
  const form = new FormData();
  form.append('source', picked.source, 'source');
  form.append('target', picked.target, 'target');
  form.append('quality_filter', $('quality-filter').value);
  form.append('liveness', $('liveness').checked ? 'true' : 'false');
  form.append('document', 'true');  // read the ID photo's barcode / MRZ and show its fields
  const xhr = new XMLHttpRequest();
  xhr.open('POST', '/v1/compare');
  if (key) xhr.setRequestHeader('x-api-key', key);
  xhr.responseType = 'json';
  $('result').hidden = true;
  $('verify').disabled = true;
  delete $('status').dataset.code;
  setStatus('Uploading…', 'busy');
  xhr.upload.onprogress = (ev) => {
    if (ev.lengthComputable) setStatus(`Uploading… ${Math.round(100 * ev.loaded / ev.total)}%`, 'busy');
  };
  xhr.upload.onload = () => setStatus('Comparing the faces…', 'busy');
  xhr.onload = async () => {
    updateVerify();
    await wordsLoaded;
    if (xhr.status === 200 && xhr.response) {
      setStatus('Done.', '');
      await showResult(xhr.response);
    } else {
      showError(xhr.status, xhr.response);
    }
  };
  xhr.onerror = () => { updateVerify(); setStatus('The server could not be reached.', 'error'); };
  xhr.send(form);
}

document.addEventListener('DOMContentLoaded', () => {
  $('api-key').value = sessionStorage.getItem('idmatch-api-key') || '';
  wirePicker('source');
  wirePicker('target');
  $('camera-open').addEventListener('click', openCamera);
  $('camera-capture').addEventListener('click', capture);
  $('camera-cancel').addEventListener('click', closeCamera);
  if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) $('camera-open').hidden = true;
  $('verify-form').addEventListener('submit', submit);
});
