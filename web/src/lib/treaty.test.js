// Run by `npm test` (make check-web): the map's standing on a day and the chart's rows, from Convention.accessions.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  addMonths, chartRows, countStatuses, dayFromNumber, dayNumber, endOf, historyRange, isDay, median, safeURL,
  standingAt, startOf,
} from "./treaty.js";

const al = { id: "country:al", label: "Albania" }, ar = { id: "country:ar", label: "Argentina" };
const ie = { id: "country:ie", label: "Ireland" }, kr = { id: "country:kr", label: "Republic of Korea" };
const chart = { source: { id: "source:chart" }, locator: "row" };
// Rows of the Budapest Convention's chart (2026-04-25), and the 2018 report's steps about the same States.
const steps = [
  { party: al, status: "signed", date: "2001-11-23", certainBy: "2001-11-23", sources: [chart] },
  { party: ie, status: "signed", date: "2002-02-28", certainBy: "2002-02-28", sources: [chart] },
  { party: al, status: "ratified", date: "2002-06-20", certainBy: "2002-06-20", entryIntoForce: "2004-07-01", sources: [chart] },
  { party: ar, status: "acceded", date: "2018-06-05", certainBy: "2018-06-05", entryIntoForce: "2018-10-01", sources: [chart] },
  { party: kr, status: "interest", periodStart: "2017-10", periodEnd: "2018-09", certainBy: "2018-09-30",
    sources: [{ source: { id: "source:report" }, locator: "§3.2" }] },
  { party: ar, status: "party", periodStart: "2017-10", periodEnd: "2018-09", certainBy: "2018-09-30",
    sources: [{ source: { id: "source:report" }, locator: "§9" }] },
  { party: kr, status: "invited", certainBy: "2026-04-25", sources: [chart] },
];

test("standingAt: each party's step as of a day, a Party by its ratification or accession", () => {
  const status = (day) => Object.fromEntries([...standingAt(steps, day)].map(([id, s]) => [id, s.status]));
  assert.deepEqual(status("2001-11-22"), {});
  assert.deepEqual(status("2001-11-23"), { "country:al": "signed" });
  assert.deepEqual(status("2015-01-01"), { "country:al": "ratified", "country:ie": "signed" });
  // The report's "became a Party" does not replace the chart's accession, which made Argentina one.
  assert.deepEqual(status("2018-09-30"), { "country:al": "ratified", "country:ie": "signed", "country:ar": "acceded", "country:kr": "interest" });
  // An undated chart step counts from its certainBy, the chart's status date.
  assert.equal(status("2026-04-25")["country:kr"], "invited");
  assert.equal(standingAt(steps, "2026-12-31").get("country:ar").step.date, "2018-06-05");
});

test("standingAt: a step a document and the chart disagree on does not count", () => {
  const disputed = [...steps, { party: ie, status: "ratified", date: "2010", certainBy: "2010-12-31", conflict: "the chart gives no ratification" }];
  assert.equal(standingAt(disputed, "2026-01-01").get("country:ie").status, "signed");
});

test("standingAt: a document's word makes a Party when nothing else does", () => {
  const only = [{ party: ar, status: "party", certainBy: "2018-09-30" }, { party: ar, status: "requested", certainBy: "2019-01-01" }];
  assert.equal(standingAt(only, "2020-01-01").get("country:ar").status, "party");
});

test("countStatuses counts in the legend's order", () => {
  assert.deepEqual(countStatuses(standingAt(steps, "2026-12-31")),
    [{ status: "ratified", count: 1 }, { status: "acceded", count: 1 }, { status: "signed", count: 1 }, { status: "invited", count: 1 }]);
});

test("chartRows: one row per party, its steps sorted into the chart's columns", () => {
  const rows = chartRows(steps);
  assert.deepEqual(rows.map((r) => r.party.id), ["country:al", "country:ie", "country:ar", "country:kr"]);
  const [albania, , argentina] = rows;
  assert.deepEqual(albania.signatures.map((s) => s.date), ["2001-11-23"]);
  assert.deepEqual(albania.ratifications.map((s) => s.entryIntoForce), ["2004-07-01"]);
  assert.equal(albania.sources.length, 1, "the same chart row is one source");
  assert.deepEqual(argentina.others.map((s) => s.status), ["party"]);
  assert.equal(argentina.sources.length, 2);
});

test("dates: partial dates, days, months, the history's span", () => {
  assert.deepEqual([startOf("2001"), startOf("2018-06"), endOf("2018"), endOf("2018-02"), endOf("2018-06-30")],
    ["2001-01-01", "2018-06-01", "2018-12-31", "2018-02-28", "2018-06-30"]);
  assert.equal(dayFromNumber(dayNumber("2015-01-01")), "2015-01-01");
  assert.deepEqual([addMonths("2015-01-31", 1), addMonths("2015-11-15", 3)], ["2015-02-28", "2016-02-15"]);
  assert.deepEqual([isDay("2015-01-01"), isDay("2015-02-30"), isDay("2015"), isDay("x"), isDay(undefined)], [true, false, false, false, false]);
  assert.deepEqual(historyRange("2001", steps, "2026-12-07"), { start: "2001-01-01", end: "2026-12-07" });
  assert.deepEqual(historyRange(null, steps, "2026-12-07"), { start: "2001-11-23", end: "2026-12-07" });
});

test("median and safeURL", () => {
  assert.equal(median([]), null);
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([1, 2, 3, 4]), 3);
  assert.equal(safeURL("https://www.coe.int/en/web/conventions"), "https://www.coe.int/en/web/conventions");
  assert.equal(safeURL("javascript:alert(1)"), null);
  assert.equal(safeURL(null), null);
});
