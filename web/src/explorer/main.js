// The explorer at /explorer: the views around one entity, with every state in the URL
// (?id=&view=graph|timeline|map|table|journeys&path=&from=&to=&asOf=&project=&lang=en|fr), so links are shareable and
// Back works. A convention has one more view, its journeys; asOf is the day its map (and journeys) show, project the
// journeys' project.
import { LitElement, css, html, nothing } from "lit";
import { texts } from "../lib/i18n.js";
import { kindOf } from "../lib/api.js";
import { partialDate } from "../lib/format.js";
import { isDay } from "../lib/treaty.js";
import { darkTheme, lightTheme } from "../lib/view.js";
import { tableModes } from "../views/table.js";
import "../views/card.js";
import "../views/graph.js";
import "../views/journeys.js";
import "../views/map.js";
import "../views/path.js";
import "../views/table.js";
import "../views/timeline.js";
import "./search.js";
import "./share.js";

const params = ["id", "view", "path", "from", "to", "asOf", "project", "lang"];
const api = "/graphql";

/** viewsOf lists the views of an entity: every entity's, and a convention's journeys. */
function viewsOf(id) {
  const views = ["graph", "timeline", "map", "table"];
  return kindOf(id) === "CONVENTION" ? [...views, "journeys"] : views;
}

/** readState turns the page's URL into the explorer's state, leaving out values it does not know. */
function readState() {
  const q = new URLSearchParams(location.search);
  const state = Object.fromEntries(params.map((p) => [p, q.get(p) ?? ""]));
  if (!viewsOf(state.id).includes(state.view)) state.view = "graph";
  if (!["en", "fr"].includes(state.lang)) state.lang = "en";
  for (const d of ["from", "to"]) state[d] = partialDate(state[d]) ?? "";
  if (!isDay(state.asOf)) state.asOf = "";
  if (!/^project:[\w.+-]+$/.test(state.project)) state.project = "";
  return state;
}

function urlOf(state) {
  const q = new URLSearchParams();
  for (const p of params) {
    const v = state[p];
    if (v && !(p === "view" && v === "graph") && !(p === "lang" && v === "en")) q.set(p, v);
  }
  const s = q.toString();
  return location.pathname + (s ? "?" + s : "");
}

class Explorer extends LitElement {
  static properties = { state: { state: true }, dateError: { state: true } };

  // The theme follows the reader's system (prefers-color-scheme); the header keeps its colours in both.
  static styles = css`
    :host { ${lightTheme} display: grid; grid-template: "head head" auto "nav nav" auto "main side" 1fr / minmax(0, 1fr) 380px;
      min-height: 100vh; font: 14px/1.4 system-ui, sans-serif; color: var(--cybercoop-text); background: var(--cybercoop-background); }
    @media (prefers-color-scheme: dark) { :host { ${darkTheme} } }
    .date-error { color: var(--cybercoop-error); font-weight: 600; }
    header { grid-area: head; display: flex; gap: 12px; align-items: center; padding: 8px 12px; background: #1f3a5f; color: #fff; flex-wrap: wrap; }
    header a { color: #cfe2ff; }
    header h1 { font-size: 16px; margin: 0; }
    header .playground { margin-left: auto; }
    :focus-visible { outline: 2px solid var(--cybercoop-focus); outline-offset: 1px; }
    header :focus-visible { outline-color: #ffd43b; }
    nav { grid-area: nav; display: flex; gap: 12px; align-items: center; padding: 6px 12px; border-bottom: 1px solid var(--cybercoop-line); flex-wrap: wrap; }
    nav a { color: var(--cybercoop-link); }
    [role="tablist"] { display: flex; gap: 2px; }
    [role="tab"] { border: 1px solid var(--cybercoop-border); background: var(--cybercoop-head); color: var(--cybercoop-text); padding: 4px 12px;
      cursor: pointer; font: inherit; border-radius: 4px 4px 0 0; }
    [role="tab"][aria-selected="true"] { background: #1f3a5f; color: #fff; border-color: #1f3a5f; }
    main { grid-area: main; padding: 8px 12px; min-width: 0; }
    aside { grid-area: side; padding: 8px 12px; border-left: 1px solid var(--cybercoop-line); overflow: auto; max-height: calc(100vh - 90px); position: sticky; top: 0; }
    .lang button { background: none; border: 1px solid #cfe2ff; color: #fff; cursor: pointer; border-radius: 3px; }
    .lang button[aria-pressed="true"] { background: #cfe2ff; color: #1f3a5f; }
    .exports { font-size: 12px; }
    label { white-space: nowrap; }
    input[type="text"] { width: 7em; font: inherit; }
    .intro { max-width: 640px; padding: 24px; }
    .path-bar { display: flex; gap: 6px; align-items: center; }
    @media (max-width: 900px) { :host { grid-template: "head" auto "nav" auto "main" auto "side" auto / 100%; } aside { max-height: none; border-left: 0; } }
  `;

