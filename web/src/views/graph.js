// <cc-graph entity="country:gh">: the neighbourhood of an entity, laid out by fcose; zoom and pan, colours by kind,
// click to expand a node, double-click to open it; filters by kind, project and dates; PNG and SVG downloads.
// A hub stays readable: past a few neighbours of one kind they are grouped (lib/grouping.js), a group opening in place
// on a click; labels are short and never drawn over one another (a label with no room waits for hover, selection or
// zoom); a legend says what colours and sizes mean.
import { css, html } from "lit";
import cytoscape from "cytoscape";
import fcose from "cytoscape-fcose";
import { kindOf, nameOf, query } from "../lib/api.js";
import { dateBounds, download, kindColors } from "../lib/format.js";
import { activityFacets, drawnEdges, groupNeighbours, groupPast, latestStatus } from "../lib/grouping.js";
import { kindName, term } from "../lib/i18n.js";
import { CybercoopView } from "../lib/view.js";
import neighborhoodQuery from "../../documents/Neighborhood.graphql";
import standingQuery from "../../documents/GraphStanding.graphql";

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

// Neighbours asked for per entity: more than the seeds' largest hub has (GLACY+, 110), so that grouping, not a cut,
// keeps a hub readable; what lies beyond is counted and said.
const limit = 150;
const shortLength = 24;
const readableZoom = 0.75; // labels of 12 px drawn at 9 px at least

// The drawing's colours come from the theme's custom properties (read when drawing: the canvas knows no CSS), the
// kinds' from kindColors.
function styleFor(colour) {
  const text = colour("text", "#1b1f24");
  const background = colour("background", "#ffffff");
  return [
    { selector: "node", style: {
      "background-color": (n) => kindColors[n.data("kind")] ?? "#888", label: "data(short)", "font-size": 12,
      "text-valign": "bottom", "text-margin-y": 3, width: 14, height: 14, color: text,
      "text-background-color": background, "text-background-opacity": 0.85, "text-background-padding": 1 } },
    { selector: "node[kind != 'ACTIVITY']", style: { width: 22, height: 22, "font-size": 13, "font-weight": 600 } },
    { selector: "node.group", style: { width: "data(size)", height: "data(size)", "border-width": 2, "border-style": "dashed",
      "border-color": text, "font-weight": 600, "text-wrap": "wrap", "text-max-width": 140 } },
    { selector: "node.group.open", style: { "border-style": "double", "border-width": 4 } },
    { selector: "node.root", style: { width: 34, height: 34, "border-width": 3, "border-color": text, "font-size": 15 } },
    { selector: "node.expanded", style: { "border-width": 3, "border-color": text } },
    { selector: "node.quiet", style: { label: "" } },
    // Hover or selection shows the full name above everything else.
    { selector: "node.hover, node:selected", style: { label: "data(label)", "z-index": 20, "text-wrap": "wrap", "text-max-width": 260 } },
    { selector: "node:selected", style: { "overlay-opacity": 0.15, "overlay-color": colour("focus", "#1864ab") } },
    { selector: "edge", style: { width: 1, "line-color": colour("border", "#868e96"), "curve-style": "straight", opacity: 0.6,
      "font-size": 11, color: text, "text-background-color": background, "text-background-opacity": 0.9, "text-rotation": "autorotate" } },
    { selector: "edge[count > 1]", style: { width: (e) => Math.min(6, 1 + Math.log2(e.data("count"))) } },
    { selector: "edge.member", style: { "line-style": "dashed" } },
    { selector: "edge.hover", style: { label: "data(label)", "line-color": text, opacity: 1, "z-index": 20 } },
    { selector: ".hidden", style: { display: "none" } },
  ];
}

export class GraphView extends CybercoopView {
  static properties = {
    _kinds: { state: true }, _project: { state: true }, _more: { state: true }, _projects: { state: true },
    _expandError: { state: true }, _by: { state: true },
  };

