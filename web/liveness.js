// The guided liveness capture (docs/api.md, "Liveness challenges"): ask the
// server for a challenge (or read the one named by ?challenge=ID, created by
// the operator's backend), show each instruction while capturing frames from
// the camera, post them with their capture times, show the decision in
// words. Frames leave the page only for this server; the key lives in
// sessionStorage only.
'use strict';

const $ = (id) => document.getElementById(id);
// Time given to each phase, milliseconds: facing the camera at the start and
// the end, and each asked action. About 4 frames per action.
const START_MS = 1000, ACTION_MS = 2000, END_MS = 1000, MIN_INTERVAL_MS = 250;

// Every code's plain words come from the server's one table (GET /v1/vocabulary).
let words = {};
const wordsLoaded = fetch('/v1/vocabulary')
    .then((r) => r.json())
    .then((v) => { words = Object.assign({}, v.reasons, v.errors); })
    .catch(() => {});

function setStatus(text, kind) {
  const s = $('status');
  s.textContent = text;
  s.className = kind || '';
}

function headers() {
  const key = $('api-key').value.trim();
  return key ? { 'x-api-key': key } : {};
}

async function errorText(res) {
  try {
    const body = await res.json();
    await wordsLoaded;
    if (body.error) return `${words[body.error.code] || body.error.message} (${body.error.code}: ${body.error.message})`;
  } catch (e) { /* not JSON */ }
  return `HTTP ${res.status}`;
}

// The challenge named in the URL (made by the operator's backend), else a new one.
async function getChallenge() {
  const named = new URLSearchParams(location.search).get('challenge');
  const res = named ? await fetch(`/v1/liveness/challenges/${encodeURIComponent(named)}`, { headers: headers() })
                    : await fetch('/v1/liveness/challenges', { method: 'POST', headers: headers() });
  if (!res.ok) throw new Error(await errorText(res));
  const c = await res.json();
  if (named && c.state !== 'pending') throw new Error(`this check was already ${c.state}; start a new one`);
  if (!c.capture) c.capture = { max_frames: 24 };
  if (!c.submit) c.submit = `/v1/liveness/challenges/${c.id}`;
  return c;
}

function sleep(ms) { return new Promise((r) => setTimeout(r, ms)); }

function grab(video, canvas) {
  canvas.width = video.videoWidth;
  canvas.height = video.videoHeight;
  // Unmirrored, as the camera sees the person (the preview is mirrored by CSS).
  canvas.getContext('2d').drawImage(video, 0, 0);
  return new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.9));
}

async function capture(challenge) {
  const video = $('capture-video');
  const stream = await navigator.mediaDevices.getUserMedia(
      { video: { facingMode: 'user', width: { ideal: 640 }, height: { ideal: 480 } }, audio: false });
  video.srcObject = stream;
  $('instruction').textContent = 'Look straight at the camera';
  $('progress').value = 0;
  $('capture').hidden = false;
  try {
    await video.play();
    while (!video.videoWidth) await sleep(20);
    const phases = [{ text: 'Look straight at the camera', ms: START_MS }];
    challenge.instructions.forEach((words) => phases.push({ text: words[0].toUpperCase() + words.slice(1), ms: ACTION_MS }));
    phases.push({ text: 'Look straight at the camera again', ms: END_MS });
    const total = phases.reduce((sum, p) => sum + p.ms, 0);
    const interval = Math.max(MIN_INTERVAL_MS, Math.ceil(total / (challenge.capture.max_frames - 1)));
    const canvas = document.createElement('canvas');
    const frames = [], times = [];
    const t0 = performance.now();
    let phase = -1;
    for (let t = 0; t <= total && frames.length < challenge.capture.max_frames; t += interval) {
      const wait = t0 + t - performance.now();
      if (wait > 0) await sleep(wait);
      let elapsed = performance.now() - t0, k = 0, end = phases[0].ms;
      while (k < phases.length - 1 && elapsed >= end) end += phases[++k].ms;
      if (k !== phase) {
        phase = k;
        $('instruction').textContent = phases[k].text;
      }
      $('progress').value = Math.min(100, Math.round(100 * elapsed / total));
      const blob = await grab(video, canvas);
      elapsed = performance.now() - t0;
      if (blob) {
        frames.push(blob);
        times.push(Math.round(elapsed));
      }
    }
    return { frames, times };
  } finally {
    stream.getTracks().forEach((track) => track.stop());
    video.srcObject = null;
    $('capture').hidden = true;
  }
}

async function showResult(r) {
  await wordsLoaded;
  $('decision').textContent = r.live ? 'Live: a real person followed the instructions'
                                     : 'Not live: the check did not pass';
  $('summary').textContent = `Score ${r.score.toFixed(1)} of 100 (50 is the bar), from ${r.frames.length} frames.`;
  const list = $('reasons');
  list.textContent = '';
  for (const c of r.checks) {
    if (c.passed || !c.reason || !c.required) continue;  // a check that does not decide is not a reason
    const li = document.createElement('li');
    li.dataset.code = c.reason;
    li.textContent = words[c.reason] ? `${words[c.reason]} (${c.detail})` : `${c.reason}: ${c.detail}`;
    list.appendChild(li);
  }
  const m = $('match-out');
  m.textContent = '';
  if (r.match) {
    const p = document.createElement('p');
    p.id = 'match-text';
    p.textContent = r.match.match
        ? `The ID photo shows the same person (similarity ${r.match.similarity.toFixed(1)} of 100).`
        : `The ID photo does not match (similarity ${r.match.similarity.toFixed(1)}; the threshold is ${r.match.threshold}).`;
    m.appendChild(p);
  }
  $('result').hidden = false;
  $('decision').focus();
}

async function run(e) {
  e.preventDefault();
  $('result').hidden = true;
  $('start').disabled = true;
  sessionStorage.setItem('idmatch-api-key', $('api-key').value.trim());
  try {
    setStatus('Getting your instructions…');
    const challenge = await getChallenge();
    setStatus(`Follow the instructions: ${challenge.instructions.join(', then ')}.`);
    const { frames, times } = await capture(challenge);
    setStatus('Checking…');
    const form = new FormData();
    frames.forEach((f, i) => form.append('frame', f, `frame${i}.jpg`));
    form.append('timestamps_ms', times.join(','));
    const id = $('id-file').files[0];
    if (id) form.append('id_photo', id, id.name);
    const res = await fetch(challenge.submit, { method: 'POST', headers: headers(), body: form });
    if (!res.ok) throw new Error(await errorText(res));
    setStatus('');
    await showResult(await res.json());
  } catch (err) {
    setStatus(err.name === 'NotAllowedError' ? 'The camera was not allowed; allow it and try again.'
                                             : `Error: ${err.message}`, 'error');
  } finally {
    $('start').disabled = false;
  }
}

$('liveness-form').addEventListener('submit', run);
$('again').addEventListener('click', () => {
  $('result').hidden = true;
  $('start').focus();
});
$('api-key').value = sessionStorage.getItem('idmatch-api-key') || '';
