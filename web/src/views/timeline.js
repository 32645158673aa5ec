// <cc-timeline entity="country:gh">: activities, accession steps (signatures, ratifications, accessions under every
// treaty) and project starts and ends on a time axis, one lane per kind of event, then the same events as one dated
// list, the steps among the activities. A month-only date covers its month.
import { css, html, svg } from "lit";
import { scaleTime } from "d3-scale";
import { nameOf, query } from "../lib/api.js";
import { dateBounds, formatDate, formatRange, formatTick, precisionOf } from "../lib/format.js";
import { term } from "../lib/i18n.js";
import { CybercoopView } from "../lib/view.js";

import timelineQuery from "../../documents/Timeline.graphql";

const maxEvents = 100; // the API's page limit; the view says when it is reached

const lanes = ["ACTIVITY", "ACCESSION", "PROJECT_START", "PROJECT_END"];
// Each lane's colour, from the theme.
const laneClass = { ACTIVITY: "activity", ACCESSION: "accession", PROJECT_START: "start", PROJECT_END: "end" };
const width = 900, laneHeight = 34, top = 10, left = 110, right = 20;

export class TimelineView extends CybercoopView {
  static styles = [CybercoopView.baseStyles, css`
    svg { width: 100%; height: auto; max-width: ${width}px; display: block; }
    .tick text { font-size: 10px; fill: var(--cybercoop-muted); }
    .tick line, line.axis { stroke: var(--cybercoop-axis); }
    line.lane-line { stroke: var(--cybercoop-line); }
    .lane { font-size: 11px; fill: var(--cybercoop-text); }
    ol { list-style: none; padding: 0; margin: 10px 0; }
    li { padding: 4px 0; border-bottom: 1px solid var(--cybercoop-line); }
    time { font-weight: 600; margin-right: 6px; white-space: nowrap; }
    .tag { font-size: 11px; padding: 0 4px; border-radius: 3px; color: var(--cybercoop-tag-text); margin-right: 4px; }
    .activity { fill: var(--cybercoop-lane-activity); background: var(--cybercoop-lane-activity); }
    .accession { fill: var(--cybercoop-lane-accession); background: var(--cybercoop-lane-accession); }
    .start { fill: var(--cybercoop-lane-start); background: var(--cybercoop-lane-start); }
    .end { fill: var(--cybercoop-lane-end); background: var(--cybercoop-lane-end); }
  `];

  load(signal) {
    return query(this.api, timelineQuery, { id: this.entity, from: this.from || null, to: this.to || null }, signal);
  }

  renderData({ timeline }) {
    const t = this.t;
    const events = timeline.map((e) => ({ ...e, bounds: dateBounds(e.date, e.end) }));
    if (!events.length) return html`<div class="status">—</div>`;
    const lo = new Date(Math.min(...events.map((e) => e.bounds[0])));
    const hi = new Date(Math.max(...events.map((e) => e.bounds[1])));
    const x = scaleTime().domain([lo, hi]).nice().range([left, width - right]);
    const usedLanes = lanes.filter((l) => events.some((e) => e.kind === l));
    const height = top + usedLanes.length * laneHeight + 24;
    const axisY = top + usedLanes.length * laneHeight;
    return html`
      ${events.length >= maxEvents ? html`<div class="muted" role="status">${t.firstEvents(maxEvents)}</div>` : ""}
      <svg viewBox="0 0 ${width} ${height}" role="img" aria-label=${t.timelineEvents(events.length)}>
        ${usedLanes.map((lane, i) => svg`
          <text class="lane" x="4" y=${top + i * laneHeight + 20}>${t.event[lane]}</text>
          <line class="lane-line" x1=${left} x2=${width - right} y1=${top + i * laneHeight + 16} y2=${top + i * laneHeight + 16}></line>`)}
        ${events.map((e) => {
          const y = top + usedLanes.indexOf(e.kind) * laneHeight + 10;
          const x0 = x(e.bounds[0]), w = Math.max(4, x(e.bounds[1]) - x0);
          return svg`<rect class=${laneClass[e.kind]} x=${x0} y=${y} width=${w} height="12" rx="2" opacity="0.8"
            @click=${() => (e.node || e.accession) && this.open(e.node?.id ?? this.otherEnd(e.accession))}><title>${formatRange(e.date, e.end, this.lang)}${t.colon}${this.summary(e)}</title></rect>`;
        })}
        <line class="axis" x1=${left} x2=${width - right} y1=${axisY} y2=${axisY}></line>
        ${x.ticks(8).map((d) => svg`<g class="tick"><line x1=${x(d)} x2=${x(d)} y1=${axisY} y2=${axisY + 4}></line>
          <text x=${x(d)} y=${axisY + 16} text-anchor="middle">${formatTick(d, this.lang)}</text></g>`)}
      </svg>
      <ol>${events.map((e) => html`<li>
        <time datetime=${e.date} title=${t.precision[precisionOf(e.date)]}>${formatRange(e.date, e.end, this.lang)}</time>
        <span class="tag ${laneClass[e.kind]}">${t.event[e.kind]}</span>
        ${e.node ? this.entityLink({ id: e.node.id, label: this.summary(e) }) : e.accession ? this.entityLink({ id: this.otherEnd(e.accession), label: this.summary(e) }) : this.summary(e)}
        ${e.node?.placeAsWritten ? html`<span class="muted"> · ${term("activityType", e.node.type, this.lang)} · ${e.node.placeAsWritten}</span>` : ""}
        ${e.sources.length ? html`<div class="muted">${e.sources.map((s) => `${s.source.reference ?? s.source.title}, ${s.locator}`).join("; ")}</div>` : ""}
      </li>`)}</ol>`;
  }

  // An accession step links to its treaty on a State's timeline, to its State on a treaty's.
  otherEnd(a) {
    return a.party.id === this.entity ? a.convention.id : a.party.id;
  }

  // Accession steps are told in the interface's language with the names of the State (or organisation) and the
  // treaty (the API's summary is in English); others as the API says them.
  summary(e) {
    const a = e.accession;
    if (a) {
      const treaty = this.lang === "fr" ? nameOf(a.convention, "fr") : a.convention.shortName ?? a.convention.label;
      const inForce = a.entryIntoForce ? `, ${this.t.inForce(formatDate(a.entryIntoForce, this.lang))}` : "";
      return `${nameOf(a.party, this.lang)}${this.t.colon}${this.t.statusWord[a.status] ?? a.status} (${treaty})${inForce}${a.conflict ? ` ⚠ ${a.conflict}` : ""}`;
    }
    if (e.kind !== "ACTIVITY" && e.node) return `${e.node.label} (${this.t.event[e.kind].toLowerCase()})`;
    return e.node?.label ?? e.summary;
  }
}

customElements.define("cc-timeline", TimelineView);
