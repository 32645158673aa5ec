// What a view of a convention says of its treaty chart, in words a reader cannot miss: a complete chart "complete as
// of" its status date with its source; a partial one a banner with the chart's own note and status date; none, that
// only the documents' steps are shown. Shared by the map, the table, the journeys and the card.
import { css, html } from "lit";
import { formatDate } from "../lib/format.js";
import { safeURL } from "../lib/treaty.js";

export const noticeStyles = css`
  .notice { margin: 6px 0; padding: 6px 10px; border-radius: 4px; border: 1px solid var(--cybercoop-line); }
  .notice.complete { border-left: 4px solid var(--cybercoop-notice-complete); }
  .notice.partial { border: 2px solid var(--cybercoop-notice-partial); background: var(--cybercoop-notice-partial-background);
    color: var(--cybercoop-notice-partial-text); }
  .notice.partial a { color: inherit; }
  .notice.partial strong { display: block; font-size: 15px; }
  .notice .src { font-size: 12px; }
`;

/** chartNotice renders what a view must say of a convention's chart (null: it has none). */
export function chartNotice(chart, t, lang) {
  if (!chart) return html`<p class="notice none" role="note">${t.noChart}</p>`;
  const date = formatDate(chart.statusAsOf, lang);
  const src = chart.source;
  const url = safeURL(src?.url);
  const source = src ? html`<span class="src">${t.chartSource}: ${url ? html`<a href=${url} target="_blank" rel="noopener noreferrer">${src.title}</a>` : src.title}${src.publisher ? ` (${src.publisher})` : ""}</span>` : "";
  if (chart.complete) {
    return html`<p class="notice complete" role="note">${t.chartComplete(date)} ${source}
      ${chart.note ? html`<span class="muted">(${chart.note})</span>` : ""}</p>`;
  }
  return html`<div class="notice partial" role="note" data-chart="partial">
    <strong>${t.chartPartial}</strong>
    ${chart.note ? html`<span>${/[.!?]$/.test(chart.note) ? chart.note : chart.note + "."}</span> ` : ""}<span>${t.chartStatusDate(date)}</span> ${source}
  </div>`;
}
