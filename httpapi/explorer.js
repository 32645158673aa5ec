"use strict";
// A small, dependency-free explorer over the GraphQL API: search, neighbourhood, expand on click, sources on select.
const colors = {COUNTRY: "#2b8a3e", ORGANIZATION: "#1971c2", PROJECT: "#e8590c", CONVENTION: "#9c36b5",
  ACTIVITY: "#868e96", THEME: "#c2255c", GOAL: "#5c940d", SOURCE: "#495057"};
const nodes = new Map(); // id -> {id, label, kind, x, y, vx, vy}
const edges = new Map(); // "source|type|target" -> {source, target, type}
const svg = document.getElementById("graph");

async function gql(query, variables) {
  const r = await fetch("/graphql", {method: "POST", headers: {"Content-Type": "application/json"},
    body: JSON.stringify({query, variables})});
  const body = await r.json();
  if (body.errors) throw new Error(body.errors.map(e => e.message).join("; "));
  return body.data;
}

function legend() {
  document.getElementById("legend").innerHTML = Object.entries(colors)
    .map(([k, c]) => `<span><i style="background:${c}"></i>${k.toLowerCase()}</span>`).join("");
}

// expand adds the entities around id: two hops for a first look, one when a node is clicked.
async function expand(id, depth = 1) {
  const data = await gql(`query($id: ID!, $depth: Int) { neighborhood(id: $id, depth: $depth, limit: 80) {
    nodes { id label kind } edges { source target type } } }`, {id, depth});
  const center = nodes.get(id);
  for (const n of data.neighborhood.nodes) {
    if (!nodes.has(n.id)) {
      const angle = Math.random() * 2 * Math.PI;
      nodes.set(n.id, {...n, x: (center ? center.x : 400) + 80 * Math.cos(angle),
        y: (center ? center.y : 300) + 80 * Math.sin(angle), vx: 0, vy: 0});
    }
  }
  for (const e of data.neighborhood.edges) edges.set(`${e.source}|${e.type}|${e.target}`, e);
  simulate(300);
  select(id);
}

// simulate runs a force layout: nodes repel, relations pull, everything drifts to the centre.
function simulate(steps) {
  const w = svg.clientWidth || 800, h = svg.clientHeight || 600;
  const list = [...nodes.values()];
  for (let step = 0; step < steps; step++) {
    for (const a of list) {
      for (const b of list) {
        if (a === b) continue;
        const dx = a.x - b.x, dy = a.y - b.y, d2 = Math.max(dx * dx + dy * dy, 25);
        a.vx += 400 * dx / d2; a.vy += 400 * dy / d2;
      }
      a.vx += (w / 2 - a.x) * 0.002; a.vy += (h / 2 - a.y) * 0.002;
    }
    for (const e of edges.values()) {
      const a = nodes.get(e.source), b = nodes.get(e.target);
      if (!a || !b) continue;
      const dx = b.x - a.x, dy = b.y - a.y, d = Math.sqrt(dx * dx + dy * dy) || 1, f = (d - 70) * 0.02;
      a.vx += f * dx / d; a.vy += f * dy / d; b.vx -= f * dx / d; b.vy -= f * dy / d;
    }
    for (const n of list) {
      n.x = Math.min(w - 10, Math.max(10, n.x + n.vx * 0.5)); n.y = Math.min(h - 10, Math.max(10, n.y + n.vy * 0.5));
      n.vx *= 0.6; n.vy *= 0.6;
    }
  }
  draw();
}

function draw() {
  const ns = "http://www.w3.org/2000/svg";
  svg.replaceChildren();
  for (const e of edges.values()) {
    const a = nodes.get(e.source), b = nodes.get(e.target);
    if (!a || !b) continue;
    const line = document.createElementNS(ns, "line");
    line.setAttribute("x1", a.x); line.setAttribute("y1", a.y); line.setAttribute("x2", b.x); line.setAttribute("y2", b.y);
    const title = document.createElementNS(ns, "title");
    title.textContent = `${a.label} ${e.type} ${b.label}`;
    line.appendChild(title);
    svg.appendChild(line);
  }
  for (const n of nodes.values()) {
    const c = document.createElementNS(ns, "circle");
    c.setAttribute("cx", n.x); c.setAttribute("cy", n.y); c.setAttribute("r", n.kind === "ACTIVITY" ? 5 : 9);
    c.setAttribute("fill", colors[n.kind] || "#000");
    c.addEventListener("click", () => expand(n.id).catch(report));
    const title = document.createElementNS(ns, "title");
    title.textContent = `${n.label} (${n.id})`;
    c.appendChild(title);
    svg.appendChild(c);
    if (n.kind !== "ACTIVITY") {
      const t = document.createElementNS(ns, "text");
      t.setAttribute("x", n.x + 11); t.setAttribute("y", n.y + 3);
      t.textContent = n.label.length > 32 ? n.label.slice(0, 30) + "…" : n.label;
      svg.appendChild(t);
    }
  }
}

async function select(id) {
  const data = await gql(`query($id: ID!) { entity(id: $id) { id label kind
    sources { source { title reference } locator }
    relations(first: 100) { totalCount nodes { type direction node { id label } sources { source { reference title } locator } } } } }`, {id});
  const e = data.entity;
  const esc = s => String(s ?? "").replace(/[&<>"]/g, ch => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}[ch]));
  const src = list => list.map(s => `<div class="src">${esc(s.source.reference || s.source.title)} — ${esc(s.locator)}</div>`).join("");
  document.getElementById("side").innerHTML = `<div class="kind">${esc(e.kind)} · ${esc(e.id)}</div><h2>${esc(e.label)}</h2>
    ${src(e.sources)}<h3>${e.relations.totalCount} relations</h3>` +
    e.relations.nodes.map(r => `<p><b>${esc(r.type)}</b> ${r.direction === "OUT" ? "→" : "←"} ${esc(r.node.label)}${src(r.sources)}</p>`).join("");
}

function report(err) { document.getElementById("side").textContent = "Error: " + err.message; }

let searchTimer;
document.getElementById("search").addEventListener("input", ev => {
  clearTimeout(searchTimer);
  const text = ev.target.value.trim(), box = document.getElementById("results");
  if (text.length < 2) { box.hidden = true; return; }
  searchTimer = setTimeout(async () => {
    try {
      const data = await gql(`query($t: String!) { search(text: $t, first: 10) { node { id label kind } } }`, {t: text});
      box.replaceChildren(...data.search.map(h => {
        const div = document.createElement("div");
        div.textContent = `${h.node.label} (${h.node.kind.toLowerCase()})`;
        div.addEventListener("click", () => { box.hidden = true; nodes.clear(); edges.clear(); expand(h.node.id, 2).catch(report); });
        return div;
      }));
      box.hidden = data.search.length === 0;
    } catch (err) { report(err); }
  }, 200);
});

legend();
const start = new URLSearchParams(location.search).get("id");
if (start) expand(start, 2).catch(report);
