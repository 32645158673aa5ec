// <cc-table entity="country:gh" mode="activities|collaborators|relations">: the entity's activities, collaborators
// or relations (each with its sources), or for a convention (mode activities) its treaty chart (one row per State or organisation: its signature, ratification or accession, entry into
// force, other steps, sources and disagreements), as a sortable, filterable table with a CSV download of the same
// columns: the text alternative to the graph, timeline and map.
import { css, html } from "lit";
import { query, activityFilter, conventionName, kindOf, nameOf } from "../lib/api.js";
import { csv, download, formatRange } from "../lib/format.js";
import { kindName, term } from "../lib/i18n.js";
import { chartRows, distinct, standingAt, today } from "../lib/treaty.js";
import { CybercoopView } from "../lib/view.js";
import { chartNotice, noticeStyles } from "./notice.js";

const pageSize = 100; // rows asked per request, unless the first attribute asks for one page of its own size
const maxRows = 2000; // a browser table stays usable; the count above the table says when rows were left out

import activitiesQuery from "../../documents/TableActivities.graphql";
import collaboratorsQuery from "../../documents/TableCollaborators.graphql";
import chartQuery from "../../documents/ConventionChart.graphql";
import relationsQuery from "../../documents/TableRelations.graphql";

/**
 * tableModes lists the tables that give an entity's facts, for the explorer's table view and the embeds: a
 * convention's chart (mode activities) and relations; the activities and collaborators of a country, an
 * organisation or a project; a theme's activities and relations; the relations of anything else.
 */
export function tableModes(kind) {
  if (["COUNTRY", "ORGANIZATION", "PROJECT"].includes(kind)) return ["activities", "collaborators"];
  if (kind === "CONVENTION" || kind === "THEME") return ["activities", "relations"];
  return ["relations"];
}

export class TableView extends CybercoopView {
  static properties = { mode: { type: String }, first: { type: Number }, _sort: { state: true }, _filter: { state: true } };

  static reloadOn = [...CybercoopView.reloadOn, "mode", "first"];

  static styles = [CybercoopView.baseStyles, noticeStyles, css`
    .bar { display: flex; gap: 8px; align-items: center; margin: 6px 0; flex-wrap: wrap; }
    th button { all: unset; cursor: pointer; font-weight: 600; }
    th button:focus-visible { outline: 2px solid var(--cybercoop-focus); }
    h2 { font-size: 14px; margin: 0; }
    .wrap { max-height: var(--cybercoop-table-height, 70vh); overflow: auto; }
    .conflict { color: var(--cybercoop-conflict); font-weight: 600; }
    .dates { white-space: nowrap; }
  `];

  constructor() {
    super();
    this.mode = "activities";
    this._sort = { key: "date", desc: false };
    this._filter = "";
  }

  /** chart says whether the table shows a treaty chart: a convention's activities table is its chart. */
  get chart() {
    return kindOf(this.entity) === "CONVENTION" && this.mode === "activities";
  }

  async load(signal) {
    if (this.chart) {
      const { convention } = await query(this.api, chartQuery, { id: this.entity }, signal);
      const standing = standingAt(convention.accessions, today());
      const chartSource = convention.chart?.source.id;
      const rows = chartRows(convention.accessions).map((r) => ({ ...r, standing: standing.get(r.party.id), chartSource }));
      return { total: rows.length, rows, convention };
    }
    if (this.mode === "relations") return this.loadPages(relationsQuery, { id: this.entity }, (data) => data.entity.relations, signal);
    const collaborators = this.mode === "collaborators";
    const filter = activityFilter(kindOf(this.entity), this.entity, this.from, this.to);
    if (!collaborators && !filter) return { total: 0, rows: [] };
    const variables = collaborators ? { id: this.entity, from: this.from || null, to: this.to || null } : { filter };
    return this.loadPages(collaborators ? collaboratorsQuery : activitiesQuery, variables,
      (data) => (collaborators ? data.collaborators : data.activities), signal);
  }

  // loadPages reads a connection page by page: with first set (an embed), one page of that size; otherwise every
  // page up to maxRows.
  async loadPages(document, variables, connection, signal) {
    const first = this.first > 0 ? Math.min(this.first, pageSize) : pageSize;
    const limit = this.first > 0 ? first : maxRows;
    const rows = [];
    let total = 0, after = null;
    do {
      const conn = connection(await query(this.api, document, { ...variables, first, after }, signal));
      total = conn.totalCount;
      rows.push(...conn.nodes);
      after = conn.pageInfo.hasNextPage ? conn.pageInfo.endCursor : null;
    } while (after && rows.length < limit);
    return { total, rows };
  }

