package store

import (
	"context"

	"github.com/cybercoop/cybercoop"
)

// Before asks for the activities held in or for a country that began before a day.
type Before struct {
	Country string // bare id
	Day     string // ISO date; activities that started on or after it are left out
}

// BeforeList is a page of the activities before a day, with their total and the earliest one's start.
type BeforeList struct {
	List[cybercoop.Activity]
	First    *string // the earliest start (not only of the page), as precise as its source; nil when there is none
	FirstDay *string // its first day (ISO date)
}

// ActivitiesBefore returns, for each country and day asked, the activities held in or for the country that started
// before the day, of the project when one is given, oldest first: a page of them, their total and the first start.
// One statement answers every pair, so that a convention's journeys cost one round trip.
func (s *Store) ActivitiesBefore(ctx context.Context, asked []Before, project string, p Page) (map[Before]BeforeList, error) {
	rows := make([]map[string]any, len(asked))
	for i, b := range asked {
		rows[i] = map[string]any{"country": b.Country, "day": b.Day}
	}
	var projectParam any // null: any project
	if project != "" {
		projectParam = project
	}
	res, err := s.read(ctx, "activities_before", activitiesBeforeQuery, map[string]any{"rows": rows, "project": projectParam,
		"skip": p.Offset, "limit": p.Limit})
	if err != nil {
		return nil, wrap(err, "activities before accessions")
	}
	out := make(map[Before]BeforeList, len(asked))
	for _, rec := range res.Records {
		m := rec.AsMap()
		key := Before{Country: m["country"].(string), Day: m["day"].(string)}
		list := BeforeList{List: List[cybercoop.Activity]{Items: decodeActivities(m["page"]), Total: int(m["total"].(int64))}}
		if first, ok := m["first"].(string); ok {
			firstDay, _ := m["firstDay"].(string)
			list.First, list.FirstDay = &first, &firstDay
		}
		out[key] = list
	}
	return out, nil
}

var activitiesBeforeQuery = `
UNWIND $rows AS row
MATCH (c:Country {id: row.country})
CALL (c, row) {
  MATCH (a:Activity)-[:HELD_IN|FOR]->(c)
  WHERE a.startDay < row.day AND ($project IS NULL OR EXISTS { (a)-[:PART_OF]->(:Project {id: $project}) })
  WITH DISTINCT a ORDER BY a.startDay, a.id
  RETURN collect(a) AS found
}
RETURN row.country AS country, row.day AS day, size(found) AS total, found[0].start AS first,
  found[0].startDay AS firstDay, [a IN found[$skip..$skip + $limit] | ` + activityMap + `] AS page`
