// <cc-graph entity="country:gh">: the neighbourhood of an entity, laid out by fcose; zoom and pan, colours by kind,
// click to expand a node, double-click to open it; filters by kind, project and dates; PNG and SVG downloads.
import { css, html } from "lit";
import cytoscape from "cytoscape";
import fcose from "cytoscape-fcose";
import { nameOf, query } from "../lib/api.js";
import { dateBounds, download, kindColors } from "../lib/format.js";
import { kindName } from "../lib/i18n.js";
import { CybercoopView } from "../lib/view.js";

cytoscape.use(fcose);

// The SVG export (cytoscape-svg) is loaded when first asked for. Its canvas2svg sets a global window.C2S, which
// must not reach a partner's page: it is removed again unless the page had one of its own.
let svgExport;
function loadSvgExport() {
  svgExport ??= (async () => {
    const hadC2S = "C2S" in window;
    const { default: extension } = await import("cytoscape-svg");
    if (!hadC2S) delete window.C2S;
    cytoscape.use(extension);
  })();
  return svgExport;
}

const limit = 100;
import neighborhoodQuery from "../../documents/Neighborhood.graphql";

const style = [
  { selector: "node", style: {
    "background-color": (n) => kindColors[n.data("kind")] ?? "#888", label: "data(short)", "font-size": 9,
    "text-valign": "bottom", "text-margin-y": 3, width: 14, height: 14, color: "#222", "min-zoomed-font-size": 12,
    "text-wrap": "ellipsis", "text-max-width": 120 } },
  // Activity titles show once zoomed in (or on a small graph); the other kinds are always named.
  { selector: "node[kind != 'ACTIVITY']", style: { width: 22, height: 22, "font-size": 11, "font-weight": 600, "min-zoomed-font-size": 4 } },
  { selector: "node:selected", style: { "min-zoomed-font-size": 0, "z-index": 10 } },
  { selector: "node.root", style: { width: 34, height: 34, "border-width": 3, "border-color": "#111", "font-size": 13 } },
  { selector: "node.expanded", style: { "border-width": 2, "border-color": "#444" } },
  { selector: "node:selected", style: { "overlay-opacity": 0.15, "overlay-color": "#1971c2" } },
  { selector: "edge", style: { width: 1, "line-color": "#b8c0c8", "curve-style": "haystack", opacity: 0.8 } },
  { selector: ".hidden", style: { display: "none" } },
];

export class GraphView extends CybercoopView {
  static properties = {
    _kinds: { state: true }, _project: { state: true }, _more: { state: true }, _projects: { state: true },
    _expandError: { state: true },
  };

  static styles = [CybercoopView.baseStyles, css`
    :host { position: relative; }
    .bar { display: flex; flex-wrap: wrap; gap: 6px 12px; align-items: center; padding: 6px 0; }
    .bar label { white-space: nowrap; }
    #cy { position: relative; width: 100%; height: var(--cc-graph-height, 520px); min-height: 300px; border: 1px solid #dee2e6; background: #fbfcfd; }
    .more { color: #8a4b00; }
    .title { margin: 0; font-size: 15px; }
  `];

  constructor() {
    super();
    this._kinds = new Set(Object.keys(kindColors));
    this._project = "";
    this._more = 0;
    this._projects = [];
  }

  load(signal) {
    return query(this.api, neighborhoodQuery, { id: this.entity, limit }, signal);
  }

  renderData({ neighborhood }) {
    const t = this.t;
    const root = neighborhood.nodes.find((n) => n.id === this.entity);
    return html`
      ${root ? html`<h3 class="title">${nameOf(root, this.lang)}</h3>` : ""}
      <div class="bar" role="toolbar" aria-label="Graph filters">
        <span>${t.kinds}:</span>
        ${Object.keys(kindColors).map((k) => html`<label><input type="checkbox" .checked=${this._kinds.has(k)}
          @change=${(e) => this.toggleKind(k, e.target.checked)}><span class="kind-dot" style="background:${kindColors[k]}"></span>${kindName(k, this.lang)}</label>`)}
        <label>${t.project}: <select @change=${(e) => { this._project = e.target.value; this.applyFilters(); }}>
          <option value="">${t.allProjects}</option>
          ${this._projects.map((p) => html`<option value=${p.id} ?selected=${p.id === this._project}>${p.label}</option>`)}
        </select></label>
        <button @click=${() => this.downloadImage("png")}>${t.download} ${t.png}</button>
        <button @click=${() => this.downloadImage("svg")}>${t.download} ${t.svg}</button>
      </div>
      ${this._more > 0 ? html`<div class="more" role="status">${t.moreThanDrawn(this._more)}</div>` : ""}
      ${this._expandError ? html`<div class="error" role="alert">${this._expandError}</div>` : ""}
      <div id="cy" role="img" aria-label="${t.graph}: ${this.rootLabel ?? this.entity}. ${t.expandHint}"></div>
      <div class="muted">${t.expandHint}</div>`;
  }

