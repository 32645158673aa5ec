// Full-text search over every name an entity goes by, in any language the sources use. standard-folding folds
// accents and case, so "nigeria" finds "Nigéria" and "cybersud" finds "CyberSud". Eventually consistent: a load
// commits without waiting for Lucene, and the index catches up within seconds.
CREATE FULLTEXT INDEX entity_names IF NOT EXISTS
FOR (n:Country|Organization|Project|Convention|Activity|Theme|Goal|Source)
ON EACH [n.name, n.nameFr, n.acronym, n.aliases, n.shortName, n.treatyNumber, n.code, n.iso2, n.iso3, n.title, n.text]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-folding', `fulltext.eventually_consistent`: true}};

// Range filters and orderings used by the API: activities by date, title and type, projects by status and start.
CREATE RANGE INDEX activity_start IF NOT EXISTS FOR (n:Activity) ON (n.startDay);
CREATE RANGE INDEX activity_title IF NOT EXISTS FOR (n:Activity) ON (n.title);
CREATE RANGE INDEX activity_end IF NOT EXISTS FOR (n:Activity) ON (n.endDay);
CREATE RANGE INDEX activity_type IF NOT EXISTS FOR (n:Activity) ON (n.type);
CREATE RANGE INDEX project_status IF NOT EXISTS FOR (n:Project) ON (n.status);
CREATE RANGE INDEX project_start IF NOT EXISTS FOR (n:Project) ON (n.startDay);
CREATE RANGE INDEX accession_certain IF NOT EXISTS FOR ()-[r:ACCESSION]-() ON (r.certainBy);

// Stale collaborations projections are found by their token (store/collaborations.go).
CREATE RANGE INDEX party_token IF NOT EXISTS FOR (n:Party) ON (n.token);
