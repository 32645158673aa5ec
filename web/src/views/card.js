// <cc-card entity="country:gh">: one entity: label, kind, key facts, sources with locators, relations grouped by
// type and its dated activities (date, place, type, projects), each list saying how many it leaves out. A country's
// card gives its standing under every treaty; a convention's, its treaty chart and how many stand at each status.
import { css, html } from "lit";
import { styleMap } from "lit/directives/style-map.js";
import { query, activityFilter, kindOf } from "../lib/api.js";
import { formatDate, formatEUR, formatRange, precisionOf, kindColors } from "../lib/format.js";
import { kindName, term } from "../lib/i18n.js";
import { isParty } from "../lib/treaty.js";
import { CybercoopView } from "../lib/view.js";
import { chartNotice, noticeStyles } from "./notice.js";

import cardQuery from "../../documents/Card.graphql";

export class CardView extends CybercoopView {
  static styles = [CybercoopView.baseStyles, noticeStyles, css`
    h2 { margin: 0 0 2px; font-size: 18px; }
    h3 { margin: 14px 0 4px; font-size: 14px; border-bottom: 1px solid var(--cybercoop-line); }
    dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 10px; margin: 6px 0; }
    dt { color: var(--cybercoop-muted); }
    dd { margin: 0; }
    ul { margin: 4px 0; padding-left: 18px; }
    li { margin: 2px 0; }
    .src { font-size: 12px; color: var(--cybercoop-muted); }
  `];

  load(signal) {
    const filter = activityFilter(kindOf(this.entity), this.entity, this.from, this.to);
    return query(this.api, cardQuery, { id: this.entity, filter, withActivities: Boolean(filter) }, signal);
  }

  renderData({ entity: raw, activities }) {
    const t = this.t;
    const entity = unalias(raw);
    const name = this.lang === "fr" && entity.nameFr ? entity.nameFr : entity.label;
    return html`
      <h2>${name}</h2>
      <div class="muted"><span class="kind-dot" style=${styleMap({ background: kindColors[entity.kind] })}></span>${kindName(entity.kind, this.lang)} · ${entity.id}</div>
      <h3>${t.facts}</h3>
      <dl>${this.facts(entity).map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl>
      ${entity.treaties ? this.renderTreaties(entity.treaties) : ""}
      ${entity.kind === "CONVENTION" ? this.renderStanding(entity) : ""}
      ${activities ? this.renderActivities(activities) : ""}
      ${this.renderRelations(entity.relations)}
      <h3>${t.sources}</h3>
      ${this.renderSources(entity.sources)}
    `;
  }

  facts(e) {
    const t = this.t;
    const lang = this.lang;
    const dated = (v) => (v ? `${formatDate(v, lang)} (${t.precision[precisionOf(v)]})` : null);
    const rows = [
      [t.name, e.name ?? e.title],
      [t.frenchName, e.nameFr],
      [t.acronym, e.acronym ?? e.shortName],
      [t.code, e.code ?? e.iso2 ?? e.treatyNumber],
      [t.type, term("organizationKind", e.organizationKind, lang) || term("activityType", e.type, lang) || term("goalKind", e.goalKind, lang)],
      [t.area, e.area],
      [t.status, term(e.kind === "PROJECT" ? "projectStatus" : "countryStatus", e.status, lang)],
      [t.start, dated(e.start ?? e.openedForSignature ?? e.date)],
      [t.end, e.kind === "ACTIVITY" && e.end === e.start ? null : dated(e.end)],
      [t.place, e.placeAsWritten],
      [t.budget, e.budgetEUR != null ? formatEUR(e.budgetEUR, lang) : null],
      ["", e.budgetNote],
      [t.aliases, e.aliases?.length ? e.aliases.join(", ") : null],
      ["", e.caveat ?? e.note ?? e.text],
    ];
    return rows.filter(([, v]) => v != null && v !== "");
  }

