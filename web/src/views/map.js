// <cc-map entity="country:gh">: a world map (Natural Earth, world-atlas) with countries shaded by the entity's
// activity count; click a shaded country to open it. For a convention, <cc-map entity="convention:budapest"
// as-of="2015-01-01">: the whole treaty chart, each State coloured by its status on a day, with a date control (a
// date field, a slider from the opening for signature to today, and a play button stepping a quarter at a time).
// The standing on each day is computed here from the convention's steps, asked once. A change of date dispatches
// "cc-as-of" ({detail: {asOf}}), for the explorer to keep it in its URL. Whatever is shaded is listed under the map
// as well, including what is too small to draw at this scale, and every Party by name.
import { css, html, svg, unsafeCSS } from "lit";
import { geoNaturalEarth1, geoPath } from "d3-geo";
import { feature } from "topojson-client";
import { alpha2ToNumeric } from "i18n-iso-countries";
import { query, activityFilter, conventionName, kindOf, nameOf } from "../lib/api.js";
import { formatDate, formatRange } from "../lib/format.js";
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
    // Each shape's centre and size, for the focus ring of a country too small to see its outline.
    const countries = features.map((f) => {
      const [[x0, y0], [x1, y1]] = path.bounds(f);
      return { key: f.id ?? f.properties.name, d: path(f), cx: (x0 + x1) / 2, cy: (y0 + y1) / 2, size: Math.max(x1 - x0, y1 - y0) };
    });
    return { sphere: path({ type: "Sphere" }), countries };
  });
  return shapes;
}

// The statuses' colours come from the theme (--cybercoop-status-<status>: hues told apart with any colour vision, each
// 3:1 or more against unshaded land). The statuses short of a Party are hatched as well, each its own way, and the
// legend names every one: the map never relies on colour alone.
const hatches = { signed: 45, invited: -45, requested: 0, interest: 90 };
const statusStyles = unsafeCSS(statusOrder.map((s) => `.s-${s} { fill: var(--cybercoop-status-${s}); background-color: var(--cybercoop-status-${s}); }`
  + (s in hatches ? `\n.swatch.s-${s} { background-image: repeating-linear-gradient(${90 + hatches[s]}deg, var(--cybercoop-pattern) 0 1.5px, transparent 1.5px 4px); }`
    + `\npath.s-${s} { fill: url(#hatch-${s}); }` : "")).join("\n"));

// The activity counts' four shades, darker for more (each 3:1 or more against unshaded land).
const shades = [1, 2, 3, 4];
const shadeStyles = unsafeCSS(shades.map((n) => `.n-${n} { fill: var(--cybercoop-count-${n}); background-color: var(--cybercoop-count-${n}); }`).join("\n"));

export class MapView extends CybercoopView {
  static properties = { asOf: { type: String, attribute: "as-of" }, _playing: { state: true }, _focus: { state: true } };

