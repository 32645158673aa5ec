// The snippets the explorer's Embed button hands out: an iframe of /embed/{view} and the <cybercoop-view> web
// component. A partner pastes them into their own pages, so every value in them is checked or escaped here: an id
// that is not of the API's grammar gives no snippet at all, and every attribute value is escaped for HTML.

/** The views an embed shows, and each one's height in the iframe snippet (as the oEmbed answer's). */
export const embedHeights = { card: 480, table: 480, graph: 560, timeline: 420, map: 560, journeys: 560 };

const entityID = /^(country|organization|project|convention|activity|theme|goal|source):[a-z0-9][a-z0-9._-]*$/;

/** isEntityId tells a global id of the API's grammar ("country:gh", "project:glacy-plus") from anything else. */
export function isEntityId(id) {
  return typeof id === "string" && entityID.test(id);
}

const entities = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** escapeAttribute writes a value for a double-quoted HTML attribute. */
export function escapeAttribute(value) {
  return String(value).replace(/[&<>"']/g, (c) => entities[c]);
}

/**
 * embedSnippets returns the iframe and web-component snippets of a view, or null when the view or the id is not
 * one an embed can show. options: origin, view, entity, and lang, from, to, asOf, project when set.
 */
export function embedSnippets({ origin, view, entity, lang, from, to, asOf, project }) {
  if (!Object.hasOwn(embedHeights, view) || !isEntityId(entity)) return null;
  const params = new URLSearchParams({ id: entity });
  const attributes = [["view", view], ["entity", entity], ["api", `${origin}/graphql`]];
  // The map and the journeys keep their date, the journeys their project: [URL parameter, attribute, value].
  const dated = view === "map" || view === "journeys";
  for (const [name, attribute, value] of [["lang", "lang", lang === "fr" ? "fr" : ""], ["from", "from", from], ["to", "to", to],
    ["asOf", "as-of", dated ? asOf : ""], ["project", "project", view === "journeys" ? project : ""]]) {
    if (!value) continue;
    params.set(name, value);
    attributes.push([attribute, value]);
  }
  const src = escapeAttribute(`${origin}/embed/${view}?${params}`);
  const element = attributes.map(([name, value]) => `${name}="${escapeAttribute(value)}"`).join(" ");
  return {
    iframe: `<iframe src="${src}" width="640" height="${embedHeights[view]}" title="Cybercoop: ${escapeAttribute(entity)}" loading="lazy" style="border:0;max-width:100%"></iframe>`,
    element: `<script type="module" src="${escapeAttribute(origin)}/embed.js"></script>\n<cybercoop-view ${element}></cybercoop-view>`,
  };
}
