// <cc-map entity="country:gh">: a world map (Natural Earth, world-atlas) with countries shaded by the entity's
// activity count, or, for a convention, by accession status; click a shaded country to open it. The countries are
// listed under the map as well, including those too small to draw at this scale.
import { css, html, svg } from "lit";
import { geoNaturalEarth1, geoPath } from "d3-geo";
import { scaleSqrt } from "d3-scale";
import { feature } from "topojson-client";
import { alpha2ToNumeric } from "i18n-iso-countries";
import { query, activityFilter, kindOf, nameOf } from "../lib/api.js";
import { formatDate } from "../lib/format.js";
import { CybercoopView } from "../lib/view.js";

/* global ATLAS_FILE */
// The country shapes (a hashed file beside the bundle, put there by build.mjs) are fetched once per page.
let atlas;
function loadAtlas() {
  atlas ??= fetch(new URL(ATLAS_FILE, import.meta.url)).then((r) => r.json())
    .then((topology) => feature(topology, topology.objects.countries).features);
  return atlas;
}

import activityQuery from "../../documents/MapActivities.graphql";
import accessionQuery from "../../documents/MapAccessions.graphql";

// From the furthest step towards a convention to the least; a country shows its furthest step.
const statuses = ["party", "ratified", "acceded", "signed", "invited", "requested", "interest"];
const statusColors = { party: "#2b8a3e", ratified: "#37b24d", acceded: "#69db7c", signed: "#a9e34b",
  invited: "#fab005", requested: "#fd7e14", interest: "#ffc9c9" };
const width = 960, height = 500;

export class MapView extends CybercoopView {
  static styles = [CybercoopView.baseStyles, css`
    svg { width: 100%; height: auto; display: block; background: #eef5fb; border: 1px solid #dee2e6; }
    path.country { stroke: #fff; stroke-width: 0.4; }
    path.country:not(.data) { fill: #d9dde1; }
    path.data { cursor: pointer; stroke: #555; stroke-width: 0.5; }
    path.data:hover, path.data:focus { stroke: #000; stroke-width: 1.2; outline: none; }
    .legend { display: flex; flex-wrap: wrap; gap: 4px 12px; margin: 6px 0; font-size: 12px; }
    .swatch { display: inline-block; width: 12px; height: 12px; margin-right: 4px; vertical-align: middle; }
    ul { columns: 3 220px; margin: 6px 0; padding-left: 18px; }
  `];

  async load(signal) {
    const kind = kindOf(this.entity);
    const [shapes, rows] = await Promise.all([loadAtlas(), kind === "CONVENTION" ? this.loadAccessions(signal) : this.loadActivities(kind, signal)]);
    return { shapes, ...rows };
  }

  async loadAccessions(signal) {
    const { entity } = await query(this.api, accessionQuery, { id: this.entity }, signal);
    const furthest = new Map();
    for (const a of entity.accessions ?? []) {
      const seen = furthest.get(a.country.id);
      if (!seen || statuses.indexOf(a.status) < statuses.indexOf(seen.status)) furthest.set(a.country.id, a);
    }
    const rows = [...furthest.values()].map((a) => ({ country: a.country, status: a.status, date: a.date }));
    // The English label is the treaty's title; its short name ("Budapest Convention") is how people know it.
    const label = this.lang !== "fr" && entity.shortName ? `${entity.label} (${entity.shortName})` : nameOf(entity, this.lang);
    return { mode: "accessions", label, rows };
  }

  async loadActivities(kind, signal) {
    const filter = activityFilter(kind, this.entity, this.from, this.to);
    const { entity, activityStats } = await query(this.api, activityQuery, { id: this.entity, filter }, signal);
    const rows = filter
      ? activityStats.map((b) => ({ country: b.node, count: b.count }))
      : (entity.countries ?? []).map((c) => ({ country: c, count: 1 }));
    return { mode: "activities", label: nameOf(entity, this.lang), rows: rows.sort((a, b) => b.count - a.count) };
  }

  renderData({ shapes, mode, label, rows }) {
    const t = this.t;
    const byShape = new Map(rows.map((r) => [shapeKey(r.country.iso2), r]));
    const projection = geoNaturalEarth1().fitSize([width, height], { type: "Sphere" });
    const path = geoPath(projection);
    const shade = mode === "accessions"
      ? (r) => statusColors[r.status]
      : ((s) => (r) => s(r.count))(scaleSqrt().domain([0, Math.max(1, ...rows.map((r) => r.count))]).range(["#d0ebff", "#1864ab"]));
    const drawn = new Set();
    const title = mode === "accessions" ? t.mapAccessions(label) : t.mapActivities(label);
    return html`
      <h3>${title}</h3>
      <svg viewBox="0 0 ${width} ${height}" role="img" aria-label=${title}>
        <path d=${path({ type: "Sphere" })} fill="#eef5fb"></path>
        ${shapes.map((f) => {
          const row = byShape.get(f.id ?? f.properties.name);
          if (!row) return svg`<path class="country" d=${path(f)}></path>`;
          drawn.add(row.country.id);
          return svg`<path class="country data" d=${path(f)} fill=${shade(row)} tabindex="0" role="link"
            aria-label=${this.describe(row, mode)}
            @click=${() => this.open(row.country.id)}
            @keydown=${(e) => e.key === "Enter" && this.open(row.country.id)}><title>${this.describe(row, mode)}</title></path>`;
        })}
      </svg>
      ${mode === "accessions" ? html`<div class="legend">${statuses.map((s) => html`<span><i class="swatch" style="background:${statusColors[s]}"></i>${s}</span>`)}</div>` : ""}
      ${rows.length ? "" : html`<div class="status">${t.noActivities}</div>`}
      <ul>${rows.map((r) => html`<li>${this.entityLink(r.country)}: ${mode === "accessions" ? `${r.status}${r.date ? ", " + formatDate(r.date, this.lang) : ""}` : r.count}
        ${drawn.has(r.country.id) ? "" : html`<span class="muted">(${t.noShape})</span>`}</li>`)}</ul>`;
  }

  describe(row, mode) {
    const name = nameOf(row.country, this.lang);
    return mode === "accessions" ? `${name}: ${row.status}` : `${name}: ${row.count} ${this.t.activities.toLowerCase()}`;
  }
}

// world-atlas names countries by ISO 3166 numeric code; Kosovo (XK, outside ISO 3166) has a shape without one.
function shapeKey(iso2) {
  return iso2 === "XK" ? "Kosovo" : alpha2ToNumeric(iso2);
}

customElements.define("cc-map", MapView);
