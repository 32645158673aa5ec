// The graph view's grouping of a hub's neighbours, kept apart from the drawing so that it can be tested alone: which
// neighbours become one node with their count, and which edges the drawing then holds.

/** groupPast is the rule the view states: past this many neighbours of one kind, they are grouped. */
export const groupPast = 12;

/** activityFacets are the ways a reader may group activities; the first is the default. */
export const activityFacets = ["country", "type", "year"];

// Keys that name no single value: they never fold into "other", which gathers the values held by one neighbour only.
export const SEVERAL = "several";
export const NONE = "none";
export const OTHER = "other";

/**
 * groupNeighbours splits the neighbours of center (nodes as the API gives them, not drawn yet) into those drawn on
 * their own and groups. Past `past` neighbours of one kind, that kind is grouped: activities by `by` (country, type or
 * year), countries by their status under a convention when `statusOf` (party id → status) knows them, every other
 * kind in one group. Within a kind, values that only one neighbour holds fold into one "other" group when there are
 * several of them. Every neighbour is in exactly one place, so the groups' counts and the singles add up to the
 * neighbours. Groups come largest first; each has a stable id (the center, kind, facet and key).
 */
export function groupNeighbours(center, nodes, { by = activityFacets[0], statusOf = new Map(), past = groupPast } = {}) {
  const byKind = new Map();
  for (const n of nodes) {
    if (!byKind.has(n.kind)) byKind.set(n.kind, []);
    byKind.get(n.kind).push(n);
  }
  const singles = [];
  const groups = [];
  for (const [kind, members] of byKind) {
    if (members.length <= past) {
      singles.push(...members);
      continue;
    }
    const facet = facetOf(kind, by, members, statusOf);
    const byKey = new Map();
    for (const n of members) {
      const key = keyOf(n, facet, statusOf);
      if (!byKey.has(key)) byKey.set(key, []);
      byKey.get(key).push(n);
    }
    const lone = [...byKey].filter(([key, list]) => list.length === 1 && key !== SEVERAL && key !== NONE);
    if (lone.length > 1) {
      for (const [key] of lone) byKey.delete(key);
      byKey.set(OTHER, lone.map(([, list]) => list[0]));
    }
    for (const [key, list] of byKey) {
      groups.push({ id: `group:${center}|${kind}|${facet}|${key}`, center, kind, facet, key, members: list.map((n) => n.id),
        country: facet === "country" ? list[0].countries.find((c) => c.id === key) : undefined });
    }
  }
  groups.sort((a, b) => b.members.length - a.members.length || a.id.localeCompare(b.id));
  return { singles, groups };
}

function facetOf(kind, by, members, statusOf) {
  if (kind === "ACTIVITY") return by;
  if (kind === "COUNTRY" && members.some((n) => statusOf.has(n.id))) return "status";
  return "kind";
}

function keyOf(node, facet, statusOf) {
  switch (facet) {
    case "country": {
      const countries = node.countries ?? [];
      return countries.length === 1 ? countries[0].id : countries.length > 1 ? SEVERAL : NONE;
    }
    case "type":
      return node.type || NONE;
    case "year":
      return node.start?.slice(0, 4) || NONE;
    case "status":
      return statusOf.get(node.id) ?? NONE;
    default:
      return "all";
  }
}

/**
 * latestStatus gives each party its latest status from a convention's steps, oldest first as the API lists them
 * (party id → status): the status its standing counts it under.
 */
export function latestStatus(accessions) {
  const status = new Map();
  for (const a of accessions) status.set(a.party.id, a.status);
  return status;
}

/**
 * drawnEdges folds the known edges onto what is drawn: drawnAs(id) is the id of the element that shows an entity (the
 * entity itself, or the closed group holding it), or undefined when it is not drawn. Edges between two drawn elements
 * become one edge per pair, with the relation types it stands for and how many relations it holds; edges inside one
 * element or to something not drawn are left out. Each edge keeps the direction of its first relation.
 */
export function drawnEdges(edges, drawnAs) {
  const out = new Map();
  for (const e of edges) {
    const source = drawnAs(e.source);
    const target = drawnAs(e.target);
    if (source === undefined || target === undefined || source === target) continue;
    const pair = source < target ? `edge:${source}|${target}` : `edge:${target}|${source}`;
    let edge = out.get(pair);
    if (!edge) out.set(pair, (edge = { id: pair, source, target, types: [], count: 0 }));
    if (!edge.types.includes(e.type)) edge.types.push(e.type);
    edge.count++;
  }
  return [...out.values()];
}