  static styles = [CybercoopView.baseStyles, css`
    :host { position: relative; }
    .bar { display: flex; flex-wrap: wrap; gap: 6px 12px; align-items: center; padding: 6px 0; }
    .bar label { white-space: nowrap; }
    #cy { position: relative; width: 100%; height: var(--cybercoop-graph-height, 520px); min-height: 300px;
      border: 1px solid var(--cybercoop-line); background: var(--cybercoop-background); }
    .more { color: var(--cybercoop-notice-partial); }
    .title { margin: 0; font-size: 15px; }
    .legend { display: flex; flex-wrap: wrap; gap: 4px 14px; margin: 4px 0 0; padding: 0; list-style: none; }
    .legend .ring { display: inline-block; width: 10px; height: 10px; border-radius: 50%; margin-right: 4px;
      border: 2px dashed currentColor; vertical-align: -2px; }
  `];

  constructor() {
    super();
    this._kinds = new Set(Object.keys(kindColors));
    this._project = "";
    this._more = 0;
    this._projects = [];
    this._by = activityFacets[0];
  }

  load(signal) {
    return this.around(this.entity, signal);
  }

  /** around asks for an entity's neighbourhood and, for a convention, the status of each State under it. */
  async around(id, signal) {
    const [data, standing] = await Promise.all([
      query(this.api, neighborhoodQuery, { id, limit }, signal),
      kindOf(id) === "CONVENTION" ? query(this.api, standingQuery, { id }, signal) : null,
    ]);
    return { center: id, ...data, statusOf: latestStatus(standing?.convention?.accessions ?? []) };
  }

  renderData({ neighborhood }) {
    const t = this.t;
    const root = neighborhood.nodes.find((n) => n.id === this.entity);
    return html`
      ${root ? html`<h2 class="title">${nameOf(root, this.lang)}</h2>` : ""}
      <div class="bar" role="toolbar" aria-label=${t.graphFilters}>
        <span>${t.kinds}${t.colon}</span>
        ${Object.keys(kindColors).map((k) => html`<label><input type="checkbox" .checked=${this._kinds.has(k)}
          @change=${(e) => this.toggleKind(k, e.target.checked)}><span class="kind-dot" style="background:${kindColors[k]}"></span>${kindName(k, this.lang)}</label>`)}
        <label>${t.project}${t.colon}<select @change=${(e) => { this._project = e.target.value; this.applyFilters(); }}>
          <option value="">${t.allProjects}</option>
          ${this._projects.map((p) => html`<option value=${p.id} ?selected=${p.id === this._project}>${p.label}</option>`)}
        </select></label>
        <label>${t.groupActivitiesBy}${t.colon}<select @change=${(e) => { this._by = e.target.value; this.draw(); }}>
          ${activityFacets.map((f) => html`<option value=${f} ?selected=${f === this._by}>${t.facetName[f]}</option>`)}
        </select></label>
        <button @click=${() => this.downloadImage("png")}>${t.download} ${t.png}</button>
        <button @click=${() => this.downloadImage("svg")}>${t.download} ${t.svg}</button>
      </div>
      ${this._more > 0 ? html`<div class="more" role="status">${t.moreThanDrawn(this._more, limit)}</div>` : ""}
      ${this._expandError ? html`<div class="error" role="alert">${this._expandError}</div>` : ""}
      <div id="cy" role="img" aria-label="${t.graph}${t.colon}${root ? nameOf(root, this.lang) : this.entity}. ${t.expandHint}"></div>
      <ul class="legend" aria-label=${t.legend}>
        <li>${t.legendColour}</li>
        <li>${t.legendSize}</li>
        <li><span class="ring" aria-hidden="true"></span>${t.legendGroup(groupPast)}</li>
      </ul>
      <div class="muted">${t.expandHint} ${t.hoverHint}</div>`;
  }

  updated(changed) {
    if (changed.has("_state") && this._state.status === "ok" && this._drawn !== this._state.data) {
      this._drawn = this._state.data;
      this._replies = [this._state.data];
      this.draw();
    }
  }