  // A country's latest step under each treaty, today.
  renderTreaties(treaties) {
    const t = this.t, lang = this.lang;
    if (!treaties.length) return "";
    return html`
      <h3>${t.treaties} (${treaties.length})</h3>
      <ul>${treaties.map((s) => html`<li>
        ${this.entityLink({ ...s.convention, label: s.convention.shortName ?? s.convention.label })}:
        <strong>${t.statusWord[s.status] ?? s.status}</strong>${s.date ? `, ${formatDate(s.date, lang)}` : ""}${
          s.entryIntoForce ? html` <span class="muted">(${t.inForce(formatDate(s.entryIntoForce, lang))})</span>` : ""}
        ${s.sources.length ? this.renderSources(s.sources) : ""}
      </li>`)}</ul>`;
  }

  // A convention's chart, and how many States and organisations stand at each status today.
  renderStanding(e) {
    const t = this.t;
    const parties = (e.standing ?? []).filter((s) => isParty(s.status)).reduce((n, s) => n + s.count, 0);
    return html`
      <h3>${t.standing}</h3>
      ${chartNotice(e.chart, t, this.lang)}
      ${e.standing?.length ? html`<div><strong>${t.parties(parties)}</strong></div>
        <ul>${e.standing.map((s) => html`<li>${t.statusName[s.status] ?? s.status}${t.colon}${s.count}</li>`)}</ul>` : ""}`;
  }

  renderActivities(conn) {
    const t = this.t;
    const more = conn.totalCount - conn.nodes.length;
    return html`
      <h3>${t.activities} (${conn.totalCount})</h3>
      <ul>${conn.nodes.map((a) => html`<li>
        <strong class="nowrap">${formatRange(a.start, a.end, this.lang)}</strong> · ${term("activityType", a.type, this.lang)}${a.placeAsWritten ? html` · ${a.placeAsWritten}` : ""}<br>
        ${this.entityLink(a)}
        ${a.projects.length ? html`<div class="muted">${a.projects.map((p, i) => html`${i ? ", " : ""}${this.entityLink(p)}`)}</div>` : ""}
      </li>`)}</ul>
      ${more > 0 ? html`<div class="muted">${t.more(more)}${t.colon}${t.table}</div>` : ""}`;
  }

  renderRelations(conn) {
    const t = this.t;
    const groups = Map.groupBy(conn.nodes, (r) => r.type);
    const more = conn.totalCount - conn.nodes.length;
    return html`
      <h3>${t.relations} (${conn.totalCount})</h3>
      ${[...groups].map(([type, rels]) => html`
        <details ?open=${rels.length <= 8}>
          <summary>${term("relationType", type, this.lang)} (${rels.length})</summary>
          <ul>${rels.map((r) => html`<li>
            ${r.direction === "IN" ? "← " : "→ "}${this.entityLink(r.node)}
            ${r.role ? html`<span class="muted">(${r.role})</span>` : ""}
            ${r.status || r.date ? html`<span class="muted">${[r.type === "ACCESSION" ? t.statusWord[r.status] ?? r.status : r.status,
              formatRange(r.date, null, this.lang)].filter(Boolean).join(", ")}</span>` : ""}
            ${r.sources.length ? this.renderSources(r.sources) : ""}
          </li>`)}</ul>
        </details>`)}
      ${more > 0 ? html`<div class="muted">${t.more(more)}</div>` : ""}`;
  }

  renderSources(refs) {
    return html`<div>${refs.map((s) => html`<div class="src">${s.source.reference ?? s.source.title}, ${s.locator}</div>`)}</div>`;
  }
}

// Fields of the same name but different nullability in two kinds are asked under aliases (GraphQL requires it);
// unalias gives them back their names.
function unalias(e) {
  return {
    ...e,
    nameFr: e.countryNameFr ?? e.nameFr,
    status: e.countryStatus ?? e.projectStatus,
    title: e.projectTitle ?? e.title,
    start: e.activityStart ?? e.start,
    end: e.activityEnd ?? e.end,
  };
}

customElements.define("cc-card", CardView);
