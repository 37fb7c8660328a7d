// Progressive enhancement of an import's status page: without this script the page offers a
// "Refresh progress" button. It never reloads or leaves the page by itself (a page that changes on its
// own is a timing problem for people using screen readers or magnifiers); it updates the figures in
// place and announces a change of state in the page's live region.

const POLL_MS = 2000;
const ANNOUNCE_EVERY_PERCENT = 25;

const root = document.querySelector('[data-import-job]');

function field(name) {
  return root.querySelector(`[data-import-job-field="${name}"]`);
}

function setText(name, text) {
  const element = field(name);
  if (element !== null) element.textContent = text;
}

async function poll(lastState, lastAnnounced) {
  let job;
  try {
    const response = await fetch(root.dataset.importJob, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
    // Gone or refused: the Refresh progress button still says what happened.
    if (!response.ok) return;
    job = await response.json();
  } catch {
    return;
  }
  const display = job.display;
  setText('stateLabel', display.stateLabel);
  field('stateLabel')?.setAttribute('class', `nhsuk-tag ${display.stateTag}`);
  setText('read', display.read);
  setText('rows', display.rows);
  setText('rowsPerSecond', display.rowsPerSecond);
  setText('timeLeft', display.timeLeft);
  const progress = root.querySelector('progress');
  if (progress !== null) {
    progress.value = display.percent;
    progress.textContent = `${display.percent}%`;
  }
  const announce = root.querySelector('[data-import-job-announce]');
  const step = Math.floor(display.percent / ANNOUNCE_EVERY_PERCENT) * ANNOUNCE_EVERY_PERCENT;
  if (job.finished) {
    announce.textContent = `${display.stateLabel}. The import has finished: refresh the page to see the result.`;
    const button = root.querySelector('.nhsuk-button');
    if (button !== null) button.textContent = 'Show the result';
    return;
  }
  if (job.state !== lastState || step > lastAnnounced) announce.textContent = `${display.stateLabel}: ${display.percent}% of the file read.`;
  setTimeout(() => void poll(job.state, Math.max(step, lastAnnounced)), POLL_MS);
}

if (root !== null && root.querySelector('progress') !== null) {
  setTimeout(() => void poll(undefined, 0), POLL_MS);
}
