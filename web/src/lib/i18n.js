// Interface strings in English and French (lang=en|fr). Entity names come from the API.

const strings = {
  en: {
    graph: "Graph", timeline: "Timeline", map: "Map", table: "Table", path: "Path",
    search: "Search: Ghana, INTERPOL, CyberSud, GLACY+…", searchLabel: "Search an entity",
    loading: "Loading…", error: "Could not load", from: "From", to: "To",
    pathTo: "Path to", clear: "Clear",
    kinds: "Kinds", project: "Project", allProjects: "All projects",
    more: (n) => `${n} more`, moreThanDrawn: (n) => `${n} more relations not drawn (limit 100): see the table`,
    download: "Download", png: "PNG", svg: "SVG", csv: "CSV",
    activities: "Activities", collaborators: "Collaborators", filter: "Filter rows",
    date: "Date", title: "Title", type: "Type", place: "Place", projects: "Projects",
    organizations: "Organisations", name: "Name", kind: "Kind", weight: "Weight", sharedActivities: "Shared activities",
    sharedProjects: "Shared projects", first: "First", last: "Last",
    sources: "Sources", relations: "Relations", facts: "Key facts", status: "Status", budget: "Budget",
    area: "Area", start: "Start", end: "End", code: "Code", acronym: "Acronym", frenchName: "French name", aliases: "Also written",
    precision: { day: "day", month: "month", year: "year" },
    event: { ACTIVITY: "Activity", ACCESSION: "Accession", PROJECT_START: "Project start", PROJECT_END: "Project end" },
    mapActivities: (label) => `${label}: activities by country`,
    mapAccessions: (label) => `${label}: countries by accession status`,
    noShape: "Not drawn at this scale", noActivities: "No activities to place on the map",
    routes: (n) => `${n} route(s)`, hops: (n) => `${n} hop(s)`, noRoute: "No route within 4 hops",
    evidence: "Evidence", textAlternative: "The same facts as a table",
    explorerIntro: "Search an entity (Ghana, INTERPOL, GLACY+, Budapest Convention) to see its graph, timeline, map and table.",
    playground: "GraphQL playground", expandHint: "Click a node to expand it; double-click to open it.",
    rows: (shown, total) => `${shown} of ${total}`,
    firstEvents: (n) => `The first ${n} events only: narrow the dates (From, To) to see the others.`,
    embed: "Embed", embedIframe: "On any site, as a frame", embedElement: "On your own page, as a web component",
    copy: "Copy", copied: "Copied",
  },
  fr: {
    graph: "Graphe", timeline: "Chronologie", map: "Carte", table: "Tableau", path: "Chemin",
    search: "Rechercher : Ghana, INTERPOL, CyberSud, GLACY+…", searchLabel: "Rechercher une entité",
    loading: "Chargement…", error: "Chargement impossible", from: "Du", to: "Au",
    pathTo: "Chemin vers", clear: "Effacer",
    kinds: "Types", project: "Projet", allProjects: "Tous les projets",
    more: (n) => `${n} de plus`, moreThanDrawn: (n) => `${n} relations de plus non dessinées (limite 100) : voir le tableau`,
    download: "Télécharger", png: "PNG", svg: "SVG", csv: "CSV",
    activities: "Activités", collaborators: "Partenaires", filter: "Filtrer les lignes",
    date: "Date", title: "Intitulé", type: "Type", place: "Lieu", projects: "Projets",
    organizations: "Organisations", name: "Nom", kind: "Type", weight: "Poids", sharedActivities: "Activités communes",
    sharedProjects: "Projets communs", first: "Première", last: "Dernière",
    sources: "Sources", relations: "Relations", facts: "Faits principaux", status: "Statut", budget: "Budget",
    area: "Zone", start: "Début", end: "Fin", code: "Code", acronym: "Sigle", frenchName: "Nom français", aliases: "Autres graphies",
    precision: { day: "jour", month: "mois", year: "année" },
    event: { ACTIVITY: "Activité", ACCESSION: "Adhésion", PROJECT_START: "Début de projet", PROJECT_END: "Fin de projet" },
    mapActivities: (label) => `${label} : activités par pays`,
    mapAccessions: (label) => `${label} : pays selon leur adhésion`,
    noShape: "Non dessiné à cette échelle", noActivities: "Aucune activité à placer sur la carte",
    routes: (n) => `${n} chemin(s)`, hops: (n) => `${n} étape(s)`, noRoute: "Aucun chemin en 4 étapes au plus",
    evidence: "Preuves", textAlternative: "Les mêmes faits en tableau",
    explorerIntro: "Recherchez une entité (Ghana, INTERPOL, GLACY+, Convention de Budapest) pour voir son graphe, sa chronologie, sa carte et son tableau.",
    playground: "Console GraphQL", expandHint: "Cliquez sur un nœud pour l'étendre ; double-cliquez pour l'ouvrir.",
    rows: (shown, total) => `${shown} sur ${total}`,
    firstEvents: (n) => `Les ${n} premiers événements seulement : réduisez la période (Du, Au) pour voir les autres.`,
    embed: "Intégrer", embedIframe: "Sur tout site, dans un cadre", embedElement: "Sur votre page, en composant web",
    copy: "Copier", copied: "Copié",
  },
};

const kindNames = {
  en: { COUNTRY: "country", ORGANIZATION: "organisation", PROJECT: "project", CONVENTION: "convention",
    ACTIVITY: "activity", THEME: "theme", GOAL: "goal", SOURCE: "source" },
  fr: { COUNTRY: "pays", ORGANIZATION: "organisation", PROJECT: "projet", CONVENTION: "convention",
    ACTIVITY: "activité", THEME: "thème", GOAL: "objectif", SOURCE: "source" },
};

/** texts gives the interface strings of a language (English when the language is unknown). */
export function texts(lang) {
  return strings[lang] ?? strings.en;
}

/** kindName names a kind of entity in a language. */
export function kindName(kind, lang) {
  return (kindNames[lang] ?? kindNames.en)[kind] ?? kind.toLowerCase();
}