  /** draw lays out the drawing anew from the replies so far: the entity's, then each expanded node's. */
  draw() {
    this.cy?.destroy();
    const injected = "__________cytoscape_stylesheet";
    const hostHadIt = document.getElementById(injected) !== null;
    const theme = getComputedStyle(this);
    const colour = (name, fallback) => theme.getPropertyValue(`--cybercoop-${name}`).trim() || fallback;
    this.cy = cytoscape({ container: this.renderRoot.getElementById("cy"), style: styleFor(colour), minZoom: 0.1, maxZoom: 4 });
    // Cytoscape adds a <style> to the page's <head>; on a partner's page nothing of ours may reach the host's
    // styles, so it goes (its one rule, position: relative, is in #cy's own style). One the host page made for its
    // own Cytoscape stays.
    if (!hostHadIt) document.getElementById(injected)?.remove();
    this.known = new Map(); // every entity the replies brought, drawn or inside a group
    this.relations = new Map(); // every relation they brought, once
    this.groups = new Map(); // group id → group, with its `open` state
    this.memberOf = new Map(); // entity id → the group holding it
    this.shown = new Set([this.entity]); // entities drawn as themselves
    this._more = 0;
    for (const reply of this._replies) this.take(reply);
    this.sync();
    this.cy.getElementById(this.entity).addClass("root expanded");
    for (const reply of this._replies.slice(1)) this.cy.getElementById(reply.center).addClass("expanded");
    this.cy.on("tap", "node", (e) => (e.target.hasClass("group") ? this.toggleGroup(e.target) : this.expand(e.target)));
    this.cy.on("dbltap", "node", (e) => { if (!e.target.hasClass("group")) this.open(e.target.id()); });
    this.cy.on("mouseover", "node", (e) => e.target.addClass("hover").connectedEdges().addClass("hover"));
    this.cy.on("mouseout", "node", (e) => e.target.removeClass("hover").connectedEdges().removeClass("hover"));
    this.cy.on("mouseover", "edge", (e) => e.target.addClass("hover"));
    this.cy.on("mouseout", "edge", (e) => e.target.removeClass("hover"));
    this.cy.on("viewport", () => {
      clearTimeout(this._declutterSoon);
      this._declutterSoon = setTimeout(() => this.declutter(), 100);
    });
    this.layout(true);
  }

  /**
   * take adds a reply to what is known: the entities and relations it brings, and the center's new neighbours, each
   * drawn or put in a group as lib/grouping.js says. A neighbour already known (drawn, or inside a group) stays where
   * it is. Returns the ids of what is new to the drawing.
   */
  take({ center, neighborhood, entity, statusOf }) {
    const fresh = neighborhood.nodes.filter((n) => !this.known.has(n.id) && n.id !== center);
    for (const n of neighborhood.nodes) if (!this.known.has(n.id)) this.known.set(n.id, n);
    const seen = new Map();
    for (const e of neighborhood.edges) {
      // A pair of entities may have several relations of one type (a signature, then a ratification): each counts.
      const key = `${e.source}|${e.type}|${e.target}`;
      const nth = seen.get(key) ?? 0;
      seen.set(key, nth + 1);
      this.relations.set(`${key}#${nth}`, e);
    }
    if (neighborhood.truncated) {
      const drawn = neighborhood.edges.filter((e) => e.source === center || e.target === center).length;
      this._more += Math.max(0, entity.relations.totalCount - drawn);
    }
    const { singles, groups } = groupNeighbours(center, fresh, { by: this._by, statusOf });
    for (const n of singles) this.shown.add(n.id);
    for (const g of groups) {
      this.groups.set(g.id, { ...g, open: false });
      for (const id of g.members) this.memberOf.set(id, g.id);
    }
    return [...singles.map((n) => n.id), ...groups.map((g) => g.id)];
  }

  /** drawnAs names the element that shows an entity: itself, or the closed group holding it. */
  drawnAs(id) {
    if (this.shown.has(id)) return id;
    const group = this.groups.get(this.memberOf.get(id));
    return group && !group.open ? group.id : undefined;
  }

