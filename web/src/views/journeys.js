// <cc-journeys entity="convention:budapest" project="project:glacy-plus" as-of="2020-01-01">: the question no
// treaty office answers, drawn: one row per State that ratified or acceded (by as-of, default today), a hollow dot
// at its first activity before then, a filled dot at its ratification or accession, a line between them and the
// days it took; then the same as a table, with the first activities named. The project filter keeps the activities
// of one project (a change dispatches "cc-project", {detail: {project}}, for the explorer's URL); a check box keeps
// the States with an activity before.
import { css, html, svg } from "lit";
import { scaleTime } from "d3-scale";
import { conventionName, nameOf, query } from "../lib/api.js";
import { dateBounds, formatDate, formatRange, formatTick } from "../lib/format.js";
import { isDay, median } from "../lib/treaty.js";
import { CybercoopView } from "../lib/view.js";
import { chartNotice, noticeStyles } from "./notice.js";

import journeysQuery from "../../documents/Journeys.graphql";

const width = 900, left = 180, right = 110, top = 28, rowHeight = 18;

export class JourneysView extends CybercoopView {
  static properties = { project: { type: String }, asOf: { type: String, attribute: "as-of" }, _withActivity: { state: true } };
  static reloadOn = [...CybercoopView.reloadOn, "project", "asOf"];

  static styles = [CybercoopView.baseStyles, noticeStyles, css`
    .bar { display: flex; flex-wrap: wrap; gap: 6px 12px; align-items: center; margin: 6px 0; }
    .summary { font-weight: 600; margin: 4px 0; }
    svg { width: 100%; height: auto; max-width: ${width}px; display: block; }
    h2 { font-size: 16px; margin: 6px 0; }
    .tick text { font-size: 10px; fill: var(--cybercoop-muted); }
    .tick line { stroke: var(--cybercoop-line); }
    .name { font-size: 11px; fill: var(--cybercoop-text); cursor: pointer; }
    .name:hover { text-decoration: underline; }
    .days { font-size: 11px; fill: var(--cybercoop-text); }
    .none { font-size: 11px; fill: var(--cybercoop-muted); }
    line.span { stroke: var(--cybercoop-journey-span); stroke-width: 2; }
    circle.first { fill: var(--cybercoop-background); stroke: var(--cybercoop-journey-first); stroke-width: 2; }
    circle.accession { fill: var(--cybercoop-journey-accession); }
    .key { display: flex; gap: 14px; font-size: 12px; margin: 4px 0; }
    .key svg { display: inline; width: 14px; height: 14px; vertical-align: middle; }
    td.num { text-align: right; white-space: nowrap; }
    ul { margin: 0; padding-left: 16px; }
  `];

  constructor() {
    super();
    this.project = "";
    this.asOf = "";
    this._withActivity = false;
  }

  load(signal) {
    return query(this.api, journeysQuery, { id: this.entity, project: this.project || null, asOf: isDay(this.asOf) ? this.asOf : null }, signal);
  }

  renderData({ convention }) {
    const t = this.t, lang = this.lang;
    const all = convention.accessionJourneys;
    const rows = this._withActivity ? all.filter((j) => j.firstActivityDate) : all;
    const days = all.map((j) => j.daysToAccession).filter((d) => d != null);
    const typical = median(days);
    const projects = [...convention.projects].sort((a, b) => a.label.localeCompare(b.label, lang));
    return html`
      <h2>${t.journeysTitle(conventionName(convention, lang))}</h2>
      ${chartNotice(convention.chart, t, lang)}
      <div class="bar">
        <label>${t.project}: <select @change=${(e) => this.setProject(e.target.value)}>
          <option value="" ?selected=${!this.project}>${t.allProjects}</option>
          ${projects.map((p) => html`<option value=${p.id} ?selected=${p.id === this.project}>${p.label}</option>`)}
        </select></label>
        <label><input type="checkbox" .checked=${this._withActivity} @change=${(e) => { this._withActivity = e.target.checked; }}>
          ${t.onlyWithActivity}</label>
        ${isDay(this.asOf) ? html`<span>${t.mapStanding(formatDate(this.asOf, lang))}</span>` : ""}
      </div>
      <p class="summary" role="status">${all.length ? t.journeysSummary(all.filter((j) => j.firstActivityDate).length, all.length, typical?.toLocaleString(lang === "fr" ? "fr-FR" : "en-GB")) : t.noJourneys}</p>
      ${rows.length ? this.renderChart(rows, t.journeysTitle(conventionName(convention, lang))) : ""}
      ${rows.length ? this.renderTable(rows) : ""}`;
  }

