// A convention's steps (Convention.accessions) read the way the API reads them: who stands where on a given day,
// and the chart as one row per State or organisation. Computed in the browser from one answer, so the map's date
// control moves through the history without asking the API again. The rules are the API's own (standing, parties):
// a step counts once its certainBy day has passed, and not while a document and the chart disagree about it.

/** The statuses that make a State or an organisation a Party. */
export const partyStatuses = ["ratified", "acceded", "party"];

/** Every status, the furthest first: the order of the legend and of the lists. */
export const statusOrder = ["ratified", "acceded", "party", "signed", "invited", "requested", "interest"];

// The further of two steps certain on the same day: as the API ranks them.
const rank = { interest: 0, requested: 1, invited: 2, signed: 3, party: 4, ratified: 5, acceded: 5 };

/** isParty says whether a status makes a Party. */
export function isParty(status) {
  return partyStatuses.includes(status);
}

/** isDay says whether a value is a whole ISO date (YYYY-MM-DD) of the calendar. */
export function isDay(value) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value ?? "")) return false;
  return new Date(value + "T00:00:00Z").toISOString().slice(0, 10) === value;
}

/** today is the current UTC day, as the API's default date. */
export function today() {
  return new Date().toISOString().slice(0, 10);
}

/** startOf is the first day a partial date covers: "2001" is 2001-01-01, "2018-06" 2018-06-01. */
export function startOf(value) {
  if (!value) return null;
  const [y, m = 1, d = 1] = value.split("-").map(Number);
  return dayOf(Date.UTC(y, m - 1, d));
}

/** endOf is the last day a partial date covers: "2018" is 2018-12-31, "2018-02" 2018-02-28. */
export function endOf(value) {
  if (!value) return null;
  const [y, m, d] = value.split("-").map(Number);
  if (d) return dayOf(Date.UTC(y, m - 1, d));
  if (m) return dayOf(Date.UTC(y, m, 0));
  return dayOf(Date.UTC(y, 11, 31));
}

/** dayNumber counts days since 1970-01-01 (the slider's scale); dayFromNumber turns one back into a date. */
export function dayNumber(day) {
  return Math.round(Date.parse(day + "T00:00:00Z") / 864e5);
}

export function dayFromNumber(n) {
  return dayOf(n * 864e5);
}

/** addMonths moves a day by n months, keeping the day of the month where the month has it (31 Jan + 1 = 28 Feb). */
export function addMonths(day, n) {
  const [y, m, d] = day.split("-").map(Number);
  const last = new Date(Date.UTC(y, m - 1 + n + 1, 0)).getUTCDate();
  return dayOf(Date.UTC(y, m - 1 + n, Math.min(d, last)));
}

function dayOf(ms) {
  return new Date(ms).toISOString().slice(0, 10);
}

// A step counts by day once certain by then, unless a document and the chart disagree about it (the chart decides;
// the disagreeing statement stays listed in the chart's rows).
function counts(step, day) {
  return Boolean(step.certainBy) && step.certainBy <= day && !step.conflict;
}

/**
 * standingAt gives, for each State or organisation with a step by day, its standing then: the step that made it a
 * Party (a ratification or accession before a document's "became a Party", then the earliest), else its latest step
 * (the further one of a day). The result maps party id to {party, status, step}, in the order of the steps.
 */
export function standingAt(steps, day) {
  const made = new Map();
  for (const s of steps) {
    if (!isParty(s.status) || !counts(s, day)) continue;
    const prev = made.get(s.party.id);
    if (!prev || earlierParty(s, prev)) made.set(s.party.id, s);
  }
  const latest = new Map(made);
  for (const s of steps) {
    if (isParty(s.status) || !counts(s, day)) continue;
    const prev = latest.get(s.party.id);
    if (prev && isParty(prev.status)) continue;
    if (!prev || s.certainBy > prev.certainBy || (s.certainBy === prev.certainBy && rank[s.status] > rank[prev.status])) {
      latest.set(s.party.id, s);
    }
  }
  const out = new Map();
  for (const s of steps) {
    const step = latest.get(s.party.id);
    if (step && !out.has(s.party.id)) out.set(s.party.id, { party: s.party, status: step.status, step });
  }
  return out;
}

function earlierParty(a, b) {
  if ((a.status === "party") !== (b.status === "party")) return b.status === "party";
  return a.certainBy < b.certainBy;
}

/** countStatuses counts a standing by status, in statusOrder, leaving out statuses no one stands at. */
export function countStatuses(standing) {
  const n = Object.fromEntries(statusOrder.map((s) => [s, 0]));
  for (const { status } of standing.values()) n[status] = (n[status] ?? 0) + 1;
  return statusOrder.filter((s) => n[s] > 0).map((status) => ({ status, count: n[status] }));
}

/**
 * chartRows groups the steps into the chart's rows, one per State or organisation in the order of their first step:
 * its signatures, its ratifications or accessions (with the entry into force), the other steps the documents give
 * (became a Party, invited, requested, interest), every source once, and the disagreements.
 */
export function chartRows(steps) {
  const rows = new Map();
  for (const s of steps) {
    let row = rows.get(s.party.id);
    if (!row) rows.set(s.party.id, (row = { party: s.party, signatures: [], ratifications: [], others: [], sources: [], conflicts: [] }));
    if (s.status === "signed") row.signatures.push(s);
    else if (s.status === "ratified" || s.status === "acceded") row.ratifications.push(s);
    else row.others.push(s);
    for (const ref of s.sources ?? []) {
      if (!row.sources.some((r) => r.source.id === ref.source.id && r.locator === ref.locator)) row.sources.push(ref);
    }
    if (s.conflict && !row.conflicts.includes(s.conflict)) row.conflicts.push(s.conflict);
  }
  return [...rows.values()];
}

/** distinct lists the values a function gives for some steps, each once, leaving out empty ones. */
export function distinct(steps, value) {
  return [...new Set(steps.map(value).filter(Boolean))];
}

/**
 * historyRange is the span the date control covers: from the opening for signature (or the first step, when
 * earlier or when the opening is unknown) to today.
 */
export function historyRange(opened, steps, now = today()) {
  const firsts = steps.map((s) => startOf(s.date ?? s.periodStart ?? s.certainBy)).filter(Boolean);
  const start = [startOf(opened), ...firsts].filter(Boolean).sort()[0] ?? now;
  return { start: start < now ? start : now, end: now };
}

/** median of numbers; null for none. */
export function median(values) {
  if (!values.length) return null;
  const v = [...values].sort((a, b) => a - b);
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid] : Math.round((v[mid - 1] + v[mid]) / 2);
}

/** safeURL keeps http and https addresses only (a source's address becomes a link). */
export function safeURL(value) {
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
  } catch {
    return null;
  }
}
