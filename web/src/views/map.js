// <cc-map entity="country:gh">: a world map (Natural Earth, world-atlas) with countries shaded by the entity's
// activity count; click a shaded country to open it. For a convention, <cc-map entity="convention:budapest"
// as-of="2015-01-01">: the whole treaty chart, each State coloured by its status on a day, with a date control (a
// date field, a slider from the opening for signature to today, and a play button stepping a quarter at a time).
// The standing on each day is computed here from the convention's steps, asked once. A change of date dispatches
// "cc-as-of" ({detail: {asOf}}), for the explorer to keep it in its URL. Whatever is shaded is listed under the map
// as well, including what is too small to draw at this scale, and every Party by name.
import { css, html, nothing, svg, unsafeCSS } from "lit";
import { geoNaturalEarth1, geoPath } from "d3-geo";
import { scaleSqrt } from "d3-scale";
import { feature } from "topojson-client";
import { alpha2ToNumeric } from "i18n-iso-countries";
import { query, activityFilter, conventionName, kindOf, nameOf } from "../lib/api.js";
import { formatDate } from "../lib/format.js";
import {
  addMonths, countStatuses, dayFromNumber, dayNumber, endOf, historyRange, isDay, isParty, standingAt, statusOrder,
} from "../lib/treaty.js";
import { CybercoopView } from "../lib/view.js";
import { chartNotice, noticeStyles } from "./notice.js";

import activityQuery from "../../documents/MapActivities.graphql";
import chartQuery from "../../documents/ConventionChart.graphql";

const width = 960, height = 500;
const stepMonths = 3, stepMillis = 350; // the history plays a quarter every 350 ms

/* global ATLAS_FILE */
// The country shapes (a hashed file beside the bundle, put there by build.mjs) are fetched and drawn once per page.
let shapes;
function loadShapes() {
  shapes ??= fetch(new URL(ATLAS_FILE, import.meta.url)).then((r) => r.json()).then((topology) => {
    const path = geoPath(geoNaturalEarth1().fitSize([width, height], { type: "Sphere" }));
    const features = feature(topology, topology.objects.countries).features;
    return { sphere: path({ type: "Sphere" }), countries: features.map((f) => ({ key: f.id ?? f.properties.name, d: path(f) })) };
  });
  return shapes;
}

// The statuses' colours (Okabe and Ito's palette, told apart with any colour vision; the legend names each too):
// Parties in blues and green, the other steps in warm colours. A page may set its own with --cc-status-<status>.
const statusColors = { ratified: "#0072b2", acceded: "#56b4e9", party: "#009e73", signed: "#e69f00",
  invited: "#cc79a7", requested: "#d55e00", interest: "#f0e442" };
const statusStyles = unsafeCSS(statusOrder.map((s) =>
  `.s-${s} { fill: var(--cc-status-${s}, ${statusColors[s]}); background: var(--cc-status-${s}, ${statusColors[s]}); }`).join("\n"));

export class MapView extends CybercoopView {
  static properties = { asOf: { type: String, attribute: "as-of" }, _playing: { state: true } };

  static styles = [CybercoopView.baseStyles, noticeStyles, statusStyles, css`
    svg { width: 100%; height: auto; display: block; background: #eef5fb; border: 1px solid #dee2e6; }
    path.country { stroke: #fff; stroke-width: 0.4; }
    path.country:not(.data) { fill: #d9dde1; }
    path.data { cursor: pointer; stroke: #555; stroke-width: 0.5; }
    path.data:hover, path.data:focus { stroke: #000; stroke-width: 1.2; outline: none; }
    text.year { font: 700 44px system-ui, sans-serif; fill: #1b1f2433; }
    .legend { display: flex; flex-wrap: wrap; gap: 4px 14px; margin: 6px 0; font-size: 12px; }
    .swatch { display: inline-block; width: 12px; height: 12px; margin-right: 4px; vertical-align: middle; border: 1px solid #0003; }
    .swatch.none { background: #d9dde1; }
    .time { display: flex; flex-wrap: wrap; gap: 6px 10px; align-items: center; margin: 6px 0; }
    .time input[type="range"] { flex: 1 1 240px; min-width: 160px; }
    .time button { min-width: 9em; }
    .counts { margin: 4px 0; font-weight: 600; }
    h4 { margin: 10px 0 2px; font-size: 13px; }
    ul { columns: 3 220px; margin: 6px 0; padding-left: 18px; }
  `];

  constructor() {
    super();
    this.asOf = "";
    this._playing = false;
  }

