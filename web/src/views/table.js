// <cc-table entity="country:gh" mode="activities|collaborators">: the entity's activities or collaborators as a
// sortable, filterable table with a CSV download: the text alternative to the graph, timeline and map.
import { css, html } from "lit";
import { query, activityFilter, kindOf, nameOf } from "../lib/api.js";
import { csv, download, formatDate, formatRange } from "../lib/format.js";
import { kindName } from "../lib/i18n.js";
import { CybercoopView } from "../lib/view.js";

const pageSize = 100; // rows asked per request, unless the first attribute asks for one page of its own size
const maxRows = 2000; // a browser table stays usable; the count above the table says when rows were left out

import activitiesQuery from "../../documents/TableActivities.graphql";
import collaboratorsQuery from "../../documents/TableCollaborators.graphql";

export class TableView extends CybercoopView {
  static properties = { mode: { type: String }, first: { type: Number }, _sort: { state: true }, _filter: { state: true } };

  static reloadOn = [...CybercoopView.reloadOn, "mode", "first"];

  static styles = [CybercoopView.baseStyles, css`
    .bar { display: flex; gap: 8px; align-items: center; margin: 6px 0; flex-wrap: wrap; }
    th button { all: unset; cursor: pointer; font-weight: 600; }
    th button:focus-visible { outline: 2px solid #1971c2; }
    .wrap { max-height: var(--cc-table-height, 70vh); overflow: auto; }
  `];

  constructor() {
    super();
    this.mode = "activities";
    this._sort = { key: "date", desc: false };
    this._filter = "";
  }

  async load(signal) {
    const collaborators = this.mode === "collaborators";
    const filter = activityFilter(kindOf(this.entity), this.entity, this.from, this.to);
    if (!collaborators && !filter) return { total: 0, rows: [] };
    // With first set (an embed), one page of that size; otherwise every page up to maxRows.
    const first = this.first > 0 ? Math.min(this.first, pageSize) : pageSize;
    const limit = this.first > 0 ? first : maxRows;
    const variables = collaborators ? { id: this.entity, from: this.from || null, to: this.to || null, first } : { filter, first };
    const rows = [];
    let total = 0, after = null;
    do {
      const data = await query(this.api, collaborators ? collaboratorsQuery : activitiesQuery, { ...variables, after }, signal);
      const conn = collaborators ? data.collaborators : data.activities;
      total = conn.totalCount;
      rows.push(...conn.nodes);
      after = conn.pageInfo.hasNextPage ? conn.pageInfo.endCursor : null;
    } while (after && rows.length < limit);
    return { total, rows };
  }

  get columns() {
    const t = this.t, lang = this.lang;
    const names = (list) => list.map((x) => nameOf(x, lang)).join("; ");
    if (this.mode === "collaborators") {
      return [
        { key: "name", label: t.name, value: (c) => nameOf(c.node, lang), cell: (c) => this.entityLink(c.node) },
        { key: "kind", label: t.kind, value: (c) => kindName(c.node.kind, lang) },
        { key: "weight", label: t.weight, value: (c) => c.weight, numeric: true },
        { key: "acts", label: t.sharedActivities, value: (c) => c.sharedActivityCount, numeric: true },
        { key: "projs", label: t.sharedProjects, value: (c) => c.sharedProjectCount, numeric: true },
        { key: "date", label: t.first, value: (c) => c.firstDate ?? "", cell: (c) => formatDate(c.firstDate, lang) },
        { key: "last", label: t.last, value: (c) => c.lastDate ?? "", cell: (c) => formatDate(c.lastDate, lang) },
        { key: "projects", label: t.projects, value: (c) => names(c.projects) },
      ];
    }
    return [
      { key: "date", label: t.date, value: (a) => a.start, cell: (a) => html`<time datetime=${a.start}>${formatRange(a.start, a.end, lang)}</time>` },
      { key: "title", label: t.title, value: (a) => a.label, cell: (a) => this.entityLink(a) },
      { key: "type", label: t.type, value: (a) => a.type },
      { key: "place", label: t.place, value: (a) => a.placeAsWritten ?? "" },
      { key: "projects", label: t.projects, value: (a) => names(a.projects) },
      { key: "orgs", label: t.organizations, value: (a) => names(a.organizations) },
      { key: "sources", label: t.sources, value: (a) => a.sources.map((s) => `${s.source.reference ?? s.source.title}, ${s.locator}`).join("; "),
        cell: (a) => html`<span class="muted">${a.sources.map((s) => `${s.source.reference ?? s.source.title}, ${s.locator}`).join("; ")}</span>` },
    ];
  }

  visibleRows(rows, columns) {
    const needle = this._filter.trim().toLocaleLowerCase();
    const kept = needle ? rows.filter((r) => columns.some((c) => String(c.value(r)).toLocaleLowerCase().includes(needle))) : rows;
    const col = columns.find((c) => c.key === this._sort.key) ?? columns[0];
    const cmp = col.numeric ? (a, b) => col.value(a) - col.value(b) : (a, b) => String(col.value(a)).localeCompare(String(col.value(b)), this.lang);
    const sorted = [...kept].sort(cmp);
    return this._sort.desc ? sorted.reverse() : sorted;
  }

  renderData({ total, rows }) {
    const t = this.t;
    const columns = this.columns;
    const shown = this.visibleRows(rows, columns);
    const title = this.mode === "collaborators" ? t.collaborators : t.activities;
    return html`
      <div class="bar">
        <strong>${title}</strong>
        <span class="muted" role="status">${t.rows(shown.length, total)}</span>
        <input type="search" placeholder=${t.filter} aria-label=${t.filter} .value=${this._filter}
          @input=${(e) => { this._filter = e.target.value; }}>
        <button @click=${() => this.downloadCSV(columns, shown)}>${t.download} ${t.csv}</button>
      </div>
      <div class="wrap"><table>
        <caption class="muted" hidden>${title}</caption>
        <thead><tr>${columns.map((c) => html`<th aria-sort=${this._sort.key === c.key ? (this._sort.desc ? "descending" : "ascending") : "none"}>
          <button @click=${() => this.sortBy(c.key)}>${c.label}${this._sort.key === c.key ? (this._sort.desc ? " ▼" : " ▲") : ""}</button></th>`)}</tr></thead>
        <tbody>${shown.map((r) => html`<tr>${columns.map((c) => html`<td>${c.cell ? c.cell(r) : c.value(r)}</td>`)}</tr>`)}</tbody>
      </table></div>`;
  }

  sortBy(key) {
    this._sort = { key, desc: this._sort.key === key ? !this._sort.desc : false };
  }

  downloadCSV(columns, rows) {
    const text = csv(columns.map((c) => c.key), rows.map((r) => columns.map((c) => c.value(r))));
    download(`${this.entity.replace(":", "-")}-${this.mode}.csv`, new Blob([text], { type: "text/csv;charset=utf-8" }));
  }
}

customElements.define("cc-table", TableView);