  /** sync makes the drawing hold what is known: entities shown, groups, and the relations folded onto them. */
  sync(placeNear = new Map()) {
    const cy = this.cy;
    const want = new Map();
    for (const id of this.shown) want.set(id, { group: "nodes", data: this.nodeData(this.known.get(id)) });
    for (const g of this.groups.values()) {
      // A group opens and folds on a click; it is not selected (its label says all it has).
      want.set(g.id, { group: "nodes", data: this.groupData(g), classes: g.open ? "group open" : "group", selectable: false });
      if (g.open) for (const id of g.members) {
        want.set(`member:${id}`, { group: "edges", data: { id: `member:${id}`, source: g.id, target: id }, classes: "member" });
      }
    }
    for (const e of drawnEdges(this.relations.values(), (id) => this.drawnAs(id))) {
      const label = e.types.map((type) => term("relationType", type, this.lang)).join(", ") + (e.count > 1 ? ` ×${e.count}` : "");
      want.set(e.id, { group: "edges", data: { ...e, label } });
    }
    cy.batch(() => {
      cy.elements().filter((el) => !want.has(el.id())).remove();
      for (const [id, el] of want) {
        const existing = cy.getElementById(id);
        if (existing.nonempty()) {
          existing.data(el.data);
          if (el.classes) existing.classes(el.classes + (existing.hasClass("hidden") ? " hidden" : ""));
          continue;
        }
        const near = placeNear.get(id);
        const at = near && cy.getElementById(near).position();
        cy.add(at ? { ...el, position: { x: at.x + Math.random() * 20 - 10, y: at.y + Math.random() * 20 - 10 } } : el);
      }
    });
    this._projects = [...this.known.values()].filter((n) => n.kind === "PROJECT")
      .map((n) => ({ id: n.id, label: nameOf(n, this.lang) })).sort((a, b) => a.label.localeCompare(b.label));
    this.applyFilters();
  }

  nodeData(n) {
    const label = nameOf(n, this.lang);
    return { id: n.id, kind: n.kind, label, short: shorten(label), start: n.start ?? n.projectStart, end: n.end ?? n.projectEnd };
  }

  /** groupData names a group by what its members share and how many it holds, as many as the filters let through. */
  groupData(g) {
    const t = this.t;
    const count = g.members.filter((id) => this.passes(this.known.get(id))).length;
    const name = {
      country: () => (g.country ? nameOf(g.country, this.lang) : t.groupKey.country[g.key]),
      type: () => t.groupKey.type[g.key] ?? term("activityType", g.key, this.lang),
      year: () => t.groupKey.year[g.key] ?? g.key,
      status: () => t.groupKey.status[g.key] ?? term("statusName", g.key, this.lang),
      kind: () => "",
    }[g.facet]();
    const label = (name ? `${name} · ` : "") + t.kindCount(g.kind, count);
    // Drawn on two lines, the name over the count: narrower, so more labels find room.
    const short = (name ? `${shorten(name)}\n` : "") + t.kindCount(g.kind, count);
    return { id: g.id, kind: g.kind, label, short, count, size: Math.min(56, 18 + 4 * Math.sqrt(g.members.length)) };
  }

  async expand(node) {
    if (node.hasClass("expanded")) return;
    node.addClass("expanded");
    // The reply belongs to this drawing: once the view has loaded another entity (its load's signal is aborted),
    // drawn again or gone, it is dropped rather than merged into a graph it has nothing to do with.
    const signal = this._abort?.signal;
    const cy = this.cy;
    const current = () => !signal?.aborted && this.cy === cy && !cy.destroyed();
    let reply;
    try {
      reply = await this.around(node.id(), signal);
    } catch (err) {
      if (!current()) return;
      node.removeClass("expanded"); // a later click tries again
      this._expandError = `${this.t.error}: ${err.message}`;
      return;
    }
    if (!current()) return;
    this._expandError = "";
    this._replies.push(reply);
    const added = this.take(reply);
    this.sync(new Map(added.map((id) => [id, node.id()])));
    this.layout(false);
  }

