// The one way the views talk to the service: a GraphQL GET naming a trusted document by id, to the API URL they
// were given (the embeds of a partner page give an absolute URL, the explorer "/graphql"). Documents are the
// .graphql files of web/documents, which the server registers under the same ids; a GET without custom headers
// needs no CORS preflight, and browsers and CDNs may cache its answer (Cache-Control, ETag).

/** GraphQLError carries the API's errors; `code` is the first error's extensions.code. */
export class GraphQLError extends Error {
  constructor(errors) {
    super(errors.map((e) => e.message).join("; "));
    this.code = errors[0]?.extensions?.code;
  }
}

/**
 * query runs a document ({id, text}, imported from a .graphql file) and resolves to its data, or rejects with a
 * GraphQLError or a network error.
 */
export async function query(api, document, variables = {}, signal) {
  const url = graphqlURL(api);
  url.search = new URLSearchParams({ documentId: document.id, variables: JSON.stringify(variables) }).toString();
  const response = await fetch(url, { headers: { Accept: "application/json" }, signal });
  const body = await response.json();
  if (body.errors?.length) throw new GraphQLError(body.errors);
  return body.data;
}

/**
 * graphqlURL resolves the api attribute: the GraphQL URL, or the service's own address, which partners often give
 * ("https://cybercoop.example" means "https://cybercoop.example/graphql").
 */
export function graphqlURL(api) {
  const url = new URL(api || "/graphql", location.href);
  if (url.pathname === "/") url.pathname = "/graphql";
  return url;
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
 * nameOf is an entity's name in the interface's language. Documents bring French names of countries, conventions
 * and themes beside `label` (organisations keep their acronyms) with
 * `... on Country { countryNameFr: nameFr } ... on Convention { nameFr } ... on Theme { nameFr }`; French where known
 * for lang=fr, else the label.
 */
export function nameOf(node, lang) {
  return (lang === "fr" && (node.countryNameFr ?? node.nameFr)) || node.label;
}

/**
 * conventionName names a convention: in English its title and the short name people know it by ("Convention on
 * Cybercrime (Budapest Convention)"), in French its French name.
 */
export function conventionName(c, lang) {
  return lang !== "fr" && c.shortName ? `${c.label} (${c.shortName})` : nameOf(c, lang);
}

/** kindOf reads the kind from a global id ("country:gh" is a COUNTRY) without asking the API. */
export function kindOf(id) {
  return (id || "").split(":")[0].toUpperCase();
}