  get columns() {
    const t = this.t, lang = this.lang;
    const names = (list) => list.map((x) => nameOf(x, lang)).join("; ");
    if (this.chart) return this.chartColumns;
    if (this.mode === "relations") return this.relationColumns;
    if (this.mode === "collaborators") {
      return [
        { key: "name", label: t.name, value: (c) => nameOf(c.node, lang), cell: (c) => this.entityLink(c.node) },
        { key: "kind", label: t.kind, value: (c) => kindName(c.node.kind, lang) },
        { key: "weight", label: t.weight, value: (c) => c.weight, numeric: true },
        { key: "acts", label: t.sharedActivities, value: (c) => c.sharedActivityCount, numeric: true },
        { key: "projs", label: t.sharedProjects, value: (c) => c.sharedProjectCount, numeric: true },
        { key: "date", label: t.first, value: (c) => c.firstDate ?? "", cell: (c) => dateCell(c.firstDate, null, lang) },
        { key: "last", label: t.last, value: (c) => c.lastDate ?? "", cell: (c) => dateCell(c.lastDate, null, lang) },
        { key: "projects", label: t.projects, value: (c) => names(c.projects) },
      ];
    }
    return [
      { key: "date", label: t.date, value: (a) => a.start, cell: (a) => dateCell(a.start, a.end, lang) },
      { key: "title", label: t.title, value: (a) => a.label, cell: (a) => this.entityLink(a) },
      { key: "type", label: t.type, value: (a) => term("activityType", a.type, lang) },
      { key: "place", label: t.place, value: (a) => a.placeAsWritten ?? "" },
      { key: "projects", label: t.projects, value: (a) => names(a.projects) },
      { key: "orgs", label: t.organizations, value: (a) => names(a.organizations) },
      { key: "sources", label: t.sources, value: (a) => a.sources.map((s) => `${s.source.reference ?? s.source.title}, ${s.locator}`).join("; "),
        cell: (a) => html`<span class="muted">${a.sources.map((s) => `${s.source.reference ?? s.source.title}, ${s.locator}`).join("; ")}</span>` },
    ];
  }

  // A chart's columns: every date as the source gives it (ISO in the CSV), several when the sources disagree.
  get chartColumns() {
    const t = this.t, lang = this.lang;
    const dates = (steps, field = "date") => distinct(steps, (s) => s[field]);
    const shown = (list) => list.map((d) => formatRange(d, null, lang)).join(" / ");
    const refs = (r) => r.sources.map((s) => `${s.source.reference ?? s.source.title}, ${s.locator}`).join("; ");
    const others = (r, date) => r.others.map((s) => [t.statusWord[s.status], s.date ? date(s.date)
      : s.periodStart || s.periodEnd ? date(s.periodStart, s.periodEnd) : ""].filter(Boolean).join(" "));
    return [
      { key: "name", label: t.name, value: (r) => nameOf(r.party, lang), cell: (r) => this.entityLink(r.party) },
      { key: "standing", label: t.standing, value: (r) => (r.standing ? t.statusWord[r.standing.status] : "") },
      { key: "signature", label: t.signature, value: (r) => dates(r.signatures).join(" / "),
        cell: (r) => html`<span class="dates">${r.signatures.length && !dates(r.signatures).length ? t.noDate : shown(dates(r.signatures))}</span>` },
      { key: "ratification", label: t.ratification, value: (r) => dates(r.ratifications).join(" / "),
        cell: (r) => html`<span class="dates">${r.ratifications.length && !dates(r.ratifications).length ? t.noDate : shown(dates(r.ratifications))}</span>` },
      { key: "entryIntoForce", label: t.entryIntoForce, value: (r) => dates(r.ratifications, "entryIntoForce").join(" / "),
        cell: (r) => html`<span class="dates">${shown(dates(r.ratifications, "entryIntoForce"))}</span>` },
      { key: "otherSteps", label: t.otherSteps, value: (r) => others(r, (d, end) => [d, end].filter(Boolean).join("/")).join("; "),
        cell: (r) => others(r, (d, end) => formatRange(d ?? end, d ? end : null, lang)).join("; ") },
      // On screen the chart, every row's source, is named in a word (its title on hover); the CSV gives its title.
      { key: "sources", label: t.sources, value: refs, cell: (r) => html`<span class="muted">${r.sources.map((s, i) => html`${i ? "; " : ""}${
        s.source.id === r.chartSource ? html`<abbr title=${s.source.title}>${t.chartWord}</abbr>` : s.source.reference ?? s.source.title}, ${s.locator}`)}</span>` },
      { key: "conflicts", label: t.conflicts, value: (r) => r.conflicts.join("; "),
        cell: (r) => (r.conflicts.length ? html`<span class="conflict" title=${t.conflictMark}>⚠ ${r.conflicts.join("; ")}</span>` : "") },
    ];
  }

