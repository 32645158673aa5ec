// <cybercoop-view view="timeline" entity="country:gh" api="https://cybercoop.example/graphql">: one of the
// workbench's views (the same components, without the explorer around them) on any page, rendered in its shadow
// root, with a link back to the explorer. Attributes: view (card|table|graph|timeline|map|journeys|path), entity, api
// (defaults to the service that served this script), lang (en|fr), theme (light|dark), first (rows of a table), from,
// to, as-of (the day a convention's map and journeys show, YYYY-MM-DD), project (the journeys' project) and path (the
// other end of a path). It adds nothing to the host page but the element: no global style, no global script name; the
// host page's text styles stop at the element, and its colours are --cybercoop-* custom properties a page may set.
import { LitElement, css, html } from "lit";
import { kindOf } from "../lib/api.js";
import { texts } from "../lib/i18n.js";
import { darkTheme, lightTheme } from "../lib/view.js";
import { tableModes } from "../views/table.js";

// Each view's code loads when a page first shows it: a table needs neither Cytoscape nor d3. Lit upgrades the
// element once its class is defined, keeping the properties set before.
const viewModules = {
  card: () => import("../views/card.js"),
  table: () => import("../views/table.js"),
  graph: () => import("../views/graph.js"),
  timeline: () => import("../views/timeline.js"),
  map: () => import("../views/map.js"),
  journeys: () => import("../views/journeys.js"),
  path: () => import("../views/path.js"),
};

/** views are the views an embed can show; the explorer shows the same under the same names (a card beside each). */
export const views = Object.keys(viewModules);

// The service that served this script, for pages that give no api attribute.
const defaultAPI = new URL("/graphql", import.meta.url).href;

const attribution = {
  en: "Data: Cybercoop — sources",
  fr: "Données : Cybercoop — sources",
};

class CybercoopEmbed extends LitElement {
  static properties = {
    view: { type: String }, entity: { type: String }, api: { type: String }, lang: { type: String },
    theme: { type: String, reflect: true }, first: { type: Number }, from: { type: String }, to: { type: String },
    asOf: { type: String, attribute: "as-of" }, project: { type: String }, path: { type: String },
  };

  // The views read their colours from the theme's properties, which cross their shadow roots. all: initial stops
  // what the host page's text inherits (text-transform, letter-spacing, a serif font) at the element; the page's
  // own rules for cybercoop-view itself (a margin, a width) still win.
  static styles = css`
    :host { all: initial; ${lightTheme} display: block; box-sizing: border-box; padding: 8px; max-width: 100%;
      font: 14px/1.4 system-ui, sans-serif; color: var(--cybercoop-text); background: var(--cybercoop-background);
      --cybercoop-graph-height: 420px; --cybercoop-table-height: 480px; }
    :host([theme="dark"]) { ${darkTheme} }
    .source { display: block; margin-top: 6px; font: 12px/1.4 system-ui, sans-serif; color: var(--cybercoop-link); }
    .status { font: 14px system-ui, sans-serif; color: var(--cybercoop-error); }
  `;

  constructor() {
    super();
    this.view = "card";
    this.api = defaultAPI;
    this.lang = "en";
    this.theme = "light";
  }

  render() {
    const lang = this.lang === "fr" ? "fr" : "en";
    const t = texts(lang);
    if (!views.includes(this.view)) return html`<div class="status" role="alert">${t.error}: ${t.badView(views.join(", "))}</div>`;
    if (!this.entity || (this.view === "path" && !this.path)) return html`<div class="status" role="alert">${t.missingEntity}</div>`;
    viewModules[this.view]();
    const props = { entity: this.entity, api: this.api, lang, from: this.from ?? "", to: this.to ?? "" };
    return html`${this.renderView(props)}
      <a class="source" href=${this.explorerURL(lang)} target="_blank" rel="noopener">${attribution[lang]}</a>`;
  }

  renderView({ entity, api, lang, from, to }) {
    switch (this.view) {
      case "table":
        return html`<cc-table .entity=${entity} .api=${api} .lang=${lang} .from=${from} .to=${to} .first=${this.first}
          .mode=${tableModes(kindOf(entity))[0]}></cc-table>`;
      case "graph":
        return html`<cc-graph .entity=${entity} .api=${api} .lang=${lang} .from=${from} .to=${to}></cc-graph>`;
      case "timeline":
        return html`<cc-timeline .entity=${entity} .api=${api} .lang=${lang} .from=${from} .to=${to}></cc-timeline>`;
      case "map":
        return html`<cc-map .entity=${entity} .api=${api} .lang=${lang} .from=${from} .to=${to} .asOf=${this.asOf ?? ""}></cc-map>`;
      case "journeys":
        return html`<cc-journeys .entity=${entity} .api=${api} .lang=${lang} .asOf=${this.asOf ?? ""} .project=${this.project ?? ""}></cc-journeys>`;
      case "path":
        return html`<cc-path .entity=${entity} .target=${this.path} .api=${api} .lang=${lang} .from=${from} .to=${to}></cc-path>`;
      default:
        return html`<cc-card .entity=${entity} .api=${api} .lang=${lang} .from=${from} .to=${to}></cc-card>`;
    }
  }

  /** explorerURL is the explorer page of the same view of the same entity (a card opens the explorer's default). */
  explorerURL(lang) {
    const url = new URL("/explorer", new URL(this.api, location.href));
    const q = new URLSearchParams({ id: this.entity ?? "" });
    if (this.view !== "card" && this.view !== "path") q.set("view", this.view);
    for (const [k, v] of [["from", this.from], ["to", this.to], ["asOf", this.asOf], ["project", this.project], ["path", this.path]]) if (v) q.set(k, v);
    if (lang === "fr") q.set("lang", "fr");
    url.search = q.toString();
    return url.href;
  }
}

if (!customElements.get("cybercoop-view")) customElements.define("cybercoop-view", CybercoopEmbed);