  renderChart(rows, title) {
    const t = this.t, lang = this.lang;
    const at = (value) => (value ? dateBounds(value)[0] : null);
    const all = rows.flatMap((j) => [at(j.firstActivityDate), at(j.accession.date)]).filter(Boolean);
    if (!all.length) return "";
    const x = scaleTime().domain([new Date(Math.min(...all)), new Date(Math.max(...all))]).nice().range([left, width - right]);
    const height = top + rows.length * rowHeight + 8;
    return html`
      <div class="key" aria-hidden="true">
        <span><svg viewBox="0 0 14 14"><circle class="first" cx="7" cy="7" r="4"></circle></svg> ${t.firstActivity}</span>
        <span><svg viewBox="0 0 14 14"><circle class="accession" cx="7" cy="7" r="5"></circle></svg> ${t.accession}</span>
      </div>
      <svg class="chart" viewBox="0 0 ${width} ${height}" role="img" aria-label=${title}>
        ${x.ticks(8).map((d) => svg`<g class="tick"><line x1=${x(d)} x2=${x(d)} y1=${top - 6} y2=${height}></line>
          <text x=${x(d)} y=${top - 10} text-anchor="middle">${formatTick(d, lang)}</text></g>`)}
        ${rows.map((j, i) => {
          const y = top + i * rowHeight + rowHeight / 2;
          const party = j.accession.party;
          const first = at(j.firstActivityDate), done = at(j.accession.date);
          const name = nameOf(party, lang);
          const says = [name, j.firstActivityDate ? `${t.firstActivity}${t.colon}${formatDate(j.firstActivityDate, lang)}` : t.noActivityBefore,
            `${t.accession}${t.colon}${j.accession.date ? formatDate(j.accession.date, lang) : t.noDate}`,
            j.daysToAccession != null ? t.daysBetween(j.daysToAccession) : ""].filter(Boolean).join(" · ");
          return svg`<g><title>${says}</title>
            <text class="name" x=${left - 8} y=${y + 4} text-anchor="end" @click=${() => this.open(party.id)}>${name.length > 28 ? name.slice(0, 27) + "…" : name}</text>
            ${first && done ? svg`<line class="span" x1=${x(first)} x2=${x(done)} y1=${y} y2=${y}></line>` : ""}
            ${first ? svg`<circle class="first" cx=${x(first)} cy=${y} r="4"></circle>` : ""}
            ${done ? svg`<circle class="accession" cx=${x(done)} cy=${y} r="5"></circle>` : ""}
            <text class=${j.daysToAccession != null ? "days" : "none"} x=${(done ? x(done) : left) + 9} y=${y + 4}>${
              j.daysToAccession != null ? t.daysBetween(j.daysToAccession) : !done ? t.noDate : !first ? t.noActivityBefore : ""}</text>
          </g>`;
        })}
      </svg>`;
  }

  renderTable(rows) {
    const t = this.t, lang = this.lang;
    return html`<table aria-label=${t.journeys}>
      <thead><tr><th>${t.name}</th><th>${t.firstActivity}</th><th>${t.accession}</th><th>${t.days}</th><th>${t.activitiesBefore}</th></tr></thead>
      <tbody>${rows.map((j) => html`<tr>
        <td>${this.entityLink(j.accession.party)}</td>
        <td class="nowrap">${j.firstActivityDate ? formatRange(j.firstActivityDate, null, lang) : html`<span class="muted">${t.noActivityBefore}</span>`}</td>
        <td><span class="nowrap">${j.accession.date ? formatRange(j.accession.date, null, lang) : html`<span class="muted">${t.noDate}</span>`}</span>
          <span class="muted">(${t.statusWord[j.accession.status] ?? j.accession.status})</span></td>
        <td class="num">${j.daysToAccession != null ? j.daysToAccession.toLocaleString(lang === "fr" ? "fr-FR" : "en-GB") : ""}</td>
        <td>${j.activitiesBefore.totalCount}${j.activitiesBefore.nodes.length ? html`<ul>${j.activitiesBefore.nodes.map((a) =>
          html`<li><span class="nowrap">${formatRange(a.start, null, lang)}</span>: ${this.entityLink(a)}</li>`)}</ul>` : ""}
          ${j.activitiesBefore.totalCount > j.activitiesBefore.nodes.length ? html`<span class="muted">${t.more(j.activitiesBefore.totalCount - j.activitiesBefore.nodes.length)}</span>` : ""}</td>
      </tr>`)}</tbody>
    </table>`;
  }

  setProject(project) {
    this.project = project;
    this.dispatchEvent(new CustomEvent("cc-project", { detail: { project }, bubbles: true, composed: true }));
  }
}

customElements.define("cc-journeys", JourneysView);
