// Run by `npm test` (make check-web): the formats every view relies on.
import { test } from "node:test";
import assert from "node:assert/strict";
import { csv, dateBounds, formatDate, formatEUR, formatRange, formatTick, partialDate, precisionOf } from "./format.js";

test("formatDate keeps the precision the document gives", () => {
  const cases = [
    ["2017-10-23", "en", "23 October 2017"],
    ["2018-06", "en", "June 2018"],
    ["2018", "en", "2018"],
    ["2017-10-23", "fr", "23 octobre 2017"],
    ["2018-06", "fr", "juin 2018"],
    ["", "en", ""],
    [null, "en", ""],
  ];
  for (const [value, lang, want] of cases) assert.equal(formatDate(value, lang), want, `${value} in ${lang}`);
});

test("formatRange writes the compact form of each language, the shared parts once", () => {
  const cases = [
    ["2017-11-06", "2017-11-10", "6–10 Nov 2017", "6–10 nov. 2017"],
    ["2017-10-30", "2017-11-03", "30 Oct – 3 Nov 2017", "30 oct. – 3 nov. 2017"],
    ["2017-12-28", "2018-01-03", "28 Dec 2017 – 3 Jan 2018", "28 déc. 2017 – 3 janv. 2018"],
    ["2018-04-18", "2018-04-18", "18 Apr 2018", "18 avr. 2018"],
    ["2017-10-23", null, "23 Oct 2017", "23 oct. 2017"],
    ["2018-06", null, "Jun 2018", "juin 2018"],
    ["2018-06", "2018-07", "Jun–Jul 2018", "juin–juil. 2018"],
    ["2017-11", "2018-02", "Nov 2017 – Feb 2018", "nov. 2017 – févr. 2018"],
    ["2016", "2018", "2016–2018", "2016–2018"],
    ["2018", "2018-06-30", "2018 – 30 Jun 2018", "2018 – 30 juin 2018"],
    ["", null, "", ""],
  ];
  for (const [start, end, en, fr] of cases) {
    assert.equal(formatRange(start, end, "en"), en, `${start} ${end} in en`);
    assert.equal(formatRange(start, end, "fr"), fr, `${start} ${end} in fr`);
  }
});

test("formatTick names a year, a month or a day in the language", () => {
  assert.equal(formatTick(new Date(2017, 0, 1), "en"), "2017");
  assert.equal(formatTick(new Date(2017, 9, 1), "en"), "Oct");
  assert.equal(formatTick(new Date(2017, 9, 1), "fr"), "oct.");
  assert.equal(formatTick(new Date(2017, 9, 15), "fr"), "15 oct.");
});

test("precisionOf and dateBounds: a month covers the whole month", () => {
  assert.deepEqual(["2018", "2018-06", "2018-06-30"].map(precisionOf), ["year", "month", "day"]);
  const [start, end] = dateBounds("2018-06");
  assert.equal(start.toISOString(), "2018-06-01T00:00:00.000Z");
  assert.equal(end.toISOString(), "2018-07-01T00:00:00.000Z");
  const [, dayEnd] = dateBounds("2017-10-23", "2017-10-27");
  assert.equal(dayEnd.toISOString(), "2017-10-28T00:00:00.000Z");
  const [, yearEnd] = dateBounds("2016", "2018");
  assert.equal(yearEnd.toISOString(), "2019-01-01T00:00:00.000Z");
});

test("formatEUR writes budgets in full, never with an exponent", () => {
  assert.equal(formatEUR(13350000), "EUR 13,350,000");
  assert.equal(formatEUR(1.335e7), "EUR 13,350,000");
  assert.equal(formatEUR(0), "EUR 0");
  assert.equal(formatEUR(null), "");
  assert.match(formatEUR(13350000, "fr"), /^13\s350\s000 EUR$/);
});

test("csv quotes what RFC 4180 requires and ends lines with CRLF", () => {
  const text = csv(["title", "place"], [["Semaine, \"cyber\"", "Accra\nGhana"], ["plain", null]]);
  assert.equal(text, 'title,place\r\n"Semaine, ""cyber""","Accra\nGhana"\r\nplain,\r\n');
});

test("csv neutralises cells a spreadsheet would run as formulas, as the server's exports do", () => {
  const text = csv(["title"], [["=HYPERLINK(\"http://x\")"], ["+1"], ["-2"], ["@SUM(A1)"], ["\tx"], ["plain - text"]]);
  assert.equal(text, 'title\r\n"\'=HYPERLINK(""http://x"")"\r\n\'+1\r\n\'-2\r\n\'@SUM(A1)\r\n\'\tx\r\nplain - text\r\n');
});

test("partialDate takes a year, a month or a real day, and nothing else", () => {
  for (const ok of ["2018", "2018-06", "2018-06-30", "2020-02-29", " 2017-01 "]) assert.equal(partialDate(ok), ok.trim(), ok);
  for (const bad of ["June 2018", "2018-13", "2018-00", "2018-02-30", "2019-02-29", "2018-06-00", "18", "2018-6", "", null, "2018-06-30T00:00"]) {
    assert.equal(partialDate(bad), null, String(bad));
  }
});