  static styles = [CybercoopView.baseStyles, noticeStyles, statusStyles, shadeStyles, css`
    svg.map { width: 100%; height: auto; display: block; background: var(--cybercoop-ocean); border: 1px solid var(--cybercoop-line); }
    .sphere { fill: var(--cybercoop-ocean); }
    path.country { stroke: var(--cybercoop-border); stroke-width: 0.4; }
    path.country:not(.data) { fill: var(--cybercoop-land); }
    path.data { cursor: pointer; stroke: var(--cybercoop-text); stroke-width: 0.5; }
    path.data:hover, path.data:focus { stroke: var(--cybercoop-focus); stroke-width: 2; outline: none; }
    circle.focus-ring { fill: none; stroke: var(--cybercoop-focus); stroke-width: 3; pointer-events: none; }
    pattern line { stroke: var(--cybercoop-pattern); stroke-width: 1.5; }
    text.year { font: 700 44px system-ui, sans-serif; fill: var(--cybercoop-text); opacity: 0.2; }
    .legend { display: flex; flex-wrap: wrap; gap: 4px 14px; margin: 6px 0; font-size: 12px; }
    .swatch { display: inline-block; width: 14px; height: 14px; margin-right: 4px; vertical-align: middle; border: 1px solid var(--cybercoop-text); }
    .swatch.none { background: var(--cybercoop-land); }
    .time { display: flex; flex-wrap: wrap; gap: 6px 10px; align-items: center; margin: 6px 0; }
    .time input[type="range"] { flex: 1 1 240px; min-width: 160px; }
    .time button { min-width: 9em; }
    .counts { margin: 4px 0; font-weight: 600; }
    h2 { font-size: 16px; margin: 6px 0; }
    h3 { margin: 10px 0 2px; font-size: 13px; }
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
    const shade = shadeOf(Math.max(1, ...rows.map((r) => r.count)));
    const onMap = new Set();
    const title = t.mapActivities(label);
    const describe = (r) => `${nameOf(r.country, this.lang)}${t.colon}${r.count} ${t.activities.toLowerCase()}`;
    const ranges = shades.map((n) => rows.filter((r) => shade(r.count) === n).map((r) => r.count))
      .map((counts, i) => counts.length && { n: shades[i], lo: Math.min(...counts), hi: Math.max(...counts) }).filter(Boolean);
    return html`
      <h2>${title}</h2>
      <svg class="map" viewBox="0 0 ${width} ${height}" role="group" aria-label=${title}>
        <path class="sphere" d=${drawn.sphere}></path>
        ${drawn.countries.map((c) => {
          const row = byShape.get(c.key);
          if (!row) return svg`<path class="country" d=${c.d}></path>`;
          onMap.add(row.country.id);
          return this.shape(c, row.country, describe(row), `n-${shade(row.count)}`);
        })}
        ${this.focusRing()}
      </svg>
      ${rows.length ? html`<div class="legend">${ranges.map(({ n, lo, hi }) => html`<span><i class="swatch n-${n}"></i>${lo === hi ? lo : `${lo}–${hi}`}</span>`)}
        <span><i class="swatch none"></i>0</span> <span class="muted">${t.activities}</span></div>` : html`<div class="status">${t.noActivities}</div>`}
      <ul>${rows.map((r) => html`<li>${this.entityLink(r.country)}${t.colon}${r.count}
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
      <h2>${title}</h2>
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
      <p class="counts" role="status" aria-live=${this._playing ? "off" : "polite"}>${[`${t.mapStanding(when)}${t.colon}${t.parties(parties.length)}`,
        ...statuses.filter((s) => !isParty(s) && counts.get(s)).map((s) => `${t.statusName[s]}${t.colon}${counts.get(s)}`)].join(" · ")}</p>
      ${chartDay && day > chartDay ? html`<p class="muted">${t.afterChart(formatDate(convention.chart.statusAsOf, lang))}</p>` : ""}
      <svg class="map" viewBox="0 0 ${width} ${height}" role="group" aria-label="${title}. ${t.mapStanding(when)}${t.colon}${t.parties(parties.length)}">
        <defs>${Object.entries(hatches).map(([status, angle]) => svg`<pattern id="hatch-${status}" width="4" height="4"
          patternUnits="userSpaceOnUse" patternTransform="rotate(${angle})"><rect class="s-${status}" width="4" height="4"></rect>
          <line x1="0" y1="0" x2="0" y2="4"></line></pattern>`)}</defs>
        <path class="sphere" d=${drawn.sphere}></path>
        ${drawn.countries.map((c) => {
          const s = byShape.get(c.key);
          if (!s) return svg`<path class="country" d=${c.d}></path>`;
          onMap.add(s.party.id);
          return this.shape(c, s.party, this.describe(s), `s-${s.status}`);
        })}
        ${this.focusRing()}
        <text class="year" x="24" y=${height - 24} aria-hidden="true">${day.slice(0, 4)}</text>
      </svg>
      <div class="legend">${statuses.map((s) => html`<span><i class="swatch s-${s}"></i>${t.statusName[s]}${t.colon}${counts.get(s) ?? 0}</span>`)}
        <span><i class="swatch none"></i>${t.noStep}</span></div>
      <h3 id="parties">${t.parties(parties.length)}</h3>
      <ul class="parties" aria-labelledby="parties">${parties.map((s) => this.item(s, onMap))}</ul>
      ${statuses.filter((s) => !isParty(s) && counts.get(s)).map((status) => html`
        <h3 id="status-${status}">${t.statusName[status]}${t.colon}${counts.get(status)}</h3>
        <ul class="status-${status}" aria-labelledby="status-${status}">${standing.filter((s) => s.status === status).map((s) => this.item(s, onMap))}</ul>`)}`;
  }

  // A shaded country: a link to it, named with what the map says of it. Focused, a country too small to show its
  // outline gets a ring around it.
  shape(c, node, description, className) {
    return svg`<path class="country data ${className}" d=${c.d} tabindex="0" role="link"
      data-iso2=${node.iso2 ?? ""} aria-label=${description}
      @click=${() => this.open(node.id)} @focus=${() => { this._focus = c; }} @blur=${() => { this._focus = null; }}
      @keydown=${(e) => e.key === "Enter" && this.open(node.id)}><title>${description}</title></path>`;
  }

  focusRing() {
    const c = this._focus;
    return c && c.size < 12 ? svg`<circle class="focus-ring" cx=${c.cx} cy=${c.cy} r=${Math.max(8, c.size / 2 + 5)}></circle>` : "";
  }

  item(s, onMap) {
    const t = this.t;
    const date = s.step.date ? formatRange(s.step.date, null, this.lang) : "";
    return html`<li data-iso2=${s.party.iso2 ?? ""}>${this.entityLink(s.party)}${t.colon}${t.statusWord[s.status]}${date ? `, ${date}` : ""}
      ${onMap.has(s.party.id) ? "" : html`<span class="muted">(${s.party.kind === "ORGANIZATION" ? t.organisation : t.noShape})</span>`}</li>`;
  }

  describe(s) {
    const date = s.step.date ? `, ${formatDate(s.step.date, this.lang)}` : "";
    return `${nameOf(s.party, this.lang)}${this.t.colon}${this.t.statusWord[s.status]}${date}`;
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

// shadeOf gives a count its shade, 1 to 4, on a square-root scale up to max (a few large counts do not wash out
// the others).
function shadeOf(max) {
  return (count) => Math.min(shades.length, Math.max(1, Math.ceil((Math.sqrt(count) / Math.sqrt(max)) * shades.length)));
}

// world-atlas names countries by ISO 3166 numeric code; Kosovo (XK, outside ISO 3166) has a shape without one.
function shapeKey(iso2) {
  return iso2 === "XK" ? "Kosovo" : alpha2ToNumeric(iso2);
}

customElements.define("cc-map", MapView);