  updated(changed) {
    if (changed.has("_state") && this._state.status === "ok" && this._drawn !== this._state.data) {
      this._drawn = this._state.data;
      this.draw(this._state.data);
    }
  }

  draw({ neighborhood, entity }) {
    this.cy?.destroy();
    const injected = "__________cytoscape_stylesheet";
    const hostHadIt = document.getElementById(injected) !== null;
    this.cy = cytoscape({
      container: this.renderRoot.getElementById("cy"),
      style, wheelSensitivity: 0.3, minZoom: 0.1, maxZoom: 4,
    });
    // Cytoscape adds a <style> to the page's <head>; on a partner's page nothing of ours may reach the host's
    // styles, so it goes (its one rule, position: relative, is in #cy's own style). One the host page made for its
    // own Cytoscape stays.
    if (!hostHadIt) document.getElementById(injected)?.remove();
    this.merge(neighborhood);
    const root = this.cy.getElementById(this.entity);
    root.addClass("root expanded");
    this.rootLabel = root.data("label");
    this._more = neighborhood.truncated ? Math.max(0, entity.relations.totalCount - root.connectedEdges().length) : 0;
    this.cy.on("tap", "node", (e) => this.expand(e.target));
    this.cy.on("dbltap", "node", (e) => this.open(e.target.id()));
    this.layout();
  }

  merge({ nodes, edges }) {
    const cy = this.cy;
    cy.batch(() => {
      for (const n of nodes) {
        if (cy.getElementById(n.id).nonempty()) continue;
        const label = nameOf(n, this.lang);
        const short = label.length > 40 ? label.slice(0, 38) + "…" : label;
        cy.add({ group: "nodes", data: { id: n.id, kind: n.kind, label, short, start: n.start ?? n.projectStart, end: n.end ?? n.projectEnd } });
      }
      for (const e of edges) {
        const id = `${e.source}|${e.type}|${e.target}`;
        if (cy.getElementById(id).empty()) cy.add({ group: "edges", data: { id, source: e.source, target: e.target, type: e.type } });
      }
    });
    this._projects = cy.nodes("[kind = 'PROJECT']").map((n) => ({ id: n.id(), label: n.data("label") }))
      .sort((a, b) => a.label.localeCompare(b.label));
    this.applyFilters();
  }

  async expand(node) {
    if (node.hasClass("expanded")) return;
    node.addClass("expanded");
    // The reply belongs to this drawing: once the view has loaded another entity (its load's signal is aborted),
    // drawn again or gone, it is dropped rather than merged into a graph it has nothing to do with.
    const signal = this._abort?.signal;
    const cy = this.cy;
    const current = () => !signal?.aborted && this.cy === cy && !cy.destroyed();
    let data;
    try {
      data = await query(this.api, neighborhoodQuery, { id: node.id(), limit }, signal);
    } catch (err) {
      if (!current()) return;
      node.removeClass("expanded"); // a later click tries again
      this._expandError = `${this.t.error}: ${err.message}`;
      return;
    }
    if (!current()) return;
    this._expandError = "";
    this.merge(data.neighborhood);
    if (data.neighborhood.truncated) this._more += Math.max(0, data.entity.relations.totalCount - node.connectedEdges().length);
    this.layout();
  }

  layout() {
    this.cy.layout({ name: "fcose", animate: false, randomize: true, nodeRepulsion: 9000, idealEdgeLength: 70,
      nodeSeparation: 80, packComponents: true }).run();
    this.cy.fit(undefined, 20);
  }

  toggleKind(kind, on) {
    const kinds = new Set(this._kinds);
    on ? kinds.add(kind) : kinds.delete(kind);
    this._kinds = kinds;
    this.applyFilters();
  }

  // A node shows when its kind is ticked, it lies within the dates (activities and projects) and, with a project
  // chosen, it is that project or next to it. The root always shows.
  applyFilters() {
    const cy = this.cy;
    if (!cy) return;
    const [from, to] = [this.from && dateBounds(this.from)[0], this.to && dateBounds(this.to)[1]];
    const project = this._project ? cy.getElementById(this._project) : null;
    const nearProject = project ? project.closedNeighborhood() : null;
    cy.batch(() => cy.nodes().forEach((n) => {
      let show = this._kinds.has(n.data("kind"));
      if (show && n.data("start")) {
        const [s, e] = dateBounds(n.data("start"), n.data("end"));
        show = (!from || e >= from) && (!to || s <= to);
      }
      if (show && nearProject) show = nearProject.has(n);
      n.toggleClass("hidden", !show && !n.hasClass("root"));
    }));
  }

  async downloadImage(format) {
    const name = `${this.entity.replace(":", "-")}-graph.${format}`;
    if (format === "png") {
      download(name, this.cy.png({ output: "blob", full: true, bg: "#ffffff", scale: 2 }));
    } else {
      await loadSvgExport();
      download(name, new Blob([this.cy.svg({ full: true, bg: "#ffffff" })], { type: "image/svg+xml" }));
    }
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.cy?.destroy();
    this.cy = null;
  }
}

customElements.define("cc-graph", GraphView);
