import{b as F,o as x,p as N}from"./chunk-GVHESXWS.js";import{a as h,b as $,e as g,f as d,g as y,h as f,j as b,m as v,o as c}from"./chunk-CYIHO4H5.js";import{b as m,c as i,h as p}from"./chunk-KA27ISCT.js";var S={id:"sha256:62ee241d131d4c0ec8df0b05227abb7b62247e3606d685fcccbbedddb7bb1831",text:`query Card($id: ID!, $filter: ActivityFilter, $withActivities: Boolean!) {
  entity(id: $id) {
    id kind label sources { source { id title reference } locator }
    relations(first: 100) { totalCount nodes { type direction role status date note node { id kind label ... on Country { countryNameFr: nameFr } ... on Convention { nameFr } ... on Theme { nameFr } } sources { source { id title reference } locator } } }
    ... on Country { name countryNameFr: nameFr iso2 countryStatus: status caveat aliases
      treaties { convention { id label shortName nameFr } status date entryIntoForce sources { source { id title reference } locator } } }
    ... on Organization { name nameFr acronym organizationKind note aliases }
    ... on Project { name code projectTitle: title start end budgetEUR budgetNote projectStatus: status area fundingType note aliases }
    ... on Convention { name nameFr treatyNumber shortName openedForSignature body note
      chart { statusAsOf complete note source { id title url publisher date } } standing { status count } }
    ... on Activity { title type activityStart: start activityEnd: end city placeAsWritten participants note }
    ... on Theme { name nameFr }
    ... on Goal { goalKind number text }
    ... on Source { title publisher date reference url }
  }
  activities(filter: $filter, first: 50) @include(if: $withActivities) {
    totalCount
    nodes { id label start end type city placeAsWritten projects { id label } }
  }
}
`};var u=class extends c{static styles=[c.baseStyles,x,m`
    h2 { margin: 0 0 2px; font-size: 18px; }
    h3 { margin: 14px 0 4px; font-size: 14px; border-bottom: 1px solid #dee2e6; }
    dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 10px; margin: 6px 0; }
    dt { color: #555; }
    dd { margin: 0; }
    ul { margin: 4px 0; padding-left: 18px; }
    li { margin: 2px 0; }
    .src { font-size: 12px; color: #444; }
  `];load(t){let n=$(g(this.entity),this.entity,this.from,this.to);return h(this.api,S,{id:this.entity,filter:n,withActivities:!!n},t)}renderData({entity:t,activities:n}){let r=this.t,e=k(t),l=this.lang==="fr"&&e.nameFr?e.nameFr:e.label;return i`
      <h2>${l}</h2>
      <div class="muted"><span class="kind-dot" style="background:${v[e.kind]}"></span>${p(e.kind,this.lang)} · ${e.id}</div>
      <h3>${r.facts}</h3>
      <dl>${this.facts(e).map(([s,o])=>i`<dt>${s}</dt><dd>${o}</dd>`)}</dl>
      ${e.treaties?this.renderTreaties(e.treaties):""}
      ${e.kind==="CONVENTION"?this.renderStanding(e):""}
      ${n?this.renderActivities(n):""}
      ${this.renderRelations(e.relations)}
      <h3>${r.sources}</h3>
      ${this.renderSources(e.sources)}
    `}facts(t){let n=this.t,r=this.lang,e=s=>s?`${d(s,r)} (${n.precision[f(s)]})`:null;return[[n.name,t.name??t.title],[n.frenchName,t.nameFr],[n.acronym,t.acronym??t.shortName],[n.code,t.code??t.iso2??t.treatyNumber],[n.type,t.organizationKind??t.type??t.goalKind],[n.area,t.area],[n.status,t.status],[n.start,e(t.start??t.openedForSignature??t.date)],[n.end,t.kind==="ACTIVITY"&&t.end===t.start?null:e(t.end)],[n.place,t.placeAsWritten],[n.budget,t.budgetEUR!=null?b(t.budgetEUR,r):null],["",t.budgetNote],[n.aliases,t.aliases?.length?t.aliases.join(", "):null],["",t.caveat??t.note??t.text]].filter(([,s])=>s!=null&&s!=="")}renderTreaties(t){let n=this.t,r=this.lang;return t.length?i`
      <h3>${n.treaties} (${t.length})</h3>
      <ul>${t.map(e=>i`<li>
        ${this.entityLink({...e.convention,label:e.convention.shortName??e.convention.label})}:
        <strong>${n.statusWord[e.status]??e.status}</strong>${e.date?`, ${d(e.date,r)}`:""}${e.entryIntoForce?i` <span class="muted">(${n.inForce(d(e.entryIntoForce,r))})</span>`:""}
        ${e.sources.length?this.renderSources(e.sources):""}
      </li>`)}</ul>`:""}renderStanding(t){let n=this.t,r=(t.standing??[]).filter(e=>F(e.status)).reduce((e,l)=>e+l.count,0);return i`
      <h3>${n.standing}</h3>
      ${N(t.chart,n,this.lang)}
      ${t.standing?.length?i`<div><strong>${n.parties(r)}</strong></div>
        <ul>${t.standing.map(e=>i`<li>${n.statusName[e.status]??e.status}: ${e.count}</li>`)}</ul>`:""}`}renderActivities(t){let n=this.t,r=t.totalCount-t.nodes.length;return i`
      <h3>${n.activities} (${t.totalCount})</h3>
      <ul>${t.nodes.map(e=>i`<li>
        <strong>${y(e.start,e.end,this.lang)}</strong> · ${e.type}${e.placeAsWritten?i` · ${e.placeAsWritten}`:""}<br>
        ${this.entityLink(e)}
        ${e.projects.length?i`<div class="muted">${e.projects.map((l,s)=>i`${s?", ":""}${this.entityLink(l)}`)}</div>`:""}
      </li>`)}</ul>
      ${r>0?i`<div class="muted">${n.more(r)}: ${n.table}</div>`:""}`}renderRelations(t){let n=this.t,r=Map.groupBy(t.nodes,l=>l.type),e=t.totalCount-t.nodes.length;return i`
      <h3>${n.relations} (${t.totalCount})</h3>
      ${[...r].map(([l,s])=>i`
        <details ?open=${s.length<=8}>
          <summary>${l.replaceAll("_"," ").toLowerCase()} (${s.length})</summary>
          <ul>${s.map(o=>i`<li>
            ${o.direction==="IN"?"\u2190 ":"\u2192 "}${this.entityLink(o.node)}
            ${o.role?i`<span class="muted">(${o.role})</span>`:""}
            ${o.status||o.date?i`<span class="muted">${[o.status,d(o.date,this.lang)].filter(Boolean).join(", ")}</span>`:""}
            ${o.sources.length?this.renderSources(o.sources):""}
          </li>`)}</ul>
        </details>`)}
      ${e>0?i`<div class="muted">${n.more(e)}</div>`:""}`}renderSources(t){return i`<div>${t.map(n=>i`<div class="src">${n.source.reference??n.source.title}, ${n.locator}</div>`)}</div>`}};function k(a){return{...a,nameFr:a.countryNameFr??a.nameFr,status:a.countryStatus??a.projectStatus,title:a.projectTitle??a.title,start:a.activityStart??a.start,end:a.activityEnd??a.end}}customElements.define("cc-card",u);export{u as a};
