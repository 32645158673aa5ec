package export

import (
	"context"
	"fmt"
	"time"

	"github.com/cybercoop/cybercoop/internal/reqcost"
)

// An export is charged to the client's rate-limit budget, in the units of the GraphQL cost (about 0.05 ms of Neo4j
// time each), before it writes anything: its search as the API weighs the same search, plus rowCost a row. A list
// export is charged its first page before reading it, and the rest once that page has told how many rows there are,
// so that an export either runs whole or is refused with nothing written. Exports are not held to the per-request
// cost limit: a download of a whole list is what they are for, and the budget bounds it.
const (
	rowCost            = 3   // one row with its links and sources: three reads of a few microseconds each
	activitySearchCost = 10  // a page of the activity list, as one `activities` connection
	collaboratorCost   = 400 // a page of collaborators: 400 + 40 x first, as the API's collaborators field
)

// RateLimited is the error of an export whose cost the client's budget does not hold. Nothing has been written.
type RateLimited struct {
	Cost int
	Wait time.Duration // how long until the budget holds it; negative when it never will
}

func (e *RateLimited) Error() string {
	return fmt.Sprintf("export costing %d refused by the rate limit (wait %s)", e.Cost, e.Wait)
}

// charge takes cost from the budget of the request in ctx, or returns a *RateLimited.
func charge(ctx context.Context, cost int) error {
	if cost <= 0 {
		return nil
	}
	if wait, ok := reqcost.Reserve(ctx, cost); !ok {
		return &RateLimited{Cost: cost, Wait: wait}
	}
	reqcost.Spend(ctx, cost)
	return nil
}

// pagesAfterFirst is how many more pages of pageSize a list of total rows takes once its first page is read.
func pagesAfterFirst(total int) int {
	return max(0, (total+pageSize-1)/pageSize-1)
}
