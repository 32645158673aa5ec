var e={id:"sha256:24b2f7f5108882835f6cfc00dda86ff2b927d08935510d18385be761ba7ad904",text:`query ConventionChart($id: ID!) {
  convention(id: $id) {
    id label nameFr shortName openedForSignature
    chart { statusAsOf complete note source { id title url publisher date } }
    accessions {
      status date periodStart periodEnd certainBy entryIntoForce conflict note
      party { id kind label ... on Country { iso2 countryNameFr: nameFr } ... on Organization { nameFr } }
      sources { source { id title reference } locator }
    }
  }
}
`};export{e as a};
