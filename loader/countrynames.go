package loader

import (
	"errors"
	"fmt"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// europeanUnion is how a chart names the one signatory that is not a State; it is the Organization europeanUnionID.
const (
	europeanUnion   = "European Union"
	europeanUnionID = "eu"
)

// countryRegion checks an ISO 3166-1 alpha-2 code of a country (upper case) and returns its CLDR region. It
// refuses codes that are not two letters, that CLDR does not know, that name no country (EU, ZZ, QO) or that
// ISO 3166-1 does not assign to one (UK: GB). XK (Kosovo), a user-assigned code, is a country.
func countryRegion(iso2 string) (language.Region, error) {
	if len(iso2) != 2 || iso2[0] < 'A' || iso2[0] > 'Z' || iso2[1] < 'A' || iso2[1] > 'Z' {
		return language.Region{}, errors.New("want two letters (ISO 3166-1 alpha-2)")
	}
	r, err := language.ParseRegion(iso2)
	if err != nil || r.String() != iso2 {
		return language.Region{}, errors.New("not an ISO 3166-1 alpha-2 code")
	}
	if !r.IsCountry() || !userAssigned(iso2) && r.ISO3() == "ZZZ" {
		return language.Region{}, errors.New("not the code of a country in ISO 3166-1")
	}
	if display.English.Regions().Name(r) == "" || display.French.Regions().Name(r) == "" {
		return language.Region{}, fmt.Errorf("CLDR has no English or French name for %s", iso2)
	}
	return r, nil
}

// userAssigned reports whether ISO 3166-1 leaves a code to its users (AA, QM to QZ, XA to XZ, ZZ): Kosovo's XK is
// one, and it has no alpha-3 code.
func userAssigned(iso2 string) bool {
	return iso2 == "AA" || iso2 == "ZZ" || iso2[0] == 'X' || iso2[0] == 'Q' && iso2[1] >= 'M'
}

// countryNames are a country's alpha-3 code ("" for a user-assigned alpha-2 code such as XK) and its English and
// French names, from CLDR (golang.org/x/text). iso2 must have passed countryRegion.
func countryNames(iso2 string) (iso3, name, nameFr string) {
	r, _ := countryRegion(iso2)
	if !userAssigned(iso2) {
		iso3 = r.ISO3()
	}
	return iso3, display.English.Regions().Name(r), display.French.Regions().Name(r)
}
