/**
 * The live dashboard's page and its script. The page is the report itself — the same shell,
 * sections and stylesheet as report.html (src/report/) — inside `<div id="live">`, whose
 * content the script replaces with each frame the server streams. On the final frame the
 * script closes the stream: what stays on screen is the final report.
 */
import { pageShell } from '../report/page-shell.ts';
import { reportBody, reportHeading, reportTitle } from '../report/render-report.ts';
import type { LiveFrame } from './live-feed.ts';

export const SCRIPT_PATH = '/dashboard.js';

/** What one frame sends: the page's title and the new content of #live. */
export interface FramePayload {
  title: string;
  body: string;
  final: boolean;
}

export function framePayload(frame: LiveFrame): FramePayload {
  return {
    title: reportTitle(frame.result, frame.progress),
    body: reportBody(frame.result, frame.progress),
    final: frame.progress === undefined,
  };
}

export function dashboardPage(frame: LiveFrame | undefined): string {
  if (!frame) {
    return pageShell('peakday: starting', 'peakday · live', '<div id="live"><p class="nodata">The run is starting: the first figures appear within a second of the load.</p></div>', {
      live: { script: SCRIPT_PATH },
    });
  }
  const p = framePayload(frame);
  return pageShell(p.title, reportHeading(frame.result), `<div id="live"${p.final ? ' data-final="true"' : ''}>${p.body}</div>`, { live: { script: SCRIPT_PATH } });
}

/**
 * Runs in the browser. Plain script (no build step, no dependency): listen, swap, stop at the
 * end. `data-frames` counts the frames shown, so a test (or a curious reader) can see it move.
 */
export const DASHBOARD_SCRIPT = `'use strict';
(function () {
  var root = document.getElementById('live');
  if (!root || root.dataset.final === 'true') return;
  var source = new EventSource('/events');
  function show(e) {
    var f = JSON.parse(e.data);
    document.title = f.title;
    root.innerHTML = f.body;
    root.dataset.frames = String(Number(root.dataset.frames || '0') + 1);
  }
  source.addEventListener('update', show);
  source.addEventListener('final', function (e) {
    source.close();
    show(e);
    root.dataset.final = 'true';
  });
})();
`;