  // A relation's columns: its type seen from the entity (→ out, ← in), the entity at the other end, what the
  // sources say of it (role, status, dates, note) and the sources.
  get relationColumns() {
    const t = this.t, lang = this.lang;
    const status = (r) => (r.type === "ACCESSION" ? t.statusWord[r.status] ?? r.status : r.status) ?? "";
    return [
      { key: "relation", label: t.relation, value: (r) => `${r.direction === "IN" ? "←" : "→"} ${term("relationType", r.type, lang)}` },
      { key: "name", label: t.entity, value: (r) => nameOf(r.node, lang), cell: (r) => this.entityLink(r.node) },
      { key: "kind", label: t.kind, value: (r) => kindName(r.node.kind, lang) },
      { key: "role", label: t.roleOrStatus, value: (r) => [r.role, status(r)].filter(Boolean).join("; ") },
      { key: "date", label: t.date, value: (r) => r.date ?? r.periodStart ?? "",
        cell: (r) => dateCell(r.date ?? r.periodStart, r.date ? null : r.periodEnd, lang) },
      { key: "note", label: t.note, value: (r) => r.note ?? "" },
      { key: "sources", label: t.sources, value: (r) => r.sources.map((s) => `${s.source.reference ?? s.source.title}, ${s.locator}`).join("; "),
        cell: (r) => html`<span class="muted">${r.sources.map((s) => `${s.source.reference ?? s.source.title}, ${s.locator}`).join("; ")}</span>` },
    ];
  }

  visibleRows(rows, columns) {
    const needle = this._filter.trim().toLocaleLowerCase();
    const kept = needle ? rows.filter((r) => columns.some((c) => String(c.value(r)).toLocaleLowerCase().includes(needle))) : rows;
    const col = columns.find((c) => c.key === this.sortKey(columns));
    const cmp = col.numeric ? (a, b) => col.value(a) - col.value(b) : (a, b) => String(col.value(a)).localeCompare(String(col.value(b)), this.lang);
    // Rows without a value (a State that never ratified, by ratification) come last, whichever the direction.
    const empty = (r) => col.value(r) == null || col.value(r) === "";
    const sorted = kept.filter((r) => !empty(r)).sort(cmp);
    return [...(this._sort.desc ? sorted.reverse() : sorted), ...kept.filter(empty)];
  }

  renderData({ total, rows, convention }) {
    const t = this.t;
    const columns = this.columns;
    const shown = this.visibleRows(rows, columns);
    const sortKey = this.sortKey(columns);
    const title = convention ? `${t.treatyChart}${t.colon}${conventionName(convention, this.lang)}`
      : { collaborators: t.collaborators, relations: t.relations }[this.mode] ?? t.activities;
    return html`
      ${convention ? chartNotice(convention.chart, t, this.lang) : ""}
      <div class="bar">
        <h2 id="title">${title}</h2>
        <span class="muted" role="status">${t.rows(shown.length, total)}</span>
        <input type="search" placeholder=${t.filter} aria-label=${t.filter} .value=${this._filter}
          @input=${(e) => { this._filter = e.target.value; }}>
        <button @click=${() => this.downloadCSV(columns, shown)}>${t.download} ${t.csv}</button>
      </div>
      <div class="wrap"><table aria-labelledby="title">
        <thead><tr>${columns.map((c) => html`<th aria-sort=${sortKey === c.key ? (this._sort.desc ? "descending" : "ascending") : "none"}>
          <button @click=${() => this.sortBy(c.key, columns)}>${c.label}${sortKey === c.key ? (this._sort.desc ? " ▼" : " ▲") : ""}</button></th>`)}</tr></thead>
        <tbody>${shown.map((r) => html`<tr>${columns.map((c) => html`<td>${c.cell ? c.cell(r) : c.value(r)}</td>`)}</tr>`)}</tbody>
      </table></div>`;
  }

  sortBy(key, columns) {
    this._sort = { key, desc: this.sortKey(columns) === key ? !this._sort.desc : false };
  }

  /** sortKey is the column the rows are sorted by: the one chosen, else the first. */
  sortKey(columns) {
    return columns.some((c) => c.key === this._sort.key) ? this._sort.key : columns[0].key;
  }

  // The CSV holds the columns shown, as values (ISO dates), with a byte order mark so that Excel reads it as UTF-8.
  downloadCSV(columns, rows) {
    const text = csv(columns.map((c) => c.key), rows.map((r) => columns.map((c) => c.value(r))));
    download(`${this.entity.replace(":", "-")}-${this.chart ? "chart" : this.mode}.csv`, new Blob(["\uFEFF", text], { type: "text/csv;charset=utf-8" }));
  }
}

// A date cell: the compact form on one line, the ISO date for machines.
function dateCell(start, end, lang) {
  return start ? html`<time class="nowrap" datetime=${start}>${formatRange(start, end, lang)}</time>` : "";
}

customElements.define("cc-table", TableView);