  willUpdate(changed) {
    if (changed.has("entity")) this.stop();
    super.willUpdate(changed);
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.stop();
  }

  async load(signal) {
    const kind = kindOf(this.entity);
    const [drawn, rows] = await Promise.all([loadShapes(), kind === "CONVENTION" ? this.loadChart(signal) : this.loadActivities(kind, signal)]);
    return { drawn, ...rows };
  }

  async loadChart(signal) {
    const { convention } = await query(this.api, chartQuery, { id: this.entity }, signal);
    const steps = convention.accessions;
    return { mode: "chart", convention, steps, range: historyRange(convention.openedForSignature, steps),
      statuses: statusOrder.filter((s) => steps.some((a) => a.status === s)) };
  }

  async loadActivities(kind, signal) {
    const filter = activityFilter(kind, this.entity, this.from, this.to);
    const { entity, activityStats } = await query(this.api, activityQuery, { id: this.entity, filter }, signal);
    const rows = filter
      ? activityStats.map((b) => ({ country: b.node, count: b.count }))
      : (entity.countries ?? []).map((c) => ({ country: c, count: 1 }));
    return { mode: "activities", label: nameOf(entity, this.lang), rows: rows.sort((a, b) => b.count - a.count) };
  }

  renderData(data) {
    return data.mode === "chart" ? this.renderChart(data) : this.renderActivities(data);
  }

  renderActivities({ drawn, label, rows }) {
    const t = this.t;
    const byShape = new Map(rows.map((r) => [shapeKey(r.country.iso2), r]));
    const scale = scaleSqrt().domain([0, Math.max(1, ...rows.map((r) => r.count))]).range(["#d0ebff", "#1864ab"]);
    const onMap = new Set();
    const title = t.mapActivities(label);
    const describe = (r) => `${nameOf(r.country, this.lang)}: ${r.count} ${t.activities.toLowerCase()}`;
    return html`
      <h3>${title}</h3>
      <svg viewBox="0 0 ${width} ${height}" role="img" aria-label=${title}>
        <path d=${drawn.sphere} fill="#eef5fb"></path>
        ${drawn.countries.map((c) => {
          const row = byShape.get(c.key);
          if (!row) return svg`<path class="country" d=${c.d}></path>`;
          onMap.add(row.country.id);
          return this.shape(c, row.country, describe(row), "", scale(row.count));
        })}
      </svg>
      ${rows.length ? "" : html`<div class="status">${t.noActivities}</div>`}
      <ul>${rows.map((r) => html`<li>${this.entityLink(r.country)}: ${r.count}
        ${onMap.has(r.country.id) ? "" : html`<span class="muted">(${t.noShape})</span>`}</li>`)}</ul>`;
  }

