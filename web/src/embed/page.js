// The embed page, /embed/{view}?id=&lang=&theme=&first=&from=&to=&asOf=&project=&path=: the web component alone on
// a page, for partners who frame it (iframe, oEmbed) rather than load /embed.js. Its styles are set through the DOM
// (the service's CSP refuses inline style sheets): no margin, and the element fills the frame in its theme.
import { views } from "./element.js";

const view = location.pathname.split("/").pop();
const q = new URLSearchParams(location.search);
const lang = q.get("lang") === "fr" ? "fr" : "en";
const theme = q.get("theme") === "dark" ? "dark" : "light";
document.documentElement.lang = lang;
document.documentElement.style.colorScheme = theme;

const element = document.createElement("cybercoop-view");
const attributes = { view: views.includes(view) ? view : "card", entity: q.get("id") ?? "", api: "/graphql", lang, theme };
for (const name of ["first", "from", "to", "project", "path"]) if (q.get(name)) attributes[name] = q.get(name);
if (q.get("asOf")) attributes["as-of"] = q.get("asOf");
for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
document.body.replaceChildren(element);
document.body.style.margin = "0";
element.style.minHeight = "100vh";
