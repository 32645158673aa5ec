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

/** timeoutSeconds bounds a request: past it the view says the service did not answer, and offers to try again. */
export const timeoutSeconds = 20;

/**
 * ServiceError is a request that got no usable answer, for a reason a view can put in plain words: "unreachable"
 * (no connection), "timeout" (no answer within timeoutSeconds), "http" (an error status without a GraphQL answer;
 * `status` is set) or "unreadable" (an answer that is not the API's JSON, such as a proxy's HTML page).
 */
export class ServiceError extends Error {
  constructor(reason, status) {
    super(status ? `${reason} (HTTP ${status})` : reason);
    this.reason = reason;
    this.status = status;
  }
}

/**
 * query runs a document ({id, text}, imported from a .graphql file) and resolves to its data, or rejects with a
 * GraphQLError, a ServiceError, or the AbortError of signal once the caller has given the request up.
 */
export async function query(api, document, variables = {}, signal) {
  const url = graphqlURL(api);
  url.search = new URLSearchParams({ documentId: document.id, variables: JSON.stringify(variables) }).toString();
  const timeout = AbortSignal.timeout(timeoutSeconds * 1000);
  const failed = (err) => (signal?.aborted ? err : new ServiceError(timeout.aborted ? "timeout" : "unreachable"));
  let response;
  try {
    response = await fetch(url, { headers: { Accept: "application/json" }, signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
  } catch (err) {
    throw failed(err);
  }
  let body;
  try {
    body = await response.json();
  } catch (err) {
    if (signal?.aborted || timeout.aborted) throw failed(err);
    throw new ServiceError(response.ok ? "unreadable" : "http", response.ok ? undefined : response.status);
  }
  if (body?.errors?.length) throw new GraphQLError(body.errors);
  if (!response.ok || !body?.data) throw new ServiceError(response.ok ? "unreadable" : "http", response.ok ? undefined : response.status);
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
