// <cc-path entity="country:to" target="organization:europol">: the distinct routes between two entities, shortest
// first and then the best evidenced, each hop with its relationship and the sources that state it.
import { css, html } from "lit";
import { nameOf, query } from "../lib/api.js";
import { formatDate, formatRange } from "../lib/format.js";
import { term } from "../lib/i18n.js";
import { CybercoopView } from "../lib/view.js";

import pathsQuery from "../../documents/Paths.graphql";

export class PathView extends CybercoopView {
  static properties = { target: { type: String } };
  static reloadOn = [...CybercoopView.reloadOn, "target"];

  static styles = [CybercoopView.baseStyles, css`
    ol.routes { padding-left: 20px; }
    ol.routes > li { margin: 10px 0; }
    ol.hops { list-style: none; padding-left: 0; margin: 4px 0; }
    h2 { font-size: 16px; margin: 6px 0; }
    ol.hops li { margin: 3px 0 3px 12px; border-left: 3px solid var(--cybercoop-line); padding-left: 8px; }
    .rel { font-variant: small-caps; color: var(--cybercoop-muted); }
  `];

  ready() {
    return Boolean(this.entity && this.target);
  }

  async load(signal) {
    const period = { since: this.from || null, until: this.to || null };
    const data = await query(this.api, pathsQuery, { from: this.entity, to: this.target, ...period }, signal);
    return { ...data, paths: rank(distinct(data.paths)) };
  }

  renderData({ from, to, paths }) {
    const t = this.t;
    return html`
      <h2>${this.entityLink(from)} → ${this.entityLink(to)}: ${paths.length ? t.routes(paths.length) : t.noRoute}</h2>
      ${this.from || this.to ? html`<p class="muted">${t.onlyActivitiesOf(this.periodText())}</p>` : ""}
      <ol class="routes">${paths.map((p) => html`<li>
        <strong>${t.hops(p.length)}</strong>: ${[p.hops[0].from, ...p.hops.map((h) => h.to)].map((n, i) => html`${i ? " → " : ""}${nameOf(n, this.lang)}`)}
        <ol class="hops">${p.hops.map((h) => html`<li>
          ${this.entityLink(h.from)} <span class="rel">${h.direction === "OUT" ? "—" : "←"} ${term("relationType", h.type, this.lang)}${h.role ? ` (${h.role})` : ""} ${h.direction === "OUT" ? "→" : "—"}</span> ${this.entityLink(h.to)}
          <div class="muted">${t.evidence}: ${h.sources.length ? h.sources.map((s) => `${s.source.reference ?? s.source.title}, ${s.locator}`).join("; ") : "—"}</div>
        </li>`)}</ol>
      </li>`)}</ol>`;
  }

  // periodText writes the explorer's From and To: "Jun–Jul 2018", "since June 2018", "until 2017".
  periodText() {
    const t = this.t;
    if (this.from && this.to) return formatRange(this.from, this.to, this.lang);
    return this.from ? t.since(formatDate(this.from, this.lang)) : t.until(formatDate(this.to, this.lang));
  }
}

// The same chain of entities and relationships counts once, whatever order the API found it in.
function distinct(paths) {
  const seen = new Set();
  return paths.filter((p) => {
    const key = p.hops.map((h) => `${h.from.id}|${h.type}|${h.to.id}`).join(">");
    return !seen.has(key) && seen.add(key);
  });
}

// Shortest first, then the routes whose hops cite the most sources.
function rank(paths) {
  const evidence = (p) => p.hops.reduce((n, h) => n + h.sources.length, 0);
  return [...paths].sort((a, b) => a.length - b.length || evidence(b) - evidence(a));
}

customElements.define("cc-path", PathView);
