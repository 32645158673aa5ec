// The one way the views talk to the service: a GraphQL POST to the API URL they were given (the embeds of a
// partner page give an absolute URL, the explorer "/graphql").

/** GraphQLError carries the API's errors; `code` is the first error's extensions.code. */
export class GraphQLError extends Error {
  constructor(errors) {
    super(errors.map((e) => e.message).join("; "));
    this.code = errors[0]?.extensions?.code;
  }
}

/** query sends one operation and resolves to its data, or rejects with a GraphQLError or a network error. */
export async function query(api, document, variables = {}, signal) {
  const response = await fetch(api || "/graphql", {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify({ query: document, variables }),
    signal,
  });
  const body = await response.json();
  if (body.errors?.length) throw new GraphQLError(body.errors);
  return body.data;
}

/** activityFilter is the ActivityFilter that keeps an entity's activities, or null for kinds without one. */
export function activityFilter(kind, id, from, to) {
  const key = { COUNTRY: "countries", ORGANIZATION: "organizations", PROJECT: "projects", THEME: "themes" }[kind];
  if (!key) return null;
  const filter = { [key]: [id] };
  if (from) filter.from = from;
  if (to) filter.to = to;
  return filter;
}

/**
 * frenchNames is the selection that brings French names of countries, conventions and themes (organisations keep
 * their acronyms); put it beside `label` in any selection of an Entity, and show the name with nameOf.
 */
export const frenchNames = "... on Country { countryNameFr: nameFr } ... on Convention { nameFr } ... on Theme { nameFr }";

/** nameOf is an entity's name in the interface's language: French where known for lang=fr, else its label. */
export function nameOf(node, lang) {
  return (lang === "fr" && (node.countryNameFr ?? node.nameFr)) || node.label;
}

/** kindOf reads the kind from a global id ("country:gh" is a COUNTRY) without asking the API. */
export function kindOf(id) {
  return (id || "").split(":")[0].toUpperCase();
}