  renderChart({ drawn, convention, steps, range, statuses }) {
    const t = this.t, lang = this.lang;
    const day = this.currentDay(range);
    const when = formatDate(day, lang);
    const byName = (a, b) => nameOf(a.party, lang).localeCompare(nameOf(b.party, lang), lang);
    const standing = [...standingAt(steps, day).values()].sort(byName);
    const counts = new Map(countStatuses(new Map(standing.map((s) => [s.party.id, s]))).map((c) => [c.status, c.count]));
    const parties = standing.filter((s) => isParty(s.status));
    const byShape = new Map(standing.filter((s) => s.party.iso2).map((s) => [shapeKey(s.party.iso2), s]));
    const onMap = new Set();
    const title = t.mapAccessions(conventionName(convention, lang));
    const chartDay = convention.chart ? endOf(convention.chart.statusAsOf) : null;
    return html`
      <h3>${title}</h3>
      ${chartNotice(convention.chart, t, lang)}
      <div class="time" role="group" aria-label=${t.asOf}>
        <label>${t.asOf} <input type="date" min=${range.start} max=${range.end} .value=${day} required
          @change=${(e) => isDay(e.target.value) && (this.stop(), this.setDay(e.target.value))}></label>
        <input type="range" min=${dayNumber(range.start)} max=${dayNumber(range.end)} step="1" .value=${String(dayNumber(day))}
          aria-label=${t.asOf} aria-valuetext=${when}
          @input=${(e) => { this.stop(); this.setDay(dayFromNumber(Number(e.target.value))); }}>
        <button type="button" aria-pressed=${this._playing ? "true" : "false"} @click=${() => this.togglePlay(range)}>
          ${this._playing ? `❚❚ ${t.pause}` : `▶ ${t.playHistory}`}</button>
      </div>
      <p class="counts" role="status" aria-live=${this._playing ? "off" : "polite"}>${[`${t.mapStanding(when)}: ${t.parties(parties.length)}`,
        ...statuses.filter((s) => !isParty(s) && counts.get(s)).map((s) => `${t.statusName[s]}: ${counts.get(s)}`)].join(" · ")}</p>
      ${chartDay && day > chartDay ? html`<p class="muted">${t.afterChart(formatDate(convention.chart.statusAsOf, lang))}</p>` : ""}
      <svg viewBox="0 0 ${width} ${height}" role="img" aria-label="${title}. ${t.mapStanding(when)}: ${t.parties(parties.length)}">
        <path d=${drawn.sphere} fill="#eef5fb"></path>
        ${drawn.countries.map((c) => {
          const s = byShape.get(c.key);
          if (!s) return svg`<path class="country" d=${c.d}></path>`;
          onMap.add(s.party.id);
          return this.shape(c, s.party, this.describe(s), `s-${s.status}`);
        })}
        <text class="year" x="24" y=${height - 24} aria-hidden="true">${day.slice(0, 4)}</text>
      </svg>
      <div class="legend">${statuses.map((s) => html`<span><i class="swatch s-${s}"></i>${t.statusName[s]}: ${counts.get(s) ?? 0}</span>`)}
        <span><i class="swatch none"></i>${t.noStep}</span></div>
      <h4 id="parties">${t.parties(parties.length)}</h4>
      <ul class="parties" aria-labelledby="parties">${parties.map((s) => this.item(s, onMap))}</ul>
      ${statuses.filter((s) => !isParty(s) && counts.get(s)).map((status) => html`
        <h4 id="status-${status}">${t.statusName[status]}: ${counts.get(status)}</h4>
        <ul class="status-${status}" aria-labelledby="status-${status}">${standing.filter((s) => s.status === status).map((s) => this.item(s, onMap))}</ul>`)}`;
  }

  // A shaded country: a link to it, named with what the map says of it.
  shape(c, node, description, className, fill) {
    return svg`<path class="country data ${className}" d=${c.d} fill=${fill ?? nothing} tabindex="0" role="link"
      data-iso2=${node.iso2 ?? ""} aria-label=${description}
      @click=${() => this.open(node.id)}
      @keydown=${(e) => e.key === "Enter" && this.open(node.id)}><title>${description}</title></path>`;
  }

  item(s, onMap) {
    const t = this.t;
    const date = s.step.date ? formatDate(s.step.date, this.lang) : "";
    return html`<li data-iso2=${s.party.iso2 ?? ""}>${this.entityLink(s.party)}: ${t.statusWord[s.status]}${date ? `, ${date}` : ""}
      ${onMap.has(s.party.id) ? "" : html`<span class="muted">(${s.party.kind === "ORGANIZATION" ? t.organisation : t.noShape})</span>`}</li>`;
  }

  describe(s) {
    const date = s.step.date ? `, ${formatDate(s.step.date, this.lang)}` : "";
    return `${nameOf(s.party, this.lang)}: ${this.t.statusWord[s.status]}${date}`;
  }

  /** currentDay is the day the map shows: as-of when it is a date, else today (the end of the history). */
  currentDay(range) {
    return isDay(this.asOf) ? this.asOf : range.end;
  }

  setDay(day) {
    if (day === this.asOf) return;
    this.asOf = day;
    this.dispatchEvent(new CustomEvent("cc-as-of", { detail: { asOf: day }, bubbles: true, composed: true }));
  }

  /** togglePlay plays the history a quarter at a time up to today (from the opening, when at today), or pauses. */
  togglePlay(range) {
    if (this._playing) return this.stop();
    if (this.currentDay(range) >= range.end) this.setDay(range.start);
    this._playing = true;
    this._timer = setInterval(() => {
      const next = addMonths(this.currentDay(range), stepMonths);
      this.setDay(next < range.end ? next : range.end);
      if (next >= range.end) this.stop();
    }, stepMillis);
  }

  stop() {
    clearInterval(this._timer);
    this._timer = null;
    this._playing = false;
  }
}

// world-atlas names countries by ISO 3166 numeric code; Kosovo (XK, outside ISO 3166) has a shape without one.
function shapeKey(iso2) {
  return iso2 === "XK" ? "Kosovo" : alpha2ToNumeric(iso2);
}

customElements.define("cc-map", MapView);
