import { test } from "node:test";
import assert from "node:assert/strict";
import { NONE, OTHER, SEVERAL, drawnEdges, groupNeighbours, groupPast, latestStatus } from "./grouping.js";

const gh = { id: "country:gh", label: "Ghana" };
const ph = { id: "country:ph", label: "Philippines" };
const to = { id: "country:to", label: "Tonga" };
const br = { id: "country:br", label: "Brazil" };

// An activity held in the countries given, of a type and a start.
const activity = (n, countries, type = "training", start = "2018-03-01") =>
  ({ id: `activity:a${n}`, kind: "ACTIVITY", label: `A${n}`, type, start, countries });

// Fifteen activities: 5 in Ghana, 4 in the Philippines, 1 in Tonga, 1 in Brazil, 2 in both Ghana and Tonga, 2 with no
// country; and three partners.
const activities = [
  ...[1, 2, 3, 4, 5].map((n) => activity(n, [gh], "training", "2017-10-01")),
  ...[6, 7, 8, 9].map((n) => activity(n, [ph], "workshop")),
  activity(10, [to], "meeting"), activity(11, [br], "training"),
  activity(12, [gh, to]), activity(13, [gh, to], "workshop"),
  activity(14, [], "meeting"), activity(15, [], "conference"),
];
const partners = ["interpol", "europol", "unodc"].map((id) => ({ id: `organization:${id}`, kind: "ORGANIZATION", label: id }));
const hub = [...activities, ...partners];

const counts = (groups) => Object.fromEntries(groups.map((g) => [g.key, g.members.length]));
const total = ({ singles, groups }) => singles.length + groups.reduce((sum, g) => sum + g.members.length, 0);

test("past the threshold, a hub's activities are grouped by country; the other kinds stay single", () => {
  const plan = groupNeighbours("project:p", hub);
  assert.deepEqual(plan.singles.map((n) => n.id), partners.map((n) => n.id));
  assert.deepEqual(counts(plan.groups), { "country:gh": 5, "country:ph": 4, [SEVERAL]: 2, [NONE]: 2, [OTHER]: 2 });
  assert.equal(total(plan), hub.length, "every neighbour is drawn or in a group");
  const ghana = plan.groups.find((g) => g.key === "country:gh");
  assert.deepEqual(ghana.country, gh, "a country group carries its country, to be named");
  assert.equal(ghana.id, "group:project:p|ACTIVITY|country|country:gh");
  assert.deepEqual(plan.groups.map((g) => g.members.length), [5, 4, 2, 2, 2], "largest first");
});

test("the reader may group activities by type or by year instead", () => {
  assert.deepEqual(counts(groupNeighbours("project:p", activities, { by: "type" }).groups),
    { training: 7, workshop: 5, meeting: 2, conference: 1 }, "one type alone does not fold: nothing to fold it with");
  assert.deepEqual(counts(groupNeighbours("project:p", activities, { by: "year" }).groups), { 2017: 5, 2018: 10 });
});

test("up to the threshold nothing is grouped", () => {
  const few = activities.slice(0, groupPast);
  assert.deepEqual(groupNeighbours("project:p", few), { singles: few, groups: [] });
  assert.equal(groupNeighbours("project:p", activities.slice(0, groupPast + 1)).singles.length, 0);
});

test("a convention's States are grouped by their latest status; other kinds in one group of their kind", () => {
  const states = Array.from({ length: 14 }, (_, i) => ({ id: `country:c${i}`, kind: "COUNTRY", label: `C${i}` }));
  const steps = states.flatMap((s, i) => i < 9
    ? [{ status: "signed", party: { id: s.id } }, { status: "ratified", party: { id: s.id } }]
    : [{ status: i < 12 ? "acceded" : "invited", party: { id: s.id } }]);
  const plan = groupNeighbours("convention:c", states, { statusOf: latestStatus(steps) });
  assert.deepEqual(counts(plan.groups), { ratified: 9, acceded: 3, invited: 2 });

  const goals = Array.from({ length: 20 }, (_, i) => ({ id: `goal:g${i}`, kind: "GOAL", label: `G${i}` }));
  const byKind = groupNeighbours("organization:o", [...goals, ...states]);
  assert.deepEqual(byKind.groups.map((g) => [g.kind, g.facet, g.members.length]), [["GOAL", "kind", 20], ["COUNTRY", "kind", 14]]);
});

test("latestStatus keeps each party's last step", () => {
  const status = latestStatus([
    { status: "signed", party: { id: "country:a" } }, { status: "signed", party: { id: "country:b" } },
    { status: "ratified", party: { id: "country:a" } },
  ]);
  assert.deepEqual([...status], [["country:a", "ratified"], ["country:b", "signed"]]);
});

test("drawnEdges folds relations onto the drawn elements, one edge per pair with its types and count", () => {
  const group = "group:g";
  const inGroup = new Set(["activity:a1", "activity:a2"]);
  const drawn = new Set(["project:p", "organization:interpol"]);
  const drawnAs = (id) => (inGroup.has(id) ? group : drawn.has(id) ? id : undefined);
  const edges = [
    { source: "activity:a1", target: "project:p", type: "PART_OF" },
    { source: "activity:a2", target: "project:p", type: "PART_OF" },
    { source: "activity:a1", target: "organization:interpol", type: "INVOLVED" },
    { source: "project:p", target: "organization:interpol", type: "PARTNER" },
    { source: "organization:interpol", target: "project:p", type: "IMPLEMENTED_BY" },
    { source: "activity:a1", target: "activity:a2", type: "FOLLOWS" }, // inside the group
    { source: "activity:a1", target: "country:gh", type: "HELD_IN" }, // to something not drawn
  ];
  assert.deepEqual(drawnEdges(edges, drawnAs), [
    { id: "edge:group:g|project:p", source: group, target: "project:p", types: ["PART_OF"], count: 2 },
    { id: "edge:group:g|organization:interpol", source: group, target: "organization:interpol", types: ["INVOLVED"], count: 1 },
    { id: "edge:organization:interpol|project:p", source: "project:p", target: "organization:interpol", types: ["PARTNER", "IMPLEMENTED_BY"], count: 2 },
  ]);
});
