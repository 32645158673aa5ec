// Dates as precise as the documents give them, budgets in full, CSV: formatting shared by every view.
import { texts } from "./i18n.js";

const localeOf = (lang) => (lang === "fr" ? "fr-FR" : "en-GB");

/** formatDate shows "2017-10-23" as "23 October 2017", "2018-06" as "June 2018" and "2018" as "2018". */
export function formatDate(value, lang = "en") {
  if (!value) return "";
  const [y, m, d] = value.split("-").map(Number);
  if (!m) return String(y);
  const date = new Date(Date.UTC(y, m - 1, d || 1));
  const options = d ? { day: "numeric", month: "long", year: "numeric" } : { month: "long", year: "numeric" };
  return date.toLocaleDateString(localeOf(lang), { ...options, timeZone: "UTC" });
}

/**
 * formatRange writes a date, or a span from start to end, in the language's compact form and as precise as the
 * documents give it, the parts the two ends share written once: "23 Oct 2017", "6–10 Nov 2017", "30 Oct – 3 Nov
 * 2017", "28 Dec 2017 – 3 Jan 2018", "Jun–Jul 2018", "2016–2018"; in French "6–10 nov. 2017". Every date a table or
 * a list shows comes from here (prose keeps formatDate's long form).
 */
export function formatRange(start, end, lang = "en") {
  if (!start) return "";
  const months = texts(lang).months;
  const a = partsOf(start);
  if (!end || end === start) return compact(a, months);
  const b = partsOf(end);
  const precision = precisionOf(start);
  if (precision === precisionOf(end)) {
    if (precision === "year") return `${a.y}–${b.y}`;
    if (a.y === b.y && precision === "month") return `${months[a.m - 1]}–${months[b.m - 1]} ${b.y}`;
    if (a.y === b.y && a.m === b.m) return `${a.d}–${b.d} ${months[b.m - 1]} ${b.y}`;
    if (a.y === b.y) return `${a.d} ${months[a.m - 1]} – ${b.d} ${months[b.m - 1]} ${b.y}`;
  }
  return `${compact(a, months)} – ${compact(b, months)}`;
}

function partsOf(value) {
  const [y, m, d] = value.split("-").map(Number);
  return { y, m, d };
}

function compact({ y, m, d }, months) {
  return [d, m && months[m - 1], y].filter(Boolean).join(" ");
}

/** formatTick labels a time axis's tick (local midnight, as d3's time scales place them): a year, a month, a day. */
export function formatTick(date, lang = "en") {
  const months = texts(lang).months;
  if (date.getDate() !== 1) return `${date.getDate()} ${months[date.getMonth()]}`;
  return date.getMonth() === 0 ? String(date.getFullYear()) : months[date.getMonth()];
}

/** precisionOf names how precise a partial date is: "day", "month" or "year". */
export function precisionOf(value) {
  return ["year", "month", "day"][(value || "").split("-").length - 1] ?? "year";
}

/** dateBounds turns a partial date into the first and last instants it covers (a month spans the month). */
export function dateBounds(start, end) {
  const first = toDate(start, false);
  const last = toDate(end || start, true);
  return [first, last < first ? first : last];
}

function toDate(value, atEnd) {
  const [y, m, d] = value.split("-").map(Number);
  if (d) return new Date(Date.UTC(y, m - 1, d + (atEnd ? 1 : 0)));
  if (m) return new Date(Date.UTC(y, m - 1 + (atEnd ? 1 : 0), 1));
  return new Date(Date.UTC(y + (atEnd ? 1 : 0), 0, 1));
}

/** formatEUR shows 13350000 as "EUR 13,350,000" (French: "13 350 000 EUR"), never with an exponent. */
export function formatEUR(amount, lang = "en") {
  if (amount == null) return "";
  const digits = Math.round(amount).toLocaleString(localeOf(lang), { useGrouping: true });
  return lang === "fr" ? `${digits} EUR` : `EUR ${digits}`;
}

/**
 * csv writes rows as RFC 4180 text: quoted where needed, CRLF line ends, a header row first. A cell a spreadsheet
 * would run as a formula (starting with = + - @, a tab or a carriage return) gets a leading apostrophe, as the
 * server's CSV exports do: a title in the sources must never become a formula on an analyst's machine.
 */
export function csv(header, rows) {
  const cell = (v) => {
    let s = v == null ? "" : String(v);
    if (/^[=+\-@\t\r]/.test(s)) s = "'" + s;
    return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  return [header, ...rows].map((row) => row.map(cell).join(",")).join("\r\n") + "\r\n";
}

/** download saves a blob under a file name, from the browser, without a round trip to the server. */
export function download(name, blob) {
  const url = URL.createObjectURL(blob);
  const a = Object.assign(document.createElement("a"), { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** kindColors gives each kind of entity its colour, the same in every view and legend. */
export const kindColors = {
  COUNTRY: "#2b8a3e",
  ORGANIZATION: "#1971c2",
  PROJECT: "#e8590c",
  CONVENTION: "#9c36b5",
  ACTIVITY: "#868e96",
  THEME: "#c2255c",
  GOAL: "#5c940d",
  SOURCE: "#495057",
};

/**
 * partialDate reads a date as the API takes it (a year, a month or a day: 2018, 2018-06, 2018-06-30) and returns it,
 * or null when it is not one, or not a real month or day (2018-13, 2018-02-30). The explorer and the embeds check
 * From and To with it, so a date is refused in one place, with a message, rather than ignored by some views.
 */
export function partialDate(text) {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(String(text ?? "").trim());
  if (!m) return null;
  const [, year, month, day] = m;
  if (month && (month < "01" || month > "12")) return null;
  if (day) {
    const d = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
    if (d.getUTCMonth() !== Number(month) - 1 || day === "00") return null;
  }
  return m[0];
}