  /** toggleGroup opens a group into its members around it, or folds them back into it. */
  toggleGroup(node) {
    const g = this.groups.get(node.id());
    g.open = !g.open;
    for (const id of g.members) g.open ? this.shown.add(id) : this.shown.delete(id);
    this.sync(new Map(g.members.map((id) => [id, g.id])));
    if (g.open) this.layout(false);
    else this.declutter();
  }

  /**
   * layout places the nodes with fcose, labels counted in their size. Once drawn, what was there keeps its place: only
   * the new nodes move (from beside the node they came from), so an expand or a group's opening does not reshuffle
   * the drawing.
   */
  layout(first) {
    const cy = this.cy;
    const fixed = first ? undefined : cy.nodes().filter((n) => n.scratch("_placed")).map((n) => ({ nodeId: n.id(), position: { ...n.position() } }));
    const visible = cy.elements().not(".hidden");
    visible.layout({ name: "fcose", quality: "proof", randomize: first, animate: false, fit: false, nodeDimensionsIncludeLabels: true,
      nodeRepulsion: 30000, idealEdgeLength: 110, nodeSeparation: 110, fixedNodeConstraint: fixed?.length ? fixed : undefined }).run();
    if (fixed?.length) keepInPlace(cy, fixed);
    cy.nodes().removeClass("quiet"); // every label weighs, even those a drawing before this one left out
    separateLabels(visible.nodes(), first ? visible.nodes() : visible.nodes().filter((n) => !n.scratch("_placed")));
    cy.nodes().scratch("_placed", true);
    cy.fit(visible, 20);
    // A large drawing in a small frame is not shrunk past reading: it is shown around the entity, the rest a pan away.
    if (cy.zoom() < readableZoom) {
      cy.zoom(readableZoom);
      cy.center(cy.getElementById(this.entity));
    }
    this.declutter();
  }

  /**
   * declutter leaves out the labels that would be drawn over another, the most telling kept: the entity opened, the
   * groups, other entities, then activities. A label left out shows on hover or selection, or once zoomed in.
   */
  declutter() {
    const cy = this.cy;
    if (!cy || cy.destroyed()) return;
    cy.nodes().removeClass("quiet");
    const rank = (n) => (n.hasClass("root") ? 0 : n.hasClass("group") ? 1 : n.data("kind") !== "ACTIVITY" ? 2 : 3);
    const nodes = cy.nodes(":visible").sort((a, b) => rank(a) - rank(b) || b.degree() - a.degree());
    const kept = [];
    const quiet = [];
    for (const n of nodes) {
      const box = labelBox(n);
      if (!box) continue;
      if (kept.some((k) => overlap(k, box))) quiet.push(n);
      else kept.push(box);
    }
    cy.collection(quiet).addClass("quiet");
  }

  toggleKind(kind, on) {
    const kinds = new Set(this._kinds);
    on ? kinds.add(kind) : kinds.delete(kind);
    this._kinds = kinds;
    this.applyFilters();
  }

  // An entity passes when its kind is ticked, it lies within the dates (activities and projects) and, with a project
  // chosen, it is that project or next to it.
  passes(n) {
    if (!this._kinds.has(n.kind)) return false;
    const start = n.start ?? n.projectStart;
    if (start && (this.from || this.to)) {
      const [s, e] = dateBounds(start, n.end ?? n.projectEnd);
      if (this.from && e < dateBounds(this.from)[0]) return false;
      if (this.to && s > dateBounds(this.to)[1]) return false;
    }
    return !this._project || n.id === this._project || this.nearProject.has(n.id);
  }

  // A node shows when its entity passes the filters, a group when one of its members does (its count says how
  // many); the root always shows.
  applyFilters() {
    const cy = this.cy;
    if (!cy) return;
    this.nearProject = new Set();
    if (this._project) for (const e of this.relations.values()) {
      if (e.source === this._project) this.nearProject.add(e.target);
      if (e.target === this._project) this.nearProject.add(e.source);
    }
    cy.batch(() => cy.nodes().forEach((n) => {
      const group = this.groups.get(n.id());
      if (group) n.data(this.groupData(group));
      const show = group ? n.data("count") > 0 : this.passes(this.known.get(n.id()));
      n.toggleClass("hidden", !show && !n.hasClass("root"));
    }));
    this.declutter();
  }

