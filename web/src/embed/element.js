// <cybercoop-view view="timeline" entity="country:gh" api="https://cybercoop.example/graphql">: one of the
// workbench's views (the same components, without the explorer around them) on any page, rendered in its shadow
// root, with a link back to the explorer. Attributes: view (card|table|graph|timeline|map|journeys), entity, api
// (defaults to the service that served this script), lang (en|fr), theme (light|dark), first (rows of a table), from,
// to, as-of (the day a convention's map and journeys show, YYYY-MM-DD) and project (the journeys' project).
// It adds nothing to the host page but the element: no global style, no global script name.
import { LitElement, css, html } from "lit";
import { texts } from "../lib/i18n.js";

// Each view's code loads when a page first shows it: a table needs neither Cytoscape nor d3. Lit upgrades the
// element once its class is defined, keeping the properties set before.
const viewModules = {
  card: () => import("../views/card.js"),
  table: () => import("../views/table.js"),
  graph: () => import("../views/graph.js"),
  timeline: () => import("../views/timeline.js"),
  map: () => import("../views/map.js"),
  journeys: () => import("../views/journeys.js"),
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
    asOf: { type: String, attribute: "as-of" }, project: { type: String },
  };

  // The views read their colours from these properties, which cross their shadow roots.
  static styles = css`
    :host { display: block; box-sizing: border-box; padding: 8px; max-width: 100%; background: var(--cc-background, #fff);
      --cc-graph-height: 420px; --cc-table-height: 480px; }
    :host([theme="dark"]) { --cc-background: #1b1f24; --cc-text: #e9ecef; --cc-link: #74c0fc; --cc-head: #343a40;
      --cc-line: #495057; --cc-muted: #adb5bd; }
    .source { display: block; margin-top: 6px; font: 12px/1.4 system-ui, sans-serif; color: var(--cc-link, #1864ab); }
    .status { font: 14px system-ui, sans-serif; color: #a4161a; }
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
    if (!views.includes(this.view)) {
      return html`<div class="status" role="alert">${texts(lang).error}: view must be one of ${views.join(", ")}</div>`;
    }
    viewModules[this.view]();
    const props = { entity: this.entity, api: this.api, lang, from: this.from ?? "", to: this.to ?? "" };
    return html`${this.renderView(props)}
      <a class="source" href=${this.explorerURL(lang)} target="_blank" rel="noopener">${attribution[lang]}</a>`;
  }

  renderView({ entity, api, lang, from, to }) {
    switch (this.view) {
      case "table":
        return html`<cc-table .entity=${entity} .api=${api} .lang=${lang} .from=${from} .to=${to} .first=${this.first} mode="activities"></cc-table>`;
      case "graph":
        return html`<cc-graph .entity=${entity} .api=${api} .lang=${lang} .from=${from} .to=${to}></cc-graph>`;
      case "timeline":
        return html`<cc-timeline .entity=${entity} .api=${api} .lang=${lang} .from=${from} .to=${to}></cc-timeline>`;
      case "map":
        return html`<cc-map .entity=${entity} .api=${api} .lang=${lang} .from=${from} .to=${to} .asOf=${this.asOf ?? ""}></cc-map>`;
      case "journeys":
        return html`<cc-journeys .entity=${entity} .api=${api} .lang=${lang} .asOf=${this.asOf ?? ""} .project=${this.project ?? ""}></cc-journeys>`;
      default:
        return html`<cc-card .entity=${entity} .api=${api} .lang=${lang} .from=${from} .to=${to}></cc-card>`;
    }
  }

  /** explorerURL is the explorer page of the same view of the same entity (a card opens the explorer's default). */
  explorerURL(lang) {
    const url = new URL("/explorer", new URL(this.api, location.href));
    const q = new URLSearchParams({ id: this.entity ?? "" });
    if (this.view !== "card") q.set("view", this.view);
    for (const [k, v] of [["from", this.from], ["to", this.to], ["asOf", this.asOf], ["project", this.project]]) if (v) q.set(k, v);
    if (lang === "fr") q.set("lang", "fr");
    url.search = q.toString();
    return url.href;
  }
}

if (!customElements.get("cybercoop-view")) customElements.define("cybercoop-view", CybercoopEmbed);