  constructor() {
    super();
    this.state = readState();
    addEventListener("popstate", () => { this.state = readState(); });
    addEventListener("keydown", (e) => {
      if (e.key === "/" && !["INPUT", "SELECT", "TEXTAREA"].includes(e.composedPath()[0]?.tagName)) {
        e.preventDefault();
        this.renderRoot.querySelector("cc-search")?.focus();
      }
    });
    this.addEventListener("cc-open", (e) => { e.preventDefault(); this.go({ id: e.detail.id, path: "", asOf: "", project: "" }); });
    this.addEventListener("cc-path", (e) => { e.preventDefault(); this.go({ path: e.detail.id }); });
    // The map's date moves with its slider and while it plays: the URL follows without filling the history.
    this.addEventListener("cc-as-of", (e) => this.go({ asOf: e.detail.asOf }, { replace: true }));
    this.addEventListener("cc-project", (e) => this.go({ project: e.detail.project }));
  }

  /** go changes the state and records it in the browser's history (replacing the entry, with replace). */
  go(change, { replace = false } = {}) {
    const next = { ...this.state, ...change };
    const url = urlOf(next);
    if (url !== location.pathname + location.search) history[replace ? "replaceState" : "pushState"](null, "", url);
    this.state = readState();
  }

  updated() {
    document.documentElement.lang = this.state.lang;
    const t = texts(this.state.lang);
    document.title = this.state.id ? `${this.state.id} · ${t[this.state.view]} · Cybercoop` : "Cybercoop explorer";
  }

  render() {
    const { id, from, to, lang } = this.state;
    const t = texts(lang);
    return html`
      <header>
        <h1>Cybercoop</h1>
        <cc-search .api=${api} .lang=${lang}></cc-search>
        <span class="lang" role="group" aria-label=${t.language}>
          ${["en", "fr"].map((l) => html`<button aria-pressed=${l === lang} @click=${() => this.go({ lang: l })}>${l.toUpperCase()}</button>`)}
        </span>
        <a class="playground" href="/">${t.playground}</a>
      </header>
      ${id ? this.renderNav(t) : ""}
      ${id && !this.state.path ? html`<main id="panel" role="tabpanel" aria-labelledby="tab-${this.state.view}">${this.renderView(t)}</main>`
        : html`<main>${id ? this.renderView(t) : html`<p class="intro">${t.explorerIntro}</p>`}</main>`}
      <aside aria-label=${t.facts}>${id ? html`<cc-card .entity=${id} .api=${api} .lang=${lang} .from=${from} .to=${to}></cc-card>` : ""}</aside>`;
  }

  // setDate applies a From or To the reader typed, or, when it is not a date the API takes, says so and changes
  // nothing: no view may filter by a date the others ignore.
  setDate(name, input) {
    const text = input.value.trim();
    const date = text === "" ? "" : partialDate(text);
    if (date === null) {
      this.dateError = name;
      return;
    }
    this.dateError = "";
    this.go({ [name]: date });
  }