  async downloadImage(format) {
    const name = `${this.entity.replace(":", "-")}-graph.${format}`;
    if (format === "png") {
      download(name, this.cy.png({ output: "blob", full: true, bg: this.background(), scale: 2 }));
    } else {
      await loadSvgExport();
      download(name, new Blob([this.cy.svg({ full: true, bg: this.background() })], { type: "image/svg+xml" }));
    }
  }

  /** background is the theme's background, the downloads' too: their labels are drawn in the theme's text colour. */
  background() {
    return getComputedStyle(this).getPropertyValue("--cybercoop-background").trim() || "#ffffff";
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    clearTimeout(this._declutterSoon);
    this.cy?.destroy();
    this.cy = null;
  }
}

/** shorten keeps a label short enough to sit under its node; the full name shows on hover. */
function shorten(label) {
  return label.length > shortLength ? label.slice(0, shortLength - 1).trimEnd() + "…" : label;
}

/**
 * keepInPlace puts the fixed nodes back exactly where they were: fcose holds them to their places only roughly (it
 * shifts the whole drawing by a few units), so the new nodes take the same shift back.
 */
function keepInPlace(cy, fixed) {
  let dx = 0;
  let dy = 0;
  for (const { nodeId, position } of fixed) {
    const at = cy.getElementById(nodeId).position();
    dx += (at.x - position.x) / fixed.length;
    dy += (at.y - position.y) / fixed.length;
  }
  const held = new Set(fixed.map((f) => f.nodeId));
  cy.batch(() => {
    for (const { nodeId, position } of fixed) cy.getElementById(nodeId).position(position);
    cy.nodes().filter((n) => !held.has(n.id())).forEach((n) => {
      const at = n.position();
      n.position({ x: at.x - dx, y: at.y - dy });
    });
  });
}

/**
 * separateLabels moves nodes apart where fcose left their labels over one another (it weighs a label as part of its
 * node, but only roughly): each of the pair that may move (movable) steps away along the axis of the lesser overlap,
 * until no labels meet or enough rounds have passed (declutter then quiets what still meets). In model coordinates,
 * so that any zoom keeps them apart.
 */
function separateLabels(nodes, movable) {
  const can = new Set(movable.map((n) => n.id()));
  const labelled = nodes.filter((n) => n.style("label"));
  for (let round = 0; round < 100; round++) {
    const boxes = labelled.map((n) => [n, n.boundingBox({ includeNodes: false, includeEdges: false, includeLabels: true, includeOverlays: false })]);
    let moved = false;
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
      const [[a, p], [b, q]] = [boxes[i], boxes[j]];
      if (!overlap(p, q)) continue;
      const movers = [a, b].filter((n) => can.has(n.id()));
      if (!movers.length) continue;
      // Apart along the axis they overlap least on, each mover its share of the way.
      const dx = Math.min(p.x2 - q.x1, q.x2 - p.x1);
      const dy = Math.min(p.y2 - q.y1, q.y2 - p.y1);
      const sign = dy <= dx ? (q.y1 + q.y2 >= p.y1 + p.y2 ? 1 : -1) : (q.x1 + q.x2 >= p.x1 + p.x2 ? 1 : -1);
      const step = ((dy <= dx ? dy : dx) + 4) / movers.length;
      for (const n of movers) {
        const away = n === b ? sign * step : -sign * step;
        const at = n.position();
        n.position(dy <= dx ? { x: at.x, y: at.y + away } : { x: at.x + away, y: at.y });
      }
      moved = true;
    }
    if (!moved) return;
  }
}

// labelBox is where a node's label is drawn on screen, or null when it has none.
function labelBox(node) {
  if (!node.style("label")) return null;
  const box = node.renderedBoundingBox({ includeNodes: false, includeEdges: false, includeLabels: true, includeOverlays: false });
  return box.w > 0 && box.h > 0 ? box : null;
}

function overlap(a, b) {
  return a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;
}

customElements.define("cc-graph", GraphView);