  renderNav(t) {
    const { view, path, from, to, lang } = this.state;
    return html`
      <nav>
        <div role="tablist" aria-label=${t.views} @keydown=${this.onTabKey}>
          ${viewsOf(this.state.id).map((v) => html`<button role="tab" id="tab-${v}" aria-controls=${path ? nothing : "panel"} aria-selected=${!path && v === view} tabindex=${v === view ? 0 : -1}
            @click=${() => this.go({ view: v, path: "" })}>${t[v]}</button>`)}
        </div>
        <span class="path-bar">${t.pathTo}:
          <cc-search .api=${api} .lang=${lang} event="cc-path" placeholder=${t.pathTo}></cc-search>
          ${path ? html`<button @click=${() => this.go({ path: "" })}>${t.clear}</button>` : ""}</span>
        <label>${t.from} <input type="text" placeholder="2017-01" .value=${from} aria-label=${t.from}
          aria-invalid=${this.dateError === "from"} @change=${(e) => this.setDate("from", e.target)}></label>
        <label>${t.to} <input type="text" placeholder="2018-12" .value=${to} aria-label=${t.to}
          aria-invalid=${this.dateError === "to"} @change=${(e) => this.setDate("to", e.target)}></label>
        ${this.dateError ? html`<span class="date-error" role="alert">${t.badDate}</span>` : ""}
        ${path ? "" : html`<cc-share .view=${view} .entity=${this.state.id} .lang=${lang} .from=${from} .to=${to}
          .asOf=${this.state.asOf} .project=${this.state.project}></cc-share>`}
        ${this.renderExports(t)}
      </nav>`;
  }

  // The server's exports of the entity, with the dates chosen: its activities and collaborators as CSV where it has
  // them, its neighbourhood as GraphML.
  renderExports(t) {
    const { id, from, to } = this.state;
    const dates = { ...(from ? { from } : {}), ...(to ? { to } : {}) };
    const key = { COUNTRY: "country", ORGANIZATION: "organization", PROJECT: "project", THEME: "theme" }[kindOf(id)];
    const links = [
      key && [`/export/activities.csv?${new URLSearchParams({ [key]: id, ...dates })}`, t.exportActivities],
      tableModes(kindOf(id)).includes("collaborators") && [`/export/collaborators.csv?${new URLSearchParams({ of: id, ...dates })}`, t.exportCollaborators],
      [`/export/neighborhood.graphml?${new URLSearchParams({ id })}`, t.exportGraphML],
    ].filter(Boolean);
    return html`<span class="exports">${t.exports}: ${links.map(([href, label], i) => html`${i ? ", " : ""}<a href=${href} download>${label}</a>`)}</span>`;
  }

  renderView(t) {
    const { id, view, path, from, to, asOf, project, lang } = this.state;
    if (path) return html`<cc-path .entity=${id} .target=${path} .api=${api} .lang=${lang} .from=${from} .to=${to}></cc-path>`;
    switch (view) {
      case "timeline":
        return html`<cc-timeline .entity=${id} .api=${api} .lang=${lang} .from=${from} .to=${to}></cc-timeline>`;
      case "map":
        return html`<cc-map .entity=${id} .api=${api} .lang=${lang} .from=${from} .to=${to} .asOf=${asOf}></cc-map>`;
      case "journeys":
        return html`<cc-journeys .entity=${id} .api=${api} .lang=${lang} .asOf=${asOf} .project=${project}></cc-journeys>`;
      case "table":
        return tableModes(kindOf(id)).map((mode) => html`<cc-table .entity=${id} .api=${api} .lang=${lang} .from=${from} .to=${to} .mode=${mode}></cc-table>`);
      default:
        return html`<cc-graph .entity=${id} .api=${api} .lang=${lang} .from=${from} .to=${to}></cc-graph>
          <p><a href=${urlOf({ ...this.state, view: "table" })} @click=${(e) => { e.preventDefault(); this.go({ view: "table" }); }}>${t.textAlternative}</a></p>`;
    }
  }

  // Arrow keys move between the view tabs, Home and End to the first and the last (the WAI-ARIA tabs pattern). Moving
  // through the tabs replaces the history entry: Back leaves the view the reader came from, not each tab passed.
  onTabKey(e) {
    const views = viewsOf(this.state.id);
    const at = views.indexOf(this.state.view);
    const i = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: views.length - 1 }[e.key];
    if (i === undefined) return;
    e.preventDefault();
    const next = views[(i + views.length) % views.length];
    this.go({ view: next, path: "" }, { replace: true });
    this.updateComplete.then(() => this.renderRoot.getElementById(`tab-${next}`)?.focus());
  }
}

customElements.define("cc-explorer", Explorer);
